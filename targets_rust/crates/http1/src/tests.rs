//! The crate's own checks of the spec's two promises about splits; the shared conformance
//! vectors (corpora/http1/vectors.txt) are run against both twins by harness/tests.

use crate::*;

const REQUEST: &[u8] = b"POST /upload?x=1 HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: gzip, chunked\r\nX-Empty:\r\n\r\n";
const BODY: &[u8] =
    b"5;name=\"v\\\"al\"\r\nhello\r\n0006\r\n world\r\n0\r\nExpires: never\r\n\r\nNEXT";

#[test]
fn a_complete_head_gives_spans_and_framing() {
    let mut fields = [Field::default(); 100];
    let Ok(Status::Complete(req)) = parse_request(REQUEST, &Limits::default(), &mut fields) else {
        panic!("not complete");
    };
    assert_eq!(
        req.method,
        Span {
            offset: 0,
            length: 4
        }
    );
    assert_eq!(
        req.target,
        Span {
            offset: 5,
            length: 11
        }
    );
    assert_eq!(req.field_count, 3);
    assert_eq!(req.body, Body::Chunked);
    assert_eq!(req.head_length, REQUEST.len());
    assert_eq!(fields[2].value.length, 0);
}

#[test]
fn every_prefix_of_a_head_needs_more() {
    let mut fields = [Field::default(); 100];
    for n in 0..REQUEST.len() {
        assert_eq!(
            parse_request(&REQUEST[..n], &Limits::default(), &mut fields),
            Ok(Status::Partial),
            "prefix {n}"
        );
    }
}

#[test]
fn a_head_resumed_byte_by_byte_gives_the_same_result_and_never_reads_back_far() {
    let mut whole_fields = [Field::default(); 100];
    let whole = parse_request(REQUEST, &Limits::default(), &mut whole_fields);
    let mut fields = [Field::default(); 100];
    let mut parser = HeadParser::default();
    for n in 0..REQUEST.len() {
        let result = parser.resume(&REQUEST[..n], &Limits::default(), &mut fields);
        assert_eq!(result, Ok(Status::Partial), "prefix {n}");
        // Only an unfinished "HTTP/1.1\r\n" is read again from its start.
        assert!(
            parser.pos + 10 >= n,
            "prefix {n}: resumes at {}",
            parser.pos
        );
    }
    let last = parser.resume(REQUEST, &Limits::default(), &mut fields);
    assert_eq!(last, whole);
    assert_eq!(fields[..3], whole_fields[..3]);
}

#[test]
fn a_finished_head_and_a_shrinking_input_are_refused() {
    let mut fields = [Field::default(); 100];
    let invalid = Err(Error {
        kind: ErrorKind::InvalidState,
        offset: 0,
    });
    let mut parser = HeadParser::default();
    assert_eq!(
        parser.resume(&REQUEST[..30], &Limits::default(), &mut fields),
        Ok(Status::Partial)
    );
    assert_eq!(
        parser.resume(&REQUEST[..29], &Limits::default(), &mut fields),
        invalid
    );
    assert!(matches!(
        parser.resume(REQUEST, &Limits::default(), &mut fields),
        Ok(Status::Complete(_))
    ));
    assert_eq!(
        parser.resume(REQUEST, &Limits::default(), &mut fields),
        invalid
    );
}

fn decode_in_pieces(piece: usize) -> (Vec<u8>, usize) {
    let mut decoder = ChunkedDecoder::new(Limits::default()).unwrap();
    let (mut data, mut used) = (Vec::new(), 0);
    for chunk in BODY.chunks(piece) {
        let mut out = vec![0; chunk.len()];
        let progress = decoder.decode(chunk, &mut out).unwrap();
        data.extend_from_slice(&out[..progress.written]);
        used += progress.consumed;
        if progress.done {
            break;
        }
    }
    (data, used)
}

#[test]
fn a_chunked_body_decodes_the_same_in_any_split() {
    for piece in 1..=BODY.len() {
        assert_eq!(
            decode_in_pieces(piece),
            (b"hello world".to_vec(), BODY.len() - 4),
            "pieces of {piece}"
        );
    }
}
