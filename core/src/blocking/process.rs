//! [`ProcessLocal`]: state that belongs to the process that made it, and is made again in a child
//! after `fork()`.
//!
//! A forked child has one thread (the one that called `fork()`) and a copy of its parent's memory:
//! runtimes whose worker threads did not come along, connection pools whose sockets it shares with
//! its parent, a callback thread that is not there. Every such value is wrapped in a
//! [`ProcessLocal`]; the first use in a new process replaces it. The parent's value is leaked, not
//! dropped: dropping would join threads that do not exist, or shut down sockets the parent is
//! still using.
//!
//! Used by the shared runtime ([`super::runtime`]), each thread's fast-path state
//! ([`super::per_thread`]), the async client's connection pool, the C ABI's callback thread and
//! the Python asyncio bridge.

use std::convert::Infallible;

/// A value and the id of the process that made it.
///
/// Checking costs one `getpid` and a comparison. Put it behind whatever lock or cell the value
/// needs (`RwLock<ProcessLocal<T>>`, `RefCell<ProcessLocal<T>>`, ...).
#[derive(Debug)]
pub struct ProcessLocal<T> {
    /// 0 until the first [`ProcessLocal::get_or_reset`]: no process has that id.
    pid: u32,
    value: T,
}

impl<T> ProcessLocal<T> {
    /// A value of no process yet: the first [`ProcessLocal::get_or_reset`] replaces it, and
    /// [`ProcessLocal::get`] returns `None` until then. `const`, for `static` and `thread_local!`.
    pub const fn unowned(value: T) -> Self {
        Self { pid: 0, value }
    }

    /// A value that belongs to this process.
    pub fn new(value: T) -> Self {
        Self {
            pid: std::process::id(),
            value,
        }
    }

    /// The value, if this process made it.
    pub fn get(&self) -> Option<&T> {
        (self.pid == std::process::id()).then_some(&self.value)
    }

    /// The value, first replaced by `fresh()` if another process made it (the old value is
    /// leaked; see the module docs).
    pub fn get_or_reset(&mut self, fresh: impl FnOnce() -> T) -> &mut T {
        match self.try_get_or_reset(|| Ok::<T, Infallible>(fresh())) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }

    /// As [`ProcessLocal::get_or_reset`], for a value whose making can fail; on failure the old
    /// value stays, still unowned by this process.
    ///
    /// # Errors
    /// The error of `fresh`.
    pub fn try_get_or_reset<E>(
        &mut self,
        fresh: impl FnOnce() -> Result<T, E>,
    ) -> Result<&mut T, E> {
        let pid = std::process::id();
        if self.pid != pid {
            let stale = std::mem::replace(&mut self.value, fresh()?);
            std::mem::forget(stale);
            self.pid = pid;
        }
        Ok(&mut self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::ProcessLocal;
    use std::sync::Arc;

    #[test]
    fn an_unowned_value_is_replaced_once_and_the_old_one_leaked() {
        let old = Arc::new(1);
        let mut slot = ProcessLocal::unowned(Arc::clone(&old));
        assert!(slot.get().is_none());
        assert_eq!(**slot.get_or_reset(|| Arc::new(2)), 2);
        // Leaked, not dropped: the old value's count did not go down.
        assert_eq!(Arc::strong_count(&old), 2);
        assert_eq!(**slot.get_or_reset(|| Arc::new(3)), 2);
        assert_eq!(slot.get().map(|v| **v), Some(2));
    }

    #[test]
    fn a_failed_reset_keeps_the_old_value_unowned() {
        let mut slot = ProcessLocal::unowned(1);
        assert_eq!(slot.try_get_or_reset(|| Err::<i32, _>("no")), Err("no"));
        assert!(slot.get().is_none());
        assert_eq!(slot.try_get_or_reset(|| Ok::<_, ()>(5)).copied(), Ok(5));
        assert_eq!(ProcessLocal::new(7).get(), Some(&7));
    }
}
