"""Builtins on strings: substrings, lengths, replacement, joining, versions and file names.

Nix strings are byte strings: lengths and offsets count UTF-8 bytes, and a
result keeps the union of the contexts of the strings it was built from.
It also holds the string argument checks the other string-themed modules
share: strings without context, coercion with CppNix's trace line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

from ..vm.coerce import canonical_path, coerce_to_string
from ..vm.errors import EvalError
from ..vm.requests import Gen
from ..vm.thunk import Thunk, forced
from ..vm.values import Path, NixString, context_of, make_string
from .core import force_int, force_list, force_plain_string, force_string
from .arguments import checked, forced_checked, then
from .registry import builtin

# -- argument checks worded as CppNix words them -----------------------------


def coerce_arg(v: Any, frame: str, coerce_more: bool = False, copy_to_store: bool = True) -> Gen:
    """Generator: `v` coerced to a string; a failure to coerce gets `frame` in its trace."""
    if v.__class__ is Thunk:
        v = yield v
    if v.__class__ is str or v.__class__ is NixString:
        return v
    try:
        return (yield coerce_to_string(v, coerce_more, copy_to_store))
    except EvalError as err:
        err.add_frame(frame)
        raise


def then_string(v: Any, frame: str, rest: Callable[[Any], Any]) -> Any:
    """`rest` of `v` coerced to a string as `coerce_arg` does: at once when `v` is a string already, else
    in a generator."""
    if v.__class__ is str or v.__class__ is NixString:
        return rest(v)
    return then(coerce_arg(v, frame), rest)


# -- bytes ---------------------------------------------------------------------


def to_bytes(s: str) -> bytes:
    """The bytes of a Nix string."""
    return s.encode("utf-8", "surrogateescape")


def from_bytes(b: bytes) -> str:
    """A Nix string from its bytes (invalid UTF-8 survives as surrogates)."""
    return b.decode("utf-8", "surrogateescape")


def byte_length(s: str) -> int:
    """The length of a Nix string in bytes."""
    return len(s) if s.isascii() else len(to_bytes(s))


# -- the builtins ----------------------------------------------------------------


@builtin("stringLength")
def string_length(e):
    """The length of `e` in bytes."""
    return then_string(e, "while evaluating the argument passed to builtins.stringLength", byte_length)


@builtin("substring", lazy=("length", "s"))
def substring(start, length, s):
    """The `length` bytes of `s` from byte `start` (fewer at the end; all of them if `length` < 0)."""
    start = checked(force_int, start, "while evaluating the first argument (the start offset) "
                                      "passed to builtins.substring")
    if start < 0:
        raise EvalError("negative start position in 'substring'")
    length = yield from forced_checked(force_int, length, "while evaluating the second argument (the substring "
                                                          "length) passed to builtins.substring")
    s = yield from forced(s)
    if length == 0 and (s.__class__ is str or s.__class__ is NixString):
        return make_string("", context_of(s))  # an empty substring keeps the context
    s = yield coerce_arg(s, "while evaluating the third argument (the string) passed to builtins.substring")
    end = None if length < 0 else start + length
    if s.isascii():
        part = s[start:end]
    else:
        part = from_bytes(to_bytes(s)[start:end])
    return make_string(part, context_of(s))


@lru_cache(maxsize=256)
def _alternatives(patterns: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """A regex trying `patterns` in order at each position, one group per pattern."""
    return re.compile(b"|".join(b"(" + re.escape(p) + b")" for p in patterns))


@builtin("replaceStrings", lazy=("to", "s"))
def replace_strings(from_, to, s):
    """Replace in `s` each occurrence of a string of `from_` by the matching one of `to` (forced only if used)."""
    checked(force_list, from_, "while evaluating the first argument passed to builtins.replaceStrings")
    to = yield from forced_checked(force_list, to, "while evaluating the second argument passed to "
                                                   "builtins.replaceStrings")
    if len(from_) != len(to):
        raise EvalError("'from' and 'to' arguments passed to builtins.replaceStrings have different lengths")
    patterns = []
    for p in from_:
        if p.__class__ is Thunk:
            p = yield p
        patterns.append(to_bytes(checked(force_string, p, "while evaluating one of the strings to replace "
                                                "passed to builtins.replaceStrings")))
    s = yield from forced_checked(force_string, s, "while evaluating the third argument passed to "
                                                   "builtins.replaceStrings")
    subject = to_bytes(s)
    # (start, end, index of the pattern) of each replacement, in order.
    if b"" in patterns:
        hits = _scan_with_empty(subject, patterns)
    else:
        hits = [(m.start(), m.end(), m.lastindex - 1) for m in _alternatives(tuple(patterns)).finditer(subject)] \
            if patterns else []
    if not hits:
        return s
    replacements: dict[int, bytes] = {}
    context = context_of(s)
    for _, _, i in hits:
        if i not in replacements:
            r = to[i]
            if r.__class__ is Thunk:
                r = yield r
            r = checked(force_string, r, "while evaluating one of the replacement strings "
                                         "passed to builtins.replaceStrings")
            context |= context_of(r)
            replacements[i] = to_bytes(r)
    out = []
    pos = 0
    for start, end, i in hits:
        out.append(subject[pos:start])
        out.append(replacements[i])
        pos = end
    out.append(subject[pos:])
    return make_string(from_bytes(b"".join(out)), context)


def _scan_with_empty(subject: bytes, patterns: list[bytes]) -> list[tuple[int, int, int]]:
    """CppNix's scan when a pattern is empty: it matches before every byte and at the end."""
    hits = []
    p = 0
    n = len(subject)
    while p <= n:
        for i, pat in enumerate(patterns):
            if subject.startswith(pat, p):
                hits.append((p, p + len(pat), i))
                p += len(pat) or 1
                break
        else:
            p += 1
    return hits


@builtin("concatStringsSep", lazy=("xs",))
def concat_strings_sep(sep, xs):
    """The strings of `xs` (coerced) joined with `sep`."""
    sep = checked(force_string, sep, "while evaluating the first argument (the separator string) "
                          "passed to builtins.concatStringsSep")
    xs = yield from forced_checked(force_list, xs, "while evaluating the second argument (the list of strings to "
                                                   "concat) passed to builtins.concatStringsSep")
    parts = []
    context = context_of(sep)
    for x in xs:
        s = yield coerce_arg(x, "while evaluating one element of the list of strings to concat "
                                "passed to builtins.concatStringsSep")
        if s.__class__ is NixString:
            context |= s.context
        parts.append(s)
    return make_string(sep.join(parts), context)


# -- versions and package names --------------------------------------------

_COMPONENT = re.compile(r"[.-]*([0-9]+|[^0-9.-]+)?")
_INT_MAX = 2 ** 31 - 1


def version_components(version: str) -> list[str]:
    """The components of a version string: runs of digits and runs of other non-separator characters."""
    out: list[str] = []
    pos = 0
    while True:
        m = _COMPONENT.match(version, pos)
        assert m is not None  # every part of the pattern is optional
        if not m.group(1):
            return out
        out.append(m.group(1))
        pos = m.end()


def _as_int(c: str) -> int | None:
    # CppNix's string2Int<int>: a component too large for an int is not a number.
    if c and c.isascii() and c.isdigit():
        n = int(c)
        return n if n <= _INT_MAX else None
    return None


def _component_less(c1: str, c2: str) -> bool:
    n1 = _as_int(c1)
    n2 = _as_int(c2)
    if n1 is not None and n2 is not None:
        return n1 < n2
    if c1 == "" and n2 is not None:
        return True
    if c1 == "pre" and c2 != "pre":
        return True
    if c2 == "pre":
        return False
    if n2 is not None:  # `2.3a` < `2.3.1`
        return True
    if n1 is not None:
        return False
    return to_bytes(c1) < to_bytes(c2)


def compare_version_strings(v1: str, v2: str) -> int:
    """-1, 0 or 1 as `v1` is older than, the same as or newer than `v2` (`nix-env -u` order)."""
    cs1 = version_components(v1)
    cs2 = version_components(v2)
    for i in range(max(len(cs1), len(cs2))):
        c1 = cs1[i] if i < len(cs1) else ""
        c2 = cs2[i] if i < len(cs2) else ""
        if _component_less(c1, c2):
            return -1
        if _component_less(c2, c1):
            return 1
    return 0


@builtin("splitVersion")
def split_version(s):
    """The components of a version string."""
    return version_components(checked(force_plain_string, s, "while evaluating the first argument passed to "
                                                  "builtins.splitVersion"))


@builtin("compareVersions", lazy=("s2",))
def compare_versions(s1, s2):
    """-1, 0 or 1 as version `s1` is older than, the same as or newer than `s2`."""
    v1 = checked(force_plain_string, s1, "while evaluating the first argument passed to builtins.compareVersions")
    v2 = yield from forced_checked(force_plain_string, s2, "while evaluating the second argument passed to "
                                                           "builtins.compareVersions")
    return compare_version_strings(v1, v2)


_DRV_NAME = re.compile(r"-(?![a-zA-Z])")


@builtin("parseDrvName")
def parse_drv_name(s):
    """`{ name, version }`: the version starts after the first dash not followed by a letter."""
    s = checked(force_plain_string, s, "while evaluating the first argument passed to builtins.parseDrvName")
    m = _DRV_NAME.search(s)
    if m is None or m.start() + 1 == len(s):
        return {"name": s, "version": ""}
    return {"name": s[:m.start()], "version": s[m.start() + 1:]}


# -- file names ------------------------------------------------------------------


@builtin("baseNameOf", top_level=True)
def base_name_of(s):
    """Everything after the last slash of `s` (ignoring one trailing slash)."""
    s = yield coerce_arg(s, "while evaluating the first argument passed to builtins.baseNameOf",
                         copy_to_store=False)
    end = len(s) - 1 if s.endswith("/") and len(s) > 1 else len(s)
    start = s.rfind("/", 0, end) + 1
    return make_string(s[start:end], context_of(s))


@builtin("dirOf", top_level=True)
def dir_of(s):
    """The directory part of a path or string: a path for a path, else a string."""
    if s.__class__ is Path:
        parent = s.path.rsplit("/", 1)[0]
        return Path(parent or "/")
    s = yield coerce_arg(s, "while evaluating the first argument passed to 'builtins.dirOf'",
                         copy_to_store=False)
    slash = s.rfind("/")
    if slash < 0:
        return make_string(".", context_of(s))
    return make_string(s[:slash] or "/", context_of(s))


def absolute_path_arg(v: Any, frame: str) -> Gen:
    """Generator: `v` coerced to an absolute, canonical file name, with its context (CppNix's `coerceToPath`)."""
    if v.__class__ is Path:
        return v.path
    s = yield coerce_arg(v, frame, copy_to_store=False)
    if not s.startswith("/"):
        err = EvalError(f"string '{s}' doesn't represent an absolute path")
        err.add_frame(frame)
        raise err
    return make_string(canonical_path(s), context_of(s))


@builtin("toPath")
def to_path(s):
    """`s` as an absolute, canonical file name (a string)."""
    return (yield absolute_path_arg(s, "while evaluating the first argument passed to builtins.toPath"))
