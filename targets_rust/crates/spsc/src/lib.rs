//! The Rust spsc twin: a bounded, lock-free single-producer/single-consumer byte queue,
//! written to docs/components/spsc.md with the C twin's algorithm (free-running counters,
//! cached views of the other side's counter, release/acquire hand-over).
//!
//! `unsafe` is denied everywhere but in `ring` (the counters and the shared slots): see the
//! spec's "Rust and `unsafe`". The thread rule is the type system's: `channel` returns one
//! `Producer` and one `Consumer`, each `Send`, neither `Clone`, every method `&mut self`.
#![deny(unsafe_code)]

mod ring;

pub use ring::{Consumer, Producer};

/// The largest capacity (offsets and counts then fit every platform's C `size_t`).
pub const MAX_CAPACITY: usize = 1 << 30;

/// Why a queue could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// Not a power of two in [1, MAX_CAPACITY].
    InvalidCapacity,
    /// The storage could not be allocated.
    OutOfMemory,
}

// The promise that makes this a two-thread queue, checked where it is made: each side can be
// moved to another thread. (A side holding a non-atomic shared counter would fail here, E0277.)
const _: fn() = || {
    fn crosses_threads<T: Send>() {}
    crosses_threads::<Producer>();
    crosses_threads::<Consumer>();
};

/// A queue of `capacity` bytes: its producer side and its consumer side.
pub fn channel(capacity: usize) -> Result<(Producer, Consumer), Error> {
    if !capacity.is_power_of_two() || capacity > MAX_CAPACITY {
        return Err(Error::InvalidCapacity);
    }
    ring::split_queue(capacity).ok_or(Error::OutOfMemory)
}

#[cfg(test)]
mod tests;
