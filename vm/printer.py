"""Printing values as `nix-instantiate --eval` does, and briefly for error messages."""

from __future__ import annotations

import math
import re
from types import FunctionType
from typing import Any

from .requests import Gen
from .thunk import Thunk
from .values import LAMBDAS, Path, NixString, PrimOp, PrimOpApp

RESERVED = {"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit"}
"""Names CppNix's printer quotes although they look like identifiers (`or` is not one of them)."""
_IDENT = re.compile(r"[a-zA-Z_][a-zA-Z0-9_'-]*\Z")


def escape_string(s: str) -> str:
    """A Nix string literal for `s`, as CppNix prints it."""
    out = ['"']
    for ch in s:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "$":
            out.append("$")
        else:
            out.append(ch)
    text = "".join(out) + '"'
    return text.replace("${", "\\${")


def attr_name(name: str) -> str:
    """An attribute name as printed: bare when it is an identifier and not reserved (CppNix's `printIdentifier`)."""
    if _IDENT.match(name) and name not in RESERVED:
        return name
    return escape_string(name)


def format_float(f: float) -> str:
    """A float printed like CppNix (C++ `std::ostream` default: 6 significant digits)."""
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    if math.isnan(f):
        return "nan" if math.copysign(1, f) > 0 else "-nan"
    text = f"{f:.6g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        sign = exp[0]
        digits = exp[1:].lstrip("0")
        text = f"{mantissa}e{sign}{digits.rjust(2, '0')}"
    return text


def describe_lambda(fn: FunctionType) -> str:
    info = LAMBDAS.get(fn.__code__)
    if info is None:
        return "«lambda»"
    return f"«lambda {info.name} @ {info.span}»" if info.name else f"«lambda @ {info.span}»"


def print_scalar(v: Any, in_error: bool = False) -> str | None:
    """The printed form of a value that has no parts, or None for lists and sets.

    Functions print as `<LAMBDA>` in results and as `«lambda @ pos»` in errors.
    """
    cls = v.__class__
    if cls is bool:
        return "true" if v else "false"
    if cls is int:
        return str(v)
    if cls is float:
        return format_float(v)
    if v is None:
        return "null"
    if cls is str or cls is NixString:
        return escape_string(v)
    if cls is Path:
        return v.path
    if cls is FunctionType:
        return describe_lambda(v) if in_error else "<LAMBDA>"
    if cls is PrimOp:
        return f"«primop {v.name}»" if in_error else "<PRIMOP>"
    if cls is PrimOpApp:
        return f"«partially applied primop {v.primop.name}»" if in_error else "<PRIMOP-APP>"
    return None


def print_brief(v: Any, depth: int = 1) -> str:
    """A short rendering for error messages: never forces, elides deep structure."""
    if v.__class__ is Thunk:
        if v.fn is not None:
            return "«thunk»"
        v = v.value
    text = print_scalar(v, in_error=True)
    if text is not None:
        return text
    if v.__class__ is list:
        if not v:
            return "[ ]"
        if depth <= 0:
            return "[ … ]"
        items = [print_brief(x, depth - 1) for x in v[:10]]
        more = f" «{len(v) - 10} items elided»" if len(v) > 10 else ""
        return "[ " + " ".join(items) + more + " ]"
    if v.__class__ is dict:
        if not v:
            return "{ }"
        if depth <= 0:
            return "{ … }"
        keys = sorted(v)
        items = [f"{attr_name(k)} = {print_brief(v[k], depth - 1)};" for k in keys[:10]]
        more = f" «{len(keys) - 10} attributes elided»" if len(keys) > 10 else ""
        return "{ " + " ".join(items) + more + " }"
    return repr(v)


def print_value(value: Any, strict: bool) -> Gen:
    """Generator: the text `nix-instantiate --eval` prints for `value` (CppNix's `printAmbiguous`).

    With `strict`, nested values are forced (`--strict`); otherwise unevaluated
    parts print as `<CODE>`.
    """
    return _print(value, strict, "<CODE>", empty_sets_repeat=False)


def print_traced(value: Any) -> Gen:
    """Generator: `value` as `builtins.trace` shows it (CppNix's `ValuePrinter`): never forces,
    unevaluated parts print as `«thunk»`."""
    return _print(value, False, "«thunk»", empty_sets_repeat=True)


_EMPTY_SET = -1
"""The key of every empty set in `seen`: CppNix's empty sets share one `Bindings` object."""


def _print(value: Any, strict: bool, thunk_text: str, empty_sets_repeat: bool) -> Gen:
    """Generator: the printed text of `value`, a set or list met again printing as `«repeated»`.

    As in CppNix, a set is repeated when the same set (CppNix: the same
    `Bindings`) was printed before, through whatever slot; a non-empty list
    when it is reached again through the same slot (the same thunk, or the
    same value placed directly), as CppNix keys lists on the `Value *` holding
    them. Empty sets are all one (`empty_sets_repeat`: the trace printer
    repeats them, `printAmbiguous` never). Walks the structure with an
    explicit stack, never Python recursion.
    """
    out: list[str] = []
    seen: set[int] = set()
    # Work items: ("v", value) to print a value, ("s", text) to emit text.
    work: list[tuple[str, Any]] = [("v", value)]
    while work:
        kind, item = work.pop()
        if kind == "s":
            out.append(item)
            continue
        v = item
        if v.__class__ is Thunk:
            if v.fn is None:
                v = v.value
            elif strict:
                v = yield v
            else:
                out.append(thunk_text)
                continue
        text = print_scalar(v)
        if text is not None:
            out.append(text)
            continue
        if v.__class__ is list:
            if not v:
                out.append("[ ]")
                continue
            if id(item) in seen:
                out.append("«repeated»")
                continue
            seen.add(id(item))
            parts: list[tuple[str, Any]] = [("s", "[ ")]
            for x in v:
                parts.append(("v", x))
                parts.append(("s", " "))
            parts.append(("s", "]"))
            work.extend(reversed(parts))
            continue
        if v.__class__ is dict:
            key = id(v) if v else _EMPTY_SET
            if key in seen:
                out.append("«repeated»")
                continue
            if v or empty_sets_repeat:
                seen.add(key)
            if not v:
                out.append("{ }")
                continue
            parts = [("s", "{ ")]
            for k in sorted(v):
                parts.append(("s", attr_name(k) + " = "))
                parts.append(("v", v[k]))
                parts.append(("s", "; "))
            parts.append(("s", "}"))
            work.extend(reversed(parts))
            continue
        out.append(repr(v))
    return "".join(out)
