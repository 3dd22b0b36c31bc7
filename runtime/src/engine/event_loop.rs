//! The run's event loop, in Node's order: after every macrotask (the main module, a timer,
//! an immediate) the `process.nextTick` queue, then the microtasks, then unhandled
//! rejections; timers in deadline order; immediates once per turn. The run ends when no
//! ref'd timer is left (like node), at `process.exit`, or when [`RunState::stop_reason`] says so.
//! The deadline also bounds the time spent sleeping: the interrupt handler only runs
//! while JS runs (DESIGN §5).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use rquickjs::{
    promise::PromiseState, CatchResultExt, CaughtError, Context, Ctx, Function, Object, Persistent,
    Promise, Runtime, Value,
};

use futures_util::stream::{FuturesUnordered, StreamExt};
use futures_util::FutureExt;

use super::async_op::{Completion, HostFuture};
use super::run_state::{RunState, Stop};
use super::{bytecode, code, js};
use crate::protocol::{Level, LogRecord};
use crate::run::Job;

/// Functions `js-shims/internal/bootstrap.js` returns to the host.
struct Hooks {
    run_main: Persistent<Function<'static>>,
    fire_timer: Persistent<Function<'static>>,
    run_ticks: Persistent<Function<'static>>,
    on_uncaught: Persistent<Function<'static>>,
    on_unhandled_rejection: Persistent<Function<'static>>,
    emit_exit: Persistent<Function<'static>>,
    emit_signal: Persistent<Function<'static>>,
}

/// Promises rejected with no handler yet, as QuickJS reports them: (promise, reason).
type Rejections = Rc<RefCell<Vec<(Persistent<Value<'static>>, Persistent<Value<'static>>)>>>;

pub struct EventLoop<'a> {
    runtime: &'a Runtime,
    context: &'a Context,
    host: &'a Rc<RunState>,
    hooks: Hooks,
    rejections: Rejections,
    /// The main ES module's evaluation, checked once it settles.
    main_module: Option<Persistent<Promise<'static>>>,
}

impl<'a> EventLoop<'a> {
    pub async fn run(
        runtime: &'a Runtime,
        context: &'a Context,
        host: &'a Rc<RunState>,
        job: &Job<'_>,
    ) -> rquickjs::Result<(Option<Stop>, i32)> {
        let rejections: Rejections = Rc::default();
        let tracked = rejections.clone();
        runtime.set_host_promise_rejection_tracker(Some(Box::new(
            move |ctx, promise, reason, handled| {
                let mut list = tracked.borrow_mut();
                if handled {
                    list.retain(|(p, _)| p.clone().restore(&ctx).ok().as_ref() != Some(&promise));
                } else {
                    list.push((
                        Persistent::save(&ctx, promise),
                        Persistent::save(&ctx, reason),
                    ));
                }
            },
        )));
        let hooks = context.with(|ctx| {
            bootstrap(&ctx, host, job).map_err(|e| match e {
                rquickjs::Error::Exception => Stop::Uncaught(format!(
                    "the isolate's bootstrap failed: {}",
                    js::describe(&ctx.catch())
                )),
                other => Stop::Uncaught(format!("the isolate's bootstrap failed: {other}")),
            })
        });
        let hooks = match hooks {
            Ok(hooks) => hooks,
            Err(stop) => return Ok((Some(host.stop_reason().unwrap_or(stop)), 1)),
        };
        let mut event_loop = EventLoop {
            runtime,
            context,
            host,
            hooks,
            rejections,
            main_module: None,
        };
        let stop = event_loop.turns().await;
        let exit_code = match &stop {
            Some(Stop::Exit(code)) => *code,
            Some(_) => 1,
            None => event_loop.emit_exit(),
        };
        // `process.exit()` inside an 'exit' listener still ends with its code.
        let stop = stop.or_else(|| match host.exit_code.get() {
            Some(code) if code != exit_code => Some(Stop::Exit(code)),
            _ => None,
        });
        let exit_code = host.exit_code.get().unwrap_or(exit_code);
        event_loop.rejections.borrow_mut().clear();
        host.spawned.borrow_mut().clear();
        runtime.set_host_promise_rejection_tracker(None);
        Ok((stop, exit_code))
    }

    async fn turns(&mut self) -> Option<Stop> {
        if let Err(stop) = self.start_main().and_then(|()| self.drain()) {
            return Some(stop);
        }
        // Host futures in flight; dropped (so cancelled) with the loop.
        let mut inflight: FuturesUnordered<HostFuture> = FuturesUnordered::new();
        loop {
            let now = Instant::now();
            loop {
                let due = self.host.timers.borrow_mut().pop_due(now);
                let Some(id) = due else { break };
                if let Err(stop) = self.fire(id) {
                    return Some(stop);
                }
            }
            let immediates = self.host.timers.borrow_mut().take_immediates();
            for id in immediates {
                if let Err(stop) = self.fire(id) {
                    return Some(stop);
                }
            }
            if let Err(stop) = self.sigterm_if_due(now) {
                return Some(stop);
            }
            inflight.extend(self.host.spawned.borrow_mut().drain(..));
            let (alive, next) = {
                let timers = self.host.timers.borrow();
                (
                    timers.has_refed() || !inflight.is_empty(),
                    timers.next_deadline(),
                )
            };
            if !alive {
                return None;
            }
            if let Some(stop) = self.host.stop_reason() {
                return Some(stop);
            }
            let wake = [next, self.host.sigterm_at.get()]
                .into_iter()
                .flatten()
                .fold(self.host.deadline, Instant::min);
            if wake <= Instant::now() {
                // Already due (immediates queued): no sleep, whose 1 ms timer tick would slow
                // every turn; just let the runtime drive I/O and take what has completed.
                tokio::task::yield_now().await;
                if let Some(Some(completion)) = inflight.next().now_or_never() {
                    if let Err(stop) = self.complete(completion) {
                        return Some(stop);
                    }
                }
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep_until(wake.into()) => {}
                () = self.host.cancel.requested() => {}
                Some(completion) = inflight.next(), if !inflight.is_empty() => {
                    if let Err(stop) = self.complete(completion) {
                        return Some(stop);
                    }
                }
            }
        }
    }

    fn complete(&self, completion: Completion) -> Result<(), Stop> {
        self.call(|ctx, _| completion(ctx))?;
        self.drain()
    }

    /// Sends `SIGTERM` to the script's listeners once its time is up (never interrupting
    /// running JS, like a signal handler in node); without listeners it is not noticed.
    fn sigterm_if_due(&self, now: Instant) -> Result<(), Stop> {
        match self.host.sigterm_at.get() {
            Some(at) if now >= at => self.host.sigterm_at.set(None),
            _ => return Ok(()),
        }
        let listened = self.call(|ctx, hooks| {
            let emit: Function = hooks.emit_signal.clone().restore(ctx)?;
            emit.call::<_, bool>(("SIGTERM",))
        })?;
        if listened == Some(true) {
            let left = self.host.deadline.saturating_duration_since(now);
            self.host.log.borrow_mut().push(LogRecord::new(
                Level::Warning,
                format!(
                    "SIGTERM sent to the script: its deadline is in {} ms",
                    left.as_millis()
                ),
            ));
        }
        self.drain()
    }

    fn fire(&self, id: u32) -> Result<(), Stop> {
        self.call(|ctx, hooks| {
            let fire: Function = hooks.fire_timer.clone().restore(ctx)?;
            fire.call::<_, ()>((id,))
        })?;
        self.drain()
    }

    fn start_main(&mut self) -> Result<(), Stop> {
        let path = &self.host.entry;
        let filename = path.display().to_string();
        let is_esm = match path.extension().and_then(|e| e.to_str()) {
            Some("mjs") => true,
            Some("cjs") => false,
            _ => std::fs::read_to_string(path).is_ok_and(|source| {
                js::has_module_syntax(&source)
                    && self.context.with(|ctx| {
                        let compiled = js::compile_wrapper(&ctx, &source, "", bytecode::CJS_PARAMS);
                        compiled.catch(&ctx).is_err()
                    })
            }),
        };
        if !is_esm {
            return self
                .call(|ctx, hooks| {
                    let run: Function = hooks.run_main.clone().restore(ctx)?;
                    run.call::<_, ()>((filename.as_str(),))
                })
                .map(drop);
        }
        let source = std::fs::read_to_string(path)
            .map_err(|e| Stop::Uncaught(format!("Error: cannot read {filename}: {e}")))?;
        self.main_module = self.call(|ctx, _| {
            let module = code::es_module(ctx, self.host, source, &filename)?;
            let (_, promise) = module.eval()?;
            Ok(Persistent::save(ctx, promise))
        })?;
        Ok(())
    }

    /// Runs nextTicks and microtasks until both queues are empty, then reports what stayed
    /// rejected without a handler.
    fn drain(&self) -> Result<(), Stop> {
        loop {
            let ticked = self
                .call(|ctx, hooks| {
                    let run: Function = hooks.run_ticks.clone().restore(ctx)?;
                    run.call::<_, bool>(())
                })?
                .unwrap_or(true);
            let mut ran = false;
            loop {
                match self.runtime.execute_pending_job() {
                    Ok(true) => ran = true,
                    Ok(false) => break,
                    Err(_) => {
                        ran = true;
                        self.context.with(|ctx| {
                            let error = ctx.catch();
                            self.uncaught(&ctx, error)
                        })?;
                    }
                }
            }
            if !ticked && !ran {
                break;
            }
        }
        self.check_main_module()?;
        self.report_rejections()
    }

    fn check_main_module(&self) -> Result<(), Stop> {
        let Some(main) = &self.main_module else {
            return Ok(());
        };
        self.context.with(|ctx| {
            let Ok(promise) = main.clone().restore(&ctx) else {
                return Ok(());
            };
            if promise.state() != PromiseState::Rejected {
                return Ok(());
            }
            let reason = match promise.result::<Value>() {
                Some(Err(rquickjs::Error::Exception)) => ctx.catch(),
                Some(Ok(v)) => v,
                _ => return Ok(()),
            };
            self.uncaught(&ctx, reason)
        })
    }

    fn report_rejections(&self) -> Result<(), Stop> {
        let pending: Vec<_> = self.rejections.borrow_mut().drain(..).collect();
        for (promise, reason) in pending {
            self.context.with(|ctx| {
                let verdict = (|| {
                    let promise = promise.restore(&ctx)?;
                    let reason = reason.restore(&ctx)?;
                    let hook: Function = self.hooks.on_unhandled_rejection.clone().restore(&ctx)?;
                    hook.call::<_, Value>((reason, promise))
                })();
                match verdict.catch(&ctx) {
                    Ok(verdict) => self.fatal_unless_handled(verdict),
                    Err(CaughtError::Exception(e)) => self.uncaught(&ctx, e.into_value()),
                    Err(CaughtError::Value(v)) => self.uncaught(&ctx, v),
                    Err(CaughtError::Error(e)) => Err(self
                        .host
                        .stop_reason()
                        .unwrap_or_else(|| Stop::Uncaught(format!("engine error: {e}")))),
                }
            })?;
        }
        Ok(())
    }

    /// Calls into JS. An exception becomes the reason the run stops, unless the script's
    /// `process.on('uncaughtException')` handles it: then the result is `None`.
    fn call<T>(
        &self,
        f: impl for<'js> FnOnce(&Ctx<'js>, &Hooks) -> rquickjs::Result<T>,
    ) -> Result<Option<T>, Stop> {
        self.context.with(|ctx| {
            let value = match f(&ctx, &self.hooks).catch(&ctx) {
                // JS may have caught what should end the run (an allocation past the cap).
                Ok(value) => return self.host.stop_reason().map_or(Ok(Some(value)), Err),
                Err(CaughtError::Exception(e)) => e.into_value(),
                Err(CaughtError::Value(v)) => v,
                Err(CaughtError::Error(e)) => {
                    return Err(self
                        .host
                        .stop_reason()
                        .unwrap_or_else(|| Stop::Uncaught(format!("engine error: {e}"))))
                }
            };
            self.uncaught(&ctx, value).map(|()| None)
        })
    }

    /// An exception reached the top: the host's own stop reasons win (the uncatchable
    /// interrupt error is how they surface); otherwise the script's handlers decide.
    fn uncaught<'js>(&self, ctx: &Ctx<'js>, error: Value<'js>) -> Result<(), Stop> {
        if let Some(stop) = self.host.stop_reason() {
            return Err(stop);
        }
        let verdict = self
            .hooks
            .on_uncaught
            .clone()
            .restore(ctx)
            .and_then(|hook| hook.call::<_, Value>((error.clone(),)));
        match verdict {
            Ok(verdict) => self.fatal_unless_handled(verdict),
            Err(_) => Err(self
                .host
                .stop_reason()
                .unwrap_or_else(|| Stop::Uncaught(js::describe(&error)))),
        }
    }

    /// The hooks answer `true` when a listener handled the error, else the text to report.
    fn fatal_unless_handled(&self, verdict: Value<'_>) -> Result<(), Stop> {
        if verdict.as_bool() == Some(true) {
            return Ok(());
        }
        if let Some(stop) = self.host.stop_reason() {
            return Err(stop);
        }
        Err(Stop::Uncaught(
            verdict
                .as_string()
                .and_then(|s| s.to_string().ok())
                .unwrap_or_else(|| "uncaught exception".into()),
        ))
    }

    /// Emits `process.on('exit')` and returns the final exit code.
    fn emit_exit(&self) -> i32 {
        let code = self.call(|ctx, hooks| {
            let emit: Function = hooks.emit_exit.clone().restore(ctx)?;
            emit.call::<_, i32>(())
        });
        match code {
            Ok(Some(code)) => code,
            Ok(None) => 1,
            Err(Stop::Exit(code)) => code,
            Err(_) => 1,
        }
    }
}

fn bootstrap<'js>(ctx: &Ctx<'js>, host: &Rc<RunState>, job: &Job<'_>) -> rquickjs::Result<Hooks> {
    let ops = crate::ops::install(ctx, host)?;
    let data = Object::new(ctx.clone())?;
    let env = Object::new(ctx.clone())?;
    for (name, value) in job.env.vars() {
        env.set(name, value)?;
    }
    data.set("env", env)?;
    let mut argv = vec![
        "/usr/local/bin/node".to_string(),
        host.entry.display().to_string(),
    ];
    argv.extend(job.args.iter().cloned());
    data.set("argv", argv)?;
    data.set("cwd", host.source.root().display().to_string())?;
    let boot = super::embedded::shim(ctx, "internal/bootstrap")
        .expect("the bootstrap shim is embedded")?;
    let hooks: Object = boot.call((ops, data))?;
    let get = |name: &str| -> rquickjs::Result<Persistent<Function<'static>>> {
        Ok(Persistent::save(ctx, hooks.get::<_, Function>(name)?))
    };
    Ok(Hooks {
        run_main: get("runMain")?,
        fire_timer: get("fireTimer")?,
        run_ticks: get("runTicks")?,
        on_uncaught: get("onUncaught")?,
        on_unhandled_rejection: get("onUnhandledRejection")?,
        emit_exit: get("emitExit")?,
        emit_signal: get("emitSignal")?,
    })
}
