/* Node's http-parser (Debian: libhttp-parser-dev) as the C baseline of the http1 benchmark:
 * one http_parser_execute over the whole pipelined buffer, with the callbacks a server needs
 * (the URL and each field as pointer + length, body data copied out, message end counted). */
#include <http_parser.h>
#include <string.h>

#include "twinbench/http1.h"

typedef struct pipeline {
  tb_http1_pipeline_result *result;
  uint8_t *scratch;
  size_t body_in_message;
  const char *url, *last_field, *last_value; /* what a server would keep: the spans */
  size_t url_len, last_field_len, last_value_len;
} pipeline;

static int on_url(http_parser *p, const char *at, size_t len) {
  pipeline *ctx = p->data;
  ctx->url = at;
  ctx->url_len = len;
  return 0;
}

static int on_header_field(http_parser *p, const char *at, size_t len) {
  pipeline *ctx = p->data;
  ctx->result->fields++;
  ctx->last_field = at;
  ctx->last_field_len = len;
  return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len) {
  pipeline *ctx = p->data;
  ctx->last_value = at;
  ctx->last_value_len = len;
  return 0;
}

static int on_body(http_parser *p, const char *at, size_t len) {
  pipeline *ctx = p->data;
  memcpy(ctx->scratch + ctx->body_in_message, at, len);
  ctx->body_in_message += len;
  ctx->result->body_bytes += len;
  return 0;
}

static int on_message_complete(http_parser *p) {
  pipeline *ctx = p->data;
  ctx->result->requests++;
  ctx->body_in_message = 0;
  return 0;
}

static void run_pipeline(const uint8_t *buf, size_t len, uint8_t *scratch, size_t cap,
                         tb_http1_pipeline_result *result) {
  memset(result, 0, sizeof *result);
  result->failed = 1;
  if (cap < len) return;
  http_parser_settings settings;
  http_parser_settings_init(&settings);
  settings.on_url = on_url;
  settings.on_header_field = on_header_field;
  settings.on_header_value = on_header_value;
  settings.on_body = on_body;
  settings.on_message_complete = on_message_complete;
  pipeline ctx = {.result = result, .scratch = scratch};
  http_parser parser;
  http_parser_init(&parser, HTTP_REQUEST);
  parser.data = &ctx;
  size_t parsed = http_parser_execute(&parser, &settings, (const char *)buf, len);
  result->failed = parsed != len || HTTP_PARSER_ERRNO(&parser) != HPE_OK;
}

static const tb_http1_baseline_api api = {"http-parser", run_pipeline};

const tb_http1_baseline_api *tb_http1_http_parser(void) { return &api; }
