"""Nix values as Python sees them: lazy read-only views, callable functions, and conversions both ways.

`from_nix` gives what `Evaluator.evaluate` returns: numbers, booleans, None
and strings as themselves (a string with context is a `NixString`, a `str`
carrying `.context`), paths as `Path` (`pynix.Path`), attribute sets as an
`AttrsView` (a read-only `Mapping` that forces a value only when it is read),
lists as a `ListView` (a read-only `Sequence`, equally lazy), and functions
as a `FunctionView` you call with Python arguments. `to_nix` converts Python
data to Nix values, `to_python` forces a value completely into plain data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from types import FunctionType
from typing import TYPE_CHECKING, Any, Callable, overload

from .vm.coerce import canonical_path
from .vm.errors import EvalError, NixError
from .vm.requests import Gen
from .vm.thunk import Thunk
from .vm.values import LAMBDAS, Path, NixString, PrimOp, PrimOpApp, is_function

if TYPE_CHECKING:
    from .evaluator import Evaluator

_INT_MIN, _INT_MAX = -(1 << 63), (1 << 63) - 1


class NixView:
    """A view of a Nix value owned by an evaluator; `nix_value` is the value itself."""

    __slots__ = ("evaluator", "nix_value")

    def __init__(self, evaluator: Evaluator, value: Any) -> None:
        self.evaluator = evaluator
        self.nix_value = value


class AttrsView(NixView, Mapping[str, Any]):
    """An attribute set as a read-only mapping; reading a key forces (only) that value."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        return from_nix(self.evaluator, self.nix_value[key])

    def __contains__(self, key: object) -> bool:
        return key in self.nix_value

    def __iter__(self) -> Iterator[str]:
        return iter([str(k) for k in sorted(self.nix_value)])

    def __len__(self) -> int:
        return len(self.nix_value)

    def __repr__(self) -> str:
        return "<Nix attrset {" + ", ".join(self) + "}>"


class ListView(NixView, Sequence[Any]):
    """A list as a read-only sequence; reading an element forces (only) that element."""

    __slots__ = ()

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> ListView: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return ListView(self.evaluator, self.nix_value[index])
        return from_nix(self.evaluator, self.nix_value[index])

    def __len__(self) -> int:
        return len(self.nix_value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, ListView)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Nix list of {len(self)}>"


class FunctionView(NixView):
    """A Nix function (lambda, builtin, partial application); `f(a, b)` applies it to `a`, then `b`, and
    keyword arguments make one more, last argument: `f(x=1, y=2)` is `f { x = 1; y = 2; }`."""

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return apply(self.evaluator, self.nix_value, args, kwargs)

    def __repr__(self) -> str:
        return "<Nix function>"


class FunctorView(AttrsView):
    """An attribute set with `__functor`: a mapping that can also be called."""

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return apply(self.evaluator, self.nix_value, args, kwargs)


def apply(evaluator: Evaluator, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> Any:
    """Apply the Nix function `fn` to the Python `args` in turn, then to the set of `kwargs` if any;
    the result as `from_nix` gives it."""
    if kwargs:
        args = args + (kwargs,)
    if not args:
        raise TypeError("a Nix function takes one argument at a time: give at least one")
    result = fn
    for arg in args:
        result = evaluator.call(result, to_nix(arg, evaluator))
    return from_nix(evaluator, result)


def from_nix(evaluator: Evaluator, value: Any) -> Any:
    """`value` forced to weak head normal form and shown to Python (lazy views for sets, lists, functions)."""
    if value.__class__ is Thunk:
        value = evaluator.force(value)
    cls = value.__class__
    if cls is dict:
        return FunctorView(evaluator, value) if "__functor" in value else AttrsView(evaluator, value)
    if cls is list:
        return ListView(evaluator, value)
    if is_function(value):
        return FunctionView(evaluator, value)
    return value


def to_nix(value: Any, evaluator: Evaluator | None = None) -> Any:
    """Python data as a Nix value: views unwrap, dicts become sets, lists and tuples lists, path-likes paths,
    callables functions (given the `evaluator` that will call them, see `python_function`)."""
    if isinstance(value, NixView):
        return value.nix_value
    cls = value.__class__
    if value is None or cls is bool or cls is float or cls is str or cls is NixString or cls is Path \
            or cls is Thunk or cls is PrimOp or cls is PrimOpApp:
        return value
    if cls is FunctionType and value.__code__ in LAMBDAS:
        return value
    if isinstance(value, int):
        if not _INT_MIN <= value <= _INT_MAX:
            raise OverflowError(f"{value} does not fit in a Nix integer (64 bits)")
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"attribute names must be strings, not {type(key).__name__}")
            out[str(key)] = to_nix(item, evaluator)
        return out
    if isinstance(value, (list, tuple)):
        return [to_nix(item, evaluator) for item in value]
    if isinstance(value, os.PathLike):
        return Path(canonical_path(os.path.abspath(os.fspath(value))))
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"cannot convert {type(value).__name__} to a Nix value: Nix strings are text, "
                        "decode it to str first")
    if isinstance(value, (set, frozenset)):
        raise TypeError(f"cannot convert {type(value).__name__} to a Nix value: Nix has no sets of values, "
                        "give a list (e.g. sorted(...)) or a dict")
    if callable(value) and evaluator is not None:
        return python_function(evaluator, value)
    raise TypeError(f"cannot convert {type(value).__name__} to a Nix value")


def python_function(evaluator: Evaluator, fn: Callable[..., Any]) -> PrimOp:
    """A Python callable as a Nix function of as many arguments as it has required positional parameters.

    A plain callable gets its arguments forced and shown as `from_nix` shows
    them, and its result goes through `to_nix`. A generator function is a
    builtin (as `Evaluator.builtin` registers one): its arguments arrive as
    forced Nix values, it may yield `Call`/`Force` requests and returns a Nix
    value. A Python exception it raises becomes an `EvalError`.
    """
    import inspect
    name = getattr(fn, "__name__", type(fn).__name__)
    generator = inspect.isgeneratorfunction(fn)
    try:
        arity = sum(1 for p in inspect.signature(fn).parameters.values()
                    if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty)
    except (TypeError, ValueError):  # no signature to read (some callables written in C)
        arity = 1

    def run(*args: Any) -> Gen:
        try:
            if generator:
                return (yield from fn(*args))
            return to_nix(fn(*[from_nix(evaluator, a) for a in args]), evaluator)
        except NixError:
            raise
        except Exception as exc:
            raise EvalError(f"Python function '{name}' raised {type(exc).__name__}: {exc}") from exc

    return PrimOp(name, max(arity, 1), run, tuple(range(max(arity, 1))))


def to_python(value: Any, evaluator: Evaluator | None = None) -> Any:
    """`value` (a view or a Nix value) forced completely: dicts, lists, str, int, ...; functions stay callable.

    A view brings its own evaluator; a bare Nix value is forced by `evaluator`
    (a fresh default one if not given).
    """
    if isinstance(value, NixView):
        evaluator, value = value.evaluator, value.nix_value
    if evaluator is None:
        from .evaluator import Evaluator
        evaluator = Evaluator()
    from .builtins.core import deep_force
    return _plain_data(evaluator, evaluator.run(deep_force(value)))


def _plain_data(evaluator: Evaluator, value: Any) -> Any:
    """A deeply forced value with thunks unwrapped, lists and dicts copied and functions wrapped (iteratively)."""
    def unwrap(v: Any) -> Any:
        v = v.value if v.__class__ is Thunk else v
        return FunctionView(evaluator, v) if is_function(v) else v

    root = [unwrap(value)]
    work: list[tuple[Any, Any]] = [(root, 0)]
    while work:
        container, key = work.pop()
        v = container[key]
        if v.__class__ is list:
            copy: Any = [unwrap(x) for x in v]
            work.extend((copy, i) for i in range(len(copy)))
        elif v.__class__ is dict:
            copy = {str(k): unwrap(x) for k, x in v.items()}
            work.extend((copy, k) for k in copy)
        else:
            continue
        container[key] = copy
    return root[0]


__all__ = ["NixView", "AttrsView", "ListView", "FunctionView", "FunctorView", "from_nix", "to_nix", "to_python"]
