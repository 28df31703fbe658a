"""A content-addressed cache of compiled units, like `__pycache__`: re-evaluating a file skips parsing.

Trust model, as `__pycache__`'s: an entry holds a Python code object that is
run when loaded, so whoever can write the cache directory can run code as the
user. The directory is therefore created private to the user (mode 0700),
and a directory or entry that someone else owns, or that others may write,
is not used. An entry is also checked before it is used: format, pynix
version, the key it was stored under and the shape of every part; anything
unexpected is a miss (and is replaced by the next compilation).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import stat
import sys
from types import CodeType
from typing import Any

from .unit import CompiledUnit

FORMAT = "pynix-cache-7"

_COMPILER_FILES = ("ast.py", "bindings.py", "codegen.py", "grammar.py", "indent.py", "nesting.py", "operators.py",
                   "parser.py", "plain.py", "scope.py", "unit.py", "../vm/runtime.py")


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
        """The cached unit, or None: a missing, unreadable, foreign or malformed entry is a miss."""
        path = self._file(key)
        try:
            with open(path, "rb") as f:
                if not (_private(os.fstat(f.fileno())) and _private(os.stat(self.directory))):
                    return None
                entry = marshal.loads(f.read())  # marshal.load(f) reads object by object: 5x slower
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return _unit_of(entry, key)

    def put(self, key: str, unit: CompiledUnit) -> None:
        """Store a unit atomically; failures (read-only disk, code nested too deeply to marshal) are ignored."""
        import tempfile
        from ..vm.plain import split_twins
        path = self._file(key)
        try:
            gen = unit.gen_code
            if gen.__class__ is CodeType:
                gen = split_twins(unit.code, gen)
            data = marshal.dumps((FORMAT, _version(), key, unit.code, unit.consts, unit.lambdas, unit.globals_used,
                                  gen, unit.calls))
        except (ValueError, RecursionError):
            return
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            if not _private(os.stat(self.directory)):
                return
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            pass

    def discard(self, key: str) -> None:
        """Remove the entry of `key` (one that could not be loaded), if there is one."""
        try:
            os.unlink(self._file(key))
        except OSError:
            pass


def _private(st: os.stat_result) -> bool:
    """Whether a cache directory or entry is the user's own and nobody else may write it."""
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _version() -> str:
    from .. import __version__
    return __version__


def _unit_of(entry: Any, key: str) -> CompiledUnit | None:
    """The unit a loaded entry holds, if it has the expected format, version, key and shape."""
    if not (entry.__class__ is tuple and len(entry) == 9 and entry[:3] == (FORMAT, _version(), key)):
        return None
    code, consts, lambdas, globals_used, gen_code, calls = entry[3:]
    if not (code.__class__ is CodeType and consts.__class__ is dict and lambdas.__class__ is dict
            and globals_used.__class__ is dict and (gen_code is None or gen_code.__class__ is tuple)
            and calls.__class__ is dict):
        return None
    if not all(k.__class__ is str and v.__class__ is tuple and len(v) == 2 and v[0].__class__ is str
               for k, v in consts.items()):
        return None
    if not all(k.__class__ is str and v.__class__ is tuple and len(v) == 5 for k, v in lambdas.items()):
        return None
    if not all(k.__class__ is str and v.__class__ is str for k, v in globals_used.items()):
        return None
    if gen_code is not None and not all(part is None or part.__class__ is bytes for part in gen_code):
        return None
    if not all(k.__class__ is str and v.__class__ is tuple and len(v) == 2 and v[0].__class__ is str
               and v[1].__class__ is int for k, v in calls.items()):
        return None
    return CompiledUnit(code, consts, lambdas, globals_used, gen_code, calls)


def cache_for(directory: Any) -> CompileCache | None:
    """A CompileCache for `directory` ("default" picks `default_cache_dir()`; None disables caching)."""
    if directory == "default":
        directory = default_cache_dir()
    return CompileCache(directory) if directory else None
