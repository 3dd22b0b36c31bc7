//! The runs going, by id: a request starts one unless its id is taken, `{"cancel"}` and a
//! stop cancel them, and each leaves the table as its report is written.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::watch;

use super::output::Output;
use super::protocol::{log_event, report_event};
use crate::host::{Canceller, Host};
use crate::run::spec::RunSpec;
use crate::run::LogSink;

pub struct Runs {
    host: Host,
    output: Output,
    runtime: tokio::runtime::Handle,
    /// A watch, so a stop can wait for the table to empty.
    table: Arc<watch::Sender<Table>>,
}

#[derive(Default)]
struct Table {
    going: HashMap<String, Canceller>,
    /// Set once the worker stops: no run starts after.
    stopping: bool,
}

impl Runs {
    pub fn new(host: Host, output: Output, runtime: tokio::runtime::Handle) -> Runs {
        Runs {
            host,
            output,
            runtime,
            table: Arc::new(watch::Sender::new(Table::default())),
        }
    }

    /// Starts the run, whose log and report go to the output; the error says why it
    /// cannot start.
    pub fn start(&self, id: String, spec: RunSpec) -> Result<(), String> {
        let output = self.output.clone();
        let sink: LogSink = Arc::new(move |id, record| output.line(log_event(id, record)));
        let mut started = Err(String::new());
        self.table.send_if_modified(|table| {
            started = if table.stopping {
                Err("the worker is stopping: no run starts now".into())
            } else if table.going.contains_key(&id) {
                Err(format!(
                    "id {id:?} belongs to a run still going; each run going needs its own id"
                ))
            } else {
                let run = self.host.start(spec, sink);
                table.going.insert(id.clone(), run.canceller());
                Ok(run)
            };
            started.is_ok()
        });
        let run = started?;
        let (table, output) = (self.table.clone(), self.output.clone());
        self.runtime.spawn(async move {
            let report = run.await;
            // Both at once: the id is free as soon as its report is out, and a stop waiting
            // for the table to empty never misses a report.
            table.send_modify(|table| {
                table.going.remove(&id);
                output.line(report_event(&report));
            });
        });
        Ok(())
    }

    /// Cancels the run going with this id: its report follows, outcome `cancelled`.
    pub fn cancel(&self, id: &str) -> Result<(), String> {
        let canceller = self.table.borrow().going.get(id).cloned();
        let canceller = canceller
            .ok_or_else(|| format!("cancel: no run {id:?} is going (ended, or never started)"))?;
        canceller.cancel();
        Ok(())
    }

    /// Refuses new runs and cancels every run queued or going.
    pub fn stop(&self) {
        let mut going = Vec::new();
        self.table.send_modify(|table| {
            table.stopping = true;
            going = table.going.values().cloned().collect();
        });
        // Out of the table's lock: a queued run, cancelled, reports on this thread.
        for canceller in going {
            canceller.cancel();
        }
    }

    /// Resolves once no run is going and every report is in the output.
    pub async fn ended(&self) {
        let mut table = self.table.subscribe();
        // The sender lives in `self`: waiting cannot fail.
        let _ = table.wait_for(|table| table.going.is_empty()).await;
    }
}
