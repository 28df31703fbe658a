"""`toXML` and the `--xml` output format."""

from __future__ import annotations

from types import FunctionType
from typing import Any, cast

from ..vm.errors import Span
from ..vm.printer import format_float
from ..vm.requests import Gen
from ..vm.thunk import Thunk
from ..vm.values import LAMBDAS, AttrName, Path, NixString, context_of, make_string
from .registry import builtin

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#xA;"}
"""What CppNix's XMLWriter escapes in attribute values (a newline, against attribute normalisation); the rest,
apostrophes and tabs included, is written as it is."""


def _attr(value: str) -> str:
    return '"' + "".join(_ESCAPES.get(c, c) for c in value) + '"'


def _tag(name: str, attrs: dict[str, str], close: str = " /") -> str:
    inner = "".join(f" {k}={_attr(attrs[k])}" for k in sorted(attrs))  # CppNix's XMLAttrs is a sorted map
    return f"<{name}{inner}{close}>"


def _position(span: Span) -> dict[str, str]:
    """The location attributes of an element: a path only for positions in files, as CppNix."""
    position = {"column": str(span.col), "line": str(span.line)}
    if span.source.is_file:
        position["path"] = span.file
    return position


class _Writer:
    """Writes one XML document; `drvs_seen` makes a derivation's attributes appear once, as in CppNix."""

    def __init__(self, location: bool) -> None:
        self.out: list[str] = []
        self.contexts: list[frozenset[str]] = []
        self.location = location
        self.drvs_seen: set[str] = set()

    def element(self, value: Any, indent: str) -> Gen:
        out = self.out
        if value.__class__ is Thunk:
            value = yield value
        cls = value.__class__
        if cls is bool:
            out.append(indent + _tag("bool", {"value": "true" if value else "false"}))
        elif cls is int:
            out.append(indent + _tag("int", {"value": str(value)}))
        elif cls is float:
            out.append(indent + _tag("float", {"value": format_float(value)}))
        elif value is None:
            out.append(indent + "<null />")
        elif cls is str or cls is NixString:
            self.contexts.append(context_of(value))
            out.append(indent + _tag("string", {"value": str(value)}))
        elif cls is Path:
            out.append(indent + _tag("path", {"value": value.path}))
        elif cls is list:
            out.append(indent + "<list>")  # CppNix opens and closes even an empty list (no `<list />`)
            for x in value:
                yield self.element(x, indent + "  ")
            out.append(indent + "</list>")
        elif cls is dict:
            yield from self.attrs(value, indent)
        elif cls is FunctionType:
            self.function(value, indent)
        else:
            out.append(indent + "<unevaluated />")

    def function(self, value: FunctionType, indent: str) -> None:
        out = self.out
        info = LAMBDAS.get(value.__code__)
        head = {}
        if self.location and info is not None:
            head = _position(info.span)
        out.append(indent + _tag("function", head, close=""))
        if info is None or info.formals is None:
            # A lambda without formals always has a parameter name.
            out.append(indent + "  " + _tag("varpat", {"name": cast(str, info.param) if info else ""}))
        else:
            pat: dict[str, str] = {}
            if info.ellipsis:
                pat["ellipsis"] = "1"
            if info.param:
                pat["name"] = info.param
            out.append(indent + "  " + _tag("attrspat", pat, close=""))
            for f in sorted(info.formals, key=lambda f: f.name):
                out.append(indent + "    " + _tag("attr", {"name": f.name}))
            out.append(indent + "  </attrspat>")
        out.append(indent + "</function>")

    def attrs(self, value: dict, indent: str) -> Gen:
        out = self.out
        t = value.get("type")
        if t is not None:
            if t.__class__ is Thunk:
                t = yield t
            if isinstance(t, str) and t == "derivation":
                head = {}
                for key in ("drvPath", "outPath"):
                    if key in value:
                        v = value[key]
                        if v.__class__ is Thunk:
                            v = yield v
                        if isinstance(v, str):
                            head[key] = str(v)
                out.append(indent + _tag("derivation", head, close=""))
                drv_path = head.get("drvPath", "")
                if drv_path and drv_path not in self.drvs_seen:
                    self.drvs_seen.add(drv_path)
                    yield from self.attr_list(value, indent + "  ")
                else:
                    out.append(indent + "  <repeated />")
                out.append(indent + "</derivation>")
                return
        out.append(indent + "<attrs>")
        yield from self.attr_list(value, indent + "  ")
        out.append(indent + "</attrs>")

    def attr_list(self, value: dict, indent: str) -> Gen:
        for k in sorted(value):
            head = {"name": str(k)}
            if self.location and k.__class__ is AttrName:
                head = {**_position(k.span), "name": str(k)}
            self.out.append(indent + _tag("attr", head, close=""))
            yield self.element(value[k], indent + "  ")
            self.out.append(indent + "</attr>")


def to_xml(value: Any, location: bool = True) -> Gen:
    """Generator: the XML document for `value`, forcing it deeply."""
    writer = _Writer(location)
    writer.out += ["<?xml version='1.0' encoding='utf-8'?>", "<expr>"]
    yield writer.element(value, "  ")
    writer.out.append("</expr>")
    context = frozenset().union(*writer.contexts) if writer.contexts else frozenset()
    return make_string("\n".join(writer.out) + "\n", context)


@builtin("toXML")
def to_xml_(value):
    """The XML representation of a value (without source locations)."""
    return (yield to_xml(value, location=False))
