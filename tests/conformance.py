"""Running CppNix's language test corpus (../shared/conformance) against pynix-instantiate."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "conformance" / "nix-lang"
RUNNER = SHARED / "conformance" / "run_conformance.py"
XFAIL_FILE = Path(__file__).with_name("conformance_xfail.txt")
COMMAND = f"{sys.executable} -m pynix.instantiate"


def available() -> bool:
    """Whether ../shared with the corpus is beside the checkout."""
    return CORPUS.is_dir() and RUNNER.is_file()


def run(categories: list[str]) -> dict[str, dict]:
    """Run the corpus categories through the upstream runner; case id → its JSON record."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, str(RUNNER), "--cmd", COMMAND, "--suspect-is-failure",
               "--json", str(report), "--timeout", "60"]
        for c in categories:
            cmd += ["--category", c]
        subprocess.run(cmd + [str(CORPUS)], capture_output=True, text=True)
        data = json.loads(report.read_text())
    records = data["cases"]
    return {r["id"]: r for r in records}


def case_ids(categories: tuple[str, ...]) -> list[str]:
    """The ids of every case of the given categories, as the runner names them."""
    ids = []
    for f in sorted(CORPUS.glob("*.nix")):
        for c in categories:
            if f.name.startswith(c + "-"):
                ids.append(f"nix-lang/{f.stem}")
    return ids
