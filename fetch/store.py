"""The fetch store: fetched files and trees kept on disk under the names of their Nix store paths.

`/nix/store/<hash>-<name>` is kept as `<directory>/<hash>-<name>`; the store
path is computed exactly as CppNix computes it (the NAR hash of a tree, the
flat SHA-256 of a file), so Nix code sees the paths CppNix would give.
Objects are added atomically (staged in the directory, then renamed), so
evaluations may share one store. `StoreOverlayHost` lets Nix code read what
an evaluation fetched through its host.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from typing import Callable, Iterable

from ..builtins.derivations import fixed_output_path
from ..hosts import FileKind, FileSystemHost, Host
from ..vm.errors import EvalError
from ..vm.store import STORE_DIR, nar_hash


def default_store_dir() -> str:
    """`$PYNIX_FETCH_STORE`, else `$XDG_CACHE_HOME/pynix-store` or `~/.cache/pynix-store`."""
    explicit = os.environ.get("PYNIX_FETCH_STORE")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pynix-store")


_DISK = FileSystemHost()


class FetchStore:
    """A directory of fetched store objects, shared by every evaluation that names it."""

    def __init__(self, directory: str | None = None) -> None:
        self.directory = os.path.abspath(directory or default_store_dir())

    def real_path(self, store_path: str) -> str:
        """Where the store object `store_path` (or a path inside it) is kept on disk."""
        return os.path.join(self.directory, store_path[len(STORE_DIR) + 1:])

    def has(self, store_path: str) -> bool:
        """Whether the store object `store_path` is kept here."""
        return os.path.lexists(self.real_path(store_path))

    def staging(self) -> str:
        """A new private directory to unpack into before `add_tree` (removed by it)."""
        import tempfile
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        return tempfile.mkdtemp(prefix=".staging-", dir=self.directory)

    def add_tree(self, tree: str, name: str) -> tuple[str, bytes]:
        """Move the file or directory `tree` into the store as `name`; its store path and NAR hash."""
        digest = nar_hash(tree, _DISK)
        store_path = fixed_output_path(name, "r:", "sha256", digest)
        self._install(tree, store_path)
        return store_path, digest

    def add_file(self, path: str, name: str) -> tuple[str, bytes]:
        """Move the regular file at `path` into the store as a flat fixed-output path; its path and SHA-256."""
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").digest()
        store_path = fixed_output_path(name, "", "sha256", digest)
        self._install(path, store_path)
        return store_path, digest

    def _install(self, source: str, store_path: str) -> None:
        target = self.real_path(store_path)
        if os.path.lexists(target):  # already kept (the same contents, by its name)
            _remove(source)
            return
        try:
            os.rename(source, target)
        except OSError:
            if not os.path.lexists(target):  # not a concurrent evaluation adding the same object
                raise
            _remove(source)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        import shutil
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        os.unlink(path)


class StoreOverlayHost(Host):
    """A host that shows the fetch store's objects at their `/nix/store` paths and hands every other path
    to `inner`. What this evaluation fetched is always shown (restricted mode allows it, as CppNix does);
    what earlier ones fetched, where `inner.check_path` allows the path."""

    def __init__(self, inner: Host, store: FetchStore, fetched: Iterable[str] = ()) -> None:
        self.inner = inner
        self.store = store
        self.fetched: set[str] = set(fetched)

    def _on_disk(self, path: str) -> str | None:
        """Where `path` is kept, if it lies in a store object fetched here."""
        if not path.startswith(STORE_DIR + "/"):
            return None
        clean = posixpath.normpath(path)
        top = "/".join(clean.split("/")[:len(STORE_DIR.split("/")) + 1])
        if top not in self.fetched:
            if not self.store.has(top):
                return None
            try:  # kept by an earlier evaluation: readable where the host lets code name it (not restricted)
                self.inner.check_path(top)
            except EvalError:
                return None
        return self.store.real_path(clean)

    def _either(self, path: str, local: Callable, delegated: Callable) -> object:
        disk = self._on_disk(path)
        return delegated(path) if disk is None else local(disk)

    # primitives: on disk for fetched objects, else the inner host's
    def kind(self, path: str) -> FileKind | None:
        return self._either(path, _DISK.kind, self.inner.kind)  # type: ignore[return-value]

    def stat_kind(self, path: str) -> FileKind | None:
        return self._either(path, _DISK.stat_kind, self.inner.stat_kind)  # type: ignore[return-value]

    def read_bytes(self, path: str) -> bytes:
        return self._either(path, _DISK.read_bytes, self.inner.read_bytes)  # type: ignore[return-value]

    def list_dir(self, path: str) -> list[str]:
        return self._either(path, _DISK.list_dir, self.inner.list_dir)  # type: ignore[return-value]

    def read_link(self, path: str) -> str:
        return self._either(path, _DISK.read_link, self.inner.read_link)  # type: ignore[return-value]

    def is_executable(self, path: str) -> bool:
        return self._either(path, _DISK.is_executable, self.inner.is_executable)  # type: ignore[return-value]

    def real_path(self, path: str) -> str:
        return posixpath.normpath(path) if self._on_disk(path) is not None else self.inner.real_path(path)

    def env(self, name: str) -> str | None:
        return self.inner.env(name)

    # services: the base class's on fetched objects (named by their store paths), else the inner host's
    def path_exists(self, path: str) -> bool:
        return Host.path_exists(self, path) if self._on_disk(path) else self.inner.path_exists(path)

    def is_directory(self, path: str) -> bool:
        return Host.is_directory(self, path) if self._on_disk(path) else self.inner.is_directory(path)

    def read_file(self, path: str) -> str:
        return Host.read_file(self, path) if self._on_disk(path) else self.inner.read_file(path)

    def read_dir(self, path: str) -> dict[str, FileKind]:
        return Host.read_dir(self, path) if self._on_disk(path) else self.inner.read_dir(path)

    def file_type(self, path: str) -> FileKind:
        return Host.file_type(self, path) if self._on_disk(path) else self.inner.file_type(path)

    def store_path_of(self, path: str, name: str | None = None,
                      keep: Callable[[str, str], bool] | None = None) -> str:
        return (Host.store_path_of(self, path, name, keep) if self._on_disk(path)
                else self.inner.store_path_of(path, name, keep))

    def get_env(self, name: str) -> str:
        return self.inner.get_env(name)

    def current_time(self) -> int | None:
        return self.inner.current_time()

    def check_path(self, path: str) -> None:
        if self._on_disk(path) is None:
            self.inner.check_path(path)

    def check_uri(self, uri: str) -> None:
        self.inner.check_uri(uri)

    def trace(self, message: str) -> None:
        self.inner.trace(message)

    def warn(self, text: str) -> None:
        self.inner.warn(text)
