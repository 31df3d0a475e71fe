// The json benchmark documents. Everything derives from a seed through splitmix64 and integer
// arithmetic (no libm, no std::random distributions), so the bytes are the same on every
// machine; a small writer emits the JSON and counts what it wrote.
#include "json_documents.h"

#include <charconv>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

namespace twinbench::bench {
namespace {

class Prng { // splitmix64
public:
  explicit Prng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return next() % n; }
  int64_t between(int64_t lo, int64_t hi) { // inclusive
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool percent(unsigned p) { return below(100) < p; }
  template <typename T, size_t N> const T &pick(const T (&pool)[N]) { return pool[below(N)]; }

private:
  uint64_t state_;
};

// How a string's non-ASCII characters are written: as UTF-8, or as \uXXXX escapes (UTF-16,
// surrogate pairs above U+FFFF) in lower- or uppercase hex, as Twitter's API did.
enum class Escape { raw, ascii_lower, ascii_upper };

size_t utf8_length(unsigned char lead) { return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2; }

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Emits JSON — compact, or indented by two spaces as JSON.stringify(value, null, 2) does — and
// counts every value into the document's expected answer.
class Writer {
public:
  Writer(JsonDocument &doc, bool indent) : doc_(doc), out_(doc.text), indent_(indent) {}

  void begin_object() { open('{', doc_.expected.objects); }
  void end_object() { close('}'); }
  void begin_array() { open('[', doc_.expected.arrays); }
  void end_array() { close(']'); }

  void key(std::string_view k) {
    element_start();
    quoted(k, Escape::raw);
    out_ += indent_ ? ": " : ":";
    after_key_ = true;
  }
  void string(std::string_view s, Escape e = Escape::raw) {
    value_start();
    quoted(s, e);
  }
  void null() {
    value_start();
    out_ += "null";
    doc_.expected.nulls++;
  }
  void boolean(bool v) {
    value_start();
    out_ += v ? "true" : "false";
    (v ? doc_.expected.trues : doc_.expected.falses)++;
  }
  void integer(int64_t v) {
    char buf[32];
    number_text(std::string_view(buf, std::to_chars(buf, buf + sizeof buf, v).ptr - buf),
                static_cast<double>(v));
  }
  // The shortest text that reads back as v, or (digits > 0) that many significant digits in
  // printf's %g form — plain decimal for the magnitudes used here.
  void number(double v, int digits = 0) {
    char buf[64];
    auto r = digits ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits)
                    : std::to_chars(buf, buf + sizeof buf, v);
    number_text(std::string_view(buf, r.ptr - buf), v);
  }
  // Shortcuts for the many "key": value members.
  void member(std::string_view k, std::string_view v, Escape e = Escape::raw) {
    key(k);
    string(v, e);
  }
  void member(std::string_view k, int64_t v) {
    key(k);
    integer(v);
  }
  void member_bool(std::string_view k, bool v) {
    key(k);
    boolean(v);
  }
  void member_null(std::string_view k) {
    key(k);
    null();
  }

private:
  void open(char c, size_t &count) {
    value_start();
    out_ += c;
    count++;
    elements_.push_back(0);
  }
  void close(char c) {
    size_t n = elements_.back();
    elements_.pop_back();
    if (indent_ && n) newline();
    out_ += c;
  }
  void newline() {
    out_ += '\n';
    out_.append(2 * elements_.size(), ' ');
  }
  // A new element of the open container (a member starts at its key).
  void element_start() {
    if (elements_.empty()) return;
    if (elements_.back()++) out_ += ',';
    if (indent_) newline();
  }
  void value_start() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    element_start();
  }
  void number_text(std::string_view text, double value) {
    value_start();
    out_ += text;
    doc_.expected.numbers++;
    if (text.find_first_of(".eE") == std::string_view::npos) doc_.expected.integers++;
    doc_.values.push_back(value);
  }
  void hex4(unsigned u, Escape e) {
    const char *digits = e == Escape::ascii_upper ? "0123456789ABCDEF" : "0123456789abcdef";
    out_ += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out_ += digits[(u >> shift) & 15];
  }
  void quoted(std::string_view s, Escape e) {
    doc_.expected.strings++;
    doc_.expected.string_bytes += s.size();
    out_ += '"';
    for (size_t i = 0; i < s.size();) {
      auto b = static_cast<unsigned char>(s[i]);
      if (b >= 0x80) {
        size_t n = utf8_length(b);
        if (e == Escape::raw) {
          out_.append(s.substr(i, n));
        } else {
          uint32_t cp = b & (0x7F >> n);
          for (size_t k = 1; k < n; k++)
            cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
          if (cp >= 0x10000) {
            hex4(0xD800 + ((cp - 0x10000) >> 10), e);
            hex4(0xDC00 + ((cp - 0x10000) & 0x3FF), e);
          } else {
            hex4(cp, e);
          }
        }
        i += n;
        continue;
      }
      switch (b) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '/': out_ += "\\/"; break; // as Twitter's API writes URLs and HTML
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (b < 0x20) {
          hex4(b, e);
        } else {
          out_ += static_cast<char>(b);
        }
      }
      i++;
    }
    out_ += '"';
  }

  JsonDocument &doc_;
  std::string &out_;
  bool indent_;
  bool after_key_ = false;
  std::vector<size_t> elements_; // elements written so far in each open container
};

// ---- twitter-like ----

struct Language {
  const char *code;
  const char *const *fragments;
  size_t fragment_count;
  const char *const *hashtags;
  size_t hashtag_count;
};

const char *const ja_fragments[] = {"一日一善。",
                                    "今日はいい天気ですね！",
                                    "ラーメン食べたい…",
                                    "【拡散希望】",
                                    "おはようございます☀",
                                    "明日の予定：映画を見に行く",
                                    "東京タワーに来ました",
                                    "「ありがとう」",
                                    "猫がかわいすぎる件について",
                                    "新しいアルバム、最高でした",
                                    "電車が遅れてる",
                                    "お疲れ様でした",
                                    "桜が満開🌸",
                                    "金曜日だ〜"};
const char *const ru_fragments[] = {"Привет всем!",
                                    "Сегодня отличный день.",
                                    "Москва — столица России.",
                                    "Как дела?",
                                    "Новый пост в блоге",
                                    "Спасибо за поддержку!",
                                    "Погода ужасная, идёт снег",
                                    "«Война и мир» — лучшая книга"};
const char *const ar_fragments[] = {"صباح الخير",        "مرحبا بالعالم", "شكرا جزيلا لكم",
                                    "اللهم صل على محمد", "جمعة مباركة",   "أهلا وسهلا"};
const char *const es_fragments[] = {"¡Qué día más bonito!",     "Café con leche, por favor",
                                    "Mañana será otro día",     "El niño pidió piñata",
                                    "¿Dónde está la estación?", "Feliz cumpleaños, mamá ❤",
                                    "Gracias por todo"};
const char *const fr_fragments[] = {"Café crème à la terrasse",    "Ça va très bien, merci !",
                                    "Bon appétit à tous",          "Où est la bibliothèque ?",
                                    "Les élèves sont en vacances", "Pâques à Genève"};
const char *const en_fragments[] = {"Just setting up my twttr",
                                    "Check this out",
                                    "RT if you agree",
                                    "Good morning \"world\"",
                                    "Can't believe it's already Sunday",
                                    "New blog post:",
                                    "This is the best day ever",
                                    "Who's watching the game tonight?",
                                    "1/2 price today only",
                                    "Back\\forward slash test: a/b"};
const char *const emoji[] = {"😀", "🎉", "❤️", "👍", "🍣", "🇯🇵", "😂", "🙏", "✨", "🔥", "😭", "💕"};

const char *const ja_tags[] = {"一", "拡散希望", "ラーメン", "相互フォロー"};
const char *const ru_tags[] = {"Москва", "новости", "россия"};
const char *const ar_tags[] = {"السعودية", "الرياض", "دبي"};
const char *const es_tags[] = {"fútbol", "España", "México"};
const char *const fr_tags[] = {"Paris", "café", "été"};
const char *const en_tags[] = {"travel", "tbt", "nowplaying", "photography"};

const Language languages[] = {
    {"ja", ja_fragments, std::size(ja_fragments), ja_tags, std::size(ja_tags)},
    {"ja", ja_fragments, std::size(ja_fragments), ja_tags, std::size(ja_tags)},
    {"ja", ja_fragments, std::size(ja_fragments), ja_tags, std::size(ja_tags)},
    {"ja", ja_fragments, std::size(ja_fragments), ja_tags, std::size(ja_tags)},
    {"en", en_fragments, std::size(en_fragments), en_tags, std::size(en_tags)},
    {"en", en_fragments, std::size(en_fragments), en_tags, std::size(en_tags)},
    {"ru", ru_fragments, std::size(ru_fragments), ru_tags, std::size(ru_tags)},
    {"ar", ar_fragments, std::size(ar_fragments), ar_tags, std::size(ar_tags)},
    {"es", es_fragments, std::size(es_fragments), es_tags, std::size(es_tags)},
    {"fr", fr_fragments, std::size(fr_fragments), fr_tags, std::size(fr_tags)},
};

const char *const display_names[] = {"さくら🌸",        "田中太郎",        "ゆうき＠ダイエット中",
                                     "Алексей Смирнов", "Ольга",           "محمد العلي",
                                     "José Martínez",   "François Dupont", "Zoë",
                                     "Björn Ødegård",   "Müller Jürgen",   "Ahmed ✈️",
                                     "John Smith",      "Emily",           "ねこ好き",
                                     "Дмитрий",         "Sofía López",     "Ana 💃",
                                     "Hélène",          "みく🎤"};
const char *const locations[] = {"東京",           "大阪府",        "Москва",        "الرياض",
                                 "Madrid, España", "Paris, France", "London",        "",
                                 "New York, NY",   "São Paulo",     "北海道 札幌市", "Genève"};
const char *const time_zones[] = {"Tokyo",  "Osaka", "Moscow", "Riyadh",
                                  "Madrid", "Paris", "London", "Eastern Time (US & Canada)",
                                  "Hawaii"};
const char *const colors[] = {"C0DEED", "000000", "FFFFFF", "0084B4", "131516", "DDEEF6",
                              "333333", "F5F8FA", "1DA1F2", "FF691F", "C6E2EE", "EEEEEE"};
const char *const sources[] = {
    "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
    "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
    "<a href=\"https://twitter.com\" rel=\"nofollow\">Twitter Web Client</a>",
    "<a href=\"http://jigtwi.jp/?p=1\" rel=\"nofollow\">jigtwi</a>",
    "<a href=\"http://twittbot.net/\" rel=\"nofollow\">twittbot.net</a>",
    "web"};
const char *const sites[] = {"example.com", "blog.example.jp", "news.example.ru",
                             "photos.example.org", "shop.example.es"};
const char *const weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string token(Prng &r, size_t n) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (size_t i = 0; i < n; i++) s += alphabet[r.below(62)];
  return s;
}

std::string two_digits(int64_t v) {
  return {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

std::string random_date(Prng &r) {
  return std::string(r.pick(weekdays)) + " " + r.pick(months) + " " + two_digits(r.between(1, 28)) +
         " " + two_digits(r.between(0, 23)) + ":" + two_digits(r.between(0, 59)) + ":" +
         two_digits(r.between(0, 59)) + " +0000 " + std::to_string(r.between(2007, 2014));
}

struct Span {
  std::string text, name, extra; // hashtag text | url, expanded, display | screen_name, name
  int64_t id = 0;
  size_t start = 0, end = 0;
};

struct User {
  int64_t id;
  std::string name, screen_name, location, description, created_at, lang, image;
  std::optional<std::string> url, time_zone, banner;
  int64_t followers, friends, listed, favourites, statuses;
  std::optional<int64_t> utc_offset;
  bool geo_enabled, verified, background_tile, default_profile;
  const char *background, *link, *border, *fill, *text_color;
  Escape escape;
};

struct Status {
  int64_t id;
  std::string created_at, text, source, lang;
  Escape escape;
  const User *user;
  std::vector<Span> hashtags, urls, mentions;
  std::optional<int64_t> reply_to_status;
  const User *reply_to_user = nullptr;
  std::optional<std::pair<double, double>> point; // lat, lon
  int64_t retweets, favorites;
  std::unique_ptr<Status> retweeted;
};

Escape random_escape(Prng &r) {
  uint64_t k = r.below(10);
  return k < 7 ? Escape::raw : k < 9 ? Escape::ascii_lower : Escape::ascii_upper;
}

User make_user(Prng &r) {
  User u;
  u.id = r.between(10'000'000, 2'800'000'000);
  u.name = r.pick(display_names);
  u.screen_name = token(r, 4) + "_" + std::to_string(r.below(10000));
  u.location = r.pick(locations);
  const Language &lang = r.pick(languages);
  u.lang = lang.code;
  for (uint64_t k = 0, n = 2 + r.below(4); k < n; k++) {
    if (k) u.description += r.percent(30) ? "\n" : " ";
    u.description += lang.fragments[r.below(lang.fragment_count)];
  }
  if (r.percent(30)) u.description += r.pick(emoji);
  if (r.percent(40)) u.url = "http://t.co/" + token(r, 10);
  if (r.percent(60)) {
    u.utc_offset = r.between(-10, 12) * 3600;
    u.time_zone = r.pick(time_zones);
  }
  u.created_at = random_date(r);
  u.followers = static_cast<int64_t>(r.below(r.percent(5) ? 2'000'000 : 5000));
  u.friends = static_cast<int64_t>(r.below(3000));
  u.listed = static_cast<int64_t>(r.below(200));
  u.favourites = static_cast<int64_t>(r.below(20000));
  u.statuses = static_cast<int64_t>(r.below(100000));
  u.geo_enabled = r.percent(30);
  u.verified = r.percent(3);
  u.background_tile = r.percent(20);
  u.default_profile = r.percent(40);
  u.image = std::to_string(r.between(100'000'000, 999'999'999)) + "/" + token(r, 8);
  if (r.percent(50))
    u.banner = std::to_string(u.id) + "/" + std::to_string(r.between(1'300'000'000, 1'409'000'000));
  u.background = r.pick(colors);
  u.link = r.pick(colors);
  u.border = r.pick(colors);
  u.fill = r.pick(colors);
  u.text_color = r.pick(colors);
  u.escape = random_escape(r);
  return u;
}

// Tweet text of a few fragments in one language, with hashtags, a mention, a link, emoji and
// line breaks; the entities' indices count code points, as Twitter's do.
void make_text(Prng &r, Status &s, const Language &lang, const std::vector<User> &users) {
  auto append = [&](std::string_view piece) { s.text += piece; };
  auto at = [&] { return code_points(s.text); };
  if (r.percent(20)) {
    const User &m = users[r.below(users.size())];
    Span span{"", m.name, m.screen_name, m.id, at(), 0};
    append("@" + m.screen_name + " ");
    span.end = span.start + 1 + m.screen_name.size();
    s.mentions.push_back(span);
  }
  for (uint64_t k = 0, n = 2 + r.below(3); k < n; k++) {
    if (k) append(r.percent(25) ? "\n" : " ");
    append(lang.fragments[r.below(lang.fragment_count)]);
  }
  if (r.percent(35)) append(r.pick(emoji));
  for (uint64_t k = 0, n = r.percent(30) ? 1 + r.below(2) : 0; k < n; k++) {
    std::string tag = lang.hashtags[r.below(lang.hashtag_count)];
    append(" ");
    Span span{tag, "", "", 0, at(), 0};
    append("#" + tag);
    span.end = at();
    s.hashtags.push_back(span);
  }
  if (r.percent(35)) {
    std::string path = token(r, 6) + "/" + token(r, 4 + r.below(8));
    std::string site = r.pick(sites);
    Span span{"http://t.co/" + token(r, 10),
              "http://" + site + "/" + path,
              site + "/" + path.substr(0, 8) + "…",
              0,
              0,
              0};
    append(" ");
    span.start = at();
    append(span.text);
    span.end = at();
    s.urls.push_back(span);
  }
}

std::unique_ptr<Status> make_status(Prng &r, int64_t id, const std::string &created_at,
                                    const std::vector<User> &users, bool may_retweet) {
  auto s = std::make_unique<Status>();
  s->id = id;
  s->created_at = created_at;
  s->user = &users[r.below(users.size())];
  s->source = r.pick(sources);
  s->escape = random_escape(r);
  s->retweets = 0;
  s->favorites = static_cast<int64_t>(r.below(5));
  if (may_retweet && r.percent(40)) {
    // Twitter sends a retweet as its own status whose text quotes the original, which follows
    // in full under "retweeted_status".
    int64_t original_id = id - r.between(1'000'000'000'000, 900'000'000'000'000);
    s->retweeted = make_status(r, original_id, random_date(r), users, false);
    Status &o = *s->retweeted;
    s->retweets = o.retweets = static_cast<int64_t>(r.below(r.percent(10) ? 20000 : 300));
    s->lang = o.lang;
    s->text = "RT @" + o.user->screen_name + ": ";
    size_t shift = code_points(s->text);
    s->mentions.push_back(
        {"", o.user->name, o.user->screen_name, o.user->id, 3, 4 + o.user->screen_name.size()});
    s->text += o.text;
    for (Span sp : o.mentions)
      s->mentions.push_back({sp.text, sp.name, sp.extra, sp.id, sp.start + shift, sp.end + shift});
    for (Span sp : o.hashtags)
      s->hashtags.push_back({sp.text, "", "", 0, sp.start + shift, sp.end + shift});
    for (Span sp : o.urls)
      s->urls.push_back({sp.text, sp.name, sp.extra, 0, sp.start + shift, sp.end + shift});
    return s;
  }
  const Language &lang = r.pick(languages);
  s->lang = lang.code;
  make_text(r, *s, lang, users);
  if (r.percent(15)) {
    s->reply_to_user = &users[r.below(users.size())];
    s->reply_to_status = id - r.between(1'000'000'000, 100'000'000'000'000);
  }
  if (r.percent(8)) {
    // Degrees with up to 7 decimals, as phones report them.
    s->point = {static_cast<double>(r.between(-900'000'000, 900'000'000)) / 1e7,
                static_cast<double>(r.between(-1'800'000'000, 1'800'000'000)) / 1e7};
  }
  return s;
}

void write_user(Writer &w, const User &u) {
  w.begin_object();
  w.member("id", u.id);
  w.member("id_str", std::to_string(u.id));
  w.member("name", u.name, u.escape);
  w.member("screen_name", u.screen_name);
  w.member("location", u.location, u.escape);
  w.member("description", u.description, u.escape);
  w.key("url");
  if (u.url) {
    w.string(*u.url);
  } else {
    w.null();
  }
  w.key("entities");
  w.begin_object();
  if (u.url) {
    w.key("url");
    w.begin_object();
    w.key("urls");
    w.begin_array();
    w.begin_object();
    w.member("url", *u.url);
    w.member("expanded_url", "http://www." + u.screen_name + ".example.com/");
    w.member("display_url", u.screen_name + ".example.com");
    w.key("indices");
    w.begin_array();
    w.integer(0);
    w.integer(static_cast<int64_t>(u.url->size()));
    w.end_array();
    w.end_object();
    w.end_array();
    w.end_object();
  }
  w.key("description");
  w.begin_object();
  w.key("urls");
  w.begin_array();
  w.end_array();
  w.end_object();
  w.end_object();
  w.member_bool("protected", false);
  w.member("followers_count", u.followers);
  w.member("friends_count", u.friends);
  w.member("listed_count", u.listed);
  w.member("created_at", u.created_at);
  w.member("favourites_count", u.favourites);
  w.key("utc_offset");
  if (u.utc_offset) {
    w.integer(*u.utc_offset);
  } else {
    w.null();
  }
  w.key("time_zone");
  if (u.time_zone) {
    w.string(*u.time_zone);
  } else {
    w.null();
  }
  w.member_bool("geo_enabled", u.geo_enabled);
  w.member_bool("verified", u.verified);
  w.member("statuses_count", u.statuses);
  w.member("lang", u.lang);
  w.member_bool("contributors_enabled", false);
  w.member_bool("is_translator", false);
  w.member_bool("is_translation_enabled", false);
  w.member("profile_background_color", u.background);
  w.member("profile_background_image_url", "http://abs.twimg.com/images/themes/theme1/bg.png");
  w.member("profile_background_image_url_https",
           "https://abs.twimg.com/images/themes/theme1/bg.png");
  w.member_bool("profile_background_tile", u.background_tile);
  w.member("profile_image_url", "http://pbs.twimg.com/profile_images/" + u.image + "_normal.jpeg");
  w.member("profile_image_url_https",
           "https://pbs.twimg.com/profile_images/" + u.image + "_normal.jpeg");
  if (u.banner)
    w.member("profile_banner_url", "https://pbs.twimg.com/profile_banners/" + *u.banner);
  w.member("profile_link_color", u.link);
  w.member("profile_sidebar_border_color", u.border);
  w.member("profile_sidebar_fill_color", u.fill);
  w.member("profile_text_color", u.text_color);
  w.member_bool("profile_use_background_image", !u.background_tile);
  w.member_bool("default_profile", u.default_profile);
  w.member_bool("default_profile_image", false);
  w.member_null("following");
  w.member_bool("follow_request_sent", false);
  w.member_null("notifications");
  w.end_object();
}

void write_indices(Writer &w, const Span &s) {
  w.key("indices");
  w.begin_array();
  w.integer(static_cast<int64_t>(s.start));
  w.integer(static_cast<int64_t>(s.end));
  w.end_array();
}

void write_point(Writer &w, double first, double second) {
  w.begin_object();
  w.member("type", "Point");
  w.key("coordinates");
  w.begin_array();
  w.number(first);
  w.number(second);
  w.end_array();
  w.end_object();
}

void write_status(Writer &w, const Status &s) {
  w.begin_object();
  w.key("metadata");
  w.begin_object();
  w.member("result_type", "recent");
  w.member("iso_language_code", s.lang);
  w.end_object();
  w.member("created_at", s.created_at);
  w.member("id", s.id);
  w.member("id_str", std::to_string(s.id));
  w.member("text", s.text, s.escape);
  w.member("source", s.source);
  w.member_bool("truncated", false);
  if (s.reply_to_status) {
    w.member("in_reply_to_status_id", *s.reply_to_status);
    w.member("in_reply_to_status_id_str", std::to_string(*s.reply_to_status));
    w.member("in_reply_to_user_id", s.reply_to_user->id);
    w.member("in_reply_to_user_id_str", std::to_string(s.reply_to_user->id));
    w.member("in_reply_to_screen_name", s.reply_to_user->screen_name);
  } else {
    for (const char *k :
         {"in_reply_to_status_id", "in_reply_to_status_id_str", "in_reply_to_user_id",
          "in_reply_to_user_id_str", "in_reply_to_screen_name"}) {
      w.member_null(k);
    }
  }
  w.key("user");
  write_user(w, *s.user);
  w.key("geo");
  if (s.point) {
    write_point(w, s.point->first, s.point->second);
  } else {
    w.null();
  }
  w.key("coordinates");
  if (s.point) {
    write_point(w, s.point->second, s.point->first); // GeoJSON order: lon, lat
  } else {
    w.null();
  }
  w.member_null("place");
  w.member_null("contributors");
  if (s.retweeted) {
    w.key("retweeted_status");
    write_status(w, *s.retweeted);
  }
  w.member("retweet_count", s.retweets);
  w.member("favorite_count", s.favorites);
  w.key("entities");
  w.begin_object();
  w.key("hashtags");
  w.begin_array();
  for (const Span &h : s.hashtags) {
    w.begin_object();
    w.member("text", h.text, s.escape);
    write_indices(w, h);
    w.end_object();
  }
  w.end_array();
  w.key("symbols");
  w.begin_array();
  w.end_array();
  w.key("urls");
  w.begin_array();
  for (const Span &u : s.urls) {
    w.begin_object();
    w.member("url", u.text);
    w.member("expanded_url", u.name);
    w.member("display_url", u.extra, s.escape);
    write_indices(w, u);
    w.end_object();
  }
  w.end_array();
  w.key("user_mentions");
  w.begin_array();
  for (const Span &m : s.mentions) {
    w.begin_object();
    w.member("screen_name", m.extra);
    w.member("name", m.name, s.escape);
    w.member("id", m.id);
    w.member("id_str", std::to_string(m.id));
    write_indices(w, m);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.member_bool("favorited", false);
  w.member_bool("retweeted", false);
  if (!s.urls.empty()) w.member_bool("possibly_sensitive", false);
  w.member("lang", s.lang);
  w.end_object();
}

constexpr size_t twitter_target_bytes = 600'000;
constexpr size_t canada_target_bytes = 2'000'000;

} // namespace

JsonDocument generate_twitter_like(uint64_t seed) {
  Prng r(seed);
  std::vector<User> users;
  for (int k = 0; k < 80; k++) users.push_back(make_user(r));
  JsonDocument doc;
  Writer w(doc, true);
  w.begin_object();
  w.key("statuses");
  w.begin_array();
  const int64_t max_id = 505'874'924'095'815'681; // above 2^53, like every tweet id since 2010
  int64_t id = max_id;
  int64_t second = 29 * 60 + 15;
  int64_t since_id = 0, count = 0;
  while (doc.text.size() < twitter_target_bytes - 2'000) {
    std::string created_at = "Sun Aug 31 00:" + two_digits(second / 60 % 60) + ":" +
                             two_digits(second % 60) + " +0000 2014";
    auto s = make_status(r, id, created_at, users, true);
    write_status(w, *s);
    since_id = id;
    count++;
    id -= r.between(100'000'000, 20'000'000'000);
    second -= static_cast<int64_t>(r.below(2));
  }
  w.end_array();
  w.key("search_metadata");
  w.begin_object();
  w.key("completed_in");
  w.number(0.087);
  w.member("max_id", max_id);
  w.member("max_id_str", std::to_string(max_id));
  w.member("next_results", "?max_id=" + std::to_string(since_id - 1) + "&q=%E4%B8%80&count=" +
                               std::to_string(count) + "&include_entities=1");
  w.member("query", "%E4%B8%80");
  w.member("refresh_url",
           "?since_id=" + std::to_string(max_id) + "&q=%E4%B8%80&include_entities=1");
  w.member("count", count);
  w.member("since_id", int64_t{0});
  w.member("since_id_str", "0");
  w.end_object();
  w.end_object();
  doc.expected.integers_known = 1;
  return doc;
}

JsonDocument generate_canada_like(uint64_t seed) {
  Prng r(seed);
  JsonDocument doc;
  Writer w(doc, false);
  w.begin_object();
  w.member("type", "FeatureCollection");
  w.key("features");
  w.begin_array();
  w.begin_object();
  w.member("type", "Feature");
  w.key("properties");
  w.begin_object();
  w.member("name", "Canada");
  w.end_object();
  w.key("geometry");
  w.begin_object();
  w.member("type", "Polygon");
  w.key("coordinates");
  w.begin_array();
  // Sixteen compass directions in millionths, for a coastline that turns as it goes.
  static const int64_t dir_x[16] = {1000,  924,  707,  383,  0, -383, -707, -924,
                                    -1000, -924, -707, -383, 0, 383,  707,  924};
  static const int64_t dir_y[16] = {0, 383,  707,  924,  1000,  924,  707,  383,
                                    0, -383, -707, -924, -1000, -924, -707, -383};
  while (doc.text.size() < canada_target_bytes) {
    // Rings: one in twenty a long coastline (1000–5000 points), a quarter islands of a few
    // hundred, the rest small islands; points in micro-degrees, printed as the nearest double
    // with 17 significant digits, as canada.json was written.
    uint64_t kind = r.below(20);
    int64_t points = kind == 0  ? r.between(1000, 5000)
                     : kind < 6 ? r.between(100, 500)
                                : r.between(4, 80);
    int64_t x0 = r.between(-141'000'000, -52'700'000), y0 = r.between(41'700'000, 83'100'000);
    int64_t x = x0, y = y0;
    unsigned dir = static_cast<unsigned>(r.below(16));
    w.begin_array();
    for (int64_t k = 0; k < points; k++) {
      if (k == points - 1) x = x0, y = y0; // a closed ring
      w.begin_array();
      w.number(static_cast<double>(x) / 1e6, 17);
      w.number(static_cast<double>(y) / 1e6, 17);
      w.end_array();
      dir = (dir + static_cast<unsigned>(r.below(3)) + 15) % 16; // turn left, go on or turn right
      int64_t step = r.between(200, 9000);
      x += dir_x[dir] * step / 1000 + r.between(-50, 50);
      y += dir_y[dir] * step / 1000 + r.between(-50, 50);
    }
    w.end_array();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  w.end_array();
  w.end_object();
  doc.expected.integers_known = 1;
  return doc;
}

} // namespace twinbench::bench
