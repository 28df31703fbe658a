"""The `@builtin` decorator and the table of registered builtins."""

from __future__ import annotations

from types import FunctionType
from typing import Any, Callable, Iterable, TypeVar

from ..vm.values import PrimOp

F = TypeVar("F", bound=Callable[..., Any])


class BuiltinTable:
    """Builtins by Nix name, plus which of them are also in the global scope."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.top_level: set[str] = set()

    def builtin(self, name: str, *, lazy: Iterable[str] = (), top_level: bool = False,
                arity: int | None = None) -> Callable[[F], F]:
        """Register a generator function (or plain function) as the builtin `name`.

        Its parameters are the Nix arguments; those named in `lazy` arrive
        unevaluated, the others forced to weak head normal form.
        """
        lazy = tuple(lazy)

        def register(fn: F) -> F:
            params = parameter_names(fn)
            n = arity if arity is not None else len(params)
            strict = tuple(i for i, p in enumerate(params[:n]) if p not in lazy)
            self.add(name, PrimOp(name, n, fn, strict), top_level)
            return fn

        return register

    def plain_form(self, name: str) -> Callable[[F], F]:
        """Register a function as what plain code calls for the builtin `name` (`PrimOp.plain`): the same
        arguments, forced alike, but it calls Nix functions itself (`vm/plain.py`) instead of yielding them.
        Only plain code calls it: under the scheduler, the builtin's own function runs."""
        def register(fn: F) -> F:
            self.values[name].plain = fn
            return fn

        return register

    def add(self, name: str, value: Any, top_level: bool = False) -> None:
        """Register a builtin value (a PrimOp or a constant)."""
        self.values[name] = value
        if top_level:
            self.top_level.add(name)

    def copy(self) -> "BuiltinTable":
        """An independent table with the same entries (for an evaluator's own additions)."""
        other = BuiltinTable()
        other.values = dict(self.values)
        other.top_level = set(self.top_level)
        return other

    def global_scope(self, constants: dict[str, Any] | None = None,
                     wrap: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> dict[str, Any]:
        """Names of the global scope → values, as CppNix's base environment.

        Every builtin and constant (`constants` are added to the table's) is in
        the `builtins` set under its name, and global as `__name`, or as
        `name` for those registered `top_level` (`map`, `true`, ...), as
        CppNix's `addPrimOp` and `addConstant` do. `wrap` replaces the values
        first (the evaluator's statistics count builtin calls so).
        """
        values = {**self.values, **(constants or {})}
        if wrap is not None:
            values = wrap(values)
        builtins_set = dict(values)
        builtins_set["builtins"] = builtins_set
        scope = {(name if name in self.top_level else "__" + name): v for name, v in values.items()}
        scope["builtins"] = builtins_set
        return scope


_STAR_PARAMETERS = 0x04 | 0x08
"""The code flags of `*args` and `**kwargs` (`inspect.CO_VARARGS | inspect.CO_VARKEYWORDS`)."""


def parameter_names(fn: Callable[..., Any]) -> list[str]:
    """The names of the parameters of `fn`, as `inspect.signature` lists them.

    A plain function with only positional parameters (every builtin) is read
    off its code object, without the cost of importing `inspect`.
    """
    if isinstance(fn, FunctionType) and not hasattr(fn, "__wrapped__") and not hasattr(fn, "__signature__"):
        code = fn.__code__
        if not code.co_kwonlyargcount and not code.co_flags & _STAR_PARAMETERS:
            return list(code.co_varnames[:code.co_argcount])
    import inspect
    return list(inspect.signature(fn).parameters)


STANDARD = BuiltinTable()
"""The builtins every evaluator starts from."""

builtin = STANDARD.builtin
plain_form = STANDARD.plain_form
