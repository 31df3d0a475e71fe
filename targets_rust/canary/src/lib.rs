//! The seeded-bug canary (harness/include/twinbench/canary.h) for the Rust twins. A component
//! crate depends on this crate only through its `bug-<id>` features, so a normal build neither
//! compiles a bug site nor links this crate; a bug build links it into a binary that supplies
//! `tb_canary` (harness/include/twinbench/canary.cc). The component crates stay `forbid(unsafe_code)`: the
//! one `unsafe` block, the foreign call, is here.

#[cfg(not(feature = "off"))]
extern "C" {
    fn tb_canary(bug: *const u8, bug_len: usize, triggered: i32);
}

/// Marks the bug `id`'s site as reached, and as triggered when `triggered` is true.
#[cfg(not(feature = "off"))]
pub fn mark(id: &str, triggered: bool) {
    // SAFETY: tb_canary reads exactly `bug_len` bytes from `bug`, which `id` provides, and keeps
    // no pointer to them after it returns.
    unsafe { tb_canary(id.as_ptr(), id.len(), i32::from(triggered)) }
}

/// The release replays' canary (feature `off`): nothing, inlined away.
#[cfg(feature = "off")]
#[inline(always)]
pub fn mark(_id: &str, _triggered: bool) {}
