use crate::{tables, Config, Error, ErrorKind};

/// Exact encoded length of `n` bytes, or `None` when it exceeds `usize::MAX`.
pub fn encoded_len(n: usize, pad: bool) -> Option<usize> {
    let (groups, rest) = (n / 3, n % 3);
    let extra = match (rest, pad) {
        (0, _) => 0,
        (_, true) => 4,
        (r, false) => r + 1,
    };
    groups.checked_mul(4)?.checked_add(extra)
}

/// Encodes `input` into the front of `out`, which must hold `encoded_len` bytes; returns that
/// length.
pub fn encode(input: &[u8], out: &mut [u8], config: Config) -> Result<usize, Error> {
    let need = encoded_len(input.len(), config.pad).ok_or(Error {
        kind: ErrorKind::Overflow,
        offset: 0,
    })?;
    if out.len() < need {
        return Err(Error {
            kind: ErrorKind::OutputTooSmall,
            offset: 0,
        });
    }
    let a = tables::alphabet(config.alphabet);
    let pairs = tables::pairs_for(config.alphabet);
    // 6 bytes -> 8 characters, 12 bits per lookup; the 8-byte load reads 2 bytes it does not
    // use.
    let blocks = if input.len() >= 8 {
        (input.len() - 8) / 6 + 1
    } else {
        0
    };
    let windows = input.windows(8).step_by(6);
    for (src, dst) in windows.zip(out[..blocks * 8].chunks_exact_mut(8)) {
        let w = u64::from_be_bytes(src.try_into().expect("8 bytes"));
        let chars = u64::from(pairs[(w >> 52) as usize])
            | u64::from(pairs[((w >> 40) & 0xfff) as usize]) << 16
            | u64::from(pairs[((w >> 28) & 0xfff) as usize]) << 32
            | u64::from(pairs[((w >> 16) & 0xfff) as usize]) << 48;
        dst.copy_from_slice(&chars.to_le_bytes());
    }
    let (mut i, mut o) = (blocks * 6, blocks * 8);
    while input.len() - i >= 3 {
        let w = u32::from(input[i]) << 16 | u32::from(input[i + 1]) << 8 | u32::from(input[i + 2]);
        out[o] = a[(w >> 18) as usize];
        out[o + 1] = a[((w >> 12) & 63) as usize];
        out[o + 2] = a[((w >> 6) & 63) as usize];
        out[o + 3] = a[(w & 63) as usize];
        i += 3;
        o += 4;
    }
    let rest = input.len() - i;
    if rest > 0 {
        let w = u32::from(input[i]) << 16
            | if rest == 2 {
                u32::from(input[i + 1]) << 8
            } else {
                0
            };
        out[o] = a[(w >> 18) as usize];
        out[o + 1] = a[((w >> 12) & 63) as usize];
        o += 2;
        if rest == 2 {
            out[o] = a[((w >> 6) & 63) as usize];
            o += 1;
        }
        if config.pad {
            out[o] = b'=';
            o += 1;
            if rest == 1 {
                out[o] = b'=';
                o += 1;
            }
        }
    }
    Ok(o)
}
