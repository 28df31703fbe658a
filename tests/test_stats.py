"""NIX_SHOW_STATS: pynix-instantiate reports CppNix's operation counters.

The expected counts are CppNix's own for the same programs (checked with
nix-instantiate 2.8; `test_counts_match_cppnix` repeats that where it is
installed). pynix computes `-`, `*`, `/` and comparisons inline, so programs
here avoid them: CppNix counts them as primop calls.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import pynix
from pynix.instantiate import main
from pynix.vm.runtime import RUNTIME

PROGRAMS = {
    "let f = x: x; in f (f 1)": {"nrFunctionCalls": 2, "nrPrimOpCalls": 0},
    "let f = a: b: a; in f 1 2": {"nrFunctionCalls": 2},
    "builtins.foldl' (a: b: a + b) 0 [ 1 2 3 ]": {"nrFunctionCalls": 6, "nrPrimOpCalls": 1},
    "let s = { __functor = self: x: x; }; in s 1": {"nrFunctionCalls": 2},
    "builtins.genList (x: x) 3": {"nrFunctionCalls": 3, "nrPrimOpCalls": 1},
    "({ a = 1; } // { b = 2; }) // { }": {"nrOpUpdates": 2, "nrOpUpdateValuesCopied": 2},
    "let x = 1 + 1; in x": {"nrThunks": 1},
    "let s = { a.b.c = 1; }; in s.a.b.c + (s.x or 1)": {"nrLookups": 4},
    "builtins.length [ 1 ] + builtins.length [ ]": {"nrLookups": 2, "nrPrimOpCalls": 2},
}


def stats_of(expr: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict:
    monkeypatch.setenv("NIX_SHOW_STATS", "1")
    monkeypatch.delenv("NIX_SHOW_STATS_PATH", raising=False)
    assert main(["--eval", "--strict", "--expr", expr]) == 0
    return json.loads(capsys.readouterr().err)


@pytest.mark.parametrize("expr", sorted(PROGRAMS))
def test_counts(expr: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stats = stats_of(expr, monkeypatch, capsys)
    assert {k: stats[k] for k in PROGRAMS[expr]} == PROGRAMS[expr]
    assert stats["cpuTime"] >= 0


def test_list_concatenations_are_counted(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert stats_of("[ 1 ] ++ [ 2 ] ++ [ ]", monkeypatch, capsys)["list"]["concats"] == 2


def test_stats_go_to_the_file_named_by_nix_show_stats_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "stats.json"
    monkeypatch.setenv("NIX_SHOW_STATS", "1")
    monkeypatch.setenv("NIX_SHOW_STATS_PATH", str(target))
    assert main(["--eval", "--expr", "builtins.length [ 1 ]"]) == 0
    assert capsys.readouterr().err == ""
    assert json.loads(target.read_text())["nrPrimOpCalls"] == 1


def test_no_stats_unless_asked(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NIX_SHOW_STATS", "0")
    assert main(["--eval", "--expr", "1"]) == 0
    assert capsys.readouterr().err == ""
    # An evaluator without statistics runs compiled code with the plain helpers: counting costs it nothing.
    assert pynix.Evaluator().runtime is RUNTIME
    assert pynix.Evaluator(stats=True).runtime is not RUNTIME


NIX = shutil.which("nix-instantiate")


@pytest.mark.skipif(NIX is None, reason="nix-instantiate (CppNix) is not installed")
@pytest.mark.parametrize("expr", sorted(PROGRAMS))
def test_counts_match_cppnix(expr: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert NIX is not None
    proc = subprocess.run([NIX, "--eval", "--strict", "--expr", expr], capture_output=True, text=True, timeout=60,
                          env={"NIX_SHOW_STATS": "1", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    cppnix = json.loads(proc.stderr)
    ours = stats_of(expr, monkeypatch, capsys)
    assert {k: ours[k] for k in PROGRAMS[expr]} == {k: cppnix[k] for k in PROGRAMS[expr]}
