"""A child process on a pseudo-terminal, for tests of what a person sees at a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time


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
