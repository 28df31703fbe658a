"""Evaluation statistics: the counters of CppNix's `NIX_SHOW_STATS` that pynix's operations match.

Only an evaluator asked for statistics counts: its compiled code calls
`count_call()` at the start of every lambda body and gets counting versions
of the helpers that create thunks, select attributes, and perform `//` and
`++` (`counting_runtime`); its builtins count their calls
(`counting_builtins`). An evaluation without statistics pays nothing.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from .thunk import Thunk
from .values import PrimOp


class Counters:
    """Running totals of the operations CppNix counts (process-wide; `Snapshot` takes differences)."""

    __slots__ = ("lambda_calls", "primop_calls", "thunks", "lookups", "updates", "update_values", "concats")

    def __init__(self) -> None:
        self.lambda_calls = 0
        self.primop_calls = 0
        self.thunks = 0
        self.lookups = 0
        self.updates = 0
        self.update_values = 0
        self.concats = 0

    def copy(self) -> "Counters":
        other = Counters()
        for name in self.__slots__:
            setattr(other, name, getattr(self, name))
        return other


COUNTS = Counters()
"""The totals every evaluation adds to."""


class Snapshot:
    """The counters and CPU time at one moment: `report()` gives what happened since."""

    def __init__(self) -> None:
        self.counts = COUNTS.copy()
        self.cpu = time.process_time()

    def report(self) -> dict[str, Any]:
        """CppNix's statistics object (the fields pynix counts), for the operations since this snapshot."""
        now, then = COUNTS, self.counts

        def delta(name: str) -> int:
            return int(getattr(now, name) - getattr(then, name))

        return {
            "cpuTime": round(time.process_time() - self.cpu, 6),
            "list": {"concats": delta("concats")},
            "nrOpUpdates": delta("updates"),
            "nrOpUpdateValuesCopied": delta("update_values"),
            "nrThunks": delta("thunks"),
            "nrLookups": delta("lookups"),
            "nrPrimOpCalls": delta("primop_calls"),
            "nrFunctionCalls": delta("lambda_calls"),
        }


def _counting_thunk(fn: Any) -> Thunk:
    COUNTS.thunks += 1
    return Thunk(fn)


def _counting_select(select: Callable[..., Any], lookups: Callable[[Any], int]) -> Callable[..., Any]:
    """`select` (a path or a one-name helper) counting `lookups(path)` attributes: CppNix's nrLookups counts
    one per attribute of a selection path."""
    def counted(obj: Any, path: Any, *default: Any) -> Any:
        COUNTS.lookups += lookups(path)
        return select(obj, path, *default)
    return counted


def _one(name: str) -> int:
    return 1


def _counting_update(update: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def op_update(a: Any, b: Any) -> Any:
        result = update(a, b)
        COUNTS.updates += 1
        if result is not a and result is not b:  # CppNix copies nothing when one side is empty
            COUNTS.update_values += len(result)
        return result
    return op_update


def _counting_concat(concat: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def op_concat(a: Any, b: Any) -> Any:
        COUNTS.concats += 1
        return concat(a, b)
    return op_concat


def _count_call() -> None:
    COUNTS.lambda_calls += 1


def _counting_primop(primop: PrimOp) -> PrimOp:
    fn = primop.fn

    def counted(*args: Any) -> Any:
        COUNTS.primop_calls += 1
        return fn(*args)

    counted.__doc__ = fn.__doc__
    return PrimOp(primop.name, primop.arity, counted, primop.strict)


def counting_builtins(values: dict[str, Any]) -> dict[str, Any]:
    """Builtins by name, each builtin function replaced by one that counts its (saturated) calls."""
    return {name: _counting_primop(v) if v.__class__ is PrimOp else v for name, v in values.items()}


def counting_runtime(runtime: dict[str, Any]) -> dict[str, Any]:
    """`runtime` (compiled code's helpers) with lambda calls, thunk creation, attribute selection, `//` and
    `++` counted."""
    counted = dict(runtime)
    counted["count_call"] = _count_call
    counted["new_thunk"] = _counting_thunk
    counted["select"] = _counting_select(runtime["select"], len)
    counted["select_or"] = _counting_select(runtime["select_or"], len)
    counted["select_attr"] = _counting_select(runtime["select_attr"], _one)
    counted["select_attr_or"] = _counting_select(runtime["select_attr_or"], _one)
    counted["op_update"] = _counting_update(runtime["op_update"])
    counted["op_concat"] = _counting_concat(runtime["op_concat"])
    return counted
