"""The corpus cases that need symlinks, run against a copy of the corpus with its symlinks restored.

`../shared/conformance/nix-lang` holds four upstream symlinks as plain files
containing their targets, so those cases sit on the expected-failure list;
here they run as upstream has them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import conformance

pytestmark = pytest.mark.skipif(not conformance.available(),
                                reason="../shared/conformance is not beside this checkout")

FLATTENED_SYMLINKS = ("readDir/ldir", "readDir/linked", "symlink-resolution/foo/overlays",
                      "symlink-resolution/broken")
"""Files of the corpus that are symlinks upstream (their text is the link target)."""

CASES = ("eval-okay-readDir", "eval-okay-readDir-symlinked-directory", "eval-okay-readFileType",
         "eval-okay-symlink-resolution", "eval-okay-pathexists")


def test_symlink_cases_pass_with_real_symlinks(tmp_path: Path) -> None:
    corpus = tmp_path / "nix-lang"
    shutil.copytree(conformance.CORPUS, corpus, symlinks=True)
    for directory, _, _ in os.walk(corpus):
        os.chmod(directory, 0o755)  # the shared corpus is read-only; the copy must not be
    for name in FLATTENED_SYMLINKS:
        link = corpus / name
        target = link.read_text().strip()
        link.unlink()
        os.symlink(target, link)
    report = tmp_path / "report.json"
    cmd = [sys.executable, str(conformance.RUNNER), "--cmd", conformance.COMMAND, "--json", str(report),
           "--filter", "^nix-lang/(" + "|".join(CASES) + ")$", str(corpus)]
    subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    records = {r["id"].split("/")[-1]: r for r in json.loads(report.read_text())["cases"]}
    assert sorted(records) == sorted(CASES)
    failing = {case: r.get("reason") for case, r in records.items() if r["status"] != "pass"}
    if not Path(os.path.join("/nix", "store")).is_dir():
        failing.pop("eval-okay-pathexists", None)  # it also asks whether the store directory exists
    assert not failing
