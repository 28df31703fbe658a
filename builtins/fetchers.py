"""The fetchers: fetchurl, fetchTarball, fetchGit, fetchTree (and the unsupported fetchMercurial, fetchClosure).

Each checks its arguments as CppNix does, asks the host whether the URL may
be accessed (`CheckUri`, before anything connects), then asks it to fetch
(`FetchUrl`, `FetchGit`, `FetchPath`); the host keeps what it fetched in the
fetch store and shows it at its `/nix/store` path.
"""

from __future__ import annotations

from typing import Any

from ..vm.coerce import coerce_to_string
from ..vm.errors import EvalError
from ..vm.requests import CheckUri, FetchGit, FetchPath, FetchUrl, Gen, PureEval
from ..vm.values import NixString, Path, show_type
from ..vm.thunk import forced
from .arguments import checked
from .core import force_attrs, force_bool
from .derivations import name_error, require_feature
from .flakeref import parse_flake_ref
from .hashing import Hash, parse_hash
from .paths import base_name
from .registry import builtin
from .strings import force_plain_string

_NAME_RESOLUTIONS = {
    "name": "Please change the value for the 'name' attribute passed to '{who}', so that it can create a "
            "valid store path.",
    "attrs": "Please add a valid 'name' attribute to the argument for '{who}', so that it can create a valid "
             "store path.",
    "url": "Please pass an attribute set with 'url' and 'name' attributes to '{who}',  so that it can create a "
           "valid store path.",
}


def store_string(path: str) -> NixString:
    """A store path as a string that refers to it (its context)."""
    return NixString(path, frozenset([path]))


def _fetch(who: str, arg: Any, unpack: bool, default_name: str) -> Gen:
    """Generator: `fetchurl`/`fetchTarball` (CppNix's `fetch`): the store path of the download."""
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
        name = base_name(url)
    error = name_error(name)
    if error is not None:
        raise EvalError(f"invalid store path name when fetching URL '{url}': {error}. "
                        + _NAME_RESOLUTIONS[how].format(who=who))
    yield CheckUri(url)
    if expected is None and (yield PureEval()):
        raise EvalError(f"in pure evaluation mode, '{who}' requires a 'sha256' argument")
    path, _nar = yield FetchUrl(url, unpack, name, expected)
    return store_string(path)


@builtin("fetchurl")
def fetchurl(arg):
    """Download a file (`url` or `{ url; sha256 ? ; name ? }`); its store path."""
    return (yield _fetch("fetchurl", arg, False, ""))


@builtin("fetchTarball", top_level=True)
def fetch_tarball(arg):
    """Download and unpack a tarball (`url` or `{ url; sha256 ? ; name ? }`); its store path."""
    return (yield _fetch("fetchTarball", arg, True, "source"))


# -- Git -------------------------------------------------------------------------------

_GIT_STRINGS = ("url", "ref", "rev", "name")
_GIT_BOOLS = {"submodules": "submodules", "allRefs": "all_refs", "shallow": "shallow"}


def git_source(attrs: dict[str, Any]) -> Any:
    """The `GitSource` that `fetchGit`/`fetchTree` attributes (forced, plain) describe."""
    from ..fetch.git import GitSource
    options = {_GIT_BOOLS[k]: v for k, v in attrs.items() if k in _GIT_BOOLS}
    return GitSource(attrs["url"], attrs.get("ref"), attrs.get("rev"), **options)


def _as_uri(url: str) -> str:
    """A repository URL as the host checks it: a local path as its `file://` URL."""
    return url if "://" in url else "file://" + url


def _with_context(attrs: dict[str, Any]) -> dict[str, Any]:
    """Fetched attributes with `outPath` referring to the store path."""
    return {**attrs, "outPath": store_string(attrs["outPath"])}


def _required(attrs: dict[str, Any], name: str, who: str = "fetchTree") -> Any:
    """`attrs[name]`, or CppNix's error for an argument set without it."""
    if name not in attrs:
        raise EvalError(f"attribute '{name}' is missing in call to '{who}'")
    return attrs[name]


def _check_pure(who: str, immutable: bool) -> Gen:
    if not immutable and (yield PureEval()):
        raise EvalError(f"in pure evaluation mode, '{who}' requires an immutable input")


@builtin("fetchGit", top_level=True)
def fetch_git(arg):
    """Fetch a revision of a local Git repository: `url` or `{ url; ref ? ; rev ? ; name ? ; submodules ? ;
    allRefs ? ; shallow ? }`; its tree's attributes (`outPath`, `rev`, `revCount`, `narHash`, ...)."""
    attrs: dict[str, Any] = {}
    if arg.__class__ is dict:
        _required(arg, "url", "fetchGit")
        for key in sorted(arg):
            v = yield from forced(arg[key])
            if key == "url":
                attrs[key] = str((yield coerce_to_string(v, copy_to_store=False)))
            elif key in _GIT_STRINGS:
                attrs[key] = checked(force_plain_string, v, f"while evaluating the '{key}' attribute of fetchGit")
            elif key in _GIT_BOOLS:
                attrs[key] = checked(force_bool, v, f"while evaluating the '{key}' attribute of fetchGit")
            else:
                raise EvalError(f"unsupported argument '{key}' to 'fetchGit'")
    else:
        attrs["url"] = str((yield coerce_to_string(arg, copy_to_store=False)))
    yield CheckUri(_as_uri(attrs["url"]))
    yield _check_pure("fetchGit", "rev" in attrs)
    result = yield FetchGit(git_source(attrs), attrs.get("name", "source"))
    if "rev" not in result:  # a dirty working tree: CppNix's fetchGit shows an all-zero revision
        result = {**result, "rev": "0" * 40, "shortRev": "0" * 7, "revCount": 0}
    return _with_context(result)


@builtin("fetchMercurial", top_level=True)
def fetch_mercurial(arg):
    """Fetch a Mercurial repository: only argument checking (there is no Mercurial support)."""
    if arg.__class__ is dict:
        _required(arg, "url", "fetchMercurial")
        url = force_plain_string((yield from forced(arg["url"])))
    else:
        url = str((yield coerce_to_string(arg, copy_to_store=False)))
    yield CheckUri(url)
    raise EvalError(f"cannot fetch Mercurial repository '{url}': pynix has no Mercurial or network access")


@builtin("fetchClosure")
def fetch_closure(arg):
    """Copy a store closure from a binary cache (experimental `fetch-closure`): no store or network here."""
    yield require_feature("fetch-closure")
    force_attrs(arg)
    _required(arg, "fromPath", "fetchClosure")
    path = str((yield coerce_to_string(arg["fromPath"], copy_to_store=False)))
    raise EvalError(f"cannot fetch closure of '{path}': pynix has no binary cache or network access")


# -- fetchTree -------------------------------------------------------------------------


def fetch_input(attrs: dict[str, Any], who: str = "fetchTree", check_pure: bool = True) -> Gen:
    """Generator: fetch the input `attrs` (plain values: `type` and its attributes) as `fetchTree` does;
    its attributes, `outPath` a string referring to the store path.

    Types `path`, `git`, `tarball` and `file`; another is a clear error before anything connects. Without
    `check_pure`, an unlocked input is fetched in pure mode too (`nix eval` locks its root flake so)."""
    kind = attrs.get("type")
    spec = f"{kind} input" if kind else "input"
    expected = attrs.get("narHash")
    name = attrs.get("name", "source")
    if kind in ("git", "tarball", "file"):
        yield CheckUri(_as_uri(_required(attrs, "url")))
    if kind == "path":
        yield _check_pure(who, not check_pure or expected is not None)
        result = yield FetchPath(str(_required(attrs, "path")), name)
    elif kind == "git":
        yield _check_pure(who, not check_pure or "rev" in attrs or expected is not None)
        result = yield FetchGit(git_source(attrs), name)
    elif kind in ("tarball", "file"):
        yield _check_pure(who, not check_pure or expected is not None)
        path, nar = yield FetchUrl(attrs["url"], kind == "tarball", name)
        result = {"narHash": Hash("sha256", nar).format("sri"), "outPath": path}
    else:
        raise EvalError(f"cannot fetch '{spec}': pynix fetches only 'path', 'git', 'tarball' and 'file' inputs")
    if expected is not None and result["narHash"] != (yield parse_hash(expected, "sha256")).format("sri"):
        raise EvalError(f"NAR hash mismatch in input '{spec}' ({result['outPath']}), expected '{expected}', "
                        f"got '{result['narHash']}'")
    return _with_context(result)


@builtin("fetchTree", top_level=True)
def fetch_tree(arg):
    """Fetch a source tree from an input spec (attributes or a flake reference string); its attributes."""
    if arg.__class__ is dict:
        _required(arg, "type", "fetchTree")
        attrs: dict[str, Any] = {}
        for key in sorted(arg):
            v = yield from forced(arg[key])
            if v.__class__ is Path:  # a path is its name (not copied to the store), as CppNix takes it
                v = v.path
            if v.__class__ is int and v < 0:
                raise EvalError(f"negative value given for 'fetchTree' argument '{key}': {v}")
            if v.__class__ not in (int, bool, str, NixString):
                raise EvalError(f"argument '{key}' to 'fetchTree' is {show_type(v)} while a string, Boolean "
                                "or integer is expected")
            attrs[key] = str(v) if isinstance(v, str) else v
    else:
        spec = force_plain_string(arg)
        if spec.startswith("file:") and not spec.startswith("file:/"):
            err = EvalError(f"tarball '{spec}' must use an absolute path. "
                            "The 'file' scheme does not support relative paths.")
            err.add_frame(f"while fetching the input '{spec}'")
            raise err
        yield CheckUri(spec)
        attrs = parse_flake_ref(spec)
    return (yield fetch_input(attrs))
