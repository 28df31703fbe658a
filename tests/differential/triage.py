"""Sorting each case into: agrees with CppNix, a known difference, an open pynix bug, or unexplained.

`python3 -m differential.generate --triage` (from `tests/`) runs the committed
corpus through pynix and prints the counts per class and every case that is
not explained by `known_differences.py`, in `xfail.txt`'s format, with the
program and both outcomes below it.
"""

from __future__ import annotations

import collections
import tempfile
from dataclasses import dataclass

from .compare import explain
from .corpus import Case, Outcome, load, run_pynix
from .known_differences import DIFFERENCES
from .pynix_bugs import BUGS

BUG_NAMES = {b.name for b in BUGS}


@dataclass(frozen=True)
class Verdict:
    """`same` (equal outputs or error lines), `known` (explained by `classes`), `bug` (an open pynix bug of
    the first of `classes`, with known differences after it) or `differ` (nothing explains it)."""

    kind: str
    classes: tuple[str, ...] = ()


def classify(program: str, mode: str, nix: Outcome, py: Outcome) -> Verdict:
    known = explain(program, mode, nix, py, DIFFERENCES)
    if known is not None:
        return Verdict("known" if known else "same", tuple(known))
    with_bugs = explain(program, mode, nix, py, DIFFERENCES + BUGS)
    if with_bugs is not None:  # the bug classes first, then the known differences that played a part
        return Verdict("bug", tuple(sorted(with_bugs, key=lambda c: c not in BUG_NAMES)))
    return Verdict("differ")


def run_case(case: Case, scratch: str) -> tuple[str, Outcome]:
    """The case's program and pynix's outcome for it."""
    program = case.program()
    return program, run_pynix(program, case.mode, case.workdir(scratch))


def main() -> int:
    counts: collections.Counter[str] = collections.Counter()
    report = []
    with tempfile.TemporaryDirectory() as scratch:
        for case in load():
            assert case.nix is not None
            program, py = run_case(case, scratch)
            verdict = classify(program, case.mode, case.nix, py)
            counts[verdict.kind] += 1
            counts.update(verdict.classes)
            if verdict.kind in ("bug", "differ"):
                name = verdict.classes[0] if verdict.classes else "UNEXPLAINED"
                report.append(f"{case.id}  {name}\n#   {program[:300]!r}\n#   nix: {case.nix}\n#   pynix: {py}")
    for line in report:
        print(line)
    for name, n in counts.most_common():
        print(f"# {n:6d} {name}")
    return 0
