"""Builtins on files and the store: readFile, readDir, readFileType, pathExists, path, filterSource, getEnv, fetchers.

File system access goes through host requests (ReadFile, ReadDir, FileType,
PathExists, StorePathOf). Copying a path to the store only computes the
store path (no store is written); a source filter is a Nix function, so the
tree is walked here, calling it, before the host hashes what it kept.
There is no network access: the fetchers check their arguments as CppNix
does and compute the store path when it follows from a given hash or a
local `file://` URL.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..vm.coerce import canonical_path, coerce_to_string
from ..vm.errors import EvalError, NixError
from ..vm.requests import (CheckUri, FileType, Gen, GetEnv, PathExists, PureEval, ReadDir, ReadFile, StorePathOf,
                           Written)
from ..vm.store import STORE_DIR
from ..vm.values import NixString, context_of, make_string, show_type
from ..vm.thunk import forced
from .core import force_attrs, force_bool, force_function, force_string
from .arguments import argument, checked
from .derivations import fixed_output_path, name_error, require_feature
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


def _base_name(path: str) -> str:
    """CppNix's `baseNameOf`: the last component, ignoring trailing slashes."""
    return path.rstrip("/").rsplit("/", 1)[-1] if path.strip("/") else ""


@builtin("filterSource", lazy=("keep",))
def filter_source(keep, path):
    """Copy `path` to the store keeping only what `keep path type` accepts; the store path."""
    p = str((yield coerce_to_path(
        path, "while evaluating the second argument (the path to filter) passed to 'builtins.filterSource'")))
    fn = yield from forced(keep)
    checked(force_function, fn, "while evaluating the first argument passed to builtins.filterSource")
    return (yield add_path(p, _base_name(p), fn))


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
    return (yield add_path(path, name or _base_name(path), keep, recursive, expected))


# -- fetchers ---------------------------------------------------------------------

_NAME_RESOLUTIONS = {
    "name": "Please change the value for the 'name' attribute passed to '{who}', so that it can create a "
            "valid store path.",
    "attrs": "Please add a valid 'name' attribute to the argument for '{who}', so that it can create a valid "
             "store path.",
    "url": "Please pass an attribute set with 'url' and 'name' attributes to '{who}',  so that it can create a "
           "valid store path.",
}


def _fetch(who: str, arg: Any, unpack: bool, default_name: str) -> Gen:
    """Generator: `fetchurl`/`fetchTarball` (CppNix's `fetch`), without network access."""
    url, expected, name, how = None, None, default_name, "url"
    if arg.__class__ is dict:
        how = "attrs"
        for key in sorted(arg):
            v = yield from forced(arg[key])
            if key == "url":
                url = checked(force_plain_string, v, "while evaluating the url we should fetch")
            elif key == "sha256":
                text = checked(force_plain_string, v,
                               "while evaluating the sha256 of the content we should fetch")
                expected = (yield parse_hash(text, "sha256")).digest if text else bytes(32)
            elif key == "name":
                how = "name"
                name = checked(force_plain_string, v,
                               "while evaluating the name of the content we should fetch")
            else:
                raise EvalError(f"unsupported argument '{key}' to '{who}'")
        if url is None:
            raise EvalError("'url' argument required")
    else:
        url = checked(force_plain_string, arg, "while evaluating the url we should fetch")
    if not name:
        name = _base_name(url)
    error = name_error(name)
    if error is not None:
        raise EvalError(f"invalid store path name when fetching URL '{url}': {error}. "
                        + _NAME_RESOLUTIONS[how].format(who=who))
    yield CheckUri(url)
    if expected is None and (yield PureEval()):
        raise EvalError(f"in pure evaluation mode, '{who}' requires a 'sha256' argument")
    prefix = "r:" if unpack else ""
    if url.startswith("file://") and not unpack:
        contents = yield ReadFile(url[len("file://"):])
        digest = hashlib.sha256(contents.encode("utf-8", "surrogateescape")).digest()
        if expected is not None and digest != expected:
            raise EvalError(f"hash mismatch in file downloaded from '{url}'")
        path = fixed_output_path(name, prefix, "sha256", digest)
    elif expected is not None:
        # A pinned download is known by its hash: its store path needs no network.
        path = fixed_output_path(name, prefix, "sha256", expected)
    else:
        raise EvalError(f"unable to download '{url}': pynix has no network access")
    return NixString(path, frozenset([path]))


@builtin("fetchurl")
def fetchurl(arg):
    """Download a file (`url` or `{ url; sha256 ? ; name ? }`); its store path."""
    return (yield _fetch("fetchurl", arg, False, ""))


@builtin("fetchTarball", top_level=True)
def fetch_tarball(arg):
    """Download and unpack a tarball (`url` or `{ url; sha256 ? ; name ? }`); its store path."""
    return (yield _fetch("fetchTarball", arg, True, "source"))


def _repository_url(who: str, arg: Any) -> Gen:
    """Generator: the `url` of a repository fetcher's argument (a URL or `{ url; ... }`)."""
    if arg.__class__ is dict:
        if "url" not in arg:
            raise EvalError(f"attribute 'url' is missing in call to '{who}'")
        return force_plain_string((yield from forced(arg["url"])))
    return str((yield coerce_to_string(arg, copy_to_store=False)))


@builtin("fetchGit", top_level=True)
def fetch_git(arg):
    """Fetch a Git repository: only argument checking (there is no network or Git access)."""
    url = yield _repository_url("fetchGit", arg)
    yield CheckUri(url)
    raise EvalError(f"cannot fetch Git repository '{url}': pynix has no Git or network access")


@builtin("fetchMercurial", top_level=True)
def fetch_mercurial(arg):
    """Fetch a Mercurial repository: only argument checking (there is no network or Mercurial access)."""
    url = yield _repository_url("fetchMercurial", arg)
    yield CheckUri(url)
    raise EvalError(f"cannot fetch Mercurial repository '{url}': pynix has no Mercurial or network access")


@builtin("fetchClosure")
def fetch_closure(arg):
    """Copy a store closure from a binary cache (experimental `fetch-closure`): no store or network here."""
    yield require_feature("fetch-closure")
    force_attrs(arg)
    if "fromPath" not in arg:
        raise EvalError("attribute 'fromPath' is missing in call to 'fetchClosure'")
    path = str((yield coerce_to_string(arg["fromPath"], copy_to_store=False)))
    raise EvalError(f"cannot fetch closure of '{path}': pynix has no binary cache or network access")


@builtin("getFlake")
def get_flake(ref):
    """Evaluate a flake (experimental `flakes`): locking and fetching inputs needs network access here."""
    yield require_feature("flakes")
    spec = force_plain_string(ref)
    raise EvalError(f"cannot get flake '{spec}': pynix does not fetch or lock flake inputs")


@builtin("fetchTree", top_level=True)
def fetch_tree(arg):
    """Fetch a source tree from an input spec: argument checking and CppNix's errors only."""
    if arg.__class__ is dict:
        if "type" not in arg:
            raise EvalError("attribute 'type' is missing in call to 'fetchTree'")
        kind = force_plain_string((yield from forced(arg["type"])))
        for key in sorted(arg):
            v = yield from forced(arg[key])
            if v.__class__ is int and v < 0:
                raise EvalError(f"negative value given for 'fetchTree' argument '{key}': {v}")
            if v.__class__ not in (int, bool, str, NixString):
                raise EvalError(f"argument '{key}' to 'fetchTree' is {show_type(v)} while a string, Boolean "
                                "or integer is expected")
        spec = f"{kind} input"
    else:
        spec = force_plain_string(arg)
        if spec.startswith("file:") and not spec.startswith("file:/"):
            err = EvalError(f"tarball '{spec}' must use an absolute path. "
                            "The 'file' scheme does not support relative paths.")
            err.add_frame(f"while fetching the input '{spec}'")
            raise err
        yield CheckUri(spec)
    raise EvalError(f"cannot fetch '{spec}': pynix has no network access")
