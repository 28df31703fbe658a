"""pynix against CppNix's recorded outcomes for the differential corpus, and a live check of fresh programs.

`tests/differential/corpus.jsonl` holds generated programs and mutations of
CppNix's language tests with the outcome CppNix 2.8 recorded for each (see
`differential/generate.py`). Every case runs through pynix in-process and
must agree with CppNix: the same output, or both failing with the same
first error line, up to the classes of `differential/known_differences.py`
(where pynix follows current CppNix). Cases of open pynix bugs are listed
strictly in `differential/xfail.txt`. Mutation cases are rebuilt from
`../shared/conformance` and skipped with a message where it is absent.
"""

from __future__ import annotations

import collections
import os
import random
import shutil
from pathlib import Path

import pytest

from differential import corpus, generate, triage
from differential.known_differences import DIFFERENCES
from differential.pynix_bugs import BUGS

NIX = shutil.which("nix-instantiate")


def expected_failures() -> dict[str, str]:
    """Case id → bug class, from xfail.txt (`id  class` per line, # comments)."""
    out = {}
    for line in (corpus.HERE / "xfail.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            case, name = line.split()
            out[case] = name
    return out


CASES = corpus.load()
XFAIL = expected_failures()


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, corpus.Outcome, triage.Verdict]]:
    """Case id → (program, pynix's outcome, verdict), for every case that can run here."""
    scratch = str(tmp_path_factory.mktemp("differential"))
    out = {}
    for case in CASES:
        if case.unavailable() is None:
            assert case.nix is not None
            program, py = triage.run_case(case, scratch)
            out[case.id] = (program, py, triage.classify(program, case.mode, case.nix, py))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: corpus.Case, results: dict[str, tuple[str, corpus.Outcome, triage.Verdict]]) -> None:
    reason = case.unavailable()
    if reason:
        pytest.skip(reason)
    program, py, verdict = results[case.id]
    xfail = XFAIL.get(case.id)
    agrees = verdict.kind in ("same", "known")
    if xfail is not None:
        if agrees:
            pytest.fail(f"{case.id} agrees with CppNix now: remove it from tests/differential/xfail.txt")
        pytest.xfail(f"open pynix bug: {xfail}")
    assert agrees, (f"{case.id} ({case.mode}{', ' + case.description if case.description else ''}) differs from "
                    f"CppNix{' (looks like open bug ' + verdict.classes[0] + ')' if verdict.classes else ''}\n"
                    f"--- program ---\n{program}\n--- CppNix ---\n{case.nix}\n--- pynix ---\n{py}")


def test_classes_cover_cases(results: dict[str, tuple[str, corpus.Outcome, triage.Verdict]],
                             capsys: pytest.CaptureFixture[str]) -> None:
    """Every known difference explains some case; the counts per class are reported."""
    counts: collections.Counter[str] = collections.Counter()
    for _, _, verdict in results.values():
        counts[verdict.kind] += 1
        counts.update(verdict.classes)
    with capsys.disabled():
        print(f"\ndifferential corpus: {len(results)} of {len(CASES)} cases run: {counts['same']} same, "
              f"{counts['known']} known differences, {counts['bug'] + counts['differ']} differ")
        for d in DIFFERENCES + BUGS:
            print(f"  {counts[d.name]:5d}  {d.name}: {d.compared}")
    if len(results) < len(CASES):
        pytest.skip("some cases could not run here: class coverage is only checked on the whole corpus")
    assert [d.name for d in DIFFERENCES if counts[d.name] == 0] == []


def test_expected_failures_name_cases_and_classes() -> None:
    ids = {c.id for c in CASES}
    names = {b.name for b in BUGS}
    for case, name in XFAIL.items():
        assert case in ids, f"xfail.txt lists {case}, which is not in the corpus"
        assert name in names, f"xfail.txt names class {name}, which pynix_bugs.py does not define"


@pytest.mark.skipif(NIX is None, reason="nix-instantiate (CppNix) is not installed: no live comparison")
def test_fresh_programs_agree_with_cppnix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A small fresh batch with a random seed (or PYNIX_DIFFERENTIAL_SEED's, to repeat a batch), compared with
    the installed nix-instantiate."""
    assert NIX is not None
    seed = int(os.environ.get("PYNIX_DIFFERENTIAL_SEED") or random.randrange(1 << 30))
    cases = generate.generated_cases(seed, 30)
    if corpus.LANG.is_dir():
        cases += generate.mutation_cases(seed, 10)
    recorded = generate.record(cases, NIX, 2)
    differ, bugs = [], []
    for case in recorded:
        assert case.nix is not None
        program, py = triage.run_case(case, str(tmp_path))
        verdict = triage.classify(program, case.mode, case.nix, py)
        if verdict.kind == "differ":
            differ.append(f"--- {case.id} ({case.mode}) ---\n{program}\nCppNix: {case.nix}\npynix:  {py}")
        elif verdict.kind == "bug":
            bugs.append(f"{case.id} {verdict.classes[0]}")
    with capsys.disabled():
        print(f"\nlive differential batch, seed {seed}: {len(recorded)} cases, {len(bugs)} open bugs "
              f"({', '.join(bugs) or 'none'}), {len(differ)} unexplained")
    assert differ == [], f"seed {seed}: differences no class explains:\n" + "\n".join(differ)
