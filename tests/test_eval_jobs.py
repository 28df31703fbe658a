"""`pynix eval-jobs` and `pynix.eval_jobs`: the jobs of a package set, on worker processes.

The records must not depend on how many workers evaluate them, their drvPaths
must be CppNix's, and a worker that dies (killed, or past the memory limit)
must lose no job.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from pynix import eval_jobs
from pynix.jobs import make_spec, walk
from pynix.jobs.command import main
from pynix.jobs.pool import ProcessPool
from pynix.jobs.progress import JobsBar

PACKAGE_SET = Path(__file__).resolve().parents[1] / "benchmarks" / "packageset"
SIZE = "300"  # the benchmark's set at a tenth of its size
NIX = shutil.which("nix-instantiate")


def by_attr(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: r["attrPath"])


@pytest.fixture(scope="module")
def sequential() -> list[dict[str, Any]]:
    """The package set's records evaluated in this process, one job after the other."""
    return by_attr(list(eval_jobs(PACKAGE_SET, workers=0, args={"size": SIZE})))


def test_the_package_set_has_its_jobs(sequential: list[dict[str, Any]]) -> None:
    assert len(sequential) == int(SIZE)
    assert not [r for r in sequential if "error" in r]
    paths = {tuple(r["attrPath"]) for r in sequential}
    assert ("pythonPackages", "python-base-000") in paths and ("bootstrap", "stage0") in paths
    assert ("unentered", "hidden") not in paths  # no recurseForDerivations
    record = next(r for r in sequential if r["attr"] == "core-000")
    assert record["name"] == "core-000-1.8" and record["system"] == "x86_64-linux"
    assert sorted(record["outputs"]) == ["dev", "out"] and record["drvPath"].endswith("-core-000-1.8.drv")


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_workers_give_the_sequential_records(workers: int, sequential: list[dict[str, Any]]) -> None:
    assert by_attr(list(eval_jobs(PACKAGE_SET, workers=workers, args={"size": SIZE}))) == sequential


@pytest.mark.skipif(NIX is None, reason="nix-instantiate (CppNix) is not installed")
def test_drv_paths_are_cppnix_s(sequential: list[dict[str, Any]], tmp_path: Path) -> None:
    proc = subprocess.run([NIX, "--store", str(tmp_path / "store"), "--eval", "--strict", "--json",
                           str(Path(__file__).parent / "eval_jobs_walk.nix"), "--arg", "file", str(PACKAGE_SET),
                           "--arg", "size", SIZE], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    cppnix = sorted(json.loads(proc.stdout), key=lambda r: r["attrPath"])
    assert [{k: r[k] for k in ("attrPath", "drvPath", "outputs")} for r in sequential] == cppnix


SMALL_SET = """{ a = derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "doc" ]; }
        // { meta = { description = "A"; f = x: x; }; };
  broken = throw "broken on purpose";
  set = { recurseForDerivations = true; b = derivation { name = "b"; system = "x"; builder = "/bin/sh"; };
          bad = 1 + "x"; };
  hidden = { c = derivation { name = "c"; system = "x"; builder = "/bin/sh"; }; };
  lib = { version = "1"; }; }"""


def run_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]], str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, by_attr([json.loads(line) for line in out.splitlines()]), err


def test_command_prints_a_json_line_per_job_and_fails_if_one_failed(capsys: pytest.CaptureFixture[str]) -> None:
    status, records, _ = run_command(["--expr", SMALL_SET, "--workers", "2", "--meta"], capsys)
    assert status == 1
    assert [r["attr"] for r in records] == ["a", "broken", "set.b", "set.bad"]
    a = records[0]
    assert sorted(a) == ["attr", "attrPath", "drvPath", "meta", "name", "outputs", "system"]
    assert a["meta"] == {"description": "A"}  # a function cannot be shown: left out, as nix-eval-jobs does
    assert sorted(a["outputs"]) == ["doc", "out"]
    assert records[1] == {"attr": "broken", "attrPath": ["broken"], "error": records[1]["error"]}
    assert records[1]["error"].startswith("error: broken on purpose\n")
    assert records[3]["error"].startswith("error: cannot add a string to an integer")


def test_force_recurse_enters_every_set(capsys: pytest.CaptureFixture[str]) -> None:
    status, records, _ = run_command(["--expr", SMALL_SET.replace('throw "broken on purpose"', "{ }")
                                      .replace('1 + "x"', "2"), "--workers", "1", "--force-recurse"], capsys)
    assert status == 0
    assert [r["attr"] for r in records] == ["a", "hidden.c", "set.b"]


def test_arguments_and_search_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lib.nix").write_text("name: derivation { inherit name; system = \"x\"; builder = \"/bin/sh\"; }")
    (tmp_path / "default.nix").write_text("{ n, s }: { drv = import <lib/lib.nix> \"${s}-${toString n}\"; }")
    status, records, _ = run_command([str(tmp_path), "--arg", "n", "1 + 1", "--argstr", "s", "x",
                                      "-I", f"lib={tmp_path}", "--workers", "1"], capsys)
    assert status == 0 and records[0]["name"] == "x-2"


@pytest.mark.parametrize("argv, message", [
    (["/no/such/file.nix"], "error: path '/no/such/file.nix' does not exist"),
    (["--expr", "{ a = "], "error: syntax error, unexpected end of file"),
    (["--expr", "{ }", "--arg", "x", "("], "error: syntax error"),
])
def test_bad_input_is_a_nix_error(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(message) and "Traceback" not in err


def test_progress_bar_counts_attributes_and_failures(capsys: pytest.CaptureFixture[str]) -> None:
    stream = io.StringIO()
    bar = JobsBar(stream)
    bar(found=5, done=3, failed=1)
    bar.bar.refresh()  # tqdm redraws at most ten times a second by itself
    bar.emit('{"attr":"a"}')
    bar.close()
    assert capsys.readouterr().out == '{"attr":"a"}\n'
    assert "3/5" in stream.getvalue() and "1 failed" in stream.getvalue()


# -- workers that die -------------------------------------------------------------------------------------

# `slow` waits for the test to write to a fifo; the other worker, done with the quick jobs, is idle then, and
# no longer fresh: the retry needs a new worker.
BLOCKING_SET = """{{ slow = derivation {{ name = builtins.readFile {fifo}; system = "x"; builder = "/bin/sh"; }};
  a = derivation {{ name = "a"; system = "x"; builder = "/bin/sh"; }};
  b = derivation {{ name = "b"; system = "x"; builder = "/bin/sh"; }};
  c = derivation {{ name = "c"; system = "x"; builder = "/bin/sh"; }}; }}"""


def kill_worker_of(pool: ProcessPool, path: tuple[str, ...], not_pid: int | None = None) -> int:
    """Kill the worker evaluating `path` (another than `not_pid`) once it is at it; its process id."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pid = pool.in_flight().get(path)
        if pid is not None and pid != not_pid:
            time.sleep(0.3)  # well into the job: blocked reading the fifo
            os.kill(pid, signal.SIGKILL)
            return pid
        time.sleep(0.02)
    raise AssertionError(f"no worker took {path}")


@pytest.mark.parametrize("kills", [1, 2])
def test_a_killed_worker_s_job_is_retried_once_on_a_fresh_worker(kills: int, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    pool = ProcessPool(make_spec(None, BLOCKING_SET.format(fifo=fifo), {}, {}, (), False, False, False), workers=2)
    records: list[dict[str, Any]] = []
    consumer = threading.Thread(target=lambda: records.extend(walk(pool)))
    consumer.start()
    first = kill_worker_of(pool, ("slow",))
    if kills == 2:
        kill_worker_of(pool, ("slow",), not_pid=first)
    else:
        while pool.in_flight().get(("slow",)) in (None, first):
            time.sleep(0.02)
        with open(fifo, "w") as writer:  # let the retry finish
            writer.write("slow")
    consumer.join(timeout=60)
    slow = next(r for r in records if r["attr"] == "slow")
    assert [r["name"] for r in by_attr(records) if r["attr"] != "slow"] == ["a", "b", "c"]
    if kills == 1:
        assert slow["name"] == "slow"
    else:
        assert slow["error"] == ("error: the worker was killed by signal SIGKILL while evaluating this job, "
                                 "on two workers in a row")


HOG = "let xs = builtins.genList (x: { v = toString x; }) 2000000; in builtins.deepSeq xs"


def test_a_worker_past_the_memory_limit_is_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    expr = ("{ hog = " + HOG + ' (derivation { name = "hog"; system = "x"; builder = "/bin/sh"; }); '
            + " ".join(f'p{i} = derivation {{ name = "p{i}"; system = "x"; builder = "/bin/sh"; }};' for i in range(8))
            + " }")
    status, records, _ = run_command(["--expr", expr, "--workers", "2", "--max-memory-size", "100"], capsys)
    assert status == 1
    assert [r["name"] for r in records if "error" not in r] == [f"p{i}" for i in range(8)]
    assert records[0] == {"attr": "hog", "attrPath": ["hog"], "error": "error: the worker went past "
                          "--max-memory-size (100 MiB) while evaluating this job, on two workers in a row"}


def test_trace_output_of_workers_reaches_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    expr = '{ a = builtins.trace "tracing a" (derivation { name = "a"; system = "x"; builder = "/bin/sh"; }); }'
    assert main(["--expr", expr, "--workers", "1"]) == 0
    out, err = capfd.readouterr()
    assert json.loads(out)["name"] == "a" and "trace: tracing a" in err


@pytest.mark.parametrize("quiet", [False, True])
def test_a_terminal_shows_progress_unless_quiet(quiet: bool, tmp_path: Path) -> None:
    from terminal import Terminal
    argv = [sys.executable, "-m", "pynix", "eval-jobs", "--expr", SMALL_SET, "--workers", "1"]
    term = Terminal(argv + ["--quiet"] * quiet, str(tmp_path))
    fcntl.ioctl(term.master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty has 0 columns
    output = b""
    while True:
        try:
            chunk = os.read(term.master, 4096)  # until the child's end of the terminal closes (EIO)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert term.close() == 1
    assert b'"attr":"set.bad"' in output and (b"eval-jobs:" in output) != quiet


def test_a_root_that_fails_is_one_error_record() -> None:
    records = list(eval_jobs(expr="{ a = 1; }", args={"x": "("}, workers=0))
    assert [(r["attrPath"], r["error"].splitlines()[0]) for r in records] == [
        ([], "error: syntax error, unexpected end of file")]
