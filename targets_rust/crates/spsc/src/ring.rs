//! The queue itself: the two counters, the slots, and the producer and consumer sides that
//! move bytes through them. The one module of the crate allowed `unsafe`: two threads share the
//! slots, and which bytes each may touch is decided at run time by the counters, which the
//! borrow checker cannot see. Spec: docs/components/spsc.md ("Memory ordering").
#![allow(unsafe_code)]

use std::cell::UnsafeCell;
use std::ptr;
#[cfg(not(any(feature = "bug-spsc-plain-counters", feature = "bug-spsc-shared-sync")))]
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release};
use std::sync::Arc;

/// A counter both sides read and one side stores.
#[cfg(not(any(feature = "bug-spsc-plain-counters", feature = "bug-spsc-shared-sync")))]
type Counter = AtomicU64;

/// The seeded bugs spsc-plain-counters and spsc-shared-sync (docs/bugs.md): a plain integer in a
/// `Cell`, the orderings ignored, as if one thread used it. `Cell` is not `Sync`, so neither is
/// `Shared`, and the crate's assertion that Producer and Consumer are `Send` fails to compile
/// (E0277) — unless `Shared` is declared `Sync` by hand (spsc-shared-sync, below).
#[cfg(any(feature = "bug-spsc-plain-counters", feature = "bug-spsc-shared-sync"))]
type Counter = PlainCounter;

#[cfg(any(feature = "bug-spsc-plain-counters", feature = "bug-spsc-shared-sync"))]
struct PlainCounter(std::cell::Cell<u64>);

#[cfg(feature = "bug-spsc-shared-sync")]
const PLAIN_COUNTER_BUG: &str = "spsc-shared-sync";
#[cfg(all(
    feature = "bug-spsc-plain-counters",
    not(feature = "bug-spsc-shared-sync")
))]
const PLAIN_COUNTER_BUG: &str = "spsc-plain-counters";

#[cfg(any(feature = "bug-spsc-plain-counters", feature = "bug-spsc-shared-sync"))]
impl PlainCounter {
    fn new(value: u64) -> Self {
        Self(std::cell::Cell::new(value))
    }

    fn load(&self, _: Ordering) -> u64 {
        tb_canary::mark(PLAIN_COUNTER_BUG, true);
        self.0.get()
    }

    fn store(&self, value: u64, _: Ordering) {
        tb_canary::mark(PLAIN_COUNTER_BUG, true);
        self.0.set(value);
    }
}

/// The ordering of the producer's tail store: Release, so that the slot writes before it
/// happen-before the consumer's acquire of the tail.
#[cfg(not(feature = "bug-spsc-relaxed-publish"))]
const PUBLISH: Ordering = Release;

/// The seeded bug spsc-relaxed-publish (docs/bugs.md): Relaxed, "it is only a counter".
#[cfg(feature = "bug-spsc-relaxed-publish")]
const PUBLISH: Ordering = Relaxed;

/// A value on a cache line of its own, so the two sides' counters do not false-share.
#[repr(align(64))]
pub(crate) struct CacheLine<T>(pub T);

/// The byte storage both sides share.
struct Slots(Box<[UnsafeCell<u8>]>);

// SAFETY: the slots are shared by one Producer and one Consumer, possibly on two threads. A
// slot is touched only by the side that owns it: the producer writes free space,
// [tail, head + capacity), and the consumer reads published bytes, [head, tail). Ownership
// passes only through a release store of a counter and the other side's acquire load of it, so
// each slot access happens-before the other side's next access to that slot. Only the slots
// get this promise: `Shared` is Sync because its fields are, so a counter that is not an
// atomic makes it — and so Producer and Consumer — refuse to cross threads (E0277).
unsafe impl Sync for Slots {}

// The seeded bug spsc-shared-sync (docs/bugs.md): the whole shared state declared Sync, in the
// style of queues that keep their counters and slots in one struct, instead of the slots only.
// SAFETY: (the mistaken author's claim, kept as written) only the producer stores the tail and
// only the consumer the head. Wrong with plain counters: the other side reads each while it is
// stored, a data race.
#[cfg(feature = "bug-spsc-shared-sync")]
unsafe impl Sync for Shared {}

struct Shared {
    /// Bytes ever published; only the producer stores it.
    tail: CacheLine<Counter>,
    /// Bytes ever released; only the consumer stores it.
    head: CacheLine<Counter>,
    slots: Slots,
}

impl Shared {
    fn capacity(&self) -> usize {
        self.slots.0.len()
    }

    fn base(&self) -> *mut u8 {
        UnsafeCell::raw_get(self.slots.0.as_ptr())
    }

    /// The slot index of stream position `pos`, and how many bytes of `len` fit before the
    /// slots end (the rest continue at index 0).
    fn split(&self, pos: u64, len: usize) -> (usize, usize) {
        let at = (pos & (self.capacity() as u64 - 1)) as usize;
        (at, len.min(self.capacity() - at))
    }

    /// Makes the bytes before stream position `tail` readable.
    fn publish_tail(&self, tail: u64) {
        #[cfg(feature = "bug-spsc-relaxed-publish")]
        tb_canary::mark("spsc-relaxed-publish", true);
        self.tail.0.store(tail, PUBLISH);
    }
}

/// The producer side: push, or write_regions then publish.
pub struct Producer {
    shared: Arc<Shared>,
    /// The last value of `head` this side loaded.
    head_cache: u64,
}

/// The consumer side: pop, or read_regions then release.
pub struct Consumer {
    shared: Arc<Shared>,
    /// The last value of `tail` this side loaded.
    tail_cache: u64,
}

/// A queue of `capacity` bytes (a power of two), or `None` when its storage cannot be
/// allocated.
pub(crate) fn split_queue(capacity: usize) -> Option<(Producer, Consumer)> {
    let mut slots = Vec::new();
    slots.try_reserve_exact(capacity).ok()?;
    slots.resize_with(capacity, || UnsafeCell::new(0));
    let shared = Arc::new(Shared {
        tail: CacheLine(Counter::new(0)),
        head: CacheLine(Counter::new(0)),
        slots: Slots(slots.into_boxed_slice()),
    });
    let producer = Producer {
        shared: Arc::clone(&shared),
        head_cache: 0,
    };
    Some((
        producer,
        Consumer {
            shared,
            tail_cache: 0,
        },
    ))
}

impl Producer {
    pub fn capacity(&self) -> usize {
        self.shared.capacity()
    }

    /// Free space from `tail`, re-reading head (acquire: the consumer's reads of the space it
    /// released are done) only when the cached view shows less than `want`.
    fn free_space(&mut self, tail: u64, want: usize) -> usize {
        let cap = self.capacity();
        let mut space = cap - (tail - self.head_cache) as usize;
        if space < want {
            self.head_cache = self.shared.head.0.load(Acquire);
            space = cap - (tail - self.head_cache) as usize;
        }
        space
    }

    /// Copies as much of `data` as fits to the back of the queue; the count taken.
    pub fn push(&mut self, data: &[u8]) -> usize {
        let tail = self.shared.tail.0.load(Relaxed); // only this side stores it
        let n = data.len().min(self.free_space(tail, data.len()));
        if n == 0 {
            return 0;
        }
        let (at, first) = self.shared.split(tail, n);
        let base = self.shared.base();
        // SAFETY: [tail, tail + n) is free space (n <= free_space), which only this side
        // touches until the release store below; `at + first <= capacity` and
        // `n - first <= at`, so both copies stay inside the slots, and `data` is a separate
        // borrow, so they do not overlap it.
        unsafe {
            ptr::copy_nonoverlapping(data.as_ptr(), base.add(at), first);
            ptr::copy_nonoverlapping(data.as_ptr().add(first), base, n - first);
        }
        self.shared.publish_tail(tail + n as u64);
        n
    }

    /// The free space as up to two writable regions, in queue order, to fill and publish.
    pub fn write_regions(&mut self) -> [&mut [u8]; 2] {
        let tail = self.shared.tail.0.load(Relaxed);
        let free = self.free_space(tail, self.capacity());
        let (at, first) = self.shared.split(tail, free);
        let base = self.shared.base();
        // SAFETY: the two ranges are the free space [tail, tail + free), split at the end of
        // the slots, disjoint and inside them. Only this side touches free space, and the
        // slices borrow `self` mutably, so no publish (which would hand them to the consumer)
        // can happen while they live.
        unsafe {
            [
                std::slice::from_raw_parts_mut(base.add(at), first),
                std::slice::from_raw_parts_mut(base, free - first),
            ]
        }
    }

    /// Makes the first `n` bytes of the free space (clamped) readable; the count published.
    pub fn publish(&mut self, n: usize) -> usize {
        let tail = self.shared.tail.0.load(Relaxed);
        let n = n.min(self.free_space(tail, n));
        if n > 0 {
            self.shared.publish_tail(tail + n as u64);
        }
        n
    }
}

impl Consumer {
    pub fn capacity(&self) -> usize {
        self.shared.capacity()
    }

    /// Readable bytes from `head`, re-reading tail (acquire: the producer's writes of the
    /// bytes it published are visible) only when the cached view shows fewer than `want`.
    fn available(&mut self, head: u64, want: usize) -> usize {
        let mut ready = (self.tail_cache - head) as usize;
        if ready < want {
            self.tail_cache = self.shared.tail.0.load(Acquire);
            ready = (self.tail_cache - head) as usize;
        }
        ready
    }

    /// Moves as many bytes as are readable, up to `out.len()`, into `out`; the count.
    pub fn pop(&mut self, out: &mut [u8]) -> usize {
        let head = self.shared.head.0.load(Relaxed); // only this side stores it
        let n = out.len().min(self.available(head, out.len()));
        if n == 0 {
            return 0;
        }
        let (at, first) = self.shared.split(head, n);
        let base = self.shared.base();
        // SAFETY: [head, head + n) is published (n <= available), and the producer does not
        // touch it until the release store below gives it back; both copies stay inside the
        // slots (as in push), and `out` is a separate exclusive borrow.
        unsafe {
            ptr::copy_nonoverlapping(base.add(at), out.as_mut_ptr(), first);
            ptr::copy_nonoverlapping(base, out.as_mut_ptr().add(first), n - first);
        }
        // Release: the slot reads above happen-before the producer's acquire of this head.
        self.shared.head.0.store(head + n as u64, Release);
        n
    }

    /// The readable bytes as up to two regions, oldest first, to read and release.
    pub fn read_regions(&mut self) -> [&[u8]; 2] {
        let head = self.shared.head.0.load(Relaxed);
        let ready = self.available(head, self.capacity());
        let (at, first) = self.shared.split(head, ready);
        let base = self.shared.base();
        // SAFETY: the two ranges are the published bytes [head, head + ready), split at the
        // end of the slots and inside them. The producer does not write them until they are
        // released, and the slices borrow `self` mutably, so no release can happen while they
        // live.
        unsafe {
            [
                std::slice::from_raw_parts(base.add(at), first),
                std::slice::from_raw_parts(base, ready - first),
            ]
        }
    }

    /// Gives the first `n` readable bytes (clamped) back as free space; the count released.
    pub fn release(&mut self, n: usize) -> usize {
        let head = self.shared.head.0.load(Relaxed);
        let n = n.min(self.available(head, n));
        if n > 0 {
            // Release: the reads of these bytes happen-before the producer's acquire.
            self.shared.head.0.store(head + n as u64, Release);
        }
        n
    }
}
