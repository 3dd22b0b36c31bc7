//! `process.stdout.write` / `process.stderr.write`: every byte a script prints goes through
//! the run's log (the stack's stdout protocol, DESIGN §3), never to the host's own stdout.

use std::rc::Rc;

use rquickjs::{Function, Object, Result};

use crate::engine::run_state::RunState;
use crate::run::log::Stream;

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    let host = host.clone();
    let write = move |fd: i32, text: String| {
        let stream = if fd == 2 {
            Stream::Stderr
        } else {
            Stream::Stdout
        };
        host.log.borrow_mut().write(stream, &text);
    };
    ops.set(
        "write",
        Function::new(ops.ctx().clone(), write)?.with_name("write")?,
    )
}
