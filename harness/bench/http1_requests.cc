// Browser-like request traffic for the http1 benchmarks: the header mix of current desktop
// browsers (Chrome, Firefox, Safari), cookies of realistic length, some uploads.
#include "http1_requests.h"

#include <random>
#include <string>

namespace twinbench::bench {
namespace {

const char *const user_agents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
};

const char *const accepts[] = {
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    "application/json, text/plain, */*",
    "text/css,*/*;q=0.1",
};

const char *const optional_fields[] = {
    "Accept-Encoding: gzip, deflate, br",
    "Accept-Language: en-US,en;q=0.9,de;q=0.8",
    "Cache-Control: max-age=0",
    "Upgrade-Insecure-Requests: 1",
    "Sec-Fetch-Dest: document",
    "Sec-Fetch-Mode: navigate",
    "Sec-Fetch-Site: same-origin",
    "Sec-Fetch-User: ?1",
    "sec-ch-ua: \"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\"",
    "sec-ch-ua-mobile: ?0",
    "sec-ch-ua-platform: \"Windows\"",
    "DNT: 1",
    "Pragma: no-cache",
    "If-None-Match: W/\"5e15153d-120f\"",
    "If-Modified-Since: Tue, 07 Nov 2023 10:12:31 GMT",
    "Origin: https://www.example.com",
};

const char *const paths[] = {"/",
                             "/index.html",
                             "/static/js/app.3f9a1c.js",
                             "/static/css/main.css",
                             "/api/v2/items",
                             "/images/logo%402x.png",
                             "/search",
                             "/account/settings"};

std::string token(std::mt19937_64 &rng, size_t n) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string s;
  for (size_t i = 0; i < n; i++) s += alphabet[rng() % 64];
  return s;
}

} // namespace

RequestSet generate_requests(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  RequestSet set;
  std::string out;
  for (size_t r = 0; r < count; r++) {
    unsigned kind = static_cast<unsigned>(rng() % 20); // 0-1 POST length, 2 POST chunked
    bool length_post = kind < 2, chunked_post = kind == 2;
    std::string path = paths[rng() % std::size(paths)];
    if (path == "/search" || path == "/api/v2/items") {
      path += "?q=" + token(rng, 4 + rng() % 12) + "&page=" + std::to_string(rng() % 50) +
              "&lang=en%2DUS";
    }
    out += (length_post || chunked_post ? "POST " : "GET ") + path + " HTTP/1.1\r\n";
    std::vector<std::string> fields = {
        "Host: www.example.com",
        std::string("User-Agent: ") + user_agents[rng() % std::size(user_agents)],
        std::string("Accept: ") + accepts[rng() % std::size(accepts)],
        "Connection: keep-alive",
    };
    if (rng() % 4 != 0) {
      std::string cookie = "Cookie: session=" + token(rng, 32);
      size_t extra = rng() % 8;
      for (size_t k = 0; k < extra; k++)
        cookie += "; _ga" + std::to_string(k) + "=" + token(rng, 10 + rng() % 60);
      fields.push_back(cookie);
    }
    if (rng() % 2) fields.push_back("Referer: https://www.example.com" + path);
    size_t wanted = 8 + rng() % 13; // 8–20 fields
    size_t start = rng() % std::size(optional_fields);
    for (size_t k = 0; fields.size() < wanted - (length_post || chunked_post ? 2 : 0) &&
                       k < std::size(optional_fields);
         k++) {
      fields.push_back(optional_fields[(start + k) % std::size(optional_fields)]);
    }
    std::string body;
    if (length_post) {
      size_t n = 16 + rng() % 496;
      body = token(rng, n);
      fields.push_back("Content-Type: application/x-www-form-urlencoded");
      fields.push_back("Content-Length: " + std::to_string(n));
      set.body_bytes += n;
    } else if (chunked_post) {
      fields.push_back("Content-Type: application/octet-stream");
      fields.push_back("Transfer-Encoding: chunked");
      size_t chunks = 1 + rng() % 4;
      for (size_t k = 0; k < chunks; k++) {
        size_t n = 1 + rng() % 1024;
        char size_line[32];
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
        body += size_line + token(rng, n) + "\r\n";
        set.body_bytes += n;
      }
      body += "0\r\n\r\n";
    }
    for (const auto &f : fields) out += f + "\r\n";
    out += "\r\n" + body;
    set.fields += fields.size();
    set.requests++;
  }
  set.bytes.assign(out.begin(), out.end());
  return set;
}

} // namespace twinbench::bench
