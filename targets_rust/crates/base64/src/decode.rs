use crate::{tables, Config, Error, ErrorKind};
use tables::{Placed, BAD, SPECIAL};

/// Largest decoded length of `n` input bytes; cannot overflow.
pub fn decoded_max_len(n: usize) -> usize {
    n / 4 * 3 + n % 4 * 3 / 4
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

fn quantum(placed: &Placed, c: &[u8]) -> u32 {
    placed[0][c[0] as usize]
        | placed[1][c[1] as usize]
        | placed[2][c[2] as usize]
        | placed[3][c[3] as usize]
}

/// Two quanta (8 characters) as the 6 bytes they decode to.
fn store_six(out: &mut [u8], first: u32, second: u32) {
    let v = u64::from(first) << 24 | u64::from(second);
    out[..6].copy_from_slice(&v.to_be_bytes()[2..]);
}

fn fail(kind: ErrorKind, offset: usize) -> Result<usize, Error> {
    Err(Error { kind, offset })
}

/// Decodes `input` strictly into the front of `out`, which must hold
/// `decoded_max_len(input.len())` bytes; returns the decoded length.
pub fn decode(input: &[u8], out: &mut [u8], config: Config) -> Result<usize, Error> {
    if out.len() < decoded_max_len(input.len()) {
        return fail(ErrorKind::OutputTooSmall, 0);
    }
    let t = tables::decode_table_for(config.alphabet);
    let placed = tables::placed_for(config.alphabet);
    let (mut i, mut o) = (0, 0);
    let mut q = [0u8; 4];
    let mut q_at = [0usize; 4];
    let mut k; // data characters in the current quantum
    loop {
        // Fast loops: 32, then 8 plain alphabet characters -> 24, 6 bytes.
        while input.len() - i >= 32 {
            let block: &[u8; 32] = input[i..i + 32].try_into().expect("32 bytes");
            let (mut quanta, mut any) = ([0u32; 8], 0u32);
            for (j, chars) in block.chunks_exact(4).enumerate() {
                quanta[j] = quantum(placed, chars);
                any |= quanta[j];
            }
            if any & BAD != 0 {
                break;
            }
            let dst: &mut [u8; 24] = (&mut out[o..o + 24]).try_into().expect("24 bytes");
            for (six, pair) in dst.chunks_exact_mut(6).zip(quanta.chunks_exact(2)) {
                store_six(six, pair[0], pair[1]);
            }
            i += 32;
            o += 24;
        }
        #[cfg(not(feature = "bug-base64-fast-loop-overread"))]
        while input.len() - i >= 8 {
            let (first, second) = (
                quantum(placed, &input[i..]),
                quantum(placed, &input[i + 4..]),
            );
            if (first | second) & BAD != 0 {
                break;
            }
            store_six(&mut out[o..], first, second);
            i += 8;
            o += 6;
        }
        // Seeded bug (docs/bugs.md): the hot loop's loads go unchecked for speed, under a bound
        // written with the last character's index, i + 7, and `<=`: it also lets in 7 remaining
        // characters, and the eighth load is input[len].
        #[cfg(feature = "bug-base64-fast-loop-overread")]
        while i + 7 <= input.len() {
            tb_canary::mark("base64-fast-loop-overread", i + 8 > input.len());
            // SAFETY (mistaken): the loop bound is believed to keep input[i..i + 8] in range.
            #[allow(unsafe_code)]
            let chars = unsafe { input.get_unchecked(i..i + 8) };
            let (first, second) = (quantum(placed, chars), quantum(placed, &chars[4..]));
            if (first | second) & BAD != 0 {
                break;
            }
            store_six(&mut out[o..], first, second);
            i += 8;
            o += 6;
        }
        // Careful step: the next 4 significant characters, byte by byte.
        k = 0;
        while k < 4 && i < input.len() {
            let d = t[input[i] as usize];
            if d & SPECIAL != 0 {
                if config.skip_whitespace && is_ws(input[i]) {
                    i += 1;
                    continue;
                }
                break; // '=', an invalid byte: the tail below decides
            }
            q[k] = d;
            q_at[k] = i;
            k += 1;
            i += 1;
        }
        if k < 4 {
            break;
        }
        out[o] = q[0] << 2 | q[1] >> 4;
        out[o + 1] = q[1] << 4 | q[2] >> 2;
        out[o + 2] = q[2] << 6 | q[3];
        o += 3;
    }

    // The data ends at i: at '=', an invalid byte, or the end; k characters are pending.
    if i < input.len() && input[i] != b'=' {
        return fail(ErrorKind::InvalidByte, i);
    }
    match k {
        1 => return fail(ErrorKind::Truncated, q_at[0]),
        2 if q[1] & 0x0f != 0 => return fail(ErrorKind::TrailingBits, q_at[1]),
        3 if q[2] & 0x03 != 0 => return fail(ErrorKind::TrailingBits, q_at[2]),
        _ => {}
    }
    #[cfg(not(feature = "bug-base64-tail-write"))]
    {
        if k >= 2 {
            out[o] = q[0] << 2 | q[1] >> 4;
            o += 1;
        }
        if k == 3 {
            out[o] = q[1] << 4 | q[2] >> 2;
            o += 1;
        }
    }
    // Seeded bug (docs/bugs.md): the partial quantum is stored as a whole triple, then counted
    // as the k - 1 bytes it holds.
    #[cfg(feature = "bug-base64-tail-write")]
    if k >= 2 {
        tb_canary::mark("base64-tail-write", o + 3 > out.len());
        out[o..o + 3].copy_from_slice(&[q[0] << 2 | q[1] >> 4, q[1] << 4 | q[2] >> 2, q[2] << 6]);
        o += k - 1;
    }

    let pad_expected = if config.pad { (4 - k) % 4 } else { 0 };
    let mut pad_seen = 0;
    // Seeded bug (docs/bugs.md): without whitespace the padding is contiguous, so it is compared
    // in one go, without asking whether the input still holds pad_expected bytes.
    #[cfg(feature = "bug-base64-pad-lookahead")]
    if !config.skip_whitespace && pad_expected > 0 {
        tb_canary::mark("base64-pad-lookahead", i + pad_expected > input.len());
        for j in 0..pad_expected {
            if input[i + j] != b'=' {
                return fail(ErrorKind::BadPadding, i + j);
            }
        }
        i += pad_expected;
        pad_seen = pad_expected;
    }
    for (at, &c) in input.iter().enumerate().skip(i) {
        if config.skip_whitespace && is_ws(c) {
            continue;
        }
        if c == b'=' && pad_seen < pad_expected {
            pad_seen += 1;
            continue;
        }
        return fail(ErrorKind::BadPadding, at);
    }
    if pad_seen < pad_expected {
        return fail(ErrorKind::BadPadding, input.len());
    }
    // Seeded bug (docs/bugs.md): the decoded length is worked out from the input's length, as if
    // every input byte were significant; skipped whitespace makes it too long.
    #[cfg(feature = "bug-base64-length-from-input")]
    let o = {
        let from_input = decoded_max_len(input.len() - pad_seen);
        tb_canary::mark("base64-length-from-input", from_input != o);
        from_input
    };
    Ok(o)
}
