"""`pynix repl` driven through a pseudo-terminal, as a person uses it: prompts, tab completion,
multi-line input and an error in the middle of a session."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

pty = pytest.importorskip("pty")


class Terminal:
    """A child process on a pseudo-terminal; `expect` waits for text in its output."""

    def __init__(self, argv: list[str], data_home: str) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "dumb", "XDG_DATA_HOME": data_home}  # the history file goes there
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.output = ""

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def expect(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"did not see {text!r} in:\n{self.output}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    self.output += os.read(self.master, 4096).decode(errors="replace")
                except OSError:
                    break
        assert text in self.output, f"did not see {text!r} in:\n{self.output}"
        self.output = self.output[self.output.index(text) + len(text):]

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=30)
        finally:
            os.close(self.master)


def test_interactive_session(tmp_path) -> None:
    term = Terminal([sys.executable, "-m", "pynix", "repl"], str(tmp_path))
    try:
        term.expect("nix-repl> ")
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
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
