//! `process.exit`, clocks: what `process` needs from the host.

use std::rc::Rc;

use rquickjs::{Ctx, Function, Object, Result};

use crate::engine::run_state::RunState;

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    let ctx = ops.ctx().clone();

    // Ends the run at once: the error thrown here cannot be caught by the script.
    let h = host.clone();
    let exit = move |ctx: Ctx<'_>, code: i32| -> Result<()> {
        h.exit_code.set(Some(code));
        Err(crate::engine::js::throw_uncatchable(&ctx, "process.exit"))
    };
    ops.set("exit", Function::new(ctx.clone(), exit)?)?;

    // Monotonic nanoseconds since the run started, as [seconds, nanoseconds].
    let h = host.clone();
    let hrtime = move || {
        let elapsed = h.started.elapsed();
        vec![elapsed.as_secs() as f64, elapsed.subsec_nanos() as f64]
    };
    ops.set("hrtime", Function::new(ctx.clone(), hrtime)?)?;

    // `performance.now()`: milliseconds since the run started.
    let h = host.clone();
    let now = move || h.started.elapsed().as_secs_f64() * 1000.0;
    ops.set("now", Function::new(ctx.clone(), now)?)?;

    // `process.memoryUsage().heapUsed`: bytes the isolate's allocator holds now.
    let h = host.clone();
    let heap_used = move || h.heap.used() as f64;
    ops.set("heapUsed", Function::new(ctx, heap_used)?)?;
    Ok(())
}
