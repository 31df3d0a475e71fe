//! The crate's own checks of the spec; the shared vectors (corpora/spsc/vectors.txt) and the
//! two-thread stress test run against both twins in harness/tests.

use crate::*;

#[test]
fn only_powers_of_two_up_to_the_limit_make_a_queue() {
    for bad in [0, 3, 6, MAX_CAPACITY + 1, MAX_CAPACITY * 2] {
        assert_eq!(channel(bad).err(), Some(Error::InvalidCapacity), "{bad}");
    }
    for good in [1, 2, 64, 4096] {
        assert_eq!(channel(good).map(|(p, _)| p.capacity()).ok(), Some(good));
    }
}

#[test]
fn push_and_pop_clamp_to_space_and_bytes_and_keep_order_across_the_wrap() {
    let (mut tx, mut rx) = channel(8).unwrap();
    assert_eq!(tx.push(b"abcdef"), 6);
    assert_eq!(tx.push(b"ghijk"), 2, "only two bytes free");
    let mut out = [0u8; 5];
    assert_eq!(rx.pop(&mut out), 5);
    assert_eq!(&out, b"abcde");
    assert_eq!(tx.push(b"ijklm"), 5, "wraps around the end");
    let mut rest = [0u8; 16];
    assert_eq!(rx.pop(&mut rest), 8);
    assert_eq!(&rest[..8], b"fghijklm");
    assert_eq!(rx.pop(&mut rest), 0, "empty");
}

#[test]
fn regions_cover_free_space_and_bytes_and_split_only_at_the_end() {
    let (mut tx, mut rx) = channel(8).unwrap();
    assert_eq!(tx.push(b"123456"), 6);
    assert_eq!(rx.release(5), 5);
    let [a, b] = tx.write_regions();
    assert_eq!((a.len(), b.len()), (2, 5));
    a.copy_from_slice(b"xy");
    b[..1].copy_from_slice(b"z");
    assert_eq!(tx.publish(100), 7, "clamped to the free space");
    let [a, b] = rx.read_regions();
    // Published but never written: the slots' earlier bytes ("2345"), as the spec says.
    assert_eq!((a, b), (&b"6xy"[..], &b"z2345"[..]));
    assert_eq!(rx.release(3), 3);
}

#[test]
fn two_threads_move_a_stream_without_loss_or_reordering() {
    const TOTAL: usize = 1 << 22;
    let (mut tx, mut rx) = channel(64).unwrap();
    let producer = std::thread::spawn(move || {
        let mut sent = 0;
        while sent < TOTAL {
            let chunk: Vec<u8> = (sent..sent + 13).map(|i| (i % 251) as u8).collect();
            sent += tx.push(&chunk[..13.min(TOTAL - sent)]);
        }
    });
    let mut got = 0;
    let mut buf = [0u8; 29];
    while got < TOTAL {
        let n = rx.pop(&mut buf);
        for (k, &b) in buf[..n].iter().enumerate() {
            assert_eq!(b, ((got + k) % 251) as u8, "byte {}", got + k);
        }
        got += n;
    }
    producer.join().unwrap();
}
