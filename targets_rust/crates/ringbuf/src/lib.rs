//! Fixed-capacity byte FIFO twin: storage allocated at creation (and by `resize` only), any
//! capacity >= 1, zero-copy regions. Spec: docs/components/ringbuf.md.
// Safe Rust, but for the seeded bugs whose mistake is an `unsafe` shortcut (docs/bugs.md): only
// their builds relax `forbid` to `deny`, which the bug's own site overrides.
#![cfg_attr(not(feature = "bug-ringbuf-copy-past-wrap"), forbid(unsafe_code))]
#![cfg_attr(feature = "bug-ringbuf-copy-past-wrap", deny(unsafe_code))]

/// Why a capacity was refused (by `with_capacity` or `resize`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapacityError {
    /// Zero, or (resize) below the bytes the buffer holds.
    TooSmall,
    /// The storage could not be allocated.
    TooLarge,
}

/// Zeroed storage of `capacity` bytes, or `TooLarge` when it cannot be allocated.
fn allocate(capacity: usize) -> Result<Box<[u8]>, CapacityError> {
    let mut data = Vec::new();
    data.try_reserve_exact(capacity)
        .map_err(|_| CapacityError::TooLarge)?;
    data.resize(capacity, 0);
    Ok(data.into_boxed_slice())
}

/// A first-in first-out queue of bytes with a fixed capacity.
#[derive(Debug)]
pub struct RingBuf {
    data: Box<[u8]>,
    head: usize, // index of the oldest byte
    len: usize,  // readable bytes
}

impl RingBuf {
    /// Allocates `capacity` bytes; nothing but `resize` allocates afterwards.
    pub fn with_capacity(capacity: usize) -> Result<Self, CapacityError> {
        if capacity == 0 {
            return Err(CapacityError::TooSmall);
        }
        Ok(RingBuf {
            data: allocate(capacity)?,
            head: 0,
            len: 0,
        })
    }

    /// Moves the bytes, in order, to new storage of `capacity` bytes. Unchanged on an error.
    #[cfg(not(any(
        feature = "bug-ringbuf-resize-leak",
        feature = "bug-ringbuf-resize-double-free",
        feature = "bug-ringbuf-resize-use-after-free"
    )))]
    pub fn resize(&mut self, capacity: usize) -> Result<(), CapacityError> {
        if capacity == 0 || capacity < self.len {
            return Err(CapacityError::TooSmall);
        }
        #[cfg(not(feature = "bug-ringbuf-allocation-unchecked"))]
        let mut data = allocate(capacity)?;
        // Seeded bug (docs/bugs.md): the caller's capacity is allocated as asked, with the
        // infallible `vec!`, as if any size could be allocated.
        #[cfg(feature = "bug-ringbuf-allocation-unchecked")]
        let mut data = {
            tb_canary::mark(
                "ringbuf-allocation-unchecked",
                capacity > isize::MAX as usize,
            );
            vec![0u8; capacity].into_boxed_slice()
        };
        self.peek(&mut data);
        self.data = data;
        self.head = 0;
        Ok(())
    }

    /// Seeded bug (docs/bugs.md): the new storage is allocated before the bytes are known to
    /// fit, and the early return for "they do not" forgets to free it. In Rust the early return
    /// drops it all the same: the mistake leaks nothing.
    #[cfg(feature = "bug-ringbuf-resize-leak")]
    pub fn resize(&mut self, capacity: usize) -> Result<(), CapacityError> {
        if capacity == 0 {
            return Err(CapacityError::TooSmall);
        }
        let mut data = allocate(capacity)?;
        tb_canary::mark("ringbuf-resize-leak", capacity < self.len);
        if capacity < self.len {
            return Err(CapacityError::TooSmall);
        }
        self.peek(&mut data);
        self.data = data;
        self.head = 0;
        Ok(())
    }

    /// Seeded bug (docs/bugs.md): the error path frees the new storage, then the shared
    /// cleanup frees it again. Safe Rust refuses the second `drop` of a moved value (E0382):
    /// this does not compile.
    #[cfg(feature = "bug-ringbuf-resize-double-free")]
    pub fn resize(&mut self, capacity: usize) -> Result<(), CapacityError> {
        if capacity == 0 {
            return Err(CapacityError::TooSmall);
        }
        let mut data = allocate(capacity)?;
        let mut result = Ok(());
        if capacity < self.len {
            drop(data);
            result = Err(CapacityError::TooSmall);
        }
        if result.is_err() {
            drop(data);
            return result;
        }
        self.peek(&mut data);
        self.data = data;
        self.head = 0;
        result
    }

    /// Seeded bug (docs/bugs.md): the old storage is released as soon as the new one is in
    /// hand, and the bytes are then copied out of the regions that still point into it. Safe
    /// Rust refuses to drop storage that is still borrowed (E0505): this does not compile.
    #[cfg(feature = "bug-ringbuf-resize-use-after-free")]
    pub fn resize(&mut self, capacity: usize) -> Result<(), CapacityError> {
        if capacity == 0 || capacity < self.len {
            return Err(CapacityError::TooSmall);
        }
        let mut data = allocate(capacity)?;
        let old = std::mem::take(&mut self.data);
        let first = self.len.min(old.len() - self.head);
        let (front, back) = old.split_at(self.head);
        let (a, b) = (&back[..first], &front[..self.len - first]);
        drop(old);
        data[..a.len()].copy_from_slice(a);
        data[a.len()..self.len].copy_from_slice(b);
        self.data = data;
        self.head = 0;
        Ok(())
    }

    pub fn capacity(&self) -> usize {
        self.data.len()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Free bytes: `capacity() - len()`.
    pub fn space(&self) -> usize {
        self.capacity() - self.len
    }

    /// Positions never exceed `2 * capacity - 1`, so one subtraction wraps them.
    fn wrap(&self, pos: usize) -> usize {
        if pos >= self.capacity() {
            pos - self.capacity()
        } else {
            pos
        }
    }

    /// Every readable byte, oldest first, in at most two slices.
    pub fn read_regions(&self) -> (&[u8], &[u8]) {
        let first = self.len.min(self.capacity() - self.head);
        let (front, back) = self.data.split_at(self.head);
        (&back[..first], &front[..self.len - first])
    }

    /// All free space in FIFO order, in at most two slices; fill a prefix, then `commit`.
    pub fn write_regions(&mut self) -> (&mut [u8], &mut [u8]) {
        let tail = self.wrap(self.head + self.len);
        let free = self.space();
        let first = free.min(self.capacity() - tail);
        let (front, back) = self.data.split_at_mut(tail);
        (&mut back[..first], &mut front[..free - first])
    }

    /// Appends the first `min(n, space)` bytes of the write regions; returns that count.
    pub fn commit(&mut self, n: usize) -> usize {
        let n = n.min(self.space());
        self.len += n;
        n
    }

    /// Appends as much of `data` as fits; returns the bytes taken.
    #[cfg(not(feature = "bug-ringbuf-copy-past-wrap"))]
    pub fn write(&mut self, data: &[u8]) -> usize {
        let (a, b) = self.write_regions();
        let n = data.len().min(a.len() + b.len());
        let first = n.min(a.len());
        a[..first].copy_from_slice(&data[..first]);
        b[..n - first].copy_from_slice(&data[first..n]);
        self.commit(n)
    }

    // Seeded bug (docs/bugs.md): one unchecked copy for speed, of the whole count clamped to the
    // free space, into the first region: past the storage's end when the free space wraps.
    #[cfg(feature = "bug-ringbuf-copy-past-wrap")]
    #[allow(unsafe_code)]
    pub fn write(&mut self, data: &[u8]) -> usize {
        let (a, b) = self.write_regions();
        let n = data.len().min(a.len() + b.len());
        tb_canary::mark("ringbuf-copy-past-wrap", n > a.len());
        // SAFETY (mistaken): `n` is at most the free space, believed to follow `a` contiguously.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), a.as_mut_ptr(), n) };
        self.commit(n)
    }

    /// Copies the oldest bytes into `out` without removing them; returns the count.
    pub fn peek(&self, out: &mut [u8]) -> usize {
        let (a, b) = self.read_regions();
        let n = out.len().min(self.len);
        let first = n.min(a.len());
        out[..first].copy_from_slice(&a[..first]);
        out[first..n].copy_from_slice(&b[..n - first]);
        n
    }

    /// Removes the oldest `min(n, len)` bytes; returns the count ("consume" after
    /// `read_regions`).
    pub fn discard(&mut self, n: usize) -> usize {
        #[cfg(not(feature = "bug-ringbuf-discard-asserted"))]
        let n = n.min(self.len);
        // Seeded bug (docs/bugs.md): the count is asserted to be at most the size instead of
        // clamped to it, as if callers discarded only what they had read.
        #[cfg(feature = "bug-ringbuf-discard-asserted")]
        {
            tb_canary::mark("ringbuf-discard-asserted", n > self.len);
            assert!(n <= self.len, "discarding more than the buffer holds");
        }
        self.head = self.wrap(self.head + n);
        self.len -= n;
        if self.len == 0 {
            self.head = 0; // keeps the next write contiguous
        }
        n
    }

    /// Moves the oldest bytes into `out`; returns the count.
    pub fn read(&mut self, out: &mut [u8]) -> usize {
        let n = self.peek(out);
        self.discard(n)
    }

    pub fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_capacity_is_rejected() {
        assert_eq!(
            RingBuf::with_capacity(0).unwrap_err(),
            CapacityError::TooSmall
        );
    }

    #[test]
    fn unallocatable_capacity_is_an_error_not_an_abort() {
        assert_eq!(
            RingBuf::with_capacity(usize::MAX).unwrap_err(),
            CapacityError::TooLarge
        );
    }

    #[test]
    fn resize_keeps_wrapped_bytes_in_order_and_refuses_what_cannot_hold_them() {
        let mut rb = RingBuf::with_capacity(4).unwrap();
        rb.write(b"abcd");
        rb.discard(2);
        rb.write(b"ef"); // wrapped: "cd" at the end, "ef" at the front
        assert_eq!(rb.resize(3), Err(CapacityError::TooSmall));
        assert_eq!(rb.resize(usize::MAX), Err(CapacityError::TooLarge));
        assert_eq!(rb.read_regions(), (&b"cd"[..], &b"ef"[..])); // unchanged
        assert_eq!(rb.resize(6), Ok(()));
        assert_eq!(
            (rb.capacity(), rb.read_regions()),
            (6, (&b"cdef"[..], &b""[..]))
        );
        assert_eq!(rb.write(b"ghij"), 2);
    }

    #[test]
    fn wrapped_data_reads_back_in_order_from_two_regions() {
        let mut rb = RingBuf::with_capacity(5).unwrap();
        assert_eq!(rb.write(b"abcd"), 4);
        assert_eq!(rb.discard(3), 3);
        assert_eq!(rb.write(b"efghij"), 4); // partial: only 4 bytes free
        assert_eq!(rb.read_regions(), (&b"de"[..], &b"fgh"[..]));
        let mut out = [0u8; 8];
        assert_eq!(rb.read(&mut out), 5);
        assert_eq!(&out[..5], b"defgh");
        assert!(rb.is_empty());
    }

    #[test]
    fn commit_appends_what_was_written_into_the_regions() {
        let mut rb = RingBuf::with_capacity(3).unwrap();
        let (a, b) = rb.write_regions();
        assert_eq!((a.len(), b.len()), (3, 0));
        a[..2].copy_from_slice(b"xy");
        assert_eq!(rb.commit(2), 2);
        assert_eq!(rb.commit(9), 1); // clamped to the free space
        assert_eq!(rb.len(), 3);
        assert_eq!(rb.read_regions().0[..2], *b"xy");
    }
}
