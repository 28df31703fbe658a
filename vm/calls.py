"""Applying Nix functions: compiled lambdas, builtins (saturated or partial), functors and thunks.

These start an application and hand back what the scheduler (or plain code,
see `plain.py`) finishes: a value, a generator computing it, or a tail call.
"""

from __future__ import annotations

from types import FunctionType, GeneratorType
from typing import Any, Callable

from .errors import NixError, TypeError_
from .printer import print_brief
from .thunk import Thunk
from .trace import add_call_frames
from .values import PrimOp, PrimOpApp, show_type


def invoke(primop: PrimOp, args: tuple[Any, ...]) -> Any:
    """Run a saturated builtin, forcing its strict arguments first."""
    for i in primop.strict:
        a = args[i]
        if a.__class__ is Thunk:
            if a.fn is not None:
                return _invoke_forcing(primop, args)
            args = args[:i] + (a.value,) + args[i + 1:]
    return primop.fn(*args)


def apply(fn: Any, arg: Any, run: Callable[[PrimOp, tuple[Any, ...]], Any] = invoke) -> Any:
    """Start applying `fn` to `arg`: returns a value, a generator computing it, or a tail call.

    `run` runs a saturated builtin (`invoke`, or plain code's own, which forces arguments at once)."""
    cls = fn.__class__
    if cls is FunctionType:
        return fn(arg)
    if cls is PrimOp:
        if fn.arity == 1:
            return run(fn, (arg,))
        return PrimOpApp(fn, (arg,))
    if cls is PrimOpApp:
        args = fn.args + (arg,)
        primop = fn.primop
        if len(args) == primop.arity:
            return run(primop, args)
        return PrimOpApp(primop, args)
    if cls is dict and "__functor" in fn:
        return _call_functor(fn, arg)
    if cls is Thunk:
        return _call_thunk(fn, arg)
    raise TypeError_(f"attempt to call something which is not a function but {show_type(fn)}: {print_brief(fn)}")


def apply_args(fn: Any, args: tuple[Any, ...], caller: Any,
               start: Callable[[Any, Any, int], Any] | None = None, depth: int = 0,
               run: Callable[[PrimOp, tuple[Any, ...]], Any] = invoke,
               settle: Callable[[Any], Any] | None = None) -> Any:
    """Start applying `fn` to several arguments (`f a b`), as `apply` does one at a time.

    `start` starts compiled functions' bodies at call depth `depth` (the
    scheduler's plain-or-twin choice, see `plain.py`); plain code calls them
    directly, and `settle`s an application that is not finished at once before
    applying its result to the next argument.

    A builtin given all its arguments is invoked without partial applications;
    a function that returns the next function at once (a curried lambda) is
    applied again without a round trip through the scheduler. A failed
    application gets its call frames here (at `caller`), naming the function
    that failed.
    """
    n = len(args)
    i = 0
    while True:
        cls = fn.__class__
        try:
            if cls is FunctionType:
                result = fn(args[i]) if start is None else start(fn, args[i], depth)
                i += 1
            elif cls is PrimOp and fn.arity <= n - i:
                result = run(fn, args[i:i + fn.arity])
                i += fn.arity
            elif cls is PrimOpApp and fn.primop.arity - len(fn.args) <= n - i:
                take = fn.primop.arity - len(fn.args)
                result = run(fn.primop, fn.args + args[i:i + take])
                i += take
            else:
                result = apply(fn, args[i], run)
                i += 1
        except NixError as exc:
            add_call_frames(exc, fn, caller)
            raise
        if i == n:
            if start is not None:
                LAST_APPLIED[0] = fn
            return result
        rcls = result.__class__
        if rcls is GeneratorType or rcls is tuple:
            if settle is not None:
                result = settle(result)
            else:
                LAST_APPLIED[0] = fn
                rest = args[i:]
                return _then_apply(result, rest if len(rest) > 1 else rest[0])
        fn = result


LAST_APPLIED: list[Any] = [None]
"""The function whose application the scheduler's last `apply_args` ended with: the curried lambda whose
body runs, not the one called (CppNix names it in the trace, `while calling anonymous lambda`)."""


def _then_apply(first: Any, rest: Any) -> Any:
    """Generator: finish the application `first` (a generator or a tail call), then call its result with `rest`."""
    fn = yield first
    return (fn, rest)


def _call_functor(attrs: dict, arg: Any) -> Any:
    functor = yield attrs["__functor"]
    partial = yield (functor, attrs)
    return (partial, arg)


def _call_thunk(fn: Thunk, arg: Any) -> Any:
    fn = yield fn
    return (fn, arg)


def _invoke_forcing(primop: PrimOp, args: tuple[Any, ...]) -> Any:
    forced = list(args)
    for i in primop.strict:
        if forced[i].__class__ is Thunk:
            forced[i] = yield forced[i]
    result = primop.fn(*forced)
    if result.__class__ is GeneratorType:
        result = yield from result
    return result
