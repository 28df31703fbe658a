"""IO hosts: what an evaluator's file, environment and store requests are answered from.

A host offers a few primitive operations on a file tree (`kind`, `stat_kind`,
`read_bytes`, `list_dir`, `read_link`, `is_executable`, `real_path`) and an
environment (`env`). The base class `Host` builds the Nix-level services on
them, with CppNix's error messages: `read_file`, `read_dir`, `file_type`,
`path_exists`, `is_directory`, `get_env`, `store_path_of` (the NAR hash of a
tree in the host, so in-memory trees get real store paths).

- `FileSystemHost`: the real file system and process environment (the default).
- `RestrictedHost(roots, allowed_uris)`: CppNix's restricted mode: the real
  file system, but only under `roots` (plus pynix's own `<nix/...>` files);
  other paths and URIs are "forbidden in restricted mode"; no environment.
- `MemoryHost(files, env)`: files held in a dict, for tests and sandboxes.

`trace` and `warn` output goes to the `logging` logger `"pynix"` (`LOGGER`);
the command line shows it on stderr inside `with echo_log_to_stderr():`
(without importing `logging`, which would cost every run ~3 ms of start-up).
"""

from __future__ import annotations

import codecs
import io
import os
import posixpath
import stat
import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Mapping

from .vm.coerce import canonical_path
from .vm.errors import EvalError, for_stderr
from .vm.store import source_path

_INFO, _WARNING = 20, 30
"""`logging.INFO` and `logging.WARNING`: `builtins.trace` and evaluation warnings are reported at these levels."""

_echoing = 0
"""How many `echo_log_to_stderr` blocks are active (while any is, reports go straight to stderr)."""


def __getattr__(name: str) -> Any:
    if name == "LOGGER":
        import logging
        return logging.getLogger("pynix")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _report(level: int, text: str) -> None:
    if _echoing:
        print(for_stderr(text), file=sys.stderr)
    else:
        import logging
        logging.getLogger("pynix").log(level, "%s", text)

FileKind = str
"""`regular`, `directory`, `symlink` or `unknown`, as `builtins.readFileType` names them."""


class Host:
    """Answers IO requests from a file tree and an environment; subclasses supply the primitives."""

    # -- primitives (a subclass implements these) --------------------------------

    def kind(self, path: str) -> FileKind | None:
        """The kind of the file at `path`, not following a final symlink; None if nothing is there."""
        raise NotImplementedError

    def stat_kind(self, path: str) -> FileKind | None:
        """The kind of the file at `path` after following symlinks; None if it does not resolve."""
        raise NotImplementedError

    def read_bytes(self, path: str) -> bytes:
        """The contents of the regular file at `path` (symlinks followed); OSError on failure."""
        raise NotImplementedError

    def list_dir(self, path: str) -> list[str]:
        """The entry names of the directory at `path`; OSError on failure."""
        raise NotImplementedError

    def read_link(self, path: str) -> str:
        """The target of the symlink at `path`."""
        raise NotImplementedError

    def is_executable(self, path: str) -> bool:
        """Whether the regular file at `path` has its executable bit set."""
        raise NotImplementedError

    def real_path(self, path: str) -> str:
        """`path` with every symlink resolved (the key under which imports are cached)."""
        raise NotImplementedError

    def env(self, name: str) -> str | None:
        """The environment variable `name`, or None."""
        raise NotImplementedError

    # -- Nix-level services ---------------------------------------------------------

    def path_exists(self, path: str) -> bool:
        """Whether `path` exists (`dir/.` exists only if `dir` is a directory, after symlinks)."""
        if path.endswith("/."):
            return self.stat_kind(path[:-2] or "/") == "directory"
        return self.kind(path) is not None

    def is_directory(self, path: str) -> bool:
        """Whether `path` is a directory, following symlinks."""
        return self.stat_kind(path) == "directory"

    def read_file(self, path: str) -> str:
        """The contents of a file as a string (bytes decoded with surrogateescape)."""
        found = self.stat_kind(path)
        if found is None:
            raise EvalError(f"path '{path}' does not exist")
        if found == "directory":
            raise EvalError(f"cannot read '{path}': it is a directory")
        try:
            data = self.read_bytes(path)
        except OSError as err:
            raise EvalError(f"cannot read '{path}': {err.strerror}") from None
        return data.decode("utf-8", "surrogateescape")

    def read_dir(self, path: str) -> dict[str, FileKind]:
        """The entries of a directory: name → kind."""
        if self.kind(path) is None:
            raise EvalError(f"path '{path}' does not exist")
        if not self.is_directory(path):
            raise EvalError(f"'{self.real_path(path)}' is not a directory")
        try:
            names = self.list_dir(path)
        except OSError as err:
            raise EvalError(f"cannot read directory '{path}': {err.strerror}") from None
        return {name: self.kind(posixpath.join(path, name)) or "unknown" for name in names}

    def file_type(self, path: str) -> FileKind:
        """The kind of the file at `path`, not following a final symlink."""
        found = self.kind(path)
        if found is None:
            raise EvalError(f"path '{path}' does not exist")
        return found

    def get_env(self, name: str) -> str:
        """The environment variable `name`, or ""."""
        return self.env(name) or ""

    def store_path_of(self, path: str, name: str | None = None,
                      keep: Callable[[str, str], bool] | None = None) -> str:
        """The store path the tree at `path` is copied to (only what `keep` accepts, if given)."""
        return source_path(path, self, name, keep)

    def current_time(self) -> int | None:
        """`builtins.currentTime`, or None to leave it out (as pure evaluation does)."""
        return int(time.time())

    def check_path(self, path: str) -> None:
        """Raise EvalError unless code may name `path` (`builtins.storePath`); every path is allowed here."""

    def check_uri(self, uri: str) -> None:
        """Raise EvalError unless a fetcher may access `uri`; every URI is allowed here."""

    def trace(self, message: str) -> None:
        """Report a `builtins.trace` message."""
        _report(_INFO, f"trace: {message}")

    def warn(self, text: str) -> None:
        """Report an evaluation warning, already formatted (`warning: ...`)."""
        _report(_WARNING, text)


class FileSystemHost(Host):
    """The real file system and the process environment."""

    def kind(self, path: str) -> FileKind | None:
        try:
            return _kind_of(os.lstat(path).st_mode)
        except (OSError, ValueError):
            return None

    def stat_kind(self, path: str) -> FileKind | None:
        try:
            return _kind_of(os.stat(path).st_mode)
        except (OSError, ValueError):
            return None

    def read_bytes(self, path: str) -> bytes:
        with open(path, "rb") as f:
            return f.read()

    def list_dir(self, path: str) -> list[str]:
        return os.listdir(path)

    def read_link(self, path: str) -> str:
        return os.readlink(path)

    def is_executable(self, path: str) -> bool:
        return bool(os.lstat(path).st_mode & 0o100)

    def real_path(self, path: str) -> str:
        return os.path.realpath(path)

    def env(self, name: str) -> str | None:
        return os.environ.get(name)


def _kind_of(mode: int) -> FileKind:
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISLNK(mode):
        return "symlink"
    return "unknown"


class RestrictedHost(FileSystemHost):
    """The real file system, readable only under `roots` (and pynix's own `<nix/...>` files), as CppNix's
    restricted mode: `getEnv` answers "", fetchers reach only URIs under a prefix in `allowed_uris`, and
    `builtins.currentTime` exists only with `clock` (CppNix keeps it; an embedding service rarely wants it).

    A path is checked after `..` and symlinks are resolved; a symlink itself may be listed and read as a
    link (`readDir`, `readFileType`, `builtins.path`) when the directory holding it is allowed, but what it
    points to is read only if that is allowed too.
    """

    def __init__(self, roots: Iterable[str], allowed_uris: Iterable[str] = (), clock: bool = False) -> None:
        from .builtins.core import COREPKGS
        self.roots = [os.path.realpath(r) for r in [*roots, COREPKGS]]
        self.allowed_uris = list(allowed_uris)
        self.clock = clock

    def _under_roots(self, real: str) -> bool:
        return any(real == root or real.startswith(root.rstrip("/") + "/") for root in self.roots)

    def allowed(self, path: str) -> bool:
        """Whether `path`, with its symlinks resolved, lies under one of the roots."""
        return self._under_roots(os.path.realpath(path))

    def _check(self, path: str) -> str:
        """`path` without `..` (the form that is accessed), if it resolves under the roots."""
        clean = os.path.normpath(path)
        if not self.allowed(clean):
            raise EvalError(f"access to absolute path '{path}' is forbidden in restricted mode")
        return clean

    def _check_link(self, path: str) -> str:
        """`path` without `..`, if the directory holding it resolves under the roots (the entry itself,
        maybe a symlink pointing elsewhere, is not followed)."""
        clean = os.path.normpath(path)
        parent, name = os.path.split(clean)
        if not self._under_roots(os.path.join(os.path.realpath(parent), name)) and not self.allowed(clean):
            raise EvalError(f"access to absolute path '{path}' is forbidden in restricted mode")
        return clean

    def path_exists(self, path: str) -> bool:
        """A path outside the roots does not exist (CppNix: `pathExists` is false, not an error)."""
        return self.allowed(path) and super().path_exists(path)

    def kind(self, path: str) -> FileKind | None:
        return super().kind(self._check_link(path))

    def stat_kind(self, path: str) -> FileKind | None:
        return super().stat_kind(self._check(path))

    def read_bytes(self, path: str) -> bytes:
        return super().read_bytes(self._check(path))

    def list_dir(self, path: str) -> list[str]:
        return super().list_dir(self._check(path))

    def read_link(self, path: str) -> str:
        return super().read_link(self._check_link(path))

    def is_executable(self, path: str) -> bool:
        return super().is_executable(self._check_link(path))

    def env(self, name: str) -> str | None:
        return None

    def current_time(self) -> int | None:
        return super().current_time() if self.clock else None

    def check_path(self, path: str) -> None:
        self._check(path)

    def check_uri(self, uri: str) -> None:
        """Allowed: a URI under a prefix in `allowed_uris` (whole path components), or a `file://` URI of
        an allowed path."""
        for prefix in self.allowed_uris:
            if uri == prefix or uri.startswith(prefix if prefix.endswith("/") else prefix + "/"):
                return
        if uri.startswith("file://"):
            self._check(uri[len("file://"):])
            return
        raise EvalError(f"access to URI '{uri}' is forbidden in restricted mode")


class MemoryHost(Host):
    """Files held in memory: `{"/abs/path": "text" or bytes}`; directories are implied by the paths."""

    def __init__(self, files: Mapping[str, str | bytes] | None = None, env: Mapping[str, str] | None = None) -> None:
        self.files: dict[str, bytes] = {}
        self.dirs: dict[str, set[str]] = {"/": set()}
        for name, contents in (files or {}).items():
            path = canonical_path(name)
            self.files[path] = contents.encode("utf-8", "surrogateescape") if isinstance(contents, str) else contents
            child = path
            while child != "/":
                parent = posixpath.dirname(child)
                self.dirs.setdefault(parent, set()).add(posixpath.basename(child))
                child = parent
        self.environment = dict(env or {})

    def kind(self, path: str) -> FileKind | None:
        path = canonical_path(path)
        if path in self.files:
            return "regular"
        return "directory" if path in self.dirs else None

    def stat_kind(self, path: str) -> FileKind | None:
        return self.kind(path)

    def read_bytes(self, path: str) -> bytes:
        try:
            return self.files[canonical_path(path)]
        except KeyError:
            raise FileNotFoundError(2, "No such file or directory", path) from None

    def list_dir(self, path: str) -> list[str]:
        try:
            return sorted(self.dirs[canonical_path(path)])
        except KeyError:
            raise NotADirectoryError(20, "Not a directory", path) from None

    def read_link(self, path: str) -> str:
        raise OSError(22, "Invalid argument", path)

    def is_executable(self, path: str) -> bool:
        return False

    def real_path(self, path: str) -> str:
        return canonical_path(path)

    def env(self, name: str) -> str | None:
        return self.environment.get(name)


@contextmanager
def echo_log_to_stderr() -> Iterator[None]:
    """While active, show `trace` and warning output on stderr as bare lines, like nix-instantiate
    (and not through `logging`)."""
    global _echoing
    _echoing += 1
    try:
        yield
    finally:
        _echoing -= 1


@contextmanager
def std_streams_pass_bytes() -> Iterator[None]:
    """While active, stdout and stderr write the bytes of Nix strings as they are, as CppNix does.

    Undecodable bytes live in `str` as surrogate escapes; a UTF-8 stream whose
    error handler is `strict` (the usual one under a UTF-8 locale) would refuse
    them, and `backslashreplace` (stderr's) would print `\\udcc3` instead.
    """
    saved = []
    for stream in (sys.stdout, sys.stderr):
        if (isinstance(stream, io.TextIOWrapper) and stream.errors != "surrogateescape"
                and codecs.lookup(stream.encoding).name == "utf-8"):
            saved.append((stream, stream.errors))
            stream.reconfigure(errors="surrogateescape")
    try:
        yield
    finally:
        for stream, errors in saved:
            stream.reconfigure(errors=errors)


__all__ = ["Host", "FileSystemHost", "RestrictedHost", "MemoryHost", "LOGGER", "echo_log_to_stderr",
           "std_streams_pass_bytes"]
