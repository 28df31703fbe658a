"""Regenerate the differential corpus `corpus.jsonl` (requires CppNix's `nix-instantiate`).

    cd tests && PYTHONPATH=/dir/holding/pynix python3 -m differential.generate \\
        --seed 1 --programs 2400 --mutations 600 --jobs 2

generates `--programs` programs with `ProgramGenerator(seed)` (programs.py)
and `--mutations` mutations of the files of `../shared/conformance/nix-lang`
picked with `random.Random(seed)` (mutations.py), runs each once through
`nix-instantiate` (as root, offline, with a scratch `--store`; at most
`--jobs` processes at a time) and writes every case with CppNix's outcome.
Cases that CppNix does not finish within 30 s, or whose output is longer
than 8,000 characters, are left out; so are repeated programs. The corpus
was recorded with CppNix 2.8; `known_differences.py` lists where it and
current CppNix differ. Regenerating takes a few minutes.

    python3 -m differential.generate --triage

runs the committed corpus through pynix and prints how many cases each
known difference covers and every case that no class explains, in the
format of `xfail.txt` (`case-id  class`).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from . import corpus, mutations
from .corpus import Case
from .programs import ProgramGenerator

MAX_OUTPUT = 8000


def generated_cases(seed: int, count: int) -> list[Case]:
    gen = ProgramGenerator(seed)
    seen: set[tuple[str, str]] = set()
    cases = []
    while len(cases) < count:
        text, mode = gen.program()
        if (text, mode) not in seen:
            seen.add((text, mode))
            cases.append(Case(f"g{seed}-{len(cases)}", mode, expr=text))
    return cases


def mutation_cases(seed: int, count: int) -> list[Case]:
    rng = random.Random(seed)
    files = mutations.candidates(corpus.LANG)
    texts = {f.name: f.read_bytes().decode("utf-8") for f in files}
    seen: set[tuple[str, str]] = set()
    cases: list[Case] = []
    while len(cases) < count:
        name = rng.choice(sorted(texts))
        kind = rng.choice(mutations.KINDS)
        mode = rng.choices(("strict", "json", "lazy"), (80, 10, 10))[0]
        found = mutations.Mutator(texts[name]).mutate(kind, rng)
        if found is None:
            continue
        edits, description = found
        program = mutations.apply(texts[name], edits)
        digest = mutations.sha256(program)
        if (digest, mode) in seen:
            continue
        seen.add((digest, mode))
        cases.append(Case(f"m{seed}-{len(cases)}", mode, base=name, base_sha256=mutations.sha256(texts[name]),
                          edits=edits, sha256=digest, description=f"{kind}: {description}"))
    return cases


def record(cases: list[Case], nix: str, jobs: int) -> list[Case]:
    """The cases with CppNix's outcomes, leaving out those it did not finish or that print too much."""
    with tempfile.TemporaryDirectory() as scratch:
        store = f"{scratch}/store"
        corpus.run_cppnix(nix, "null", "strict", scratch, store)  # set the store up once, not racing in parallel

        def run(case: Case) -> Case:
            case.nix = corpus.run_cppnix(nix, case.program(), case.mode, case.workdir(scratch), store)
            return case

        with ThreadPoolExecutor(jobs) as pool:
            done = list(pool.map(run, cases))
    return [c for c in done if c.nix is not None and len(c.nix.out) <= MAX_OUTPUT]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--programs", type=int, default=2400)
    parser.add_argument("--mutations", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--triage", action="store_true", help="compare the committed corpus with pynix")
    args = parser.parse_args(argv)
    if args.triage:
        from . import triage
        return triage.main()
    nix = shutil.which("nix-instantiate")
    if nix is None:
        print("nix-instantiate (CppNix) is not on PATH", file=sys.stderr)
        return 1
    cases = generated_cases(args.seed, args.programs)
    if args.mutations:
        if not corpus.LANG.is_dir():
            print(f"{corpus.LANG} is missing: mutations need ../shared beside the checkout", file=sys.stderr)
            return 1
        cases += mutation_cases(args.seed, args.mutations)
    kept = record(cases, nix, args.jobs)
    corpus.save(kept)
    print(f"{len(kept)} cases written to {corpus.CORPUS_FILE} ({len(cases) - len(kept)} left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
