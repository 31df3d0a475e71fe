//! Build-time only (a build-dependency of the ffi crates): generates the Rust side of the C
//! contract from the C headers themselves, so the two cannot drift.
//! - [`status_codes`]: `status.h`'s one list (`TB_STATUS_LIST`) as Rust constants and names.
//! - [`layout_checks`]: for every `tb_*` struct a contract header defines, compile-time
//!   assertions that its Rust mirror (the struct's name in CamelCase: `tb_json_doc` ->
//!   `TbJsonDoc`, same field names) has the size, alignment and field offsets clang gives the C
//!   struct. A drifted field fails the ffi crate's build with a message naming it.
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `harness/include`, where the contract headers live.
pub fn include_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../harness/include")
}

fn out_file(name: &str) -> PathBuf {
    PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo for build scripts"))
        .join(name)
}

/// One entry of `TB_STATUS_LIST`: `X(TB_OK, 0, "ok")`.
#[derive(Debug, PartialEq)]
pub struct StatusCode {
    pub constant: String,
    pub value: i32,
    pub name: String,
}

/// Reads the entries of `TB_STATUS_LIST` from the text of status.h.
pub fn parse_status_list(header: &str) -> Result<Vec<StatusCode>, String> {
    let mut codes = Vec::new();
    for (number, line) in header.lines().enumerate() {
        let line = line.trim();
        let Some(args) = line.strip_prefix("X(") else {
            continue;
        };
        // Up to the closing parenthesis: a comment may follow the entry.
        let Some(args) = args.split(')').next().filter(|_| args.contains(')')) else {
            return Err(format!("status.h:{}: X( without )", number + 1));
        };
        let parts: Vec<&str> = args.splitn(3, ',').map(str::trim).collect();
        let [constant, value, name] = parts[..] else {
            return Err(format!(
                "status.h:{}: expected X(NAME, VALUE, \"name\")",
                number + 1
            ));
        };
        let value = value
            .parse()
            .map_err(|_| format!("status.h:{}: {value} is not a number", number + 1))?;
        let name = name.trim_matches('"').to_string();
        if let Some(other) = codes
            .iter()
            .find(|c: &&StatusCode| c.value == value || c.constant == constant || c.name == name)
        {
            return Err(format!(
                "status.h:{}: {constant} = {value} \"{name}\" repeats the value, constant or name of {} = {} \"{}\"",
                number + 1,
                other.constant,
                other.value,
                other.name
            ));
        }
        codes.push(StatusCode {
            constant: constant.to_string(),
            value,
            name,
        });
    }
    if codes.is_empty() {
        return Err("status.h: no X(...) entries in TB_STATUS_LIST".into());
    }
    // One entry a line: an entry this reader did not see would be missing from Rust.
    let entries = header.matches("X(TB_").count();
    if entries != codes.len() {
        return Err(format!(
            "status.h: {entries} X(TB_...) entries but {} of them start a line: one entry a line",
            codes.len()
        ));
    }
    Ok(codes)
}

/// Writes `$OUT_DIR/status.rs` from status.h: `TbStatus`, one constant per code, and
/// `status_name` (the C `tb_status_name`).
pub fn status_codes() {
    let path = include_dir().join("twinbench/status.h");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let codes = parse_status_list(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::from("// Generated from status.h by tb-contract: do not edit.\n");
    out.push_str("pub type TbStatus = i32;\n");
    for c in &codes {
        writeln!(out, "pub const {}: TbStatus = {};", c.constant, c.value).unwrap();
    }
    out.push_str("/// Short stable name of a status, as `tb_status_name` gives it.\n");
    out.push_str("pub fn status_name(s: TbStatus) -> &'static str {\n    match s {\n");
    for c in &codes {
        writeln!(out, "        {} => {:?},", c.constant, c.name).unwrap();
    }
    out.push_str("        _ => \"unknown\",\n    }\n}\n");
    std::fs::write(out_file("status.rs"), out).expect("writing status.rs");
}

/// A C struct as clang lays it out.
#[derive(Debug, PartialEq)]
pub struct Record {
    pub name: String,
    pub size: usize,
    pub align: usize,
    pub fields: Vec<(String, usize)>,
}

/// Reads clang's `-fdump-record-layouts` output: the `tb_*` structs with their direct fields.
/// What a mirror could not be checked against (a union, a bit-field, an anonymous member) is an
/// error naming the struct.
pub fn parse_record_layouts(dump: &str) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    let mut current: Option<Record> = None;
    for line in dump.lines() {
        let Some((offset, rest)) = line.split_once('|') else {
            continue;
        };
        // `| struct name` opens a record, `|   type field` is a direct field, deeper
        // indentation belongs to a nested struct, `| [sizeof=N, ... align=N]` closes it.
        let indent = rest.len() - rest.trim_start().len();
        let body = rest.trim();
        if let Some(props) = body.strip_prefix("[sizeof=") {
            if let Some(mut r) = current.take() {
                r.size = number_after(props, "").unwrap_or(0);
                r.align = number_after(props, "align=").unwrap_or(0);
                records.push(r);
            }
        } else if indent == 1 {
            if let Some(name) = body.strip_prefix("union tb_") {
                return Err(format!("union tb_{name}: a contract may not hold unions"));
            }
            current = body
                .strip_prefix("struct ")
                .filter(|name| name.starts_with("tb_"))
                .map(|name| Record {
                    name: name.to_string(),
                    size: 0,
                    align: 0,
                    fields: Vec::new(),
                });
        } else if indent == 3 {
            if let Some(r) = current.as_mut() {
                let field = body.rsplit(' ').next().unwrap_or(body);
                let identifier = field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !field.starts_with(|c: char| c.is_ascii_digit());
                match offset.trim().parse() {
                    Ok(offset) if identifier => r.fields.push((field.to_string(), offset)),
                    _ => {
                        return Err(format!(
                            "{}: cannot check `{body}` (a bit-field or an anonymous member)",
                            r.name
                        ))
                    }
                }
            }
        }
    }
    Ok(records)
}

fn number_after(text: &str, key: &str) -> Option<usize> {
    let start = text.find(key)? + key.len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// `tb_json_doc` -> `TbJsonDoc`.
pub fn mirror_name(c_name: &str) -> String {
    c_name
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The assertions for `records`, as Rust source: one constant each, so that the compiler
/// reports every drifted size, alignment and offset, not only the first of a struct.
pub fn layout_assertions(header: &str, records: &[Record]) -> String {
    let mut out = format!("// Generated by tb-contract from {header}: do not edit.\n");
    for r in records {
        let rust = mirror_name(&r.name);
        let c = &r.name;
        let (size, align) = (r.size, r.align);
        writeln!(
            out,
            "const _: () = assert!(::core::mem::size_of::<{rust}>() == {size}, \"{c}: the Rust mirror {rust} is not {size} bytes, as in C\");"
        )
        .unwrap();
        writeln!(
            out,
            "const _: () = assert!(::core::mem::align_of::<{rust}>() == {align}, \"{c}: the Rust mirror {rust} is not aligned to {align}, as in C\");"
        )
        .unwrap();
        for (field, offset) in &r.fields {
            writeln!(
                out,
                "const _: () = assert!(::core::mem::offset_of!({rust}, {field}) == {offset}, \"{c}.{field}: the Rust mirror's offset is not {offset}, as in C\");"
            )
            .unwrap();
        }
    }
    out
}

/// Writes `$OUT_DIR/layout_checks.rs` for the contract header `twinbench/<header>`; the ffi
/// crate `include!`s it where its mirrors are in scope.
pub fn layout_checks(header: &str) {
    let path = include_dir().join(header);
    println!("cargo:rerun-if-changed={}", path.display());
    println!(
        "cargo:rerun-if-changed={}",
        include_dir().join("twinbench/status.h").display()
    );
    println!("cargo:rerun-if-env-changed=TB_CLANG");
    let clang = std::env::var("TB_CLANG").unwrap_or_else(|_| "clang-19".to_string());
    let output = Command::new(&clang)
        .args([
            "-Xclang",
            "-fdump-record-layouts-complete",
            "-fsyntax-only",
            "-x",
            "c",
        ])
        .arg("-I")
        .arg(include_dir())
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {clang} (set TB_CLANG to a clang): {e}"));
    if !output.status.success() {
        panic!(
            "{clang} could not read {}:\n{}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let records = parse_record_layouts(&String::from_utf8_lossy(&output.stdout))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::write(
        out_file("layout_checks.rs"),
        layout_assertions(header, &records),
    )
    .expect("writing layout_checks.rs");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_entries_are_read_in_order() {
        let header = "#define TB_STATUS_LIST(X) \\\n  X(TB_OK, 0, \"ok\") /* a, b */ \\\n  X(TB_NEED_MORE, 9, \"need-more\")\n";
        let codes = parse_status_list(header).unwrap();
        assert_eq!(
            codes,
            vec![
                StatusCode {
                    constant: "TB_OK".into(),
                    value: 0,
                    name: "ok".into()
                },
                StatusCode {
                    constant: "TB_NEED_MORE".into(),
                    value: 9,
                    name: "need-more".into()
                },
            ]
        );
    }

    #[test]
    fn a_repeated_status_value_is_an_error_naming_both() {
        let err = parse_status_list("X(TB_A, 1, \"a\")\nX(TB_B, 1, \"b\")").unwrap_err();
        assert!(
            err.contains("TB_B = 1") && err.contains("TB_A = 1"),
            "{err}"
        );
    }

    #[test]
    fn a_malformed_status_entry_is_an_error() {
        assert!(parse_status_list("  X(TB_OK, zero, \"ok\")").is_err());
        assert!(parse_status_list("no list here").is_err());
    }

    #[test]
    fn record_layouts_keep_direct_fields_of_tb_structs_only() {
        let dump = "
*** Dumping AST Record Layout
         0 | struct __va_list_tag
         0 |   unsigned int gp_offset
           | [sizeof=24, align=8]

*** Dumping AST Record Layout
         0 | struct tb_http1_field
         0 |   struct tb_http1_span name
         0 |     uint32_t offset
         4 |     uint32_t length
         8 |   struct tb_http1_span value
         8 |     uint32_t offset
        12 |     uint32_t length
           | [sizeof=16, dsize=16, align=4]
";
        assert_eq!(
            parse_record_layouts(dump).unwrap(),
            vec![Record {
                name: "tb_http1_field".into(),
                size: 16,
                align: 4,
                fields: vec![("name".into(), 0), ("value".into(), 8)],
            }]
        );
    }

    #[test]
    fn bit_fields_and_unions_are_refused_by_name() {
        let bits = "         0 | struct tb_flags\n     0:0-3 |   unsigned int low\n";
        assert!(parse_record_layouts(bits).unwrap_err().contains("tb_flags"));
        let union = "         0 | union tb_either\n         0 |   int a\n";
        assert!(parse_record_layouts(union)
            .unwrap_err()
            .contains("tb_either"));
    }

    #[test]
    fn two_status_entries_on_one_line_are_an_error() {
        let header = "  X(TB_A, 1, \"a\") X(TB_B, 2, \"b\")\n";
        assert!(parse_status_list(header)
            .unwrap_err()
            .contains("one entry a line"));
    }

    #[test]
    fn mirrors_are_named_in_camel_case() {
        assert_eq!(mirror_name("tb_json_doc"), "TbJsonDoc");
        assert_eq!(mirror_name("tb_http1_api"), "TbHttp1Api");
    }

    #[test]
    fn assertions_name_the_struct_and_field() {
        let r = Record {
            name: "tb_x".into(),
            size: 8,
            align: 4,
            fields: vec![("b".into(), 4)],
        };
        let text = layout_assertions("twinbench/x.h", &[r]);
        assert!(text.contains("size_of::<TbX>() == 8"));
        assert!(text.contains("offset_of!(TbX, b) == 4, \"tb_x.b:"));
    }
}
