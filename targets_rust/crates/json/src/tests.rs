//! The crate's checks, in the spec's order: errors and their offsets, the tape, numbers
//! (against `str::parse::<f64>`, which is correctly rounded), the serializer, and the
//! round trip. The shared conformance vectors (corpora/json/vectors.txt) are also run here;
//! harness/tests runs them against both twins.

use crate::number::{magnitude_bits, Path};
use crate::*;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn digits(&mut self, n: usize, s: &mut String) {
        for _ in 0..n {
            s.push((b'0' + self.below(10) as u8) as char);
        }
    }
}

#[derive(Debug)]
struct Doc {
    tape: Vec<u64>,
    arena: Vec<u8>,
}

fn parse_depth(input: &[u8], max_depth: u32) -> Result<Doc, Error> {
    let mut tape = vec![0xDEAD_BEEF_u64; input.len() + 1];
    let mut arena = vec![0xAA; input.len()];
    let (t, a) = parse(input, max_depth, &mut tape, &mut arena)?;
    assert!(t <= input.len() + 1 && a <= input.len());
    tape.truncate(t);
    arena.truncate(a);
    Ok(Doc { tape, arena })
}

fn doc(input: &[u8]) -> Doc {
    match parse_depth(input, DEFAULT_MAX_DEPTH) {
        Ok(d) => d,
        Err(e) => panic!("{:?}: {e:?}", String::from_utf8_lossy(input)),
    }
}

fn err(input: &[u8]) -> (ErrorKind, usize) {
    match parse_depth(input, DEFAULT_MAX_DEPTH) {
        Ok(_) => panic!("{:?} parsed", String::from_utf8_lossy(input)),
        Err(e) => (e.kind, e.offset),
    }
}

fn text(d: &Doc) -> String {
    let mut out = vec![0; 1 << 16];
    let n = serialize(&d.tape, &d.arena, &mut out).expect("serializes");
    String::from_utf8(out[..n].to_vec()).expect("canonical text of valid UTF-8 is UTF-8")
}

fn canonical(input: &str) -> String {
    text(&doc(input.as_bytes()))
}

/// The one value of a scalar document: (tag, value word).
fn scalar(input: &str) -> (u8, u64) {
    let d = doc(input.as_bytes());
    assert_eq!(d.tape.len(), 2, "{input}");
    (tag(d.tape[0]), d.tape[1])
}

/// A number's double, or None for bad-number (out of range).
fn double_of(input: &str) -> Option<f64> {
    match parse_depth(input.as_bytes(), 1) {
        Ok(d) => {
            assert_eq!(tag(d.tape[0]), DOUBLE, "{input}");
            Some(f64::from_bits(d.tape[1]))
        }
        Err(e) => {
            assert_eq!((e.kind, e.offset), (ErrorKind::BadNumber, 0), "{input}");
            None
        }
    }
}

/// What `str::parse::<f64>` says JSON should give: None when it rounds to infinity.
fn reference(input: &str) -> Option<f64> {
    let v: f64 = input
        .parse()
        .expect("a JSON number is a Rust float literal");
    v.is_finite().then_some(v)
}

fn same_double(a: Option<f64>, b: Option<f64>) -> bool {
    a.map(f64::to_bits) == b.map(f64::to_bits)
}

// ---------------------------------------------------------------------------------------------
// Arguments

#[test]
fn arguments_are_checked_before_the_input() {
    let mut tape = [0u64; 8];
    let mut arena = [0u8; 8];
    let invalid = Err(Error::at(ErrorKind::InvalidArgument, 0));
    assert_eq!(parse(b"[]", 0, &mut tape, &mut arena), invalid);
    assert_eq!(parse(b"[]", 4097, &mut tape, &mut arena), invalid);
    assert_eq!(parse(b"[]", 4096, &mut tape, &mut arena), Ok((2, 0)));
    let small = Err(Error::at(ErrorKind::OutputTooSmall, 0));
    // tape_cap >= len + 1 and arena_cap >= len, whatever the document needs.
    assert_eq!(parse(b"[1,2,3]", 1, &mut tape[..7], &mut arena), small);
    assert_eq!(parse(b"[1,2,3]", 1, &mut tape, &mut arena[..6]), small);
    assert_eq!(parse(b"[1,2,3]", 1, &mut tape, &mut arena[..7]), Ok((8, 0)));
    assert_eq!(parse(b"", 1, &mut [], &mut []), small);
    assert_eq!(
        parse(b"", 1, &mut tape[..1], &mut []),
        Err(Error::at(ErrorKind::Truncated, 0))
    );
}

// ---------------------------------------------------------------------------------------------
// Errors: the table of the spec, one first error left to right

#[test]
fn structure_errors_are_at_the_byte_that_does_not_fit() {
    use ErrorKind::*;
    for (input, kind, offset) in [
        ("", Truncated, 0),
        (" \t\n\r", Truncated, 4),
        ("[", Truncated, 1),
        ("[1", Truncated, 2),
        ("[1,", Truncated, 3),
        ("{\"a\"", Truncated, 4),
        ("{\"a\":", Truncated, 5),
        ("{\"a\":1 ", Truncated, 7),
        ("[1,]", UnexpectedByte, 3),
        ("{,}", UnexpectedByte, 1),
        ("[1 2]", UnexpectedByte, 3),
        ("+1", UnexpectedByte, 0),
        (".5", UnexpectedByte, 0),
        ("'a'", UnexpectedByte, 0),
        ("]", UnexpectedByte, 0),
        ("{\"a\":1,}", UnexpectedByte, 7),
        ("{\"a\" 1}", UnexpectedByte, 5),
        ("{1:2}", UnexpectedByte, 1),
        ("[}", UnexpectedByte, 1),
        ("\u{feff}[]", UnexpectedByte, 0),
        ("[é]", UnexpectedByte, 1),
        ("[\u{b}1]", UnexpectedByte, 1),
        ("1 2", TrailingContent, 2),
        ("truex", TrailingContent, 4),
        ("[truex]", UnexpectedByte, 5),
        ("[] /**/", TrailingContent, 3),
        ("1.5.3", TrailingContent, 3),
        ("tru", Truncated, 3),
        ("trUe", BadLiteral, 2),
        ("nulL", BadLiteral, 3),
        ("falsy", BadLiteral, 4),
        ("NaN", UnexpectedByte, 0),
        ("[\"\\x\", 01]", BadEscape, 3),
        ("[01, \"\\x\"]", BadNumber, 2),
    ] {
        assert_eq!(err(input.as_bytes()), (kind, offset), "{input:?}");
    }
}

#[test]
fn number_errors() {
    use ErrorKind::*;
    for (input, offset) in [
        ("-", 1),
        ("-a", 1),
        ("- 1", 1),
        ("01", 1),
        ("-01", 2),
        ("00", 1),
        ("-00", 2),
        ("1.", 2),
        ("1.e3", 2),
        ("1e", 2),
        ("1e+", 3),
        ("1E-x", 3),
        ("[1.]", 3),
        ("-Infinity", 1),
        // Rounds beyond DBL_MAX: at the number's first byte, before the next byte is judged.
        ("1.7976931348623159e308", 0),
        ("-1e309", 0),
        ("[0,1e400x", 3),
        ("123456789e99999999999999999999", 0),
    ] {
        assert_eq!(err(input.as_bytes()), (BadNumber, offset), "{input:?}");
    }
}

#[test]
fn string_errors() {
    use ErrorKind::*;
    for (input, kind, offset) in [
        (&b"\"abc"[..], Truncated, 4),
        (b"\"abcdefghijklmnop", Truncated, 17),
        (b"\"a\x01b\"", ControlInString, 2),
        (b"\"0123456789\x1f\"", ControlInString, 11),
        (b"\"\t\"", ControlInString, 1),
        (b"\"\\x\"", BadEscape, 2),
        (b"\"\\U0041\"", BadEscape, 2),
        (b"\"\\", Truncated, 2),
        (b"\"\\u12\"", BadEscape, 5),
        (b"\"\\u12", Truncated, 5),
        (b"\"\\udc00\"", BadSurrogate, 1),
        (b"\"x\\udfff\"", BadSurrogate, 2),
        // A high surrogate escape: at the byte after it unless that starts `\u`, else at the
        // second escape's `\` (after its hex digits are checked).
        (b"\"\\ud800\"", BadSurrogate, 7),
        (b"\"\\ud800x\"", BadSurrogate, 7),
        (b"\"\\ud800\\n\"", BadSurrogate, 7),
        (b"\"\\ud800\\u0041\"", BadSurrogate, 7),
        (b"\"\\ud800\\ud800\"", BadSurrogate, 7),
        (b"\"\\ud800\\udc0g\"", BadEscape, 12),
        (b"\"\\ud800", Truncated, 7),
        (b"\"\\ud800\\", Truncated, 8),
        (b"\"\\ud800\\u", Truncated, 9),
        (b"\"\x80\"", BadUtf8, 1),
        (b"\"\xc1\xbf\"", BadUtf8, 1),
        (b"\"\xc2\x41\"", BadUtf8, 2),
        (b"\"\xe0\x9f\xbf\"", BadUtf8, 2),
        (b"\"\xed\xa0\x80\"", BadUtf8, 2),
        (b"\"\xf0\x8f\xbf\xbf\"", BadUtf8, 2),
        (b"\"\xf4\x90\x80\x80\"", BadUtf8, 2),
        (b"\"\xf5\x80\x80\x80\"", BadUtf8, 1),
        (b"\"\xf0\x9f\x98\"", BadUtf8, 4),
        (b"\"\xf0\x9f\x98", Truncated, 4),
        (b"\"abcdefgh\xe6\x97\xa5\xe6\x97\"", BadUtf8, 14),
    ] {
        assert_eq!(
            err(input),
            (kind, offset),
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn depth_is_limited_at_the_opening_byte() {
    let deep = |n: usize| [vec![b'['; n], vec![b']'; n]].concat();
    assert!(parse_depth(&deep(4096), 4096).is_ok());
    let e = parse_depth(&deep(4097), 4096).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::TooDeep, 4096));
    assert!(parse_depth(b"[]", 1).is_ok());
    assert_eq!(
        parse_depth(b"[1,{}]", 1).unwrap_err(),
        Error::at(ErrorKind::TooDeep, 3)
    );
    assert_eq!(
        parse_depth(b"{\"a\":[]}", 1).unwrap_err(),
        Error::at(ErrorKind::TooDeep, 5)
    );
    // The first error wins: the syntax error comes before the too-deep opener.
    assert_eq!(
        parse_depth(b"[x,[[]]]", 2).unwrap_err(),
        Error::at(ErrorKind::UnexpectedByte, 1)
    );
    // A deep, long document: counts parked and restored at every level.
    let mut s = String::new();
    for i in 0..4000 {
        s.push_str(&format!("[{i},"));
    }
    s.push_str("[]");
    s.push_str(&"]".repeat(4000));
    let d = parse_depth(s.as_bytes(), 4096).unwrap();
    assert_eq!(text(&d), s);
}

/// Every string of valid and invalid UTF-8, at every alignment: the parser agrees with
/// `std::str::from_utf8`, and the error is at the first byte outside table 3-7.
#[test]
fn utf8_validation_matches_std() {
    let mut rng = Rng(7);
    let pieces: [&[u8]; 16] = [
        b"a",
        b"\xc3\xa9",
        b"\xe6\x97\xa5",
        b"\xf0\x9f\x98\x80",
        b"\xed\x9f\xbf",
        b"\xee\x80\x80",
        b"\xf4\x8f\xbf\xbf",
        b"\x80",
        b"\xc0",
        b"\xe0",
        b"\xed",
        b"\xf0",
        b"\xf4",
        b"\xff",
        b"\xa0",
        b"\x90",
    ];
    for _ in 0..20000 {
        let mut s = Vec::new();
        for _ in 0..rng.below(12) {
            s.extend_from_slice(pieces[rng.below(16) as usize]);
        }
        let input = [&b"\""[..], &s, b"\""].concat();
        match std::str::from_utf8(&s) {
            Ok(_) => assert_eq!(doc(&input).arena, s),
            Err(e) => {
                let v = e.valid_up_to();
                let offset = if (0xC2..=0xF4).contains(&s[v]) {
                    v + e.error_len().unwrap_or(s.len() - v)
                } else {
                    v
                };
                assert_eq!(err(&input), (ErrorKind::BadUtf8, 1 + offset), "{s:x?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The tape

#[test]
fn the_tape_of_a_small_document() {
    let d = doc(br#" {"a" : [1, "xy", true], "b": {}, "c": null, "a": -2.5} "#);
    let w = |t: u8, p: u64| (t as u64) << 56 | p;
    assert_eq!(
        d.tape,
        [
            w(OBJECT, 22),
            w(STRING, 0),
            1, // "a"
            w(ARRAY, 10),
            w(INT64, 0),
            1,
            w(STRING, 1),
            2, // "xy"
            w(TRUE, 0),
            w(ARRAY_END, 3),
            w(STRING, 3),
            1, // "b"
            w(OBJECT, 14),
            w(OBJECT_END, 0),
            w(STRING, 4),
            1, // "c"
            w(NULL, 0),
            w(STRING, 5),
            1, // "a" again: duplicates kept
            w(DOUBLE, 0),
            (-2.5f64).to_bits(),
            w(OBJECT_END, 4),
        ]
    );
    assert_eq!(d.arena, b"axybca");
    // From a header, the end word is at payload - 1.
    assert_eq!(d.tape[payload(d.tape[3]) as usize - 1], w(ARRAY_END, 3));
}

#[test]
fn strings_decode_escapes_in_document_order() {
    let d = doc(br#"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20AC\ud83d\ude00", "", "plain"]"#);
    assert_eq!(d.arena, "\"\\/\u{8}\u{c}\n\r\tAé€😀plain".as_bytes());
    let lens: Vec<u64> = (0..4).map(|k| d.tape[2 + 2 * k]).collect();
    assert_eq!(lens, [8, 1 + 2 + 3 + 4, 0, 5]);
}

/// The 8-byte scan: a special byte at every position of strings of every length, near the
/// end of the input and far from it.
#[test]
fn strings_of_every_length_and_alignment() {
    let specials: [(&[u8], &[u8]); 4] = [
        (b"\\n", b"\n"),
        (b"\\u00e9", "é".as_bytes()),
        ("€".as_bytes(), "€".as_bytes()),
        (b"\\\"", b"\""),
    ];
    for len in 0..40 {
        for at in 0..=len {
            for (raw, decoded) in specials {
                for tail in [&b""[..], b"                 "] {
                    let body: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                    let input = [&b"\""[..], &body[..at], raw, &body[at..], b"\"", tail].concat();
                    let want = [&body[..at], decoded, &body[at..]].concat();
                    let d = doc(&input);
                    assert_eq!(d.arena, want);
                    assert_eq!(d.tape[1], want.len() as u64);
                    // A control byte at the same place.
                    let bad = [&b"\""[..], &body[..at], b"\x1f", &body[at..], b"\"", tail].concat();
                    assert_eq!(err(&bad), (ErrorKind::ControlInString, 1 + at));
                }
            }
        }
    }
}

#[test]
fn integers_are_exact_and_minus_zero_is_a_double() {
    assert_eq!(scalar("0"), (INT64, 0));
    assert_eq!(scalar("-1"), (INT64, -1i64 as u64));
    assert_eq!(scalar("9223372036854775807"), (INT64, i64::MAX as u64));
    assert_eq!(scalar("9223372036854775808"), (UINT64, 1 << 63));
    assert_eq!(scalar("18446744073709551615"), (UINT64, u64::MAX));
    assert_eq!(scalar("-9223372036854775808"), (INT64, i64::MIN as u64));
    assert_eq!(scalar("-0"), (DOUBLE, (-0.0f64).to_bits()));
    assert_eq!(scalar("-0.0"), (DOUBLE, (-0.0f64).to_bits()));
    assert_eq!(scalar("0.0"), (DOUBLE, 0));
    assert_eq!(scalar("1.0"), (DOUBLE, 1f64.to_bits()));
    assert_eq!(scalar("1e2"), (DOUBLE, 100f64.to_bits()));
    // Outside both ranges: doubles.
    assert_eq!(
        scalar("18446744073709551616"),
        (DOUBLE, 18446744073709551616f64.to_bits())
    );
    assert_eq!(
        scalar("-9223372036854775809"),
        (DOUBLE, (-9223372036854775809f64).to_bits())
    );
    assert_eq!(scalar("99999999999999999999"), (DOUBLE, 1e20f64.to_bits()));
    assert_eq!(
        scalar("-10000000000000000000"),
        (DOUBLE, (-1e19f64).to_bits())
    );
    // Every 19- and 20-digit boundary, against i128.
    let mut rng = Rng(3);
    for _ in 0..20000 {
        let mut s = String::new();
        if rng.below(2) == 0 {
            s.push('-');
        }
        s.push((b'1' + rng.below(9) as u8) as char);
        let n = 17 + rng.below(4) as usize;
        rng.digits(n, &mut s);
        let v: i128 = s.parse().unwrap();
        let want = if (i64::MIN as i128..=i64::MAX as i128).contains(&v) {
            (INT64, v as i64 as u64)
        } else if (0..=u64::MAX as i128).contains(&v) {
            (UINT64, v as u64)
        } else {
            (DOUBLE, (v as f64).to_bits())
        };
        assert_eq!(scalar(&s), want, "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// Doubles: correctly rounded, against str::parse::<f64>

#[test]
fn known_hard_doubles() {
    for (input, want) in [
        ("9007199254740993.0", Some(9007199254740992.0)),
        ("9007199254740995.0", Some(9007199254740996.0)),
        (
            "9007199254740993.00000000000000000000000000001",
            Some(9007199254740994.0),
        ),
        (
            "9007199254740992.99999999999999999999999999999",
            Some(9007199254740992.0),
        ),
        ("1e23", Some(1e23)),
        ("2.2250738585072011e-308", Some(2.225073858507201e-308)),
        ("2.2250738585072012e-308", Some(2.2250738585072014e-308)),
        ("4.9406564584124654e-324", Some(5e-324)),
        ("2.4703282292062327e-324", Some(0.0)),
        ("2.4703282292062328e-324", Some(5e-324)),
        ("1.7976931348623157e308", Some(f64::MAX)),
        ("1.7976931348623158e308", Some(f64::MAX)),
        ("1.7976931348623158079e308", Some(f64::MAX)),
        ("1.7976931348623159e308", None),
        ("1e-400", Some(0.0)),
        ("-1e-400", Some(-0.0)),
        ("0e99999999999999999999999999", Some(0.0)),
        ("1e-99999999999999999999999999", Some(0.0)),
        (
            "1e000000000000000000000000000000000000000000000000000000002",
            Some(100.0),
        ),
        (
            "0.000000000000000000000000000000000000000000001e45",
            Some(1.0),
        ),
        ("7.2057594037927933e16", Some(72057594037927936.0)),
        ("0.1", Some(0.1)),
        ("-65.613616999999977", Some(-65.613_616_999_999_98)),
        ("1.00000762939453125", Some(1.0 + 1.0 / 131072.0)),
    ] {
        let got = double_of(input);
        assert!(same_double(got, want), "{input}: {got:?} != {want:?}");
        assert!(same_double(got, reference(input)), "{input}");
    }
}

#[test]
fn long_inputs_of_800_digits() {
    // 2^53 + 1 followed by 800 digits: decided by the digit after the 768th only via the
    // truncated flag.
    let mut s = String::from("9007199254740993");
    s.push('.');
    s.push_str(&"0".repeat(800));
    assert!(same_double(double_of(&s), Some(9007199254740992.0)));
    s.push('1');
    assert!(same_double(double_of(&s), Some(9007199254740994.0)));
    let mut rng = Rng(11);
    for _ in 0..300 {
        let mut s = String::new();
        s.push((b'1' + rng.below(9) as u8) as char);
        let n = 700 + rng.below(200) as usize;
        rng.digits(n, &mut s);
        let point = rng.below(n as u64) as usize + 1;
        s.insert(point, '.');
        s.push_str(&format!("e{}", rng.below(700) as i64 - 400 - n as i64 / 2));
        assert!(same_double(double_of(&s), reference(&s)), "{s}");
    }
    // Many leading zeros in the fraction.
    let s = format!("0.{}1e1000", "0".repeat(1005));
    assert!(same_double(double_of(&s), reference(&s)));
}

/// A number of the grammar: up to 40 integer and 40 fraction digits, exponents below
/// `max_exponent`.
fn random_number(rng: &mut Rng, max_exponent: u64) -> String {
    let mut s = String::new();
    if rng.below(4) == 0 {
        s.push('-');
    }
    if rng.below(5) == 0 {
        s.push('0');
    } else {
        s.push((b'1' + rng.below(9) as u8) as char);
        let n = rng.below(40) as usize;
        rng.digits(n, &mut s);
    }
    if rng.below(2) == 0 {
        s.push('.');
        if rng.below(4) == 0 {
            s.push_str(&"0".repeat(rng.below(30) as usize));
        }
        let n = 1 + rng.below(40) as usize;
        rng.digits(n, &mut s);
    }
    if rng.below(3) != 0 {
        s.push(if rng.below(2) == 0 { 'e' } else { 'E' });
        match rng.below(3) {
            0 => s.push('-'),
            1 => s.push('+'),
            _ => {}
        }
        if rng.below(8) == 0 {
            s.push('0');
        }
        s.push_str(&rng.below(max_exponent).to_string());
    }
    s
}

#[test]
fn random_numbers_match_std() {
    let mut rng = Rng(1);
    for _ in 0..300_000 {
        let s = random_number(&mut rng, 380);
        let Ok(d) = parse_depth(s.as_bytes(), 1) else {
            assert!(same_double(double_of(&s), reference(&s)), "{s}");
            continue;
        };
        match tag(d.tape[0]) {
            DOUBLE => {
                let got = f64::from_bits(d.tape[1]);
                assert!(same_double(Some(got), reference(&s)), "{s}: {got:e}");
            }
            INT64 => assert_eq!(d.tape[1] as i64 as i128, s.parse::<i128>().unwrap()),
            UINT64 => assert_eq!(d.tape[1] as i128, s.parse::<i128>().unwrap()),
            t => panic!("{s}: tag {t}"),
        }
    }
}

/// The exact decimal text of `m × 2^e`.
fn exact_decimal(m: u64, e: i32) -> String {
    // Little-endian decimal digits of m, then × 2^e or × 5^-e with the point moved.
    let mut digits: Vec<u8> = m.to_string().bytes().rev().map(|c| c - b'0').collect();
    let times = |digits: &mut Vec<u8>, k: u8| {
        let mut carry = 0;
        for d in digits.iter_mut() {
            let v = *d * k + carry;
            *d = v % 10;
            carry = v / 10;
        }
        while carry > 0 {
            digits.push(carry % 10);
            carry /= 10;
        }
    };
    let k = if e >= 0 { 2 } else { 5 };
    for _ in 0..e.unsigned_abs() {
        times(&mut digits, k);
    }
    let s: String = digits.iter().rev().map(|&d| (b'0' + d) as char).collect();
    if e >= 0 {
        format!("{s}e0")
    } else {
        format!("{s}e-{}", e.unsigned_abs())
    }
}

/// Midpoints between neighbouring doubles, exactly and a hair above or below: the cases that
/// Eisel–Lemire must refuse and the simple decimal conversion must decide.
#[test]
fn halfway_cases_match_std_and_reach_the_fallback() {
    let mut rng = Rng(5);
    let mut paths = [0usize; 4];
    for i in 0..3000 {
        let bits = match i % 3 {
            0 => rng.below(0x7FE0_0000_0000_0000),
            1 => rng.below(1 << 53), // subnormals and the smallest normals
            _ => ((1075 + rng.below(40)) << 52) | rng.below(1 << 52), // from 2^52 up: integers and their midpoints
        };
        let (m, e) = if bits >> 52 == 0 {
            (bits & ((1 << 52) - 1), -1074)
        } else {
            (bits & ((1 << 52) - 1) | 1 << 52, (bits >> 52) as i32 - 1075)
        };
        let mid = exact_decimal(2 * m + 1, e - 1);
        let (mantissa, exponent) = mid.split_once('e').unwrap_or((&mid, "0"));
        let exponent: i64 = exponent.parse().unwrap();
        let digits = mantissa.len() as i64;
        let k = mantissa.len().min(25);
        let variants = [
            mid.clone(),
            // A hair above the midpoint.
            format!("{mantissa}1e{}", exponent - 1),
            // Below it: the first 25 digits.
            format!("{}e{}", &mantissa[..k], exponent + digits - k as i64),
            // The midpoint again, written as a fraction.
            format!("0.{mantissa}e{}", exponent + digits),
        ];
        for s in variants {
            let (w, q, many) = w_q_many(&s);
            let (got_bits, path) = magnitude_bits(w, q, many, s.as_bytes());
            paths[path as usize] += 1;
            let got = double_of(&s);
            assert!(same_double(got, reference(&s)), "{s}");
            if got.is_some() {
                assert_eq!(got.map(f64::to_bits), Some(got_bits));
            }
        }
    }
    // The fallback is not dead code: a good share of these need it.
    assert!(paths[Path::Decimal as usize] > 1000, "{paths:?}");
    assert!(paths[Path::EiselLemire as usize] > 1000, "{paths:?}");
    eprintln!("halfway cases by path (zero, Clinger, Eisel-Lemire, decimal): {paths:?}");
}

/// w, q and many of a number's text without sign (the spec's step 1), independently of
/// number.rs.
fn w_q_many(s: &str) -> (u64, i64, bool) {
    let (mantissa, exponent) = s.split_once(['e', 'E']).unwrap_or((s, "0"));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = format!("{int}{frac}");
    let significant = all.trim_start_matches('0');
    let take = significant.len().min(19);
    let w = if take == 0 {
        0
    } else {
        significant[..take].parse().unwrap()
    };
    let q =
        exponent.parse::<i64>().unwrap() - frac.len() as i64 + (significant.len() - take) as i64;
    (w, q, significant.len() > 19)
}

#[test]
fn each_step_of_the_conversion_is_used() {
    let path = |s: &str| {
        let (w, q, many) = w_q_many(s);
        magnitude_bits(w, q, many, s.as_bytes()).1
    };
    assert_eq!(path("0.000"), Path::Zero);
    assert_eq!(path("1.5"), Path::Clinger);
    assert_eq!(path("9007199254740992e22"), Path::Clinger);
    assert_eq!(path("9007199254740993"), Path::EiselLemire); // w > 2^53
    assert_eq!(path("1e23"), Path::EiselLemire);
    assert_eq!(path("1.2345678901234567890123"), Path::EiselLemire); // many, w and w+1 agree
    assert_eq!(
        path("9007199254740993.00000000000000000000000000001"),
        Path::Decimal
    );
    // Half the smallest subnormal, exactly (a tie, to even: 0); a hair above it, w and w + 1
    // agree again.
    let half = exact_decimal(1, -1075);
    assert_eq!(path(&half), Path::Decimal);
    assert!(same_double(double_of(&half), Some(0.0)));
    let above = half.replace("e-1075", "1e-1076");
    assert!(same_double(double_of(&above), Some(5e-324)));
}

// ---------------------------------------------------------------------------------------------
// The serializer

#[test]
fn canonical_forms() {
    assert_eq!(
        canonical(" [ 1 , -2 , 3.5 , true , false , null , {} , [] ] "),
        "[1,-2,3.5000000000000000e+00,true,false,null,{},[]]"
    );
    assert_eq!(
        canonical(r#"{"a" : {"b":[{},[],{"c":[[]]}]}}"#),
        r#"{"a":{"b":[{},[],{"c":[[]]}]}}"#
    );
    assert_eq!(
        canonical(r#""\u0000\u001f\u0001\u007f\b\t\n\f\r\"\\\/""#),
        "\"\\u0000\\u001f\\u0001\u{7f}\\b\\t\\n\\f\\r\\\"\\\\/\""
    );
    assert_eq!(canonical("-0"), "-0.0000000000000000e+00");
    assert_eq!(canonical("0e0"), "0.0000000000000000e+00");
    assert_eq!(canonical("0.1"), "1.0000000000000001e-01");
    assert_eq!(canonical("1e23"), "9.9999999999999992e+22");
    assert_eq!(canonical("1e100"), "1.0000000000000000e+100");
    assert_eq!(
        canonical("1.7976931348623157e308"),
        "1.7976931348623157e+308"
    );
    assert_eq!(
        canonical("4.9406564584124654e-324"),
        "4.9406564584124654e-324"
    );
    assert_eq!(canonical("-9223372036854775808"), "-9223372036854775808");
    assert_eq!(canonical("18446744073709551615"), "18446744073709551615");
    assert_eq!(canonical("18446744073709551616"), "1.8446744073709552e+19");
    // Exact ties at the 17th digit round half to even, as glibc's %.16e.
    assert_eq!(canonical("1.00000762939453125"), "1.0000076293945312e+00");
    assert_eq!(canonical("1.00002288818359375"), "1.0000228881835938e+00");
}

#[test]
fn output_too_small_and_the_bound() {
    let d = doc(b"[1,\"ab\"]");
    let mut out = [0u8; 8];
    assert_eq!(serialize(&d.tape, &d.arena, &mut out), Ok(8));
    assert_eq!(
        serialize(&d.tape, &d.arena, &mut out[..7]),
        Err(SerializeError::OutputTooSmall)
    );
    // The worst cases per byte stay within 12·len + 32.
    for input in [
        "-0",
        "[-0,-0,-0]",
        "\"\\u0001\"",
        "[0,0,0,0]",
        "{\"\":-0}",
        "1e-5",
    ] {
        let d = doc(input.as_bytes());
        let mut out = vec![0; serialized_max(input.len())];
        assert!(serialize(&d.tape, &d.arena, &mut out).is_ok(), "{input}");
    }
}

#[test]
fn serializer_rejects_tapes_no_parse_makes() {
    let w = |t: u8, p: u64| (t as u64) << 56 | p;
    let ok = doc(b"{\"a\":[1,true]}");
    let arena = b"a";
    let bad: Vec<Vec<u64>> = vec![
        vec![],
        vec![w(b'x', 0)],
        vec![w(INT64, 0)],                                     // pair missing
        vec![w(STRING, 0), 2],                                 // outside the arena
        vec![w(STRING, 1 << 55), u64::MAX],                    // offset + len overflows
        vec![w(ARRAY, 2)],                                     // no end
        vec![w(ARRAY, 3), w(ARRAY_END, 0)],                    // wrong skip index
        vec![w(ARRAY, 2), w(ARRAY_END, 1)],                    // wrong count
        vec![w(ARRAY, 2), w(OBJECT_END, 0)],                   // wrong end
        vec![w(OBJECT, 4), w(INT64, 0), 1, w(OBJECT_END, 1)],  // key not a string
        vec![w(OBJECT, 4), w(STRING, 0), 1, w(OBJECT_END, 1)], // key without value
        vec![w(TRUE, 0), w(TRUE, 0)],                          // after the root
        vec![w(ARRAY_END, 0)],
        vec![w(DOUBLE, 0), f64::NAN.to_bits()],
    ];
    for tape in bad {
        let mut out = [0u8; 64];
        assert_eq!(
            serialize(&tape, arena, &mut out),
            Err(SerializeError::InvalidTape),
            "{tape:x?}"
        );
        // Reported whatever the output's size.
        assert_eq!(
            serialize(&tape, arena, &mut []),
            Err(SerializeError::InvalidTape),
            "{tape:x?}"
        );
    }
    let mut out = [0u8; 64];
    assert!(serialize(&ok.tape, &ok.arena, &mut out).is_ok());
    // Nesting beyond 4096 is refused without recursion.
    let mut tape: Vec<u64> = (0..5000).map(|i| w(ARRAY, 10000 - i)).collect();
    tape.extend((0..5000).map(|_| w(ARRAY_END, 0)));
    assert_eq!(
        serialize(&tape, &[], &mut []),
        Err(SerializeError::InvalidTape)
    );
}

/// Garbage tapes (random words, and valid tapes with words changed): an answer, never a panic.
#[test]
fn serializer_is_total() {
    let mut rng = Rng(9);
    let tags = [
        ARRAY, OBJECT, ARRAY_END, OBJECT_END, STRING, INT64, UINT64, DOUBLE, TRUE, FALSE, NULL, 0,
    ];
    let base = doc(br#"{"k":[1,-2.5,"s",{"x":null,"y":[true,false]}],"z":18446744073709551615}"#);
    let mut out = vec![0u8; 256];
    for i in 0..200_000 {
        let tape: Vec<u64> = if i % 2 == 0 {
            (0..rng.below(12))
                .map(|_| {
                    let t = tags[rng.below(tags.len() as u64) as usize] as u64;
                    t << 56 | rng.below(14)
                })
                .collect()
        } else {
            let mut t = base.tape.clone();
            for _ in 0..1 + rng.below(3) {
                let k = rng.below(t.len() as u64) as usize;
                t[k] = match rng.below(3) {
                    0 => rng.next(),
                    1 => t[k] ^ 1 << rng.below(64),
                    _ => (tags[rng.below(tags.len() as u64) as usize] as u64) << 56 | (t[k] & 0xFF),
                };
            }
            if rng.below(4) == 0 {
                t.truncate(rng.below(t.len() as u64) as usize);
            }
            t
        };
        let cap = rng.below(out.len() as u64) as usize;
        let _ = serialize(&tape, &base.arena, &mut out[..cap]);
    }
}

// ---------------------------------------------------------------------------------------------
// Round trip, and random inputs

fn random_json(rng: &mut Rng, depth: u32, s: &mut String) {
    match rng.below(if depth > 6 { 5 } else { 7 }) {
        0 => s.push_str(["true", "false", "null"][rng.below(3) as usize]),
        1 | 2 => s.push_str(&random_number(rng, 250)),
        3 | 4 => {
            s.push('"');
            for _ in 0..rng.below(20) {
                s.push_str(
                    [
                        "a",
                        "\\n",
                        "é",
                        "😀",
                        "\\ud83d\\ude00",
                        "\\u0001",
                        "\\\"",
                        "/",
                        " ",
                        "\\\\",
                        "日本",
                    ][rng.below(11) as usize],
                );
            }
            s.push('"');
        }
        5 => {
            s.push('[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    s.push(',');
                }
                random_json(rng, depth + 1, s);
            }
            s.push(']');
        }
        _ => {
            s.push('{');
            for i in 0..rng.below(5) {
                if i > 0 {
                    s.push_str(" , ");
                }
                s.push_str(&format!("\"k{}\" : ", rng.below(3)));
                random_json(rng, depth + 1, s);
            }
            s.push('}');
        }
    }
}

#[test]
fn parse_serialize_parse_is_a_fixed_point() {
    let mut rng = Rng(13);
    for _ in 0..20000 {
        let mut s = String::new();
        random_json(&mut rng, 0, &mut s);
        let d1 = doc(s.as_bytes());
        let t1 = text(&d1);
        let d2 = doc(t1.as_bytes());
        assert_eq!(d1.tape, d2.tape, "{s}");
        assert_eq!(d1.arena, d2.arena);
        assert_eq!(text(&d2), t1);
        let mut out = vec![0; serialized_max(s.len())];
        assert!(serialize(&d1.tape, &d1.arena, &mut out).is_ok());
    }
}

/// Mutated documents: the parser answers, never panics, and keeps within its bounds; what it
/// accepts round-trips.
#[test]
fn mutated_inputs() {
    let mut rng = Rng(17);
    let alphabet =
        b"[]{},:\"\\ -+.eE0123456789tfnrulasu\x00\x1f\x7f\x80\xbf\xc3\xe6\xed\xf0\xf4\xff";
    for _ in 0..100_000 {
        let mut s = String::new();
        random_json(&mut rng, 0, &mut s);
        let mut b = s.into_bytes();
        for _ in 0..1 + rng.below(3) {
            let k = rng.below(b.len() as u64 + 1) as usize;
            let c = alphabet[rng.below(alphabet.len() as u64) as usize];
            match rng.below(3) {
                0 if k < b.len() => b[k] = c,
                1 => b.insert(k, c),
                _ => b.truncate(k),
            }
        }
        match parse_depth(&b, 8) {
            Ok(d) => {
                let mut out = vec![0; serialized_max(b.len())];
                let n = serialize(&d.tape, &d.arena, &mut out).unwrap();
                let d2 = parse_depth(&out[..n], 8).unwrap();
                assert_eq!(d.tape, d2.tape);
            }
            Err(e) => assert!(e.offset <= b.len()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The shared conformance vectors

/// The C-style escapes of the vectors file: \" \\ \n \r \t \f \b \xHH.
fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let c = b[i + 1];
        i += 2;
        out.push(match c {
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'f' => 0x0C,
            b'b' => 0x08,
            b'x' => {
                i += 2;
                u8::from_str_radix(&s[i - 2..i], 16).unwrap()
            }
            _ => c,
        });
    }
    out
}

/// The quoted string at the start of `s`, unescaped, and the rest.
fn quoted(s: &str) -> (Vec<u8>, &str) {
    let s = s.trim_start();
    assert!(s.starts_with('"'), "{s}");
    let b = s.as_bytes();
    let mut i = 1;
    while b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    (unescape(&s[1..i]), &s[i + 1..])
}

#[test]
fn conformance_vectors() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../corpora/json/vectors.txt"
    );
    let vectors = std::fs::read_to_string(path).expect("corpora/json/vectors.txt");
    let mut n = 0;
    for line in vectors.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (depth, rest) = if let Some(rest) = line.strip_prefix("json-depth ") {
            let (n, rest) = rest.split_once(' ').unwrap();
            (n.parse().unwrap(), rest)
        } else {
            (DEFAULT_MAX_DEPTH, line.strip_prefix("json ").unwrap())
        };
        let (input, rest) = quoted(rest);
        let rest = rest.trim();
        let got = parse_depth(&input, depth);
        if let Some(want) = rest.strip_prefix("ok ") {
            let (want, _) = quoted(want);
            let d = got.unwrap_or_else(|e| panic!("{line}: {e:?}"));
            let mut out = vec![0; serialized_max(input.len())];
            let k = serialize(&d.tape, &d.arena, &mut out).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out[..k]),
                String::from_utf8_lossy(&want),
                "{line}"
            );
            let d2 = parse_depth(&want, depth).unwrap();
            assert_eq!(d.tape, d2.tape, "{line}");
        } else {
            let (name, offset) = rest.split_once(' ').unwrap();
            let e = got.err().unwrap_or_else(|| panic!("{line}: parsed"));
            let kind = match name {
                "truncated" => ErrorKind::Truncated,
                "bad-utf8" => ErrorKind::BadUtf8,
                "bad-escape" => ErrorKind::BadEscape,
                "bad-surrogate" => ErrorKind::BadSurrogate,
                "control-in-string" => ErrorKind::ControlInString,
                "bad-number" => ErrorKind::BadNumber,
                "bad-literal" => ErrorKind::BadLiteral,
                "unexpected-byte" => ErrorKind::UnexpectedByte,
                "trailing-content" => ErrorKind::TrailingContent,
                "too-deep" => ErrorKind::TooDeep,
                _ => panic!("{line}: unknown status {name}"),
            };
            assert_eq!(
                (e.kind, e.offset),
                (kind, offset.trim().parse().unwrap()),
                "{line}"
            );
        }
        n += 1;
    }
    assert!(n > 100, "{n} vectors");
}
