//! serde_json (Debian: librust-serde-json-dev) as the Rust baseline of the json benchmark:
//! `serde_json::from_slice::<serde_json::Value>` per iteration, the value dropped — the DOM use
//! of serde_json. Default features, as a user gets them: objects are `BTreeMap`s (keys sorted,
//! so the walk meets numbers in another order than the document), and floats are parsed
//! without the `float_roundtrip` feature (fast, not always correctly rounded).

use std::ffi::{c_char, c_void};

use serde_json::Value;

use tb_ffi_support::slices;

/// Mirror of `tb_json_counts` (harness/include/twinbench/json.h).
#[repr(C)]
#[derive(Default)]
pub struct TbJsonCounts {
    pub objects: usize,
    pub arrays: usize,
    pub strings: usize,
    pub string_bytes: usize,
    pub numbers: usize,
    pub integers: usize,
    pub trues: usize,
    pub falses: usize,
    pub nulls: usize,
    pub integers_known: i32,
    pub failed: i32,
}

/// Mirror of `tb_json_baseline_api` (harness/include/twinbench/json.h).
#[repr(C)]
pub struct TbJsonBaselineApi {
    pub name: *const c_char,
    pub rounds_correctly: i32,
    pub prepare: unsafe extern "C" fn(input: *const u8, len: usize) -> *mut c_void,
    pub parse: unsafe extern "C" fn(prepared: *mut c_void) -> i32,
    pub count: unsafe extern "C" fn(
        prepared: *mut c_void,
        values: *mut f64,
        values_cap: usize,
        counts: *mut TbJsonCounts,
    ),
    pub release: unsafe extern "C" fn(prepared: *mut c_void),
}

// SAFETY: the table is immutable and its name points to a static C string.
unsafe impl Sync for TbJsonBaselineApi {}

const _: () = assert!(std::mem::size_of::<TbJsonCounts>() == 9 * 8 + 8);
const _: () = assert!(std::mem::size_of::<TbJsonBaselineApi>() == 6 * 8);

struct Walk<'a> {
    counts: TbJsonCounts,
    values: &'a mut [f64],
}

impl Walk<'_> {
    // serde_json refuses documents nested deeper than 128, so the recursion is bounded.
    fn value(&mut self, v: &Value) {
        let c = &mut self.counts;
        match v {
            Value::Null => c.nulls += 1,
            Value::Bool(true) => c.trues += 1,
            Value::Bool(false) => c.falses += 1,
            Value::Number(n) => {
                if n.is_i64() || n.is_u64() {
                    c.integers += 1;
                }
                if let Some(slot) = self.values.get_mut(c.numbers) {
                    *slot = n.as_f64().unwrap_or(f64::NAN);
                }
                c.numbers += 1;
            }
            Value::String(s) => {
                c.strings += 1;
                c.string_bytes += s.len();
            }
            Value::Array(a) => {
                c.arrays += 1;
                a.iter().for_each(|e| self.value(e));
            }
            Value::Object(m) => {
                c.objects += 1;
                for (k, e) in m {
                    self.counts.strings += 1;
                    self.counts.string_bytes += k.len();
                    self.value(e);
                }
            }
        }
    }
}

/// # Safety
/// `input[..len]` readable.
unsafe extern "C" fn prepare(input: *const u8, len: usize) -> *mut c_void {
    // SAFETY: the caller's contract gives readable `input[..len]`.
    match unsafe { slices::input(input, len) } {
        Some(bytes) => Box::into_raw(Box::new(bytes.to_vec())).cast(),
        None => std::ptr::null_mut(),
    }
}

/// # Safety
/// `prepared` from `prepare`, not yet released.
unsafe fn prepared_bytes<'a>(prepared: *mut c_void) -> &'a [u8] {
    // SAFETY: `prepare` made it from a Box<Vec<u8>>, alive until `release`.
    unsafe { &*prepared.cast::<Vec<u8>>() }
}

unsafe extern "C" fn parse(prepared: *mut c_void) -> i32 {
    // SAFETY: the caller passes what `prepare` returned.
    let bytes = unsafe { prepared_bytes(prepared) };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => {
            std::hint::black_box(&value);
            0
        }
        Err(_) => 1,
    }
}

unsafe extern "C" fn count(
    prepared: *mut c_void,
    values: *mut f64,
    values_cap: usize,
    counts: *mut TbJsonCounts,
) {
    // SAFETY: the caller passes what `prepare` returned, a valid `counts`, and writable
    // `values[..values_cap]` (or NULL with 0).
    let (bytes, counts) = unsafe { (prepared_bytes(prepared), &mut *counts) };
    let values: &mut [f64] = if values.is_null() || values_cap == 0 {
        &mut []
    } else {
        // SAFETY: non-NULL and, by the caller's contract, valid for `values_cap` writes.
        unsafe { std::slice::from_raw_parts_mut(values, values_cap) }
    };
    let mut walk = Walk {
        counts: TbJsonCounts {
            integers_known: 1,
            ..Default::default()
        },
        values,
    };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => walk.value(&value),
        Err(_) => walk.counts.failed = 1,
    }
    *counts = walk.counts;
}

unsafe extern "C" fn release(prepared: *mut c_void) {
    if !prepared.is_null() {
        // SAFETY: `prepare` made it with Box::into_raw; released once.
        drop(unsafe { Box::from_raw(prepared.cast::<Vec<u8>>()) });
    }
}

static SERDE_JSON: TbJsonBaselineApi = TbJsonBaselineApi {
    name: c"serde_json".as_ptr(),
    // Default features (above): without float_roundtrip a number may be read one unit in the
    // last place off.
    rounds_correctly: 0,
    prepare,
    parse,
    count,
    release,
};

#[no_mangle]
pub extern "C" fn tb_json_serde_json() -> &'static TbJsonBaselineApi {
    &SERDE_JSON
}
