"""Test helpers for the fetchers: a local Git repository, a tarball, and a loopback HTTP server that records
its connections and may answer slowly (never the internet)."""

from __future__ import annotations

import http.server
import os
import subprocess
import tarfile
import threading
import time
from pathlib import Path
from typing import Iterator

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, date: str = "2021-02-03T04:05:06Z") -> str:
    env = {**GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def make_repo(repo: Path) -> dict[str, str]:
    """A repository with two commits on `main` (the first tagged `v1`); their revisions by name."""
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a.txt").write_text("hello\n")
    (repo / "sub").mkdir()
    (repo / "sub" / "run.sh").write_text("#!/bin/sh\n")
    (repo / "sub" / "run.sh").chmod(0o755)
    (repo / "link").symlink_to("a.txt")
    (repo / "default.nix").write_text("{ answer = 42; }\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one", date="2020-01-01T00:00:00Z")
    git(repo, "tag", "v1")
    (repo / "b.txt").write_text("two\n")
    git(repo, "add", "b.txt")
    git(repo, "commit", "-q", "-m", "two")
    return {"v1": git(repo, "rev-parse", "v1"), "main": git(repo, "rev-parse", "main")}


def make_tarball(path: Path, top: str = "top", text: str = "x\n") -> Path:
    """A .tar.gz holding one directory `top` with a file `f` containing `text` and a `default.nix`."""
    src = path.parent / f"{path.name}.src"
    (src / top).mkdir(parents=True)
    (src / top / "f").write_text(text)
    (src / top / "default.nix").write_text(f"{{ text = {text!r}; }}".replace("'", '"').replace("\n", "\\n"))
    with tarfile.open(path, "w:gz") as tar:
        tar.add(src / top, arcname=top)
    return path


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 64  # many evaluations connect at once


class LoopbackServer:
    """A threading HTTP server on 127.0.0.1 serving `root`; it records every connection and waits
    `delay` seconds before each answer."""

    def __init__(self, root: Path, delay: float = 0.0) -> None:
        self.connections: list[str] = []
        outer = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
                super().__init__(*args, directory=str(root), **kwargs)

            def do_GET(self) -> None:
                outer.connections.append(self.path)
                time.sleep(delay)
                super().do_GET()

            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LoopbackServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(root: Path, delay: float = 0.0) -> Iterator[LoopbackServer]:
    with LoopbackServer(root, delay) as server:
        yield server
