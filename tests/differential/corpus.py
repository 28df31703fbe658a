"""The differential corpus: its cases, and running one on CppNix or on pynix.

`corpus.jsonl` holds one case a line: a generated program (`expr`) or a
mutation of a conformance file (`base`, `base_sha256`, `edits`, `sha256`; see
`mutations.py`), the output mode, and CppNix's outcome (`nix`): `{"ok": true,
"out": stdout}` or `{"ok": false, "error": first line of the message}`, plus
`trace` lines where the program traced. Outputs are normalised the same way
on both sides: the working directory reads `/pwd`, trailing white space goes.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from . import mutations

HERE = Path(__file__).resolve().parent
CORPUS_FILE = HERE / "corpus.jsonl"
LANG = HERE.parents[2] / "shared" / "conformance" / "nix-lang"
"""CppNix's language tests, in `../shared` beside the checkout (mutation cases need them)."""

MODE_FLAGS = {"strict": ["--eval", "--strict"], "json": ["--eval", "--strict", "--json"], "lazy": ["--eval"]}
ENVIRONMENT = {"HOME": "/fake-home", "NIX_PATH": "", "NIX_STORE_DIR": "/nix/store", "PYNIX_CACHE": "0"}
"""The environment both evaluators run in (pynix's compile cache is off: thousands of one-off programs)."""


@dataclass(frozen=True)
class Outcome:
    """What an evaluator made of a case: output or the error's first line, and `trace` lines."""

    ok: bool
    out: str = ""
    error: str = ""
    trace: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ok": self.ok}
        data.update({"out": self.out} if self.ok else {"error": self.error})
        if self.trace:
            data["trace"] = list(self.trace)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        return cls(data["ok"], data.get("out", ""), data.get("error", ""), tuple(data.get("trace", ())))

    @classmethod
    def from_run(cls, status: int, stdout: str, stderr: str, cwd: str) -> Outcome:
        """The outcome of a `nix-instantiate`-like run from its exit status and output."""
        def norm(text: str) -> str:
            return text.replace(cwd, "/pwd").rstrip()
        lines = stderr.splitlines()
        trace = tuple(norm(line) for line in lines if line.startswith("trace: "))
        if status == 0:
            return cls(True, out=norm(stdout), trace=trace)
        return cls(False, error=norm(error_line(lines)), trace=trace)


def error_line(lines: list[str]) -> str:
    """The first line of the innermost error message (`error: ...`) in stderr lines.

    CppNix 2.8 starts with it; newer versions and traces put `… while ...`
    frames first and the message last.
    """
    found = ""
    for line in lines:
        text = line.strip()
        if text.startswith("error:") and (text != "error:" or not found):
            found = text
    return found or next((line.strip() for line in lines if line.strip()), "")


@dataclass
class Case:
    """One program of the corpus and CppNix's outcome for it."""

    id: str
    mode: str
    expr: str | None = None
    base: str | None = None
    base_sha256: str | None = None
    edits: list[mutations.Edit] = field(default_factory=list)
    sha256: str | None = None
    description: str = ""
    nix: Outcome | None = None

    @property
    def is_mutation(self) -> bool:
        return self.base is not None

    def unavailable(self) -> str | None:
        """Why the program cannot be rebuilt here (a mutation whose base file is absent or changed), or None."""
        if self.base is None:
            return None
        path = LANG / self.base
        if not path.is_file():
            return f"{path} is not here: mutation cases are rebuilt from ../shared beside the checkout"
        if mutations.sha256(path.read_bytes().decode("utf-8")) != self.base_sha256:
            return f"{path} changed since the corpus was recorded: regenerate the corpus (generate.py)"
        return None

    def program(self) -> str:
        """The program text; a mutation is rebuilt from its base file (see `unavailable`)."""
        if self.expr is not None:
            return self.expr
        assert self.base is not None
        return mutations.apply((LANG / self.base).read_bytes().decode("utf-8"), self.edits)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "mode": self.mode}
        if self.expr is not None:
            data["expr"] = self.expr
        else:
            data.update(base=self.base, base_sha256=self.base_sha256, edits=self.edits, sha256=self.sha256,
                        description=self.description)
        if self.nix is not None:
            data["nix"] = self.nix.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        nix = Outcome.from_json(data["nix"]) if "nix" in data else None
        return cls(data["id"], data["mode"], data.get("expr"), data.get("base"), data.get("base_sha256"),
                   data.get("edits", []), data.get("sha256"), data.get("description", ""), nix)

    def workdir(self, scratch: str) -> str:
        """Where the case runs: a mutation beside its base file (relative imports), else `scratch`."""
        return str(LANG) if self.is_mutation else scratch


def load(path: Path = CORPUS_FILE) -> list[Case]:
    with path.open(encoding="utf-8", errors="surrogateescape") as f:
        return [Case.from_json(json.loads(line)) for line in f if line.strip()]


def save(cases: list[Case], path: Path = CORPUS_FILE) -> None:
    with path.open("w", encoding="utf-8", errors="surrogateescape") as f:
        for case in cases:
            f.write(json.dumps(case.to_json(), ensure_ascii=False) + "\n")


def run_cppnix(nix: str, program: str, mode: str, cwd: str, store: str, timeout: float = 30) -> Outcome | None:
    """CppNix's outcome for `program`, or None if it timed out or was killed by a signal."""
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    env.update(ENVIRONMENT)
    argv = [nix, "--store", store, *MODE_FLAGS[mode], "--expr", program]
    try:
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode < 0:
        return None
    decode = lambda b: b.decode("utf-8", "surrogateescape")  # noqa: E731
    return Outcome.from_run(proc.returncode, decode(proc.stdout), decode(proc.stderr), cwd)


@contextlib.contextmanager
def environment(cwd: str) -> Iterator[None]:
    """Run in `cwd` with `ENVIRONMENT`, restoring both afterwards."""
    saved_env = {k: os.environ.get(k) for k in ENVIRONMENT}
    saved_cwd = os.getcwd()
    os.environ.update(ENVIRONMENT)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_pynix(program: str, mode: str, cwd: str) -> Outcome:
    """pynix's outcome for `program`, evaluated in-process by `pynix-instantiate`'s entry point."""
    from pynix.instantiate import main
    out, err = io.StringIO(), io.StringIO()
    with environment(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main([*MODE_FLAGS[mode], "--expr", program])
        except SystemExit as exit:
            status = exit.code if isinstance(exit.code, int) else 1
    return Outcome.from_run(status, out.getvalue(), err.getvalue(), cwd)
