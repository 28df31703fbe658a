"""Builtins on files and the store: readFile, readDir, readFileType, pathExists, path, filterSource, getEnv.

File system access goes through host requests (ReadFile, ReadDir, FileType,
PathExists, StorePathOf). Copying a path to the store only computes the
store path (no store is written); a source filter is a Nix function, so the
tree is walked here, calling it, before the host hashes what it kept.
The fetchers are in `fetchers.py`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..vm.coerce import canonical_path, coerce_to_string
from ..vm.errors import EvalError, NixError
from ..vm.requests import FileType, Gen, GetEnv, PathExists, ReadDir, ReadFile, StorePathOf, Written
from ..vm.store import STORE_DIR
from ..vm.values import NixString, context_of, make_string
from ..vm.thunk import forced
from .core import force_attrs, force_bool, force_function, force_string
from .arguments import argument, checked
from .derivations import fixed_output_path, name_error
from .hashing import parse_hash
from .registry import builtin
from .strings import force_plain_string


def coerce_to_path(value: Any, context: str | None = None) -> Gen:
    """Generator: `value` as an absolute canonical path string, keeping its context (`coerceToPath`)."""
    try:
        s = yield coerce_to_string(value, coerce_more=False, copy_to_store=False)
        if not str(s).startswith("/"):
            raise EvalError(f"string '{s}' doesn't represent an absolute path")
    except NixError as err:
        if context:
            err.add_frame(context)
        raise
    return make_string(canonical_path(str(s)), context_of(s))


def _real_path(value: Any) -> Gen:
    """Generator: the path a file builtin acts on (`realisePath`)."""
    return (yield coerce_to_path(value, "while realising the context of a path"))


# -- reading --------------------------------------------------------------------

@builtin("readFile")
def read_file(path):
    """The contents of a file; a store file keeps the store paths it refers to as context."""
    p = str((yield _real_path(path)))
    obj = (yield Written()).get(p)
    if obj is not None:
        contents, refs = obj.contents, obj.references
    else:
        contents, refs = (yield ReadFile(p)), frozenset()
    if "\0" in contents:
        raise EvalError(f"the contents of the file '{p}' cannot be represented as a Nix string")
    # Only the references that occur in the text, by their hash part (as CppNix rescans them).
    found = frozenset(r for r in refs if r[len(STORE_DIR) + 1:][:32] in contents)
    return make_string(contents, found)


@builtin("readDir")
def read_dir(path):
    """The entries of a directory: name → `regular`, `directory`, `symlink` or `unknown`."""
    p = str((yield _real_path(path)))
    return dict((yield ReadDir(p)))


@builtin("readFileType")
def read_file_type(path):
    """The type of a file (`regular`, `directory`, `symlink` or `unknown`), not following a final symlink."""
    p = str((yield _real_path(path)))
    if (yield Written()).get(p) is not None:
        return "regular"
    return (yield FileType(p))


@builtin("pathExists")
def path_exists(path):
    """Whether a path exists; with a trailing `/` or `/.` it must be a directory."""
    v = yield from forced(path)
    must_be_dir = isinstance(v, str) and (v.endswith("/") or v.endswith("/."))
    p = str((yield _real_path(v)))
    if (yield Written()).get(p) is not None:
        return not must_be_dir
    # `dir/.` exists only if `dir` is a directory (after following symlinks).
    return (yield PathExists(p + "/." if must_be_dir and p != "/" else p))


@builtin("getEnv")
def get_env(name):
    """The value of an environment variable, or "" (always "" in pure evaluation)."""
    return (yield GetEnv(str(argument(force_string, name, 0, "getEnv"))))


# -- copying to the store ------------------------------------------------------

def _kept_paths(root: str, keep: Any) -> Gen:
    """Generator: the paths under directory `root` the Nix filter `keep path type` accepts.

    Walks in NAR order, not descending into rejected directories.
    """
    kept: set[str] = set()
    work = [root]
    while work:
        directory = work.pop()
        entries = yield ReadDir(directory)
        children = []
        for name in sorted(entries, key=lambda n: n.encode("utf-8", "surrogateescape")):
            child = directory.rstrip("/") + "/" + name
            f = yield (keep, child)
            verdict = yield (f, entries[name])
            if checked(force_bool, verdict, "while evaluating the return value of the path filter function"):
                kept.add(child)
                if entries[name] == "directory":
                    children.append(child)
        work.extend(reversed(children))
    return kept


def add_path(path: str, name: str, keep: Any = None, recursive: bool = True,
             expected: bytes | None = None) -> Gen:
    """Generator: the store path `path` is copied to (`addPath`), as a string with that context."""
    try:
        error = name_error(name)
        if error is not None:
            raise EvalError(f"invalid store path name '{name}': {error}")
        if recursive:
            kept = None
            if keep is not None and (yield FileType(path)) == "directory":
                kept = yield _kept_paths(path, keep)
            selected = None if kept is None else (lambda p, _t, kept=kept: p in kept)
            store_path = yield StorePathOf(path, name, selected)
        else:
            contents = yield ReadFile(path)
            digest = hashlib.sha256(contents.encode("utf-8", "surrogateescape")).digest()
            store_path = fixed_output_path(name, "", "sha256", digest)
        if expected is not None:
            wanted = (fixed_output_path(name, "r:", "sha256", expected) if recursive
                      else fixed_output_path(name, "", "sha256", expected))
            if wanted != store_path:
                raise EvalError(f"store path mismatch in (possibly filtered) path added from '{path}'")
    except NixError as err:
        err.add_frame(f"while adding path '{path}'")
        raise
    return NixString(store_path, frozenset([store_path]))


def base_name(path: str) -> str:
    """CppNix's `baseNameOf`: the last component, ignoring trailing slashes."""
    return path.rstrip("/").rsplit("/", 1)[-1] if path.strip("/") else ""


@builtin("filterSource", lazy=("keep",))
def filter_source(keep, path):
    """Copy `path` to the store keeping only what `keep path type` accepts; the store path."""
    p = str((yield coerce_to_path(
        path, "while evaluating the second argument (the path to filter) passed to 'builtins.filterSource'")))
    fn = yield from forced(keep)
    checked(force_function, fn, "while evaluating the first argument passed to builtins.filterSource")
    return (yield add_path(p, base_name(p), fn))


@builtin("path")
def path_(args):
    """Copy a path to the store: `{ path; name ? ; filter ? ; recursive ? true; sha256 ? }`."""
    checked(force_attrs, args, "while evaluating the argument passed to 'builtins.path'")
    path, name, keep, recursive, expected = None, "", None, True, None
    for key in sorted(args):
        v = yield from forced(args[key])
        if key == "path":
            path = str((yield coerce_to_path(v, "while evaluating the 'path' attribute passed to 'builtins.path'")))
        elif key == "name":
            name = checked(force_plain_string, v,
                           "while evaluating the `name` attribute passed to builtins.path")
        elif key == "filter":
            keep = checked(force_function, v, "while evaluating the `filter` parameter passed to builtins.path")
        elif key == "recursive":
            recursive = checked(force_bool, v, "while evaluating the `recursive` attribute passed to builtins.path")
        elif key == "sha256":
            text = checked(force_plain_string, v, "while evaluating the `sha256` attribute passed to builtins.path")
            expected = (yield parse_hash(text, "sha256")).digest if text else bytes(32)
        else:
            raise EvalError(f"unsupported argument '{key}' to 'addPath'")
    if path is None:
        raise EvalError("missing required 'path' attribute in the first argument to builtins.path")
    return (yield add_path(path, name or base_name(path), keep, recursive, expected))
