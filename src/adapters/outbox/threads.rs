//! The sender threads of a [`super::Dispatcher`]: kept between batches instead of spawned per
//! delivery. A job goes to an idle thread, or to a new one when none is idle, so every delivery
//! of a batch is still sent at the same time; a thread idle for [`IDLE_EXIT`] ends.
//!
//! Each thread waits on a channel of its own and the idle ones are kept on a stack, so handing
//! a job over wakes exactly the thread that takes it. (The first version shared one receiver
//! behind a mutex: every hand-off also woke the threads queued on that mutex, which cost more
//! than a webhook's HTTP exchange on a kept connection.)

use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::Duration;

/// How long an idle sender thread waits for work before it ends.
pub const IDLE_EXIT: Duration = Duration::from_secs(30);

type Job = Box<dyn FnOnce() + Send>;

/// An idle thread: its number and where its next job goes.
type Idle = (u64, mpsc::Sender<Job>);

/// The idle threads (last idle on top) and the number the next thread gets.
#[derive(Default)]
struct Pool {
    idle: Vec<Idle>,
    next_id: u64,
}

/// A growing set of reusable threads.
#[derive(Default)]
pub struct SendThreads {
    pool: Arc<Mutex<Pool>>,
}

impl std::fmt::Debug for SendThreads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendThreads").field("idle", &lock(&self.pool).idle.len()).finish()
    }
}

fn lock(pool: &Mutex<Pool>) -> std::sync::MutexGuard<'_, Pool> {
    pool.lock().unwrap_or_else(PoisonError::into_inner)
}

impl SendThreads {
    /// Runs `job` on an idle thread, or a new one; on this thread when none can be started.
    pub fn run(&self, job: Job) {
        let mut job = job;
        loop {
            let idle = lock(&self.pool).idle.pop();
            let Some((_, thread)) = idle else { break };
            // A thread leaves the stack before it ends, so a send fails only if it panicked.
            match thread.send(job) {
                Ok(()) => return,
                Err(mpsc::SendError(back)) => job = back,
            }
        }
        if let Err(job) = self.spawn(job) {
            job();
        }
    }

    /// Starts a thread whose first job is `job`; gives `job` back when no thread can be started.
    fn spawn(&self, job: Job) -> Result<(), Job> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let id = {
            let mut pool = lock(&self.pool);
            pool.next_id += 1;
            pool.next_id
        };
        let pool = self.pool.clone();
        let first = Arc::new(Mutex::new(Some(job)));
        let handed = first.clone();
        let started = std::thread::Builder::new().name("outbox-send".into()).spawn(move || {
            let mut next = handed.lock().unwrap_or_else(PoisonError::into_inner).take();
            while let Some(job) = next.take() {
                job();
                lock(&pool).idle.push((id, jobs.clone()));
                next = wait(&pool, id, &queue);
            }
        });
        if started.is_ok() {
            return Ok(());
        }
        // The thread never ran, so its first job is still here.
        let job = first.lock().unwrap_or_else(PoisonError::into_inner).take();
        job.map_or(Ok(()), Err)
    }
}

/// The next job of idle thread `id`, or `None` when it should end: idle for [`IDLE_EXIT`] and
/// still on the stack (taken off it, a job is on its way).
fn wait(pool: &Mutex<Pool>, id: u64, queue: &mpsc::Receiver<Job>) -> Option<Job> {
    match queue.recv_timeout(IDLE_EXIT) {
        Ok(job) => Some(job),
        Err(mpsc::RecvTimeoutError::Disconnected) => None,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let mut pool = lock(pool);
            match pool.idle.iter().position(|(idle, _)| *idle == id) {
                Some(at) => {
                    pool.idle.remove(at);
                    None
                }
                None => {
                    drop(pool);
                    queue.recv().ok()
                }
            }
        }
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
