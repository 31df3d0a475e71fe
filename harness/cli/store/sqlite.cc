#include "store/sqlite.h"

#include <cerrno>

#include <sqlite3.h>

#include <fmt/format.h>

namespace twinbench::cli {

namespace {

// SQLite's message, said plainly where the disk is full: SQLITE_FULL, or an I/O error whose
// errno is ENOSPC (creating the WAL's shared-memory file on a full disk is one).
std::string message_of(sqlite3 *db) {
  if (!db) return "out of memory";
  const int code = sqlite3_errcode(db);
  if (code == SQLITE_FULL || ((code & 0xff) == SQLITE_IOERR && sqlite3_system_errno(db) == ENOSPC))
    return "no space left on its disk";
  std::string message = sqlite3_errmsg(db);
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) message += " (corrupted or not a store)";
  return message;
}

} // namespace

Database::Database(const std::filesystem::path &path) : path_(path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    // The destructor will not run: release the half-open handle before reporting.
    std::string message = message_of(db_);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw StoreError(fmt::format("store {}: cannot open: {}", path_.string(), message));
  }
  sqlite3_busy_timeout(db_, 10000);
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::fail(const std::string &what) const {
  throw StoreError(fmt::format("store {}: {}: {}", path_.string(), what, message_of(db_)));
}

void Database::exec(const std::string &sql) {
  char *error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    sqlite3_free(error);
    fail("cannot run " + sql.substr(0, sql.find_first_of("(\n")));
  }
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Statement::Statement(Database &db, const std::string &sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
    db.fail("cannot prepare " + sql.substr(0, 40));
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement &Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement &Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement &Statement::bind(int index, const std::string &value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement &Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail("query failed");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

// The one place a column is a position: every read names its column. SQLite names "a.id" in a
// join "id" (its documented name is the AS, else unspecified): either spelling matches.
int Statement::index(std::string_view column) const {
  const int count = sqlite3_column_count(stmt_);
  for (int i = 0; i < count; i++) {
    const char *name = sqlite3_column_name(stmt_, i);
    if (!name) continue;
    std::string_view named(name);
    if (const size_t dot = named.rfind('.'); dot != std::string_view::npos) {
      named.remove_prefix(dot + 1);
    }
    if (column == named) return i;
  }
  throw StoreError(
      fmt::format("store {}: no column '{}' in: {}", db_.path().string(), column, sql_));
}

int64_t Statement::integer(std::string_view column) const {
  return sqlite3_column_int64(stmt_, index(column));
}
double Statement::real(std::string_view column) const {
  return sqlite3_column_double(stmt_, index(column));
}
std::string Statement::text(std::string_view column) const {
  const int i = index(column);
  const auto *p = sqlite3_column_text(stmt_, i);
  return p ? std::string(reinterpret_cast<const char *>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string();
}
bool Statement::is_null(std::string_view column) const {
  return sqlite3_column_type(stmt_, index(column)) == SQLITE_NULL;
}
std::optional<int64_t> Statement::optional_integer(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}
std::optional<double> Statement::optional_real(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

Transaction::Transaction(Database &db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

} // namespace twinbench::cli
