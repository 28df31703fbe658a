"""Nix values.

Python objects stand for Nix values where the types map one to one: `int`,
`float`, `bool`, `None` (null), `str` (a string without context), `list`
(never mutated once built) and `dict` (an attribute set). Own classes cover
the rest: `NixString` (a string with context), `Path`, `PrimOp` and
`PrimOpApp` (builtins and their partial applications). A Nix lambda is the
compiled Python function itself; `LAMBDAS` maps its code object to static
facts about it.
"""

from __future__ import annotations

from types import CodeType, FunctionType
from typing import Any, Callable

from .errors import Span
from .thunk import Thunk


class NixString(str):
    """A string carrying a context: the store paths it refers to.

    Context elements use CppNix's encoding: `/nix/store/…-x` for a plain
    store path (opaque), `=/nix/store/…drv` for a derivation with all its
    outputs (deep), `!out!/nix/store/…drv` for one output of a derivation.
    """

    context: frozenset[str]

    def __new__(cls, value: str, context: frozenset[str] = frozenset()) -> "NixString":
        s = super().__new__(cls, value)
        s.context = context
        return s

    def __repr__(self) -> str:
        return f"NixString({str.__repr__(self)}, {set(self.context)!r})"


class AttrName(str):
    """An attribute name written in a set literal, carrying where it was written.

    Set literals use these as their dict keys (one constant per literal site,
    so they cost nothing per set); they compare and hash as the plain string.
    `//`, `intersectAttrs` and `removeAttrs` keep them, so positions travel
    with the attributes as in CppNix, while `mapAttrs` makes new attributes
    without positions. Names handed to Nix code are made plain `str`.
    """

    span: Span

    def __new__(cls, name: str, span: Span) -> "AttrName":
        key = super().__new__(cls, name)
        key.span = span
        return key

    def __repr__(self) -> str:
        return f"AttrName({str.__repr__(self)})"


def key_position(key: str) -> Span | None:
    """Where the attribute whose dict key is `key` was written, if known."""
    return key.span if key.__class__ is AttrName else None


def attr_position(attrs: dict, name: str) -> Span | None:
    """Where attribute `name` of the set `attrs` was written, if known."""
    for key in attrs:
        if key == name:
            return key_position(key)
    return None


def null_byte_error(text: str) -> str | None:
    """CppNix's message for a string that contains a NUL byte (Nix strings cannot), else None."""
    if "\0" not in text:
        return None
    return f"input string '{text.replace(chr(0), '␀')}' cannot be represented as Nix string because it contains null bytes"


def make_string(value: str, context: frozenset[str] | None) -> str:
    """A plain `str` when `context` is empty, else a `NixString`."""
    return NixString(value, context) if context else value


def context_of(value: Any) -> frozenset[str]:
    """The context of a string value (empty for plain strings)."""
    return value.context if value.__class__ is NixString else frozenset()


class Path:
    """A path value (`pynix.Path`): an absolute, canonical file name."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Path) and other.path == self.path

    def __hash__(self) -> int:
        return hash(("path", self.path))

    def __repr__(self) -> str:
        return f"pynix.Path({self.path!r})"

    def __fspath__(self) -> str:
        return self.path


class FormalInfo:
    """One formal parameter of a lambda: its name, whether it has a default, and where it is written."""

    __slots__ = ("name", "has_default", "span")

    def __init__(self, name: str, has_default: bool, span: Span) -> None:
        self.name = name
        self.has_default = has_default
        self.span = span


_NO_NAMES: frozenset[str] = frozenset()


class LambdaInfo:
    """Static facts about a compiled Nix lambda."""

    __slots__ = ("name", "span", "param", "formals", "ellipsis", "required", "names")

    def __init__(self, name: str | None, span: Span, param: str | None, formals: list[FormalInfo] | None,
                 ellipsis: bool) -> None:
        self.name = name
        self.span = span
        self.param = param
        """The parameter name (`x:` or `args@`), if any."""
        self.formals = formals
        self.ellipsis = ellipsis
        self.required: tuple[str, ...] = ()
        """The formals without a default, in order."""
        self.names: frozenset[str] = _NO_NAMES
        """The names of all formals."""
        if formals:
            self.required = tuple(f.name for f in formals if not f.has_default)
            self.names = frozenset(f.name for f in formals)

    def describe(self) -> str:
        """`'f'` or `'anonymous lambda'`, as CppNix names a function in argument errors."""
        return f"'{self.name or 'anonymous lambda'}'"


LAMBDAS: dict[CodeType, LambdaInfo] = {}
"""Code object of each compiled Nix lambda → its LambdaInfo."""


def lambda_info(fn: FunctionType) -> LambdaInfo:
    """The LambdaInfo of a compiled Nix lambda."""
    return LAMBDAS[fn.__code__]


class PrimOp:
    """A builtin function of fixed arity.

    `fn` is called with all `arity` arguments once saturated; it returns a
    value, a generator computing one, or a tail call. Arguments whose index is
    in `strict` are forced before `fn` sees them. `plain` is what plain code
    calls instead (`vm/plain.py`): `fn`, or a form of it that makes its calls
    itself rather than yield them (`BuiltinTable.plain_form`). `run` is how
    plain code calls it, with all its arguments as they come: `plain` with the
    strict ones forced; `direct`, the same as a call of its own, counted and
    finished (`vm/plain.py` makes both when first needed).
    """

    __slots__ = ("name", "arity", "fn", "strict", "_plain", "run", "direct")

    def __init__(self, name: str, arity: int, fn: Callable[..., Any], strict: tuple[int, ...]) -> None:
        self.name = name
        self.arity = arity
        self.fn = fn
        self.strict = strict
        self._plain = fn
        self.run: Callable[..., Any] | None = None
        self.direct: Callable[..., Any] | None = None

    @property
    def plain(self) -> Callable[..., Any]:
        return self._plain

    @plain.setter
    def plain(self, fn: Callable[..., Any]) -> None:
        self._plain = fn
        self.run = self.direct = None

    @property
    def doc(self) -> str | None:
        """The documentation of the builtin: its function's docstring."""
        import inspect
        return inspect.getdoc(self.fn)

    def __repr__(self) -> str:
        return f"<PrimOp {self.name}/{self.arity}>"


class PrimOpApp:
    """A builtin applied to fewer arguments than its arity."""

    __slots__ = ("primop", "args")

    def __init__(self, primop: PrimOp, args: tuple[Any, ...]) -> None:
        self.primop = primop
        self.args = args

    def __repr__(self) -> str:
        return f"<PrimOpApp {self.primop.name} {len(self.args)}/{self.primop.arity}>"


def is_function(value: Any) -> bool:
    """Whether `value` is a lambda, a builtin or a partially applied builtin."""
    return value.__class__ in (FunctionType, PrimOp, PrimOpApp)


TYPE_NAMES: dict[type, str] = {
    int: "int", float: "float", bool: "bool", str: "string", NixString: "string",
    Path: "path", type(None): "null", dict: "set", list: "list",
    FunctionType: "lambda", PrimOp: "lambda", PrimOpApp: "lambda",
}


def type_of(value: Any) -> str:
    """The name `builtins.typeOf` gives the type of a forced value."""
    return TYPE_NAMES[value.__class__]


_SHOW_TYPES: dict[type, str] = {
    int: "an integer", float: "a float", bool: "a Boolean", str: "a string", NixString: "a string",
    Path: "a path", type(None): "null", dict: "a set", list: "a list",
    FunctionType: "a function", Thunk: "a thunk",
}


def show_type(value: Any) -> str:
    """The type of a value as CppNix words it in errors (`an integer`, `the built-in function 'map'`, ...)."""
    cls = value.__class__
    if cls is PrimOp:
        return f"the built-in function '{value.name}'"
    if cls is PrimOpApp:
        return f"the partially applied built-in function '{value.primop.name}'"
    if cls is NixString and value.context:
        return "a string with context"
    return _SHOW_TYPES.get(cls, "an unknown value")


def is_derivation(value: Any) -> bool:
    """Whether a forced attribute set is a derivation (`type = "derivation"`), without forcing anything else."""
    t = value.get("type")
    if t.__class__ is Thunk:
        if t.fn is not None:
            return False
        t = t.value
    return isinstance(t, str) and t == "derivation"
