//! Fixed-capacity byte FIFO twin: storage allocated once, any capacity >= 1, zero-copy
//! regions. Spec: docs/components/ringbuf.md.
#![forbid(unsafe_code)]

/// Why a buffer could not be created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateError {
    ZeroCapacity,
    /// The storage could not be allocated.
    TooLarge,
}

/// A first-in first-out queue of bytes with a fixed capacity.
#[derive(Debug)]
pub struct RingBuf {
    data: Box<[u8]>,
    head: usize, // index of the oldest byte
    len: usize,  // readable bytes
}

impl RingBuf {
    /// Allocates `capacity` bytes once; nothing allocates afterwards.
    pub fn with_capacity(capacity: usize) -> Result<Self, CreateError> {
        if capacity == 0 {
            return Err(CreateError::ZeroCapacity);
        }
        let mut data = Vec::new();
        data.try_reserve_exact(capacity)
            .map_err(|_| CreateError::TooLarge)?;
        data.resize(capacity, 0);
        Ok(RingBuf {
            data: data.into_boxed_slice(),
            head: 0,
            len: 0,
        })
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
    pub fn write(&mut self, data: &[u8]) -> usize {
        let (a, b) = self.write_regions();
        let n = data.len().min(a.len() + b.len());
        let first = n.min(a.len());
        a[..first].copy_from_slice(&data[..first]);
        b[..n - first].copy_from_slice(&data[first..n]);
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
        let n = n.min(self.len);
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
            CreateError::ZeroCapacity
        );
    }

    #[test]
    fn unallocatable_capacity_is_an_error_not_an_abort() {
        assert_eq!(
            RingBuf::with_capacity(usize::MAX).unwrap_err(),
            CreateError::TooLarge
        );
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
