//! Group commit: small writes that arrive together are written together.
//!
//! SQLite takes one writer at a time, and each transaction costs its `BEGIN`, its statements
//! and its `COMMIT`, each a round trip to the connection's thread. At a deadline sixty learners
//! enroll in the same millisecond; one transaction for all of them costs little more than one.
//! Callers `push` their item; the first one into an idle group starts its flusher, which
//! `take`s what is waiting, writes it, answers each caller, and stops when nothing is left.
//! Every caller gets its own outcome (a conflict for one does not fail the others).

use std::sync::{Mutex, MutexGuard};

struct Waiting<T> {
    items: Vec<T>,
    flushing: bool,
}

pub(crate) struct Group<T> {
    waiting: Mutex<Waiting<T>>,
    /// Held by whoever writes a batch, so that a caller who flushes by hand (shutdown, tests)
    /// returns only after a batch another flusher took is written too.
    writing: tokio::sync::Mutex<()>,
}

impl<T> Group<T> {
    pub(crate) fn new() -> Group<T> {
        Group {
            waiting: Mutex::new(Waiting {
                items: Vec::new(),
                flushing: false,
            }),
            writing: tokio::sync::Mutex::new(()),
        }
    }

    /// Waits until no other flusher is writing; hold it while taking and writing batches.
    pub(crate) async fn writing(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.writing.lock().await
    }

    fn lock(&self) -> MutexGuard<'_, Waiting<T>> {
        // Nothing panics while holding the lock; a poisoned lock still holds a valid queue.
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Queues an item; true when the caller must start the flusher (none is running).
    pub(crate) fn push(&self, item: T) -> bool {
        let mut waiting = self.lock();
        waiting.items.push(item);
        !std::mem::replace(&mut waiting.flushing, true)
    }

    /// How many items wait (for `/metrics` and tests).
    pub(crate) fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// Up to `max` waiting items, oldest first. Empty means the flusher must stop: from then on
    /// the next `push` starts a new one.
    pub(crate) fn take(&self, max: usize) -> Vec<T> {
        let mut waiting = self.lock();
        if waiting.items.is_empty() {
            waiting.flushing = false;
            return Vec::new();
        }
        let n = waiting.items.len().min(max);
        waiting.items.drain(..n).collect()
    }

    /// Called when a flusher ends abnormally (it panicked): drops what waits, so that its
    /// callers get an error instead of waiting forever, and lets the next `push` start afresh.
    pub(crate) fn abandon(&self) {
        let mut waiting = self.lock();
        waiting.items.clear();
        waiting.flushing = false;
    }
}

/// Calls `Group::abandon` if the flusher holding it unwinds.
pub(crate) struct AbandonOnPanic<'a, T>(pub(crate) &'a Group<T>);

impl<T> Drop for AbandonOnPanic<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.abandon();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_push_starts_the_flusher_and_later_ones_join_it() {
        let group = Group::new();
        assert!(group.push(1));
        assert!(!group.push(2));
        assert!(!group.push(3));
        assert_eq!(group.take(2), vec![1, 2]);
        assert!(!group.push(4), "the flusher is still running");
        assert_eq!(group.take(10), vec![3, 4]);
        assert!(group.take(10).is_empty(), "nothing left: the flusher stops");
        assert!(group.push(5), "the next push starts a new flusher");
    }

    #[test]
    fn an_abandoned_group_starts_afresh() {
        let group = Group::new();
        assert!(group.push(1));
        group.abandon();
        assert!(group.push(2));
        assert_eq!(group.take(10), vec![2]);
    }
}
