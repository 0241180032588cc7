//! One stoppable background thread for the adapters' loops (the outbox workers, the DFDG queue
//! schedule, the ICS poller): it runs a round, waits, and runs the next until it is stopped or
//! dropped, so `planner serve` can end every loop cleanly after the server has drained.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A background thread that repeats a round with a pause between rounds.
#[derive(Debug)]
pub struct Background {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Tells a long round whether it should return early because a stop was asked for.
pub struct Stopping<'a>(&'a mpsc::Receiver<()>);

impl Stopping<'_> {
    /// Whether [`Background::stop`] was called (or the handle dropped).
    pub fn requested(&self) -> bool {
        !matches!(self.0.try_recv(), Err(mpsc::TryRecvError::Empty))
    }
}

impl Background {
    /// Spawns thread `name`, which calls `round` and then waits `pause`, until stopped. With
    /// `pause_first`, it waits before the first round too.
    pub fn start(
        name: &str,
        pause: Duration,
        pause_first: bool,
        mut round: impl FnMut(&Stopping<'_>) + Send + 'static,
    ) -> std::io::Result<Background> {
        let (stop, stopped) = mpsc::channel::<()>();
        let wait = move |stopped: &mpsc::Receiver<()>| match stopped.recv_timeout(pause) {
            Err(mpsc::RecvTimeoutError::Timeout) => true,
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => false,
        };
        let thread = std::thread::Builder::new().name(name.into()).spawn(move || {
            if pause_first && !wait(&stopped) {
                return;
            }
            loop {
                round(&Stopping(&stopped));
                if !wait(&stopped) {
                    return;
                }
            }
        })?;
        Ok(Background { stop: Some(stop), thread: Some(thread) })
    }

    /// Stops after the current round and waits for the thread.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.shut_down();
    }
}
