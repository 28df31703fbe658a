"""`pynix bench`: run benchmark workloads as whole processes, optionally side by side with another evaluator.

Each workload is evaluated with `python3 -m pynix.instantiate --eval --strict FILE`
(and, with `--compare CMD`, with `CMD --eval --strict FILE`), alternating the two
evaluators, RUNS times each. Wall time and peak memory (the child's `ru_maxrss`
from `os.wait4`) are measured per run; the printed outputs are checked against
each other and against the workload's expected output.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TextIO

PACKAGE_DIR = Path(__file__).resolve().parent
OWN_WORKLOADS = PACKAGE_DIR / "benchmarks" / "workloads"
SHARED = PACKAGE_DIR.parent / "shared"
"""The team's shared directory, beside a checkout of pynix (`--shared` names another)."""
# nixpkgs lib's test suites evaluate to the list of failed tests.
NIXPKGS_LIB_SUITES = ("misc", "systems")
LIB_SUITE_PASSES = "[ ]"


@dataclass(frozen=True)
class Workload:
    """One Nix file to evaluate, the directory to run it in, and its expected output if known."""

    name: str
    file: str
    cwd: str
    expected: str | None = None
    group: str = ""
    """Where it comes from (the shared bench, nixpkgs lib, pynix's own): geometric means are also given per group."""


@dataclass
class Run:
    """One measured process."""

    seconds: float
    peak_mib: float
    exit_status: int
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)


@dataclass
class Result:
    """All runs of one workload and the verdict on its outputs."""

    workload: Workload
    pynix: list[Run]
    other: list[Run]
    problems: list[str]

    @property
    def status(self) -> str:
        """ERROR when pynix failed, MISMATCH when outputs disagree, else ok."""
        if any(r.exit_status != 0 for r in self.pynix):
            return "ERROR"
        return "MISMATCH" if self.problems else "ok"


def suite_workloads(directory: Path, group: str) -> list[Workload]:
    """The `*.nix` files of a workload directory, with expected outputs from `expected/<name>.out`."""
    return [replace(workload_for(path), group=group) for path in sorted(directory.glob("*.nix"))]


def workload_for(path: Path) -> Workload:
    """A workload for `path`, run in the current directory; its expected output is `expected/<name>.out` beside it."""
    expected = path.parent / "expected" / f"{path.stem}.out"
    return Workload(path.stem, str(path), str(Path.cwd()),
                    expected.read_text() if expected.is_file() else None)


def default_workloads(notes: list[str], shared: Path = SHARED) -> list[Workload]:
    """The shared bench workloads and nixpkgs lib's test suites (from `shared`) and pynix's own workloads
    (installed with it).

    Parts that are missing are skipped, with a line appended to `notes`.
    """
    workloads: list[Workload] = []
    shared_bench = shared / "workloads" / "bench"
    nixpkgs_lib = shared / "workloads" / "nixpkgs-lib"
    if not shared.is_dir():
        notes.append(f"skipping the shared workloads: they are expected in {shared}, the 'shared' directory "
                     "beside a pynix checkout; give --shared DIR to use them from elsewhere")
        return suite_workloads(OWN_WORKLOADS, "pynix's own")
    if shared_bench.is_dir():
        workloads += suite_workloads(shared_bench, "shared bench")
    else:
        notes.append(f"skipping the shared bench workloads: {shared_bench} not found")
    for suite in NIXPKGS_LIB_SUITES:
        relative = f"lib/tests/{suite}.nix"
        if (nixpkgs_lib / relative).is_file():
            workloads.append(Workload(f"nixpkgs-lib-{suite}", relative, str(nixpkgs_lib), LIB_SUITE_PASSES,
                                      "nixpkgs lib"))
        else:
            notes.append(f"skipping nixpkgs lib's {relative}: {nixpkgs_lib / relative} not found")
    workloads += suite_workloads(OWN_WORKLOADS, "pynix's own")
    return workloads


def precompile_bytecode(notes: list[str]) -> None:
    """Byte-compile pynix when Python will not cache bytecode itself (PYTHONDONTWRITEBYTECODE).

    A normal install has its bytecode compiled by pip; without it every run
    would first compile pynix's own Python source (about 40 ms here), which
    measures Python, not evaluation.
    """
    if sys.dont_write_bytecode:
        compileall.compile_dir(str(PACKAGE_DIR), quiet=2)
        notes.append(f"note: PYTHONDONTWRITEBYTECODE is set; byte-compiled pynix in {PACKAGE_DIR} as an install would")


def measure(argv: list[str], cwd: str) -> Run:
    """Run `argv` in `cwd` once, timing it and reading its peak resident memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, wait_status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux.
        return Run(seconds, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def first_difference(a: str, b: str, context: int = 30) -> str:
    """Where two outputs first differ, with a little text around that point from each."""
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    lo = max(0, i - context)
    return f"at character {i}: {a[lo:i + context]!r} vs {b[lo:i + context]!r}"


def error_line(stderr: str) -> str:
    """The `error: ...` line of an evaluator's diagnostics, else its last line."""
    lines = stderr.strip().splitlines() or [""]
    return next((line for line in lines if line.startswith("error")), lines[-1])


def check(workload: Workload, pynix: list[Run], other: list[Run], other_name: str) -> list[str]:
    """What is wrong with the outputs of a workload's runs (an empty list when they agree)."""
    problems: list[str] = []
    outputs = [("pynix", pynix)] + ([(other_name, other)] if other else [])
    for name, runs in outputs:
        failed = next((r for r in runs if r.exit_status != 0), None)
        if failed:
            problems.append(f"{name} exited with status {failed.exit_status}: {error_line(failed.stderr)[:200]}")
        if any(r.stdout != runs[0].stdout for r in runs[1:]):
            problems.append(f"{name} printed different outputs in different runs")
        if workload.expected is not None and runs[0].stdout.strip() != workload.expected.strip():
            problems.append(f"{name} differs from the expected output "
                            + first_difference(runs[0].stdout.strip(), workload.expected.strip()))
    if other and pynix[0].stdout != other[0].stdout:
        problems.append(f"pynix and {other_name} print different outputs "
                        + first_difference(pynix[0].stdout, other[0].stdout))
    return problems


class Progress:
    """One status line on a terminal (rewritten with \\r), or plain lines when not a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.width = 0

    def show(self, text: str) -> None:
        """Replace the status line (or print a line)."""
        if self.tty:
            self.stream.write("\r" + text.ljust(self.width))
            self.width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the status line."""
        if self.tty and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def bench(workloads: list[Workload], runs: int, other_cmd: list[str] | None, progress: Progress) -> list[Result]:
    """Measure every workload `runs` times with pynix, alternating with `other_cmd` when given."""
    pynix_cmd = [sys.executable, "-m", "pynix.instantiate"]
    other_name = display_name(other_cmd)
    results = []
    for k, w in enumerate(workloads, 1):
        pynix: list[Run] = []
        other: list[Run] = []
        for i in range(1, runs + 1):
            for name, cmd, sink in (("pynix", pynix_cmd, pynix), (other_name, other_cmd, other)):
                if cmd:
                    progress.show(f"[{k}/{len(workloads)}] {w.name}: {name} run {i}/{runs}")
                    sink.append(measure(cmd + ["--eval", "--strict", w.file], w.cwd))
        results.append(Result(w, pynix, other, check(w, pynix, other, other_name)))
    progress.clear()
    return results


def display_name(cmd: list[str] | None) -> str:
    """The name of a command's program ("" for no command)."""
    return os.path.basename(cmd[0]) if cmd else ""


def median(runs: list[Run]) -> float:
    """The median wall time of some runs, in seconds."""
    return statistics.median(r.seconds for r in runs)


def peak(runs: list[Run]) -> float:
    """The highest peak memory of some runs, in MiB."""
    return max(r.peak_mib for r in runs)


def geomean(values: list[float]) -> float | None:
    """The geometric mean, or None for no values."""
    return statistics.geometric_mean(values) if values else None


def time_ratio(r: Result) -> float | None:
    """pynix's median time over the other evaluator's, when there is one."""
    return median(r.pynix) / median(r.other) if r.other and median(r.other) > 0 else None


def memory_ratio(r: Result) -> float | None:
    """pynix's peak memory over the other evaluator's, when there is one."""
    return peak(r.pynix) / peak(r.other) if r.other and peak(r.other) > 0 else None


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """Columns aligned: the first left-justified, the others right-justified."""
    widths = [max(len(row[i]) for row in [headers] + rows) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def table(results: list[Result], other_name: str) -> tuple[list[str], list[list[str]]]:
    """The headers and rows of the table of results."""
    if other_name:
        headers = ["workload", "pynix s", f"{other_name} s", "ratio", "pynix MiB", f"{other_name} MiB",
                   "mem ratio", "status"]
    else:
        headers = ["workload", "pynix s", "pynix MiB", "status"]
    rows = []
    for r in results:
        if other_name:
            t, m = time_ratio(r), memory_ratio(r)
            rows.append([r.workload.name, f"{median(r.pynix):.3f}", f"{median(r.other):.3f}",
                         f"{t:.2f}x" if t else "-", f"{peak(r.pynix):.1f}", f"{peak(r.other):.1f}",
                         f"{m:.2f}x" if m else "-", r.status])
        else:
            rows.append([r.workload.name, f"{median(r.pynix):.3f}", f"{peak(r.pynix):.1f}", r.status])
    return headers, rows


def summary(results: list[Result], other_name: str) -> list[str]:
    """The geometric means, how many workloads are ok and the details of every problem, a line each."""
    lines = []
    if other_name:
        t_mean = geomean([t for r in results if (t := time_ratio(r))])
        m_mean = geomean([m for r in results if (m := memory_ratio(r))])
        if t_mean is not None:
            lines.append(f"geometric mean of time ratios (pynix / {other_name}): {t_mean:.2f}x")
        groups = sorted({r.workload.group for r in results})
        for group in groups if len(groups) > 1 else []:
            g_mean = geomean([t for r in results if r.workload.group == group and (t := time_ratio(r))])
            if g_mean is not None:
                lines.append(f"  over the {group} workloads only: {g_mean:.2f}x")
        if m_mean is not None:
            lines.append(f"geometric mean of memory ratios (pynix / {other_name}): {m_mean:.2f}x")
    ok = sum(r.status == "ok" for r in results)
    lines.append(f"{ok} of {len(results)} workloads ok")
    for r in results:
        lines += [f"{r.status} {r.workload.name}: {p}" for p in r.problems]
    return lines


def report_text(results: list[Result], other_name: str) -> str:
    """The table of results, the geometric means and the details of every problem."""
    return "\n".join([format_table(*table(results, other_name)), ""] + summary(results, other_name))


def report_json(results: list[Result], runs: int, other_cmd: list[str] | None) -> dict:
    """Everything measured, as plain data."""
    def runs_data(rs: list[Run]) -> list[dict]:
        return [{"seconds": r.seconds, "peak_mib": r.peak_mib, "exit_status": r.exit_status} for r in rs]

    def summary(rs: list[Run]) -> dict | None:
        if not rs:
            return None
        return {"median_seconds": median(rs), "peak_mib": peak(rs), "stdout": rs[0].stdout, "runs": runs_data(rs)}

    return {
        "python": sys.version,
        "runs_per_evaluator": runs,
        "compare": other_cmd,
        "workloads": [{**asdict(r.workload), "status": r.status, "problems": r.problems,
                       "time_ratio": time_ratio(r), "memory_ratio": memory_ratio(r),
                       "pynix": summary(r.pynix), "other": summary(r.other)} for r in results],
        "geomean_time_ratio": geomean([t for r in results if (t := time_ratio(r))]),
        "geomean_memory_ratio": geomean([m for r in results if (m := memory_ratio(r))]),
    }


def main(args: argparse.Namespace) -> int:
    """`pynix bench`: 0 when every workload's outputs agree, 1 otherwise, 2 on a usage error."""
    if args.runs < 1:
        print("error: -n must be at least 1", file=sys.stderr)
        return 2
    other_cmd = shlex.split(args.compare) if args.compare else None
    if other_cmd and not shutil.which(other_cmd[0]):
        print(f"error: {other_cmd[0]} not found", file=sys.stderr)
        return 2
    from .bench_report import check_outputs, write_outputs
    problem = check_outputs(args.plot, args.html)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    notes: list[str] = []
    shared = Path(args.shared) if args.shared else SHARED
    workloads = [workload_for(Path(f)) for f in args.files] if args.files else default_workloads(notes, shared)
    precompile_bytecode(notes)
    for note in notes:
        print(note, file=sys.stderr)
    missing = [w.file for w in workloads if not Path(w.cwd, w.file).is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    results = bench(workloads, args.runs, other_cmd, Progress(sys.stderr))
    print(report_text(results, display_name(other_cmd)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report_json(results, args.runs, other_cmd), f, indent=2)
            f.write("\n")
    write_outputs(results, display_name(other_cmd), args.plot, args.html)
    return 0 if all(r.status == "ok" for r in results) else 1
