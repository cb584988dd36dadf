//! Generation-checked handles: what a `govuk_notify_client *` or `govuk_notify_pager *` really is.
//!
//! C never receives the address of a Rust object. It receives a *token*: a number, dressed as an
//! opaque pointer, that encodes a type tag, a slot index in a process-wide registry and the
//! generation of that slot. The library never dereferences a token; every entry point looks it
//! up in the registry instead, so:
//!
//! * a handle that was freed (its slot's generation has moved on), a handle of the other type
//!   (wrong tag) and a fabricated value are all refused with `GOVUK_NOTIFY_RESULT_INVALID_HANDLE`
//!   instead of being undefined behaviour;
//! * freeing a handle twice, or freeing an unknown value, does nothing;
//! * a call in progress holds its own [`Arc`] of the object, so another thread freeing the
//!   handle at the same moment only invalidates the handle: the object lives until that call
//!   returns, and later calls are refused.
//!
//! A slot's generation is bumped on every free and a slot whose generation would wrap is retired
//! for good, so a stale token can never name a newer object (no ABA).
//!
//! Layout of a token (`usize`): `tag` in the top 8 bits, then the generation, then the index in
//! the low [`INDEX_BITS`] bits. The tag's top bit is set, so a token is never NULL, and on 64-bit
//! targets it is never a user-space address either: a token mistaken for a pointer by a debugger
//! is obviously not one (and a real pointer passed as a handle never carries a valid tag there).

use std::marker::PhantomData;
use std::sync::{Arc, PoisonError, RwLock};

use govuk_notify::Error;

use crate::error::{govuk_notify_result, FfiError};

/// Bits of a token that hold the slot index: at most this many handles of one type live at once
/// (16 777 216 on 64-bit targets, 4 096 on 32-bit ones).
const INDEX_BITS: u32 = if usize::BITS >= 64 { 24 } else { 12 };
/// Bits of the type tag, at the top of the token.
const TAG_BITS: u32 = 8;
/// Bits of the generation, between the tag and the index.
const GEN_BITS: u32 = usize::BITS - TAG_BITS - INDEX_BITS;
const INDEX_MASK: usize = (1 << INDEX_BITS) - 1;
const GEN_MASK: usize = (1 << GEN_BITS) - 1;
/// The largest number of slots a registry may hold.
const MAX_SLOTS: usize = 1 << INDEX_BITS;

/// One slot: the object (while the handle is live) and the generation the live token carries.
struct Slot<T> {
    generation: usize,
    value: Option<Arc<T>>,
}

struct Slab<T> {
    slots: Vec<Slot<T>>,
    /// Indices of empty slots that may be reused (retired slots are never listed).
    free: Vec<usize>,
}

/// A process-wide table of live handles of one C type `C` whose objects are `T`.
pub(crate) struct Registry<C, T> {
    /// Distinguishes the handle types: a client token passed as a pager is refused.
    tag: u8,
    slab: RwLock<Slab<T>>,
    _c: PhantomData<fn() -> C>,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// NULL.
    Null,
    /// Freed, of another handle type, or never made by this library.
    Unknown,
}

impl<C, T> Registry<C, T> {
    /// An empty registry; `tag` must have its top bit set (so tokens are never NULL) and differ
    /// between registries.
    pub(crate) const fn new(tag: u8) -> Self {
        Self {
            tag,
            slab: RwLock::new(Slab {
                slots: Vec::new(),
                free: Vec::new(),
            }),
            _c: PhantomData,
        }
    }

    fn encode(&self, index: usize, generation: usize) -> *mut C {
        let token = (usize::from(self.tag) << (usize::BITS - TAG_BITS))
            | ((generation & GEN_MASK) << INDEX_BITS)
            | (index & INDEX_MASK);
        // A token is a number, never dereferenced: an integer-to-pointer cast without provenance
        // is exactly what it should be.
        std::ptr::without_provenance_mut(token)
    }

    /// `(index, generation)` of a token carrying this registry's tag; `None` otherwise.
    fn decode(&self, token: usize) -> Option<(usize, usize)> {
        if token >> (usize::BITS - TAG_BITS) != usize::from(self.tag) {
            return None;
        }
        Some((token & INDEX_MASK, (token >> INDEX_BITS) & GEN_MASK))
    }

    /// Registers `value` and returns its new token (never NULL).
    pub(crate) fn insert(&self, value: T) -> Result<*mut C, FfiError> {
        let value = Arc::new(value);
        let mut slab = self.slab.write().unwrap_or_else(PoisonError::into_inner);
        let index = match slab.free.pop() {
            Some(index) => index,
            None => {
                let index = slab.slots.len();
                if index >= MAX_SLOTS {
                    return Err(FfiError::from(Error::internal(format!(
                        "too many live handles ({MAX_SLOTS}); free the ones no longer used"
                    ))));
                }
                slab.slots.push(Slot {
                    generation: 1,
                    value: None,
                });
                index
            }
        };
        let slot = slab.slots.get_mut(index).ok_or_else(|| {
            FfiError::from(Error::internal("handle registry: free list out of range"))
        })?;
        slot.value = Some(value);
        Ok(self.encode(index, slot.generation))
    }

    /// The object behind a live token: a new reference, so the object outlives a concurrent free.
    pub(crate) fn get(&self, ptr: *const C) -> Result<Arc<T>, Invalid> {
        if ptr.is_null() {
            return Err(Invalid::Null);
        }
        let (index, generation) = self.decode(ptr.addr()).ok_or(Invalid::Unknown)?;
        let slab = self.slab.read().unwrap_or_else(PoisonError::into_inner);
        match slab.slots.get(index) {
            Some(Slot {
                generation: g,
                value: Some(value),
            }) if *g == generation => Ok(Arc::clone(value)),
            _ => Err(Invalid::Unknown),
        }
    }

    /// Invalidates a live token and returns its object (dropped by the caller, outside the lock).
    /// `None` for NULL, a token already freed, or one this registry never issued.
    pub(crate) fn remove(&self, ptr: *const C) -> Option<Arc<T>> {
        if ptr.is_null() {
            return None;
        }
        let (index, generation) = self.decode(ptr.addr())?;
        let mut slab = self.slab.write().unwrap_or_else(PoisonError::into_inner);
        let slot = slab.slots.get_mut(index)?;
        if slot.generation != generation || slot.value.is_none() {
            return None;
        }
        let value = slot.value.take();
        if slot.generation < GEN_MASK {
            slot.generation += 1;
            slab.free.push(index);
        }
        // else: the generation would wrap, so the slot is retired and never handed out again.
        value
    }

    /// How many handles are live (for tests).
    #[cfg(test)]
    pub(crate) fn live(&self) -> usize {
        let slab = self.slab.read().unwrap_or_else(PoisonError::into_inner);
        slab.slots.iter().filter(|s| s.value.is_some()).count()
    }
}

impl Invalid {
    /// The argument error for handle parameter `field`.
    pub(crate) fn into_error(self, field: &'static str) -> FfiError {
        match self {
            Invalid::Null => FfiError::null_parameter(field),
            Invalid::Unknown => FfiError::argument(
                govuk_notify_result::InvalidHandle,
                field,
                "is not a live handle: it was already freed, is a handle of another type, or was \
                 not made by this library",
            ),
        }
    }
}

/// A C handle type backed by a registry.
pub(crate) trait Handle: Sized + 'static {
    /// The Rust object behind the handle.
    type Object: Send + Sync + 'static;
    /// The process-wide registry of this handle type.
    fn registry() -> &'static Registry<Self, Self::Object>;
}

/// Borrows (as an `Arc`) the object behind a required handle parameter; `NULL_PARAMETER` or
/// `INVALID_HANDLE` naming the parameter otherwise.
macro_rules! try_handle {
    ( $var:ident ) => {
        match $crate::handle::lookup($var) {
            Ok(r) => r,
            Err(e) => return Err(e.into_error(stringify!($var))),
        }
    };
}

pub(crate) use try_handle;

/// The object behind a handle.
pub(crate) fn lookup<C: Handle>(ptr: *const C) -> Result<Arc<C::Object>, Invalid> {
    C::registry().get(ptr)
}

/// Registers an object and returns its handle.
pub(crate) fn new_handle<C: Handle>(value: C::Object) -> Result<*mut C, FfiError> {
    C::registry().insert(value)
}

/// Frees a handle: NULL, freed and unknown values are no-ops. The object itself is dropped when
/// the last call still using it returns.
pub(crate) fn free_handle<C: Handle>(ptr: *const C) {
    drop(C::registry().remove(ptr));
}

#[cfg(test)]
mod tests {
    use super::*;

    struct H;
    static REG: Registry<H, String> = Registry::new(0xE5);
    static OTHER: Registry<H, String> = Registry::new(0xE6);

    #[test]
    fn tokens_are_checked_by_generation_and_tag() {
        let a = REG.insert("a".to_owned()).unwrap();
        assert!(!a.is_null());
        assert_eq!(REG.get(a).unwrap().as_str(), "a");
        assert_eq!(OTHER.get(a).err(), Some(Invalid::Unknown));
        assert_eq!(REG.get(std::ptr::null()).err(), Some(Invalid::Null));

        let held = REG.get(a).unwrap();
        assert_eq!(REG.remove(a).as_deref().map(String::as_str), Some("a"));
        // The call in progress still has its object; the handle is gone.
        assert_eq!(held.as_str(), "a");
        assert_eq!(REG.get(a).err(), Some(Invalid::Unknown));
        assert!(REG.remove(a).is_none(), "double free is a no-op");

        // The slot is reused with a new generation: the old token stays dead.
        let b = REG.insert("b".to_owned()).unwrap();
        assert_ne!(a, b);
        assert_eq!(REG.get(a).err(), Some(Invalid::Unknown));
        assert_eq!(REG.get(b).unwrap().as_str(), "b");

        // Fabricated values.
        for v in [
            1usize,
            8,
            0x1000,
            usize::MAX,
            b.addr() ^ 1,
            b.addr() + (1 << INDEX_BITS),
        ] {
            let p: *const H = std::ptr::without_provenance(v);
            assert!(REG.get(p).is_err(), "{v:#x}");
            assert!(REG.remove(p).is_none(), "{v:#x}");
        }
        assert!(REG.remove(std::ptr::null()).is_none());
        assert!(REG.remove(b).is_some());
    }

    #[test]
    fn a_slot_whose_generation_would_wrap_is_retired() {
        static R: Registry<H, u8> = Registry::new(0xE7);
        let t = R.insert(1).unwrap();
        {
            let mut slab = R.slab.write().unwrap();
            slab.slots[0].generation = GEN_MASK;
        }
        let (i, _) = R.decode(t.addr()).unwrap();
        let t = R.encode(i, GEN_MASK);
        assert!(R.remove(t).is_some());
        let next = R.insert(2).unwrap();
        assert_eq!(R.decode(next.addr()).unwrap().0, 1, "slot 0 is retired");
        assert_eq!(R.live(), 1);
    }
}
