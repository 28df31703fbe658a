"""Where a value in the repl comes from: its documentation (`:doc`) and its definition in `$EDITOR` (`:e`),
as current `nix repl` shows them."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from types import FunctionType
from typing import TYPE_CHECKING, Any

from .builtins.registry import parameter_names
from .compiler.doc_comments import doc_comment_before
from .vm.errors import NixError, Span
from .vm.thunk import Thunk
from .vm.values import LAMBDAS, Path, PrimOp, attr_position

if TYPE_CHECKING:
    from .repl import Repl

_SELECT = re.compile(r"(.+)\.\s*([A-Za-z_][\w'-]*)\s*\Z", re.S)
EDITORS_TAKING_A_LINE = ("emacs", "nano", "vim", "kak")
"""Editors CppNix passes `+LINE` to."""


def documentation(repl: Repl, expr: str) -> str:
    """`:doc EXPR`: a builtin's synopsis and description, a function's RFC 145 doc comment and definition, or
    (for `set.name`) where the attribute is defined and its doc comment."""
    value = repl.evaluate(expr)
    text = _value_doc(repl, value)
    if text is not None:
        return text
    select = _SELECT.match(expr)
    if select is not None:
        attrs = repl.evaluate(select.group(1))
        span = attr_position(attrs, select.group(2)) if attrs.__class__ is dict else None
        if span is not None:
            doc = doc_comment_before(span.source, span.line, span.col)
            return (f"Attribute `{select.group(2)}`\n\n  … defined at {span}\n\n"
                    + (doc if doc else "No documentation found."))
    raise NixError("value does not have documentation")


def _value_doc(repl: Repl, value: Any) -> str | None:
    """The documentation a builtin or a function carries, if any."""
    cls = value.__class__
    if cls is PrimOp and value.doc:
        params = " ".join(parameter_names(value.fn)[:value.arity])
        return f"Synopsis: builtins.{value.name} {params}\n\n{value.doc}"
    if cls is FunctionType and value.__code__ in LAMBDAS:
        info = LAMBDAS[value.__code__]
        head = f"Function `{info.name}`\n  … defined at {info.span}" if info.name else \
            f"Function defined at {info.span}"
        doc = doc_comment_before(info.span.source, info.span.line, info.span.col)
        return head + ("\n\n" + doc if doc else "")
    if cls is dict and "__functor" in value:
        # As CppNix: the documentation of the functor applied to the set, the function a caller meets.
        return _value_doc(repl, repl.ev.call(repl.ev.force(value["__functor"]), value))
    return None


def edit(repl: Repl, expr: str) -> None:
    """`:e EXPR`: open a file, path, function's definition or package's `meta.position` in `$EDITOR`
    (at its line, for editors that take one), then reload the loaded files."""
    path, line = _location(repl, expr)
    editor = os.environ.get("EDITOR") or "cat"
    argv = shlex.split(editor)
    if line > 0 and any(name in editor for name in EDITORS_TAKING_A_LINE):
        argv.append(f"+{line}")
    try:
        subprocess.run(argv + [path], check=False)
    except OSError as err:
        raise NixError(f"cannot run the editor '{editor}': {err.strerror}") from None
    repl.reload()


def _location(repl: Repl, expr: str) -> tuple[str, int]:
    """The file and line (0: none) that `:e` opens for `expr`."""
    value = repl.evaluate(expr)
    if value.__class__ is Path:
        return value.path, 0
    if isinstance(value, str):
        return os.path.abspath(value), 0
    if value.__class__ is FunctionType and value.__code__ in LAMBDAS:
        span: Span = LAMBDAS[value.__code__].span
        if not span.source.is_file:
            raise NixError(f"'{span}' cannot be shown in an editor")
        return span.file, span.line
    position = _meta_position(repl, value)
    file, colon, line = position.rpartition(":") if position else ("", "", "")
    if not position:
        raise NixError(f"package '{expr}' has no source location information")
    if not colon or not line.isdigit():
        raise NixError(f"cannot parse 'meta.position' attribute '{position}'")
    return file, int(line)


def _meta_position(repl: Repl, value: Any) -> str | None:
    """`value.meta.position` (a package's `file:line`), or None."""
    for name in ("meta", "position"):
        if value.__class__ is not dict or name not in value:
            return None
        value = value[name]
        value = repl.ev.force(value) if value.__class__ is Thunk else value
    return value if isinstance(value, str) else None
