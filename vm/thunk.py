"""Thunks: delayed computations that are evaluated at most once."""

from __future__ import annotations

import copy
from collections.abc import Generator
from typing import Any, Callable


class _Blackhole:
    """Marks a thunk whose evaluation is in progress (forcing it again is infinite recursion)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "BLACKHOLE"


BLACKHOLE: Any = _Blackhole()


class Thunk:
    """A delayed value.

    `fn` is a zero-argument callable returning the value, a generator that
    computes it, or a tail call; or the call `(f, x)` (or `(f, (x, y))`) itself
    (an application, as `map`, `genList` and `mapAttrs` make: no closure per element). Once forced `fn` is
    None and `value` holds the result. While the scheduler forces it, `fn` is BLACKHOLE and `value` keeps
    the original callable. A failed evaluation is memoised (as in CppNix since
    2.34): `fn` becomes a `Failed` that raises the same error again.
    """

    __slots__ = ("fn", "value")

    def __init__(self, fn: Callable[[], Any] | tuple[Any, Any]) -> None:
        self.fn: Any = fn
        self.value: Any = None

    @classmethod
    def of(cls, value: Any) -> "Thunk":
        """An already evaluated thunk."""
        t = cls.__new__(cls)
        t.fn = None
        t.value = value
        return t

    def __repr__(self) -> str:
        if self.fn is None:
            return f"Thunk(={self.value!r})"
        return "Thunk(<pending>)" if self.fn is not BLACKHOLE else "Thunk(<blackhole>)"


class Failed:
    """The `fn` of a thunk whose evaluation raised `error`: forcing it raises a copy of that error."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __call__(self) -> Any:
        again: Any = copy.copy(self.error)  # any exception: it may carry Nix trace `frames`
        again.frames = list(getattr(self.error, "frames", []))
        raise again


def forced(v: Any) -> Generator[Any, Any, Any]:
    """Generator: `v`, forced if it is a thunk (yield it from a scheduler generator)."""
    if v.__class__ is Thunk:
        v = yield v
    return v
