"""nixpkgs lib's own test suites (../shared/workloads/nixpkgs-lib): the real-world bar."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pynix.instantiate import main

LIB = Path(__file__).resolve().parents[1].parent / "shared" / "workloads" / "nixpkgs-lib"

pytestmark = pytest.mark.skipif(not LIB.is_dir(), reason="../shared/workloads/nixpkgs-lib is not beside this checkout")


@pytest.fixture(autouse=True)
def in_lib_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(LIB)


@pytest.mark.parametrize("suite", ["lib/tests/misc.nix", "lib/tests/systems.nix"])
def test_suite_has_no_failures(suite: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--eval", "--strict", suite])
    out, err = capsys.readouterr()
    assert (status, out.strip()) == (0, "[ ]"), err[-3000:]


def test_path_library_unit_tests(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--eval", "--strict", "lib/path/tests/unit.nix", "--arg", "libpath", "./lib"])
    out, err = capsys.readouterr()
    assert (status, out.strip()) == (0, '"Unit tests successful"'), err[-3000:]


@pytest.mark.skipif(shutil.which("bash") is None, reason="lib/tests/modules.sh needs bash")
def test_module_system_suite(tmp_path: Path) -> None:
    """nixpkgs' lib/tests/modules.sh (345 checks of the module system) with pynix as its nix-instantiate."""
    shutil.copytree(LIB / "lib", tmp_path / "lib")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "nix-instantiate"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pynix.instantiate "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(["bash", str(tmp_path / "lib" / "tests" / "modules.sh")], env=env,
                          capture_output=True, text=True, timeout=1500)
    summary = proc.stdout.strip().splitlines()[-2:]
    assert proc.returncode == 0 and summary[-1] == "0 Fail", (summary, proc.stdout[-4000:], proc.stderr[-2000:])
