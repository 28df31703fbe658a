"""Real public Nix code by others (tests/realcode) through pynix, against CppNix's recorded output."""

from __future__ import annotations

import shutil

import pytest

import expected_failures
import realcode
from pynix.instantiate import main

CASES = realcode.cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_cppnix(case: realcode.Case, monkeypatch: pytest.MonkeyPatch,
                        capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    _, expected = case.expected()
    monkeypatch.chdir(case.directory)
    status = main(case.arguments())
    out, err = capsysbinary.readouterr()
    actual = out.decode("utf-8", "surrogateescape")
    passed = (status, actual) == (0, expected)
    expected_failures.settle(case.id, passed, realcode.XFAIL_FILE)
    assert passed, (f"{case.id}: exit {status}\n--- expected ---\n{expected}\n--- actual ---\n{actual}\n"
                    f"--- stderr ---\n{err.decode('utf-8', 'replace')[-3000:]}")


def test_expected_outputs_are_portable() -> None:
    """No recorded output names this checkout's location."""
    assert [c.id for c in CASES if realcode.machine_specific(c.expected()[1])] == []


def test_every_repository_has_a_manifest_and_a_license() -> None:
    repos = sorted({c.repo for c in CASES})
    assert len(repos) >= 6
    for repo in repos:
        directory = realcode.ROOT / repo
        manifest = (directory / "SOURCE").read_text()
        listed = [line.split()[0] for line in manifest.splitlines() if line.startswith("vendor/")]
        vendored = sorted(str(p.relative_to(directory)) for p in (directory / "vendor").rglob("*") if p.is_file())
        assert sorted(listed) == vendored, repo
        license_name = next(line.split(":", 1)[1].strip() for line in manifest.splitlines() if line.startswith("license file:"))
        assert (directory / license_name).is_file(), repo


@pytest.mark.skipif(shutil.which("nix-instantiate") is None, reason="nix-instantiate (CppNix) is not on the PATH")
@pytest.mark.parametrize("case", [c for c in CASES if not c.reasoned()], ids=[c.id for c in CASES if not c.reasoned()])
def test_recording_is_current(case: realcode.Case) -> None:
    """The installed CppNix still prints what was recorded (else: python3 tests/realcode.py --record)."""
    status, stdout, stderr = realcode.run_cppnix(case)
    assert (status, realcode.as_current_cppnix(case, stdout)) == (0, case.expected()[1]), stderr[-3000:]
