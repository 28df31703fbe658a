"""Real Nix code by others (tests/realcode/<repository>/), evaluated and compared with CppNix's output.

Each vendored repository has `vendor/` (the files vendored, unmodified), a `SOURCE`
manifest (repository, commit, license, files) with the license beside it, and
`cases/`: every `cases/*.nix` is an entry point evaluated with
`--eval --strict` (plus the flags of a `# flags: ...` line), from `cases/`, and
`cases/<name>.exp` is its expected standard output. An expected file starts
with `# ` header lines saying where the output comes from, then the output
verbatim.

Regenerate the recorded outputs with CppNix on the PATH:

    python3 tests/realcode.py --record

Cases whose header says `# reasoned:` (code needing a Nix newer than the 2.8
recorded from) are written by hand and never overwritten.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().with_name("realcode")
XFAIL_FILE = ROOT / "xfail.txt"
REASONED = "# reasoned:"
"""The header line of an expected output written by hand."""
_FLAGS = re.compile(r"^# flags:(.*)$", re.MULTILINE)


class Case(NamedTuple):
    """One entry point: `repo/name`, evaluated from its `cases/` directory."""

    repo: str
    name: str

    @property
    def id(self) -> str:
        return f"{self.repo}/{self.name}"

    @property
    def directory(self) -> Path:
        return ROOT / self.repo / "cases"

    @property
    def source(self) -> Path:
        return self.directory / f"{self.name}.nix"

    @property
    def expected_file(self) -> Path:
        return self.directory / f"{self.name}.exp"

    def arguments(self) -> list[str]:
        """nix-instantiate's arguments for this case, relative to its directory."""
        extra = _FLAGS.search(self.source.read_text())
        return ["--eval", "--strict", *(extra.group(1).split() if extra else []), self.source.name]

    def expected(self) -> tuple[list[str], str]:
        """The header lines and the expected output of the expected file."""
        lines = self.expected_file.read_text(errors="surrogateescape").splitlines(keepends=True)
        n = 0
        while n < len(lines) and lines[n].startswith("# "):
            n += 1
        return [line.rstrip("\n") for line in lines[:n]], "".join(lines[n:])

    def reasoned(self) -> bool:
        """Whether the expected output was written by hand (CppNix 2.8 cannot evaluate the case)."""
        return self.expected_file.exists() and any(h.startswith(REASONED) for h in self.expected()[0])


def cases() -> list[Case]:
    """Every entry point of every vendored repository, sorted."""
    return [Case(p.parent.parent.name, p.stem) for p in sorted(ROOT.glob("*/cases/*.nix"))]


def machine_specific(output: str) -> bool:
    """Whether an output names this checkout's location (and so could not be compared elsewhere)."""
    return str(ROOT) in output


def run_cppnix(case: Case, nix_instantiate: str = "nix-instantiate") -> tuple[int, str, str]:
    """Exit status, stdout and stderr of CppNix on a case."""
    proc = subprocess.run([nix_instantiate, *case.arguments()], cwd=case.directory,
                          capture_output=True, encoding="utf-8", errors="surrogateescape", timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def as_current_cppnix(case: Case, stdout: str) -> str:
    """CppNix 2.8's output as current CppNix prints it: `--json` output ends in a newline since 2.9."""
    if "--json" in case.arguments() and not stdout.endswith("\n"):
        return stdout + "\n"
    return stdout


def record(case: Case, nix_instantiate: str = "nix-instantiate") -> str:
    """Write a case's expected file from CppNix's output; a line saying what was done."""
    if case.reasoned():
        return f"kept    {case.id} (reasoned by hand)"
    status, stdout, stderr = run_cppnix(case, nix_instantiate)
    if status != 0:
        return f"FAILED  {case.id}: {nix_instantiate} exited {status}\n{stderr[-2000:]}"
    if machine_specific(stdout):
        return f"FAILED  {case.id}: the output names {ROOT}; make the case print relative data"
    version = subprocess.run([nix_instantiate, "--version"], capture_output=True, text=True).stdout.strip()
    header = [f"# recorded from `{version}`: nix-instantiate {' '.join(case.arguments())}",
              "# (regenerate: python3 tests/realcode.py --record)"]
    output = as_current_cppnix(case, stdout)
    if output != stdout:
        header.append("# CppNix 2.8 ends --json output without the newline current CppNix prints; added")
    case.expected_file.write_text("".join(h + "\n" for h in header) + output, errors="surrogateescape")
    return f"written {case.id}"


def main(argv: list[str]) -> int:
    """`--record`: regenerate the expected files with the nix-instantiate on the PATH."""
    if argv != ["--record"]:
        print(__doc__)
        return 2
    nix_instantiate = shutil.which("nix-instantiate")
    if nix_instantiate is None:
        print("nix-instantiate is not on the PATH")
        return 1
    lines = [record(case, nix_instantiate) for case in cases()]
    print("\n".join(lines))
    return 1 if any(line.startswith("FAILED") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
