"""The README's examples run as written (doctest, and its REPL sessions)."""

from __future__ import annotations

import doctest
import io
import re
from pathlib import Path

from pynix.evaluator import Evaluator
from pynix.repl import Repl

README = Path(__file__).resolve().parents[1] / "README.md"
PROMPT = "nix-repl> "


def test_readme_examples() -> None:
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def repl_sessions() -> list[tuple[str, str]]:
    """The README's `nix-repl` blocks as (input, expected output): the lines after `nix-repl> ` are the input,
    the others the output (errors included, as a terminal shows both)."""
    sessions = []
    for block in re.findall(r"```nix-repl\n(.*?)```", README.read_text(), re.S):
        lines = block.splitlines()
        sessions.append(("".join(line[len(PROMPT):] + "\n" for line in lines if line.startswith(PROMPT)),
                         "".join(line + "\n" for line in lines if not line.startswith(PROMPT))))
    return sessions


def test_readme_repl_sessions() -> None:
    sessions = repl_sessions()
    assert sessions
    for given, expected in sessions:
        out = io.StringIO()
        Repl(Evaluator(cache_dir=None), out, out).run_stream(io.StringIO(given))
        assert out.getvalue() == expected
