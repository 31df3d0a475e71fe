//! Generates the status codes from harness/include/twinbench/status.h.
fn main() {
    tb_contract::status_codes();
}
