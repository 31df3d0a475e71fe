/* tb_http1_c(): the C http1 twin's API table. */
#include "chars.h"

static const tb_http1_api api = {
    .name = "c",
    .parse_request = tb_c_http1_parse_request,
    .resume_request = tb_c_http1_resume_request,
    .chunked_init = tb_c_http1_chunked_init,
    .chunked_decode = tb_c_http1_chunked_decode,
};

const tb_http1_api *tb_http1_c(void) { return &api; }
