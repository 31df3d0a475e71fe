//! Mirror of harness/include/twinbench/status.h; the values are ABI.

pub type TbStatus = i32;
pub const TB_OK: TbStatus = 0;
pub const TB_ERR_INVALID_ARGUMENT: TbStatus = 1;
pub const TB_ERR_OUTPUT_TOO_SMALL: TbStatus = 2;
pub const TB_ERR_OVERFLOW: TbStatus = 3;
pub const TB_ERR_UNSUPPORTED: TbStatus = 4;
pub const TB_ERR_INVALID_BYTE: TbStatus = 5;
pub const TB_ERR_BAD_PADDING: TbStatus = 6;
pub const TB_ERR_TRAILING_BITS: TbStatus = 7;
pub const TB_ERR_TRUNCATED: TbStatus = 8;
