//! A short-lived in-process copy of a hot read that rarely changes (the home page's notices).
//!
//! Every anonymous visit to 首页 reads the same six notices; at a deadline that is most of the
//! traffic. The copy lives for at most `ttl`, and this process's own writes clear it at once, so
//! an admin sees a new notice on the next page and other instances within `ttl`.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

struct Slot<T> {
    /// Bumped by every `clear`, so that a read which began before a write cannot store what it
    /// read after the write has cleared the copy.
    generation: u64,
    value: Option<(Instant, Arc<T>)>,
}

pub(crate) struct Fresh<T> {
    ttl: Duration,
    slot: Mutex<Slot<T>>,
}

/// What a miss hands back: the generation to pass to `put` with the freshly read value.
pub(crate) struct Miss(u64);

impl<T> Fresh<T> {
    pub(crate) fn new(ttl: Duration) -> Fresh<T> {
        Fresh {
            ttl,
            slot: Mutex::new(Slot {
                generation: 0,
                value: None,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slot<T>> {
        // Nothing panics while holding the lock; a poisoned lock still holds a valid slot.
        self.slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The copy if it is younger than `ttl`, else a `Miss` to fill it with.
    pub(crate) fn get(&self) -> Result<Arc<T>, Miss> {
        let slot = self.lock();
        match &slot.value {
            Some((at, value)) if at.elapsed() < self.ttl => Ok(value.clone()),
            _ => Err(Miss(slot.generation)),
        }
    }

    /// Keeps `value` unless a write cleared the copy since the miss.
    pub(crate) fn put(&self, miss: Miss, value: Arc<T>) {
        let mut slot = self.lock();
        if slot.generation == miss.0 {
            slot.value = Some((Instant::now(), value));
        }
    }

    /// Forgets the copy; called after every committed write to what it holds.
    pub(crate) fn clear(&self) {
        let mut slot = self.lock();
        slot.generation += 1;
        slot.value = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_put_after_a_miss_is_served_until_cleared() {
        let fresh = Fresh::new(Duration::from_secs(60));
        let Err(miss) = fresh.get() else {
            panic!("empty at first")
        };
        fresh.put(miss, Arc::new(1));
        assert_eq!(fresh.get().ok().as_deref(), Some(&1));
        fresh.clear();
        assert!(fresh.get().is_err());
    }

    #[test]
    fn a_read_older_than_a_write_is_not_kept() {
        let fresh = Fresh::new(Duration::from_secs(60));
        let Err(miss) = fresh.get() else {
            panic!("empty at first")
        };
        fresh.clear(); // a write commits while the read is under way
        fresh.put(miss, Arc::new(1));
        assert!(fresh.get().is_err(), "the stale value was dropped");
    }

    #[test]
    fn a_copy_older_than_ttl_is_a_miss() {
        let fresh = Fresh::new(Duration::ZERO);
        let Err(miss) = fresh.get() else {
            panic!("empty at first")
        };
        fresh.put(miss, Arc::new(1));
        assert!(fresh.get().is_err());
    }
}
