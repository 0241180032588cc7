//! The sender threads of a [`super::Dispatcher`]: kept between batches instead of spawned per
//! delivery. A job goes to an idle thread, or to a new one when none is idle, so every delivery
//! of a batch is still sent at the same time; a thread idle for [`IDLE_EXIT`] ends.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// How long an idle sender thread waits for work before it ends.
pub const IDLE_EXIT: Duration = Duration::from_secs(30);

type Job = Box<dyn FnOnce() + Send>;

/// A growing set of reusable threads.
pub struct SendThreads {
    jobs: mpsc::Sender<Job>,
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    idle: Arc<AtomicUsize>,
}

impl Default for SendThreads {
    fn default() -> Self {
        let (jobs, queue) = mpsc::channel();
        Self { jobs, queue: Arc::new(Mutex::new(queue)), idle: Arc::default() }
    }
}

impl std::fmt::Debug for SendThreads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendThreads").field("idle", &self.idle.load(Ordering::Relaxed)).finish()
    }
}

impl SendThreads {
    /// Runs `job` on an idle thread, or a new one; on this thread when none can be started.
    pub fn run(&self, job: Job) {
        let reserved =
            self.idle.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
        if !reserved && self.spawn().is_err() {
            return job();
        }
        if let Err(mpsc::SendError(job)) = self.jobs.send(job) {
            job();
        }
    }

    fn spawn(&self) -> std::io::Result<()> {
        let (queue, idle) = (self.queue.clone(), self.idle.clone());
        std::thread::Builder::new().name("outbox-send".into()).spawn(move || loop {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv_timeout(IDLE_EXIT);
            match next {
                Ok(job) => {
                    job();
                    idle.fetch_add(1, Ordering::SeqCst);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // End unless a job was already promised to an idle thread.
                    if idle.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok() {
                        return;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{mpsc, Arc, Barrier};

    use super::SendThreads;

    #[test]
    fn every_job_of_a_round_runs_at_the_same_time() {
        let threads = SendThreads::default();
        for _round in 0..3 {
            // Each job waits for all the others: the round only ends if all 20 run at once.
            let barrier = Arc::new(Barrier::new(20));
            let (done, finished) = mpsc::channel();
            for n in 0..20 {
                let (barrier, done) = (barrier.clone(), done.clone());
                threads.run(Box::new(move || {
                    barrier.wait();
                    done.send(n).unwrap();
                }));
            }
            drop(done);
            let mut seen: Vec<i32> = finished.iter().collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..20).collect::<Vec<_>>());
        }
    }
}
