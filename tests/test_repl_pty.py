"""`pynix repl` driven through a pseudo-terminal, as a person uses it: prompts, tab completion,
multi-line input and an error in the middle of a session."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pty")
from terminal import Terminal  # noqa: E402


@pytest.fixture
def repl(tmp_path):
    """Start `pynix repl` with the given arguments on a terminal; killed at the end if still running."""
    started: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal([sys.executable, "-m", "pynix", "repl", *args], str(tmp_path))
        started.append(term)
        term.expect("nix-repl> ")
        return term

    yield start
    for term in started:
        if term.proc.poll() is None:
            term.proc.kill()


def test_interactive_session(repl, tmp_path) -> None:
    term = repl()
    term.send("1 + 2\r")
    term.expect("3")
    term.expect("nix-repl> ")
    term.send("let x = 20;\r")               # incomplete: the repl waits for more
    term.send("in x + 1\r")
    term.expect("21")
    term.expect("nix-repl> ")
    term.send('throw "boom"\r')               # an error mid-session
    term.expect("error: boom")
    term.expect("nix-repl> ")
    term.send("builtins.attrNa\t")            # tab completion of an attribute path
    term.expect("builtins.attrNames")
    term.send(" { b = 1; a = 2; }\r")
    term.expect('[ "a" "b" ]')
    term.expect("nix-repl> ")
    term.send(":q\r")
    assert term.close() == 0
    assert "1 + 2" in (tmp_path / "pynix" / "repl-history").read_text()


def test_history_recalls_a_multi_line_entry_whole(repl, tmp_path) -> None:
    term = repl()
    term.send("let x = 20;\r")
    term.send("in x + 1\r")
    term.expect("21")
    term.expect("nix-repl> ")
    term.send("x = 5\r")
    term.expect("nix-repl> ")
    term.send("\x10\x10\r")                  # Ctrl-P twice: back past `x = 5` to the two-line entry
    term.expect("21")
    term.expect("nix-repl> ")
    term.send(":q\r")
    assert term.close() == 0
    entries = (tmp_path / "pynix" / "repl-history").read_text().split("\n")[:-1]
    assert entries[-4:] == ["let x = 20;\x1ein x + 1", "x = 5", "let x = 20;\x1ein x + 1", ":q"]


def test_documentation_editing_and_traces(repl, tmp_path, monkeypatch) -> None:
    lib = tmp_path / "lib.nix"
    lib.write_text("{\n  /**\n    Add one.\n  */\n  inc = x: x + 1;\n}\n")
    editor = tmp_path / "vim-like"
    editor.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path / 'edited'}\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    term = repl(str(lib))
    term.send(":doc inc\r")
    term.expect(f"Function `inc`\r\n  … defined at {lib}:5:9\r\n\r\nAdd one.")
    term.expect("nix-repl> ")
    term.send(':p "a\\tb"\r')
    term.expect("a\tb\r\n")
    term.send(":te\r")
    term.expect("showing error traces")
    term.send(":?\r")
    term.expect(":te, :trace-enable [bool]")
    term.send(":e inc\r")                    # opens the definition at its line, then reloads the files
    term.expect(f"Loading '{lib}'...")
    term.expect("nix-repl> ")
    term.send(":q\r")
    assert term.close() == 0
    assert (tmp_path / "edited").read_text() == f"+5 {lib}\n"
