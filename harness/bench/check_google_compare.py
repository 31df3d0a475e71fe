#!/usr/bin/python3
"""Google Benchmark's own compare tool reads the JSON the bench writes.

usage: check_google_compare.py COMPARE_PY BENCH_JSON

Runs compare.py (Debian's libbenchmark-tools) in its `filters` mode, C twin against Rust twin,
and checks that every case holding both appears in its comparison with the C and Rust times this
JSON holds: the tool understood every field it needs, not just the file's syntax.
"""
import json
import re
import subprocess
import sys
import tempfile


# compare.py's filters: the C twin's and the Rust twin's runs of every case (a regular
# expression each; what it matches is cut from the name, so the two sides pair up).
FILTER_C = "/c(/real_time|/process_time)?$"
FILTER_RUST = "/rust(/real_time|/process_time)?$"


def main(compare_py, bench_json):
    try:
        with open(bench_json, encoding="utf-8") as f:
            runs = [b for b in json.load(f)["benchmarks"] if b.get("run_type") == "iteration"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        sys.exit(f"{bench_json}: not Google Benchmark's JSON ({e})")
    # A case timed on wall or process time has Google Benchmark's suffix after the
    # implementation: spsc/cross-thread/4096/c/real_time.
    by_name = {re.sub(r"/(real_time|process_time)$", "", b["name"]): b for b in runs}
    cases = sorted(
        name[: -len("/c")]
        for name in by_name
        if name.endswith("/c") and name[: -len("/c")] + "/rust" in by_name
    )
    if not cases:
        sys.exit(f"{bench_json}: no case holds both the c and the rust twin")

    with tempfile.NamedTemporaryFile(suffix=".json") as dump:
        ran = subprocess.run(
            [sys.executable, compare_py, "--no-color", "--dump_to_json", dump.name,
             "filters", bench_json, FILTER_C, FILTER_RUST],
            capture_output=True, text=True, check=False)
        if ran.returncode != 0:
            sys.exit(f"compare.py exited {ran.returncode}: {ran.stderr.strip()}")
        compared = {re.sub(r"\[.*\]", "", row["name"]): row
                    for row in json.load(open(dump.name, encoding="utf-8"))}

    failures = []
    for case in cases:
        row = compared.get(case)
        if row is None:
            failures.append(f"{case}: not in compare.py's comparison")
            continue
        measured = row["measurements"][0]
        c, rust = by_name[case + "/c"], by_name[case + "/rust"]
        if (measured["real_time"], measured["real_time_other"]) != (c["real_time"],
                                                                    rust["real_time"]):
            failures.append(f"{case}: compare.py read {measured['real_time']} and "
                            f"{measured['real_time_other']}, the JSON holds {c['real_time']} and "
                            f"{rust['real_time']}")
    for failure in failures:
        print(failure)
    print(f"compare.py compared {len(cases) - len(failures)} of the {len(cases)} twin cases "
          "with the times the bench wrote")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    sys.exit(main(sys.argv[1], sys.argv[2]))
