// The benchmark tables: benchmark runs, their samples and instruction counts.
#include <fmt/format.h>

#include "store/rows.h"
#include "store/store.h"

namespace twinbench::cli {

int64_t Store::add_bench_run(const BenchRunRow &b) {
  Statement(db_,
            "INSERT INTO bench_runs(name, created, environment_id, components, repetitions, "
            "min_time, pin, command, status, measure, runs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)")
      .bind(1, b.name)
      .bind(2, b.created)
      .bind(3, b.environment_id)
      .bind(4, store_rows::join(b.components))
      .bind(5, int64_t{b.repetitions})
      .bind(6, b.min_time)
      .bind(7, int64_t{b.pin})
      .bind(8, store_rows::join(b.command))
      .bind(9, b.status)
      .bind(10, b.measure.empty() ? std::string("time") : b.measure)
      .bind(11, int64_t{b.runs})
      .run();
  return db_.last_insert_id();
}

namespace {

void insert_bench_samples(Database &db, int64_t id, const std::vector<BenchSample> &samples) {
  Statement insert(db, "INSERT INTO bench_samples(bench_run_id, name, component, case_name, "
                       "size, impl, repetition, iterations, real_time_ns, cpu_time_ns, "
                       "bytes_per_second, run, timing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?)");
  for (const auto &s : samples) {
    insert.bind(1, id)
        .bind(2, s.name)
        .bind(3, s.component)
        .bind(4, s.case_name)
        .bind(5, s.size)
        .bind(6, s.impl)
        .bind(7, int64_t{s.repetition})
        .bind(8, s.iterations)
        .bind(9, s.real_time_ns)
        .bind(10, s.cpu_time_ns)
        .bind(11, s.bytes_per_second)
        .bind(12, int64_t{s.run})
        .bind(13, s.timing)
        .run();
  }
}

} // namespace

void Store::add_bench_samples(int64_t id, const std::vector<BenchSample> &samples) {
  Transaction tx(db_);
  insert_bench_samples(db_, id, samples);
  tx.commit();
}

void Store::finish_bench_run(int64_t id, const std::vector<BenchSample> &samples) {
  Transaction tx(db_);
  insert_bench_samples(db_, id, samples);
  set_bench_status(id, "done");
  tx.commit();
}

void Store::set_bench_status(int64_t id, const std::string &status) {
  Statement(db_, "UPDATE bench_runs SET status = ? WHERE id = ?").bind(1, status).bind(2, id).run();
}

std::optional<BenchRunRow> Store::find_bench_run(const std::string &name) {
  Statement s(
      db_, fmt::format("SELECT {} FROM bench_runs WHERE name = ?", store_rows::bench_run_columns));
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return store_rows::bench_run_from(s);
}

std::vector<BenchRunRow> Store::bench_runs() {
  Statement s(db_,
              fmt::format("SELECT {} FROM bench_runs ORDER BY id", store_rows::bench_run_columns));
  std::vector<BenchRunRow> out;
  while (s.step()) out.push_back(store_rows::bench_run_from(s));
  return out;
}

std::vector<BenchSample> Store::bench_samples(int64_t bench_run_id) {
  Statement s(db_, "SELECT name, component, case_name, size, impl, repetition, iterations, "
                   "real_time_ns, cpu_time_ns, bytes_per_second, run, timing FROM bench_samples "
                   "WHERE bench_run_id = ? ORDER BY name, run, repetition");
  s.bind(1, bench_run_id);
  std::vector<BenchSample> out;
  while (s.step()) {
    out.push_back({s.text("name"), s.text("component"), s.text("case_name"), s.text("impl"),
                   s.integer("size"), static_cast<int>(s.integer("repetition")),
                   s.integer("iterations"), s.real("real_time_ns"), s.real("cpu_time_ns"),
                   s.real("bytes_per_second"), true, static_cast<int>(s.integer("run")),
                   s.text("timing")});
  }
  return out;
}

void Store::finish_instruction_run(int64_t id, const std::vector<InstructionCount> &counts) {
  Transaction tx(db_);
  Statement insert(db_, "INSERT INTO bench_counts(bench_run_id, name, component, case_name, size, "
                        "impl, iterations, bytes_per_operation, ir, dr, dw, i1mr, d1mr, d1mw, "
                        "ilmr, dlmr, dlmw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?)");
  for (const auto &c : counts) {
    insert.bind(1, id)
        .bind(2, c.name)
        .bind(3, c.component)
        .bind(4, c.case_name)
        .bind(5, c.size)
        .bind(6, c.impl)
        .bind(7, c.iterations)
        .bind(8, c.bytes_per_operation);
    int index = 9;
    for (int64_t event : {c.ir, c.dr, c.dw, c.i1mr, c.d1mr, c.d1mw, c.ilmr, c.dlmr, c.dlmw}) {
      insert.bind(index++, event);
    }
    insert.run();
  }
  set_bench_status(id, "done");
  tx.commit();
}

std::vector<InstructionCount> Store::instruction_counts(int64_t bench_run_id) {
  Statement s(db_, "SELECT name, component, case_name, size, impl, iterations, "
                   "bytes_per_operation, ir, dr, dw, i1mr, d1mr, d1mw, ilmr, dlmr, dlmw "
                   "FROM bench_counts WHERE bench_run_id = ? ORDER BY name");
  s.bind(1, bench_run_id);
  std::vector<InstructionCount> out;
  while (s.step()) {
    InstructionCount c;
    c.name = s.text("name");
    c.component = s.text("component");
    c.case_name = s.text("case_name");
    c.size = s.integer("size");
    c.impl = s.text("impl");
    c.iterations = s.integer("iterations");
    c.bytes_per_operation = s.integer("bytes_per_operation");
    for (auto [event, column] : {std::pair{&c.ir, "ir"},
                                 {&c.dr, "dr"},
                                 {&c.dw, "dw"},
                                 {&c.i1mr, "i1mr"},
                                 {&c.d1mr, "d1mr"},
                                 {&c.d1mw, "d1mw"},
                                 {&c.ilmr, "ilmr"},
                                 {&c.dlmr, "dlmr"},
                                 {&c.dlmw, "dlmw"}}) {
      *event = s.integer(column);
    }
    out.push_back(std::move(c));
  }
  return out;
}

double InstructionCount::estimated_cycles() const {
  const double accesses = static_cast<double>(ir + dr + dw);
  const double l1_misses = static_cast<double>(i1mr + d1mr + d1mw);
  const double memory = static_cast<double>(ilmr + dlmr + dlmw);
  return (accesses - l1_misses) + 5 * (l1_misses - memory) + 35 * memory;
}

} // namespace twinbench::cli
