#!/usr/bin/env bash
# ctest: the registry has one reader, so a malformed manifest reads the same to CMake and to the
# CLI: one line naming the file, the field and what was expected. And every manifest of the
# checkout passes its JSON Schema under a second, independent validator (python3-jsonschema).
#   check_malformed_manifest.sh <checkout> <twinbench binary>
set -euo pipefail
root=$1 twinbench=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A scratch checkout whose base64 manifest says "threads": "yes".
ln -s "$root/harness" "$root/scripts" "$work/"
cp -r "$root/corpora" "$work/corpora"
printf 'cmake_minimum_required(VERSION 3.25)\nproject(registry_probe NONE)\ninclude(harness/cmake/Registry.cmake)\n' \
  >"$work/CMakeLists.txt"
sed -i 's|"spec": "docs/components/base64.md",|&\n  "threads": "yes",|' "$work/corpora/base64/component.json"
grep -q '"threads": "yes"' "$work/corpora/base64/component.json" || fail "could not break the manifest"
expected='corpora/base64/component.json: threads: expected true or false'

# CMake: the configure step stops with the reader's line (the reader built once, in the checkout).
"$root/scripts/registry" --packages >/dev/null # built from the checkout's sources, not the copy's
export TB_REGISTRY_BUILD_DIR="$root/build/tools/registry"
if cmake -S "$work" -B "$work/build" -G Ninja >"$work/cmake.log" 2>&1; then
  fail "cmake configured a checkout with a malformed manifest"
fi
[[ $(grep -c "$expected" "$work/cmake.log") == 1 ]] || fail "cmake did not say '$expected' once: $(cat "$work/cmake.log")"
echo "cmake: $(grep "$expected" "$work/cmake.log" | sed 's/^ *//')"

# The CLI: exit status 2 and that one line.
status=0
output=$("$twinbench" --root "$work" list 2>&1) || status=$?
[[ $status == 2 ]] || fail "twinbench list exited $status: $output"
[[ $(wc -l <<<"$output") == 1 && $output == *"$expected" ]] || fail "twinbench said: $output"
echo "cli: $output"

# Every manifest of the checkout against its schema, by python3-jsonschema.
/usr/bin/python3 - "$root" <<'PY'
import json, sys
from pathlib import Path
import jsonschema
root = Path(sys.argv[1])
checked = 0
for kind in ("component", "bugs", "known_bugs"):
    schema = json.loads((root / "harness/registry/schemas" / f"{kind}.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    for manifest in sorted((root / "corpora").glob(f"*/{kind}.json")):
        jsonschema.validate(json.loads(manifest.read_text()), schema,
                            cls=jsonschema.Draft7Validator)
        checked += 1
print(f"jsonschema: {checked} manifests match their schemas")
PY
