"""The component registry for the Python scripts: every manifest as the one reader reads and
checks it (scripts/registry --json, harness/cli/common/project.cc), never parsed here."""
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class RegistryError(Exception):
    """The reader's one line: the manifest, the field and what was expected."""


def read_registry():
    """{"components": [{"name", "implementations": [...], "fuzz_targets", "known_bugs", ...}],
    "bugs": [...]}"""
    run = subprocess.run([str(ROOT / "scripts" / "registry"), "--json"], capture_output=True,
                         text=True, check=False)
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines()
        raise RegistryError(lines[-1] if lines else f"scripts/registry exited {run.returncode}")
    return json.loads(run.stdout)
