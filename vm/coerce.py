"""Coercion of values to strings and paths: interpolation, `+` on strings and paths, `toString`."""

from __future__ import annotations

from typing import Any, Generator

from .arith import add_numbers
from .errors import EvalError, NixError, Span
from .printer import print_brief
from .requests import Gen, StorePathOf
from .store import STORE_DIR
from .thunk import Thunk
from .values import Path, NixString, attr_position, context_of, make_string, show_type


def canonical_path(path: str) -> str:
    """Collapse `.`, `..` and repeated slashes without touching the file system (CppNix's canonPath)."""
    out: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out:
                out.pop()
        else:
            out.append(part)
    return "/" + "/".join(out)


def copy_path_to_store(path: Path) -> Generator[Any, Any, NixString]:
    """Generator: the store path a path value is copied to when it is interpolated, as a string with that context.

    A path already in the store stays itself; any other is hashed by the host (`StorePathOf`).
    """
    if path.path.startswith(STORE_DIR + "/"):
        store_path = path.path
    else:
        store_path = yield StorePathOf(path.path)
    return NixString(store_path, frozenset([store_path]))


def coerce_to_string(v: Any, coerce_more: bool = False, copy_to_store: bool = True,
                     context_line: str | None = None, context_at: Span | None = None) -> Gen:
    """Generator: `v` as a string (str or NixString), following CppNix's `coerceToString`.

    `context_line` is CppNix's error context: the trace line (at `context_at`)
    a value that cannot be coerced gets; errors from evaluating or calling do not.
    """
    if v.__class__ is Thunk:
        v = yield v
    cls = v.__class__
    if cls is str or cls is NixString:
        return v
    if cls is Path:
        if copy_to_store:
            return (yield copy_path_to_store(v))
        return v.path
    if cls is dict:
        if "__toString" in v:
            fn = yield v["__toString"]
            try:
                result = yield (fn, v)
            except NixError as err:
                at = attr_position(v, "__toString")
                err.add_frame("while calling the `__toString` attribute", at)
                if err.span is None:
                    err.span = at
                raise
            try:
                return (yield coerce_to_string(result, coerce_more, copy_to_store, context_line, context_at))
            except NixError as err:
                err.add_frame("while using the result of the `__toString` attribute", attr_position(v, "__toString"))
                raise
        if "outPath" in v:
            return (yield coerce_to_string(v["outPath"], coerce_more, copy_to_store, context_line, context_at))
    if coerce_more:
        if cls is bool:
            return "1" if v else ""
        if cls is int:
            return str(v)
        if cls is float:
            return f"{v:f}"  # C++ std::to_string: six decimals, unlike printing
        if v is None:
            return ""
        if cls is list:
            parts: list[str] = []
            context: frozenset[str] = frozenset()
            for i, item in enumerate(v):
                s = yield coerce_to_string(item, coerce_more, copy_to_store, context_line, context_at)
                context |= context_of(s)
                parts.append(s)
                if i + 1 < len(v) and not _is_empty_list(item):
                    parts.append(" ")
            return make_string("".join(parts), context)
    cannot = EvalError(f"cannot coerce {show_type(v)} to a string: {print_brief(v)}")
    if context_line is not None:
        cannot.add_frame(context_line, context_at)
        cannot.locate = context_at is None  # CppNix shows the position on the trace line only
    raise cannot


def _is_empty_list(item: Any) -> bool:
    if item.__class__ is Thunk and item.fn is None:
        item = item.value
    return item.__class__ is list and not item


def join_strings(parts: list[str]) -> str:
    """Concatenate strings, merging their contexts."""
    context: frozenset[str] = frozenset()
    for p in parts:
        if p.__class__ is NixString:
            context |= p.context
    return make_string("".join(parts), context)


def interpolate(parts: tuple[Any, ...], spans: tuple[Span | None, ...] = ()) -> Any:
    """A `"...${e}..."` string from its forced parts: the string at once when all parts are strings,
    else a generator coercing the others (yield it). `spans` locate the parts for error traces."""
    for p in parts:
        if p.__class__ is not str and p.__class__ is not NixString:
            return _interpolate_coercing(parts, spans)
    return join_strings(list(parts))


def _interpolate_coercing(parts: tuple[Any, ...], spans: tuple[Span | None, ...]) -> Gen:
    out = []
    for i, p in enumerate(parts):
        if p.__class__ is str or p.__class__ is NixString:
            out.append(p)
        else:
            at = spans[i] if i < len(spans) else None
            out.append((yield coerce_to_string(p, context_line="while evaluating a path segment", context_at=at)))
    return join_strings(out)


def interpolate_path(parts: tuple[Any, ...]) -> Gen:
    """Generator: a path literal with `${}` parts; the first part is the resolved literal prefix."""
    out = [parts[0]]
    for p in parts[1:]:
        if p.__class__ is str or p.__class__ is NixString:
            s = p
        else:
            s = yield coerce_to_string(p, copy_to_store=False)
        if context_of(s):
            raise EvalError("a string that refers to a store path cannot be appended to a path")
        out.append(s)
    return Path(canonical_path("".join(out)))


def op_add(a: Any, b: Any, spans: tuple[Span | None, Span | None] = (None, None)) -> Any:
    """`a + b`: numbers, string concatenation or path concatenation (may return a generator).

    `spans` locate the operands: an operand that cannot be coerced to a string
    gets CppNix's `while evaluating a path segment` line there (CppNix adds
    strings as it interpolates them)."""
    ca = a.__class__
    if ca is int or ca is float:
        return add_numbers(a, b)
    if (ca is str or ca is NixString) and (b.__class__ is str or b.__class__ is NixString):
        if ca is str and b.__class__ is str:
            return a + b
        return join_strings([a, b])
    return _add_coercing(a, b, spans)


def _add_coercing(a: Any, b: Any, spans: tuple[Span | None, Span | None]) -> Gen:
    segment = "while evaluating a path segment"
    if a.__class__ is Path:
        s = yield coerce_to_string(b, copy_to_store=False, context_line=segment, context_at=spans[1])
        if context_of(s):
            raise EvalError("a string that refers to a store path cannot be appended to a path")
        return Path(canonical_path(a.path + s))
    first = yield coerce_to_string(a, copy_to_store=False, context_line=segment, context_at=spans[0])
    second = yield coerce_to_string(b, copy_to_store=isinstance(a, str), context_line=segment, context_at=spans[1])
    return join_strings([first, second])
