// A thin RAII layer over SQLite: a connection, prepared statements, transactions. Every
// SQLite failure becomes a StoreError naming the store file and SQLite's message.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace twinbench::cli {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Database;

class Statement {
public:
  Statement(Database &db, const std::string &sql);
  ~Statement();
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;

  // Binds positional parameters (1-based) in order; returns *this for chaining.
  Statement &bind(int index, int64_t value);
  Statement &bind(int index, double value);
  Statement &bind(int index, const std::string &value);
  Statement &bind_null(int index);

  bool step(); // true while a row is available
  void run();  // steps to completion
  void reset();

  // The current row's column of that name (as the query names it: its column, or its AS): a
  // query's columns are read by name only, so a column added to a SELECT moves no other.
  // StoreError when the query has no such column.
  int64_t integer(std::string_view column) const;
  double real(std::string_view column) const;
  std::string text(std::string_view column) const;
  bool is_null(std::string_view column) const;
  std::optional<int64_t> optional_integer(std::string_view column) const; // nullopt for NULL
  std::optional<double> optional_real(std::string_view column) const;

private:
  int index(std::string_view column) const;
  Database &db_;
  sqlite3_stmt *stmt_ = nullptr;
  std::string sql_;
};

class Database {
public:
  explicit Database(const std::filesystem::path &path);
  ~Database();
  Database(const Database &) = delete;
  Database &operator=(const Database &) = delete;

  void exec(const std::string &sql);
  int64_t last_insert_id() const;
  int changes() const; // rows changed by the last statement
  [[noreturn]] void fail(const std::string &what) const;
  sqlite3 *handle() { return db_; }
  const std::filesystem::path &path() const { return path_; }

private:
  std::filesystem::path path_;
  sqlite3 *db_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() was called.
class Transaction {
public:
  explicit Transaction(Database &db);
  ~Transaction();
  void commit();

private:
  Database &db_;
  bool done_ = false;
};

} // namespace twinbench::cli
