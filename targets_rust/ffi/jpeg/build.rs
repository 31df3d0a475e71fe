//! Checks this crate's mirrors against the C layout of its contract header.
fn main() {
    tb_contract::layout_checks("twinbench/jpeg.h");
}
