"""A content-addressed cache of compiled units, like `__pycache__`: re-evaluating a file skips parsing."""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
from typing import Any

from .unit import CompiledUnit

FORMAT = "pynix-cache-3"

_COMPILER_FILES = ("ast.py", "bindings.py", "codegen.py", "grammar.py", "indent.py", "operators.py", "parser.py",
                   "scope.py", "unit.py", "plain.py", "../vm/runtime.py")


@functools.cache
def compiler_fingerprint() -> bytes:
    """A hash of the compiler's own source, so that a changed pynix never loads stale compiled code."""
    here = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for name in _COMPILER_FILES:
        try:
            with open(os.path.join(here, name), "rb") as f:
                h.update(f.read())
        except OSError:
            h.update(name.encode())
    return h.digest()



def default_cache_dir() -> str | None:
    """`$PYNIX_CACHE_DIR`, else `$XDG_CACHE_HOME/pynix` or `~/.cache/pynix`; None when `PYNIX_CACHE=0`."""
    if os.environ.get("PYNIX_CACHE") == "0":
        return None
    explicit = os.environ.get("PYNIX_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pynix")


class CompileCache:
    """Compiled units stored under a key derived from everything that affects compilation."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    @staticmethod
    def key(*parts: str) -> str:
        """The cache key of a compilation: source text, file name and compiler settings."""
        h = hashlib.sha256(FORMAT.encode())
        h.update(sys.version.encode())
        h.update(compiler_fingerprint())
        for p in parts:
            h.update(b"\0" + p.encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def _file(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:])

    def get(self, key: str) -> CompiledUnit | None:
        """The cached unit, or None (a missing or unreadable entry is simply a miss)."""
        try:
            with open(self._file(key), "rb") as f:
                code, consts, lambdas, globals_used, gen_code = marshal.load(f)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return CompiledUnit(code, consts, lambdas, globals_used, gen_code)

    def put(self, key: str, unit: CompiledUnit) -> None:
        """Store a unit atomically; failures (read-only disk, code nested too deeply to marshal) are ignored."""
        import tempfile
        path = self._file(key)
        try:
            gen = unit.gen_code if unit.gen_code is None else marshal.dumps(unit.gen_code)  # unmarshalled if needed
            data = marshal.dumps((unit.code, unit.consts, unit.lambdas, unit.globals_used, gen))
        except (ValueError, RecursionError):
            return
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            pass


def cache_for(directory: Any) -> CompileCache | None:
    """A CompileCache for `directory` ("default" picks `default_cache_dir()`; None disables caching)."""
    if directory == "default":
        directory = default_cache_dir()
    return CompileCache(directory) if directory else None
