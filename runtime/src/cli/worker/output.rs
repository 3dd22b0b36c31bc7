//! The one writer of stdout: every event goes through a channel to one thread, so lines
//! never interleave, and a run's thread never blocks on a slow reader. The queue is bounded
//! in practice by the runs' log budgets (each run's records and report).

use std::io::Write;
use std::sync::mpsc;

enum Message {
    Line(String),
    /// Answered once every line sent before it is written and flushed.
    Flush(mpsc::Sender<()>),
}

#[derive(Clone)]
pub struct Output {
    send: mpsc::Sender<Message>,
}

impl Output {
    /// Starts the writer thread; `closed` is called once if stdout stops taking lines (the
    /// reader is gone), after which lines are dropped.
    pub fn start(closed: impl FnOnce() + Send + 'static) -> std::io::Result<Output> {
        let (send, receive) = mpsc::channel();
        std::thread::Builder::new()
            .name("kvm-worker-out".into())
            .spawn(move || write_lines(receive, closed))?;
        Ok(Output { send })
    }

    pub fn line(&self, line: String) {
        // The writer only ends when every sender is gone: this cannot fail while `self` lives.
        let _ = self.send.send(Message::Line(line));
    }

    /// Waits until every line sent so far is on stdout.
    pub fn flush(&self) {
        let (done, wait) = mpsc::channel();
        if self.send.send(Message::Flush(done)).is_ok() {
            let _ = wait.recv();
        }
    }
}

fn write_lines(receive: mpsc::Receiver<Message>, closed: impl FnOnce()) {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut closed = Some(closed);
    let mut broken = false;
    let mut next = receive.recv().ok();
    while let Some(message) = next {
        match message {
            Message::Line(line) if !broken => {
                broken = writeln!(out, "{line}").is_err();
            }
            Message::Line(_) => {}
            Message::Flush(done) => {
                broken = broken || out.flush().is_err();
                let _ = done.send(());
            }
        }
        // Flush when the queue is drained, so a burst goes out in few writes.
        next = match receive.try_recv() {
            Ok(message) => Some(message),
            Err(_) => {
                broken = broken || out.flush().is_err();
                receive.recv().ok()
            }
        };
        if broken {
            if let Some(closed) = closed.take() {
                closed();
            }
        }
    }
}
