"""Progress of long evaluations: the library's callback and the command line's status line on a terminal."""

from __future__ import annotations

import gc
import io
import sys
import threading
import time

import pytest

import pynix
from pynix.instantiate import main as instantiate
from pynix.progress import EvalProgress, TerminalProgress

LOOP = "builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 200000)"


def test_callback_is_called_while_evaluating(tmp_path):
    (tmp_path / "b.nix").write_text("1")
    (tmp_path / "c.nix").write_text("2")
    (tmp_path / "a.nix").write_text(f"import ./b.nix + import ./c.nix + {LOOP}")
    seen: list[EvalProgress] = []
    ev = pynix.Evaluator(cache_dir=None, progress=seen.append, progress_every=0.05)
    assert ev.evaluate_file(str(tmp_path / "a.nix")) == 3 + 199999 * 200000 // 2
    assert len(seen) >= 2
    assert all(a.seconds < b.seconds for a, b in zip(seen, seen[1:]))
    assert seen[-1].files_imported == 3 and seen[-1].thunks is None and seen[-1].calls is None
    count = len(seen)
    time.sleep(0.2)
    assert len(seen) == count  # nothing is reported between evaluations


def test_with_statistics_thunks_and_calls_are_counted():
    seen: list[EvalProgress] = []
    ev = pynix.Evaluator(cache_dir=None, progress=seen.append, progress_every=0.05, stats=True)
    ev.evaluate(f"let xs = map (x: x * 2) (builtins.genList (x: x) 10); in builtins.seq xs {LOOP}")
    assert seen and all(isinstance(p.thunks, int) and isinstance(p.calls, int) for p in seen)


def test_the_reporting_thread_ends_with_its_evaluator():
    before = set(threading.enumerate())
    ev = pynix.Evaluator(cache_dir=None, progress=lambda p: None, progress_every=0.02)
    [reporter] = [t for t in threading.enumerate() if t not in before and t.name == "pynix progress"]
    assert reporter.daemon
    del ev
    gc.collect()
    reporter.join(timeout=5)
    assert not reporter.is_alive()


def test_terminal_status_line_after_a_second_then_erased():
    out = io.StringIO()
    status = TerminalProgress(out)
    status(EvalProgress(0.5, 1, None, None))
    assert out.getvalue() == ""
    status(EvalProgress(1.2, 3, None, None))
    status(EvalProgress(2.0, 12, None, None))
    status.close()
    status(EvalProgress(3.0, 12, None, None))
    line1, line2 = "evaluating: 1 s, 3 files imported", "evaluating: 2 s, 12 files imported"
    assert out.getvalue() == "\r" + line1 + "\r" + line2 + "\r" + " " * len(line2) + "\r"


def test_no_status_line_when_stderr_is_not_a_terminal(capsys):
    assert instantiate(["--eval", "--strict", "-E", LOOP.replace("200000", "600000")]) == 0
    out, err = capsys.readouterr()
    assert out == f"{599999 * 600000 // 2}\n" and err == ""


def test_status_line_on_a_terminal_for_a_long_strict_evaluation(tmp_path):
    pytest.importorskip("pty")
    from terminal import Terminal
    term = Terminal([sys.executable, "-m", "pynix.instantiate", "--eval", "--strict", "-E",
                     LOOP.replace("200000", "1500000")], str(tmp_path))
    try:
        term.expect("\revaluating: 1 s, 0 files imported", timeout=120)
        term.expect(f" \r{1499999 * 1500000 // 2}\r\n", timeout=120)  # the line erased, then the result
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
