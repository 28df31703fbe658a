"""Builtins that inspect and change string contexts (the store paths a string refers to).

Context elements are encoded as in `vm.values.NixString`: `/nix/store/…`
for a plain store path, `=/nix/store/….drv` for a derivation with all its
outputs, `!out!/nix/store/….drv` for one output of a derivation.
"""

from __future__ import annotations

import re

from ..vm.errors import EvalError
from ..vm.store import STORE_DIR
from ..vm.thunk import Thunk, forced
from ..vm.values import NixString, context_of, make_string
from .registry import builtin
from .core import force_attrs, force_bool, force_list, force_string
from .arguments import checked, forced_checked
from .strings import coerce_arg, force_plain_string

_STORE_PATH = re.compile(re.escape(STORE_DIR) + r"/[0-9a-df-np-sv-z]{32}-(?!\.\.?\Z)[a-zA-Z0-9+\-._?=]+\Z")


def is_store_path(path: str) -> bool:
    """Whether `path` is a store path (`/nix/store/<32 hash characters>-<name>`)."""
    return _STORE_PATH.match(path) is not None


@builtin("unsafeDiscardStringContext")
def unsafe_discard_string_context(s):
    """`s` without its context."""
    s = yield coerce_arg(s, "while evaluating the argument passed to builtins.unsafeDiscardStringContext")
    return str(s)


@builtin("hasContext")
def has_context(s):
    """Whether the string `s` has a context."""
    return bool(context_of(checked(force_string, s, "while evaluating the argument passed to builtins.hasContext")))


@builtin("unsafeDiscardOutputDependency")
def unsafe_discard_output_dependency(s):
    """`s` with each whole-derivation element of its context turned into a plain path to the `.drv` file."""
    s = yield coerce_arg(s, "while evaluating the argument passed to builtins.unsafeDiscardOutputDependency")
    context = frozenset(c[1:] if c[0] == "=" else c for c in context_of(s))
    return make_string(str(s), context)


@builtin("addDrvOutputDependencies")
def add_drv_output_dependencies(s):
    """`s`, whose context must be one `.drv` path, depending on all the outputs of that derivation."""
    s = yield coerce_arg(s, "while evaluating the argument passed to builtins.addDrvOutputDependencies")
    context = context_of(s)
    if len(context) != 1:
        raise EvalError(f"context of string '{s}' must have exactly one element, but has {len(context)}")
    (element,) = context
    if element[0] == "!":
        output = element[1:].partition("!")[0]
        raise EvalError("`addDrvOutputDependencies` can only act on derivations, "
                        f"not on a derivation output such as '{output}'")
    if element[0] != "=":
        if not element.endswith(".drv"):
            raise EvalError(f"path '{element}' is not a derivation")
        element = "=" + element
    return NixString(str(s), frozenset([element]))


@builtin("getContext")
def get_context(s):
    """The context of `s` as `{ <path> = { path = true; allOutputs = true; outputs = [ … ]; }; }`."""
    s = checked(force_string, s, "while evaluating the argument passed to builtins.getContext")
    info: dict[str, dict] = {}
    for element in context_of(s):
        if element[0] == "=":
            info.setdefault(element[1:], {})["allOutputs"] = True
        elif element[0] == "!":
            output, _, drv = element[1:].partition("!")
            info.setdefault(drv, {}).setdefault("outputs", []).append(output)
        else:
            info.setdefault(element, {})["path"] = True
    for entry in info.values():
        if "outputs" in entry:
            entry["outputs"].sort()
    return info


@builtin("appendContext", lazy=("context",))
def append_context(s, context):
    """`s` with the context described by `context` (in the shape `getContext` returns) added."""
    s = checked(force_string, s, "while evaluating the first argument passed to builtins.appendContext")
    context = yield from forced_checked(force_attrs, context, "while evaluating the second argument passed to "
                                                              "builtins.appendContext")
    elements = set(context_of(s))
    for path, value in context.items():
        if not is_store_path(path):
            raise EvalError(f"context key '{path}' is not a store path")
        if value.__class__ is Thunk:
            value = yield value
        checked(force_attrs, value, "while evaluating the value of a string context")
        if "path" in value:
            flag = yield from forced(value["path"])
            if checked(force_bool, flag, "while evaluating the `path` attribute of a string context"):
                elements.add(path)
        if "allOutputs" in value:
            flag = yield from forced(value["allOutputs"])
            if checked(force_bool, flag, "while evaluating the `allOutputs` attribute of a string context"):
                if not path.endswith(".drv"):
                    raise EvalError(f"tried to add all-outputs context of {path}, which is not a derivation, "
                                    "to a string")
                elements.add("=" + path)
        if "outputs" in value:
            outputs = yield from forced(value["outputs"])
            checked(force_list, outputs, "while evaluating the `outputs` attribute of a string context")
            if outputs and not path.endswith(".drv"):
                raise EvalError(f"tried to add derivation output context of {path}, which is not a derivation, "
                                "to a string")
            for name in outputs:
                name = yield from forced(name)
                name = checked(force_plain_string, name, "while evaluating an output name within a string context")
                elements.add(f"!{name}!{path}")
    return make_string(str(s), frozenset(elements))
