"""Flake references: `builtins.parseFlakeRef` and `builtins.flakeRefToString`.

Covers the common input types the way CppNix's fetchers write them:
`github:`/`gitlab:`/`sourcehut:` (owner/repo[/ref-or-rev]), indirect names
(`nixpkgs`, `flake:nixpkgs/ref`), `path:`, `git+…`/`hg+…`, and tarball or file
URLs. The flake's subdirectory travels as the `dir` query parameter.
"""

from __future__ import annotations

import re
from typing import Any

from ..vm.errors import EvalError
from ..vm.requests import Gen
from ..vm.thunk import Thunk
from ..vm.values import show_type
from .core import force_attrs
from .arguments import checked
from .registry import builtin
from .strings import force_plain_string

Attrs = dict[str, Any]

FORGES = ("github", "gitlab", "sourcehut")
TARBALL_SUFFIXES = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst")
BOOL_PARAMS = ("shallow", "submodules", "lfs", "exportIgnore", "allRefs", "verifyCommit")
INT_PARAMS = ("revCount", "lastModified")
SAFE_PATH = "-._~!$&'()*+,;=:@/"
SAFE_QUERY = "-._~!$'()*+,;:@/?"


def _encode_query(query: Attrs) -> str:
    if not query:
        return ""
    from urllib.parse import quote
    return "?" + "&".join(f"{quote(k, SAFE_QUERY)}={quote(str(v), SAFE_QUERY)}" for k, v in sorted(query.items()))


def _query_value(name: str, value: str) -> Any:
    if name in BOOL_PARAMS:
        return value == "1"
    if name in INT_PARAMS:
        return int(value)
    return value


def _ref_or_rev(attrs: Attrs, value: str) -> None:
    attrs["rev" if re.fullmatch(r"[0-9a-fA-F]{40}", value) else "ref"] = value


def _split(url: str) -> tuple[str, Attrs]:
    """`url` without its query, and the query as attributes (`dir` included)."""
    from urllib.parse import parse_qsl
    base, _, query = url.partition("?")
    base = base.partition("#")[0]
    return base, {k: _query_value(k, v) for k, v in parse_qsl(query, keep_blank_values=True)}


def parse_flake_ref(text: str) -> Attrs:
    """The attributes of a flake reference (CppNix's `FlakeRef::toAttrs`, `dir` included)."""
    from urllib.parse import unquote
    base, query = _split(text)
    scheme, colon, rest = base.partition(":")
    if not colon or scheme.startswith("/") or scheme.startswith("."):
        if base.startswith("/"):
            return {"type": "path", "path": unquote(base), **query}
        if re.fullmatch(r"[a-zA-Z][a-zA-Z0-9_-]*(/[^/]+){0,2}", base):
            scheme, rest = "flake", base
        else:
            raise EvalError(f"'{text}' is not a valid flake reference")
    if scheme in FORGES:
        parts = [unquote(p) for p in rest.split("/")]
        if len(parts) not in (2, 3) or not all(parts):
            raise EvalError(f"URL '{text}' is invalid")
        attrs: Attrs = {"type": scheme, "owner": parts[0], "repo": parts[1]}
        if len(parts) == 3:
            _ref_or_rev(attrs, parts[2])
        return {**attrs, **query}
    if scheme == "flake":
        parts = rest.split("/")
        attrs = {"type": "indirect", "id": parts[0]}
        for part in parts[1:]:
            _ref_or_rev(attrs, part)
        return {**attrs, **query}
    if scheme == "path":
        return {"type": "path", "path": unquote(rest), **query}
    kind, plus, transport = scheme.partition("+")
    if plus and kind in ("git", "hg"):
        own = {k: query.pop(k) for k in ("ref", "rev", "dir", *BOOL_PARAMS) if k in query}
        return {"type": kind, "url": f"{transport}:{rest}" + _encode_query(query), **own}
    if plus and kind in ("tarball", "file"):
        return _curl(kind, f"{transport}:{rest}", query)
    if scheme in ("http", "https", "file") and rest.lower().endswith(TARBALL_SUFFIXES):
        return _curl("tarball", base, query)
    raise EvalError(f"input '{text}' is unsupported")


def _curl(kind: str, url: str, query: Attrs) -> Attrs:
    own: Attrs = {k: query.pop(k) for k in ("dir", "narHash", "rev", "revCount", "lastModified") if k in query}
    return {"type": kind, "url": url + _encode_query(query), **own}


def flake_ref_to_string(attrs: Attrs) -> str:
    """The URL form of flake reference attributes (CppNix's `FlakeRef::to_string`)."""
    from urllib.parse import quote
    attrs = dict(attrs)
    kind = attrs.pop("type", None)
    if kind is None:
        raise EvalError("input attributes are missing the 'type' attribute")
    query: Attrs = {k: attrs.pop(k) for k in ("dir", "narHash") if k in attrs}
    if kind in FORGES:
        path = f"{_require(attrs, 'owner')}/{_require(attrs, 'repo')}"
        if "ref" in attrs or "rev" in attrs:
            path += "/" + str(attrs.get("ref", attrs.get("rev")))
        if "host" in attrs:
            query["host"] = attrs["host"]
        return f"{kind}:{quote(path, SAFE_PATH)}" + _encode_query(query)
    if kind == "indirect":
        parts = [_require(attrs, "id")] + [str(attrs[k]) for k in ("ref", "rev") if k in attrs]
        return "flake:" + "/".join(parts) + _encode_query(query)
    if kind == "path":
        query.update({k: v for k, v in attrs.items() if k != "path"})
        return "path:" + quote(_require(attrs, "path"), SAFE_PATH) + _encode_query(query)
    if kind in ("git", "hg", "tarball", "file"):
        base, url_query = _split(_require(attrs, "url"))
        query.update(url_query)
        for k in ("ref", "rev", *INT_PARAMS):
            if k in attrs:
                query[k] = attrs[k]
        query.update({k: "1" for k in BOOL_PARAMS if attrs.get(k) is True})
        scheme = base.partition(":")[0]
        prefix = kind + "+" if kind in ("git", "hg") or not base.lower().endswith(TARBALL_SUFFIXES) else ""
        if kind == "git" and scheme == "git":
            prefix = ""
        return prefix + base + _encode_query(query)
    raise EvalError(f"input type '{kind}' is unsupported")


def _require(attrs: Attrs, name: str) -> str:
    if name not in attrs:
        raise EvalError(f"input attribute '{name}' is missing")
    return str(attrs[name])


@builtin("parseFlakeRef")
def parse_flake_ref_(ref):
    """The attribute set form of a flake reference string."""
    text = checked(force_plain_string, ref, "while evaluating the argument passed to builtins.parseFlakeRef")
    return parse_flake_ref(text)


@builtin("flakeRefToString")
def flake_ref_to_string_(attrs) -> Gen:
    """The URL form of a flake reference given as an attribute set."""
    checked(force_attrs, attrs, "while evaluating the argument passed to builtins.flakeRefToString")
    plain: Attrs = {}
    for name in sorted(attrs):
        v = attrs[name]
        if v.__class__ is Thunk:
            v = yield v
        if v.__class__ is int:
            if v < 0:
                raise EvalError(f"negative value given for flake ref attr {name}: {v}")
        elif v.__class__ is not bool and not isinstance(v, str):
            raise EvalError("flake reference attribute sets may only contain integers, Booleans, and strings, "
                            f"but attribute '{name}' is {show_type(v)}")
        plain[name] = str(v) if isinstance(v, str) else v
    return flake_ref_to_string(plain)
