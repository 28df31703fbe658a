"""The names compiled code refers to, and loading a compiled unit into a callable."""

from __future__ import annotations

from types import GeneratorType
from typing import Any, Callable, NoReturn

from .arith import op_div, op_mul, op_sub
from .attrsets import (add_dynamic_attrs, check_formals, has_attr, has_attr_named, op_update, overrides_of, select,
                       select_attr, select_attr_or, select_or,
                       with_lookup)
from .coerce import interpolate, interpolate_path, op_add
from .compare import explain_inequality, op_eq, op_gt, op_lt
from .errors import AssertionError_, NixError, Source, Span
from .lists import op_concat
from .plain import UNLINKED, C, R, S, bodies, runner
from .requests import Gen
from .thunk import Thunk
from .typecheck import not_a_boolean
from .values import LAMBDAS, AttrName, FormalInfo, LambdaInfo, Path, PrimOp


def assertion_failed(cond: Any, text: str) -> NoReturn:
    """Raise the error of an `assert` whose condition was not true."""
    if cond is not False:
        not_a_boolean(cond, "while evaluating the condition of the assertion")
    raise AssertionError_(f"assertion '{text}' failed")


def equality_assertion_failed(cond: Any, text: str, left: Any, right: Any, op: Span, at: Span) -> Gen:
    """Generator: the error of `assert a == b;` when false: CppNix explains how the two sides differ."""
    if cond is not False:
        not_a_boolean(cond, "while evaluating the condition of the assertion")
    try:
        yield explain_inequality(left, right, op)
    except AssertionError_ as err:
        err.add_frame(f"while evaluating the condition of the assertion '{text}'", at)
        err.locate = False
        raise
    raise AssertionError_(f"assertion '{text}' failed")


def framed_operator(op: Callable[[Any, Any], Any], a: Any, b: Any, frame: str, at: Span) -> Any:
    """`op(a, b)`; an error gets CppNix's frame for the operator (`while calling the 'sub' builtin`, ...)."""
    try:
        return op(a, b)
    except NixError as err:
        err.add_frame(frame, at)
        err.locate = False
        raise


RUNTIME: dict[str, Any] = {
    "Thunk": Thunk, "new_thunk": Thunk, "R": R, "S": S, "C": C, "GeneratorType": GeneratorType, "bool": bool, "int": int, "SCALAR_TYPES": frozenset({int, float, bool, str, type(None)}),
    "interpolate": interpolate, "interpolate_path": interpolate_path,
    "select": select, "select_or": select_or, "has_attr": has_attr, "with_lookup": with_lookup,
    "select_attr": select_attr, "select_attr_or": select_attr_or, "has_attr_named": has_attr_named,
    "add_dynamic_attrs": add_dynamic_attrs, "check_formals": check_formals, "overrides_of": overrides_of,
    "assertion_failed": assertion_failed, "framed_operator": framed_operator, "equality_assertion_failed": equality_assertion_failed,
    "not_a_boolean": not_a_boolean,
    "op_add": op_add, "op_sub": op_sub, "op_mul": op_mul, "op_div": op_div,
    "op_eq": op_eq, "op_lt": op_lt, "op_gt": op_gt, "op_update": op_update, "op_concat": op_concat,
    "__builtins__": {},
}
"""Helpers every compiled unit can call (the generated code's module globals)."""


def _span(source: Source, pos: tuple[int, int, int, int]) -> Span:
    return Span(source, *pos)


def _materialise(kind: str, data: Any, source: Source) -> Any:
    if kind == "path":
        return Path(data)
    if kind == "span":
        return _span(source, data)
    if kind == "spans":
        return tuple(None if pos is None else _span(source, pos) for pos in data)
    if kind == "attr":
        return AttrName(data[0], _span(source, data[1]))
    if kind == "curpos":  # CppNix has positions only for files: elsewhere `__curPos` is null
        return {"file": source.path, "line": data[0], "column": data[1]} if source.is_file else None
    raise ValueError(f"unknown constant kind {kind!r}")


def _global_attr(global_scope: dict[str, Any], path: str, answer: bool) -> Any:
    """The value of `path` (`builtins.div`: a global's attribute) if it is evaluated now, else None, for
    compiled code to select it itself (it is selected there too when the value is None)."""
    name, key = path.split(".", 1)
    s = global_scope[name]
    if not answer or s.__class__ is not dict:
        return None
    v = s.get(key)
    if v.__class__ is Thunk:
        return v.value if v.fn is None else None
    return v


def direct_call(global_scope: dict[str, Any], path: str, nargs: int, runtime: dict[str, Any]) -> Callable[..., Any]:
    """What the plain form calls for a call of the global `path` (`map`, or an attribute: `builtins.div`), or
    of a variable bound to it, with `nargs` arguments, and first what the call names, unforced: that
    builtin's `direct`, where it is one of that arity evaluated now; else the call made as any other (`S`)."""
    name, _, key = path.partition(".")
    fn = global_scope[name] if not key else _global_attr(global_scope, path, runtime["select_attr"] is select_attr)
    call = runtime["S"]
    if fn.__class__ is PrimOp and fn.arity == nargs and call is S:
        if fn.direct is None:
            runner(fn)
        direct = fn.direct
        assert direct is not None
        return direct
    select_, global_set = runtime["select_attr"], global_scope[name]

    def later(callee: Any, *args: Any) -> Any:
        if callee is None and key:  # `builtins.x` not evaluated when the code was loaded
            callee = R(select_(R(global_set), key))
        return call((callee, args if nargs > 1 else args[0]))
    return later


def load_unit(unit: Any, source: Source, global_scope: dict[str, Any], runtime: dict[str, Any] = RUNTIME) -> Any:
    """Instantiate a compiled unit: returns its zero-argument entry function (a thunk body).

    A global's attribute the code names statically (`builtins.div`) is bound to its value when that is
    evaluated already (`_global_attr`).

    `runtime` is the set of helpers its code calls (`RUNTIME`, or a counting version of it).
    """
    g = dict(runtime)
    answers_selects = runtime["select_attr"] is select_attr  # a counting runtime counts every selection
    for py, name in unit.globals_used.items():
        g[py] = global_scope[name] if "." not in name else _global_attr(global_scope, name, answers_selects)
    for py, (path, nargs) in unit.calls.items():
        g[py] = direct_call(global_scope, path, nargs, runtime)
    for name, (kind, data) in unit.consts.items():
        g[name] = _materialise(kind, data, source)
    infos = {}
    for param, (name, pos, nix_param, formals, ellipsis) in unit.lambdas.items():
        fs = None if formals is None else [FormalInfo(n, d, _span(source, p)) for n, d, p in formals]
        infos[param] = info = LambdaInfo(name, _span(source, pos), nix_param, fs, ellipsis)
        g["I_" + param] = info
    if unit.gen_code is not None:
        g[UNLINKED] = (unit.code, unit.gen_code)
    for code in bodies(unit.code):
        if code.co_argcount == 1 and code.co_varnames[0] in infos:
            LAMBDAS[code] = infos[code.co_varnames[0]]
    return eval(unit.code, g)
