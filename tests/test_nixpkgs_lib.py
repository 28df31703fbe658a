"""nixpkgs lib's own test suites (../shared/workloads/nixpkgs-lib): the real-world bar."""

from __future__ import annotations

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
