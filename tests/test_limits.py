"""Memory and time limits, interrupts and a closed stdout: clean errors, prompt exits, usable evaluators."""

from __future__ import annotations

import _thread
import os
import signal
import subprocess
import sys
import time

import pytest

import pynix

INSTANTIATE = [sys.executable, "-m", "pynix.instantiate"]
STRING_DOUBLING = "builtins.stringLength (builtins.foldl' (s: _: s + s) \"x\" (builtins.genList (x: x) 64))"
SLOW = "builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 400000)"
"""About a second of evaluation here."""


def run_measured(argv: list[str], timeout: float) -> tuple[int, str, float, int]:
    """Run `argv`; its exit status, stderr, seconds taken and peak resident memory in bytes (measured in a
    fresh parent process, so that no other child's peak is counted)."""
    parent = ("import resource, subprocess, sys\n"
              "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
              "sys.stderr.buffer.write(r.stderr)\n"
              "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", parent, *argv], capture_output=True, text=True, timeout=timeout)
    status, peak = map(int, done.stdout.split())
    return status, done.stderr, time.monotonic() - start, peak


def test_max_memory_stops_strict_string_doubling(tmp_path):
    status, err, seconds, peak = run_measured(
        INSTANTIATE + ["--eval", "--strict", "--max-memory", "1G", "-E", STRING_DOUBLING], timeout=60)
    assert (status, err) == (1, "error: evaluation needed more memory than its limit (max-memory 1G)\n")
    assert seconds < 30 and peak < 1.3 * (1 << 30)


def test_eval_timeout_stops_an_endless_loop():
    status, err, seconds, _ = run_measured(
        INSTANTIATE + ["--eval", "--max-call-depth", "1000000000", "--eval-timeout", "2",
                       "-E", "let f = n: f (n + 1); in f 0"], timeout=60)
    assert (status, err) == (1, "error: evaluation timed out after 2 seconds (eval-timeout)\n")
    assert seconds < 4


def test_running_out_of_memory_deep_in_a_recursion_exits_promptly():
    status, err, seconds, peak = run_measured(
        INSTANTIATE + ["--eval", "--max-call-depth", "100000000", "--max-memory", "300M",
                       "-E", "let f = n: 1 + f (n + 1); in f 0"], timeout=120)
    assert (status, err) == (1, "error: evaluation needed more memory than its limit (max-memory 300M)\n")
    assert seconds < 60 and peak < 400 << 20


def test_limits_as_options_and_bad_values(capsys):
    from pynix.instantiate import main
    assert main(["--eval", "--option", "eval-timeout", "0.2", "-E", SLOW]) == 1
    assert capsys.readouterr().err == "error: evaluation timed out after 0.2 seconds (eval-timeout)\n"
    with pytest.raises(SystemExit):
        main(["--eval", "--max-memory", "lots", "-E", "1"])
    assert capsys.readouterr().err.startswith("error: setting 'max-memory' has invalid value 'lots'")


@pytest.fixture
def slow_file(tmp_path):
    """A file whose value takes a while: an interrupted import leaves its thunk in the evaluator's imports."""
    (tmp_path / "slow.nix").write_text(SLOW)
    return f"import {tmp_path}/slow.nix"


def test_library_timeout_raises_and_the_evaluator_stays_usable(slow_file):
    ev = pynix.Evaluator(timeout=0.3, cache_dir=None)
    with pytest.raises(pynix.LimitExceeded) as info:
        ev.evaluate(slow_file)
    assert info.value.message == "evaluation timed out after 0.3 seconds (eval-timeout)"
    assert isinstance(info.value, pynix.NixError)
    assert ev.evaluate("1 + 1") == 2
    ev.limits.timeout = None
    assert ev.evaluate(slow_file) == 79999800000  # its thunk was released, not left in progress


def test_library_memory_limit_raises_and_the_evaluator_stays_usable():
    ev = pynix.Evaluator(max_memory=100 << 20, cache_dir=None)
    with pytest.raises(pynix.LimitExceeded) as info:
        ev.evaluate("builtins.length (builtins.genList (x: [ x ]) 100000000)")
    assert info.value.message == "evaluation needed more memory than its limit (max-memory 100M)"
    assert ev.evaluate("builtins.length (builtins.genList (x: [ x ]) 1000)") == 1000


def test_a_limit_that_fires_as_the_evaluation_ends_does_not_leak_out():
    ev = pynix.Evaluator(timeout=0.05, cache_dir=None)
    for _ in range(200):
        try:
            ev.evaluate("builtins.length (builtins.genList (x: x) 20000)")
        except pynix.LimitExceeded:
            pass
    time.sleep(0.1)  # a stray stop would land here


DEEP = "let f = n: if n == 0 then {leaf} else 1 + f (n - 1); in {use}"
"""A recursion deeper than plain runs go on Python's own stack: it goes on on the big stack (`vm/plain.py`)."""


@pytest.mark.parametrize("source, value", [
    ("builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: if x == 1000 then builtins.interruptOnce x else x) "
     "100000)", 4999950000),
    (DEEP.format(leaf="builtins.interruptOnce 0", use="f 3000"), 3000),  # on the big stack's thread
])
def test_library_interrupt_raises_and_the_evaluator_stays_usable(tmp_path, source: str, value: int):
    ev = pynix.Evaluator(cache_dir=None)
    interrupts = [True]

    @ev.builtin("interruptOnce")
    def interrupt_once(x):
        """Ctrl-C, the first time (the waiting thread passes it on to the one evaluating, if another)."""
        if interrupts:
            interrupts.pop()
            _thread.interrupt_main()
            time.sleep(0.2)
        return x

    (tmp_path / "slow.nix").write_text(source)
    with pytest.raises(KeyboardInterrupt):
        ev.evaluate(f"import {tmp_path}/slow.nix")
    assert not interrupts
    assert ev.evaluate(f"import {tmp_path}/slow.nix") == value  # every thunk on the way was released


def test_a_timeout_stops_a_deep_recursion_on_the_big_stack_and_the_evaluator_stays_usable(tmp_path):
    (tmp_path / "deep.nix").write_text(
        DEEP.format(leaf="0", use="builtins.foldl' (a: i: a + f 4000) 0 (builtins.genList (x: x) 400)"))
    ev = pynix.Evaluator(timeout=0.3, cache_dir=None)
    with pytest.raises(pynix.LimitExceeded):
        ev.evaluate(f"import {tmp_path}/deep.nix")
    ev.limits.timeout = None
    assert ev.evaluate(f"import {tmp_path}/deep.nix") == 1_600_000


def test_ctrl_c_ends_the_command_line_with_a_clean_error():
    proc = subprocess.Popen(INSTANTIATE + ["--eval", "--max-call-depth", "1000000000", "-E",
                                           'builtins.trace "looping" (let f = n: f (n + 1); in f 0)'],
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    assert proc.stderr.readline() == "trace: looping\n"
    proc.send_signal(signal.SIGINT)
    assert proc.stderr.read() == "error: interrupted by the user\n"
    assert proc.wait(timeout=30) == 1


def test_a_closed_stdout_ends_quietly():
    proc = subprocess.Popen(INSTANTIATE + ["--eval", "--strict", "-E", "builtins.genList (x: x) 200000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(20) == b"[ 0 1 2 3 4 5 6 7 8 "
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 0 and err == ""


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_resident_memory_is_read():
    from pynix.vm.limits import resident_memory
    assert 1 << 20 < resident_memory() < 1 << 40
