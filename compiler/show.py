"""Printing a syntax tree back as Nix, the way `nix-instantiate --parse` does.

The form is CppNix's `Expr::show`: fully parenthesised, attributes and
formals sorted, paths resolved to absolute paths, `-x` as `(__sub 0 x)`, and
`-`, `*`, `/` and the comparisons as the calls CppNix's parser makes of them
(`a > b` is `(__lessThan b a)`).
"""

from __future__ import annotations

from ..vm.coerce import canonical_path
from ..vm.printer import attr_name, escape_string, format_float
from . import ast as A


def show(expr: A.Expr, base_dir: str, home: str) -> str:
    """The text of `expr`; relative paths resolve against `base_dir`, `~` against `home`."""
    out: list[str] = []
    _Shower(out, base_dir, home).show(expr)
    return "".join(out)


class _Shower:
    __slots__ = ("out", "base_dir", "home")

    def __init__(self, out: list[str], base_dir: str, home: str) -> None:
        self.out = out
        self.base_dir = base_dir
        self.home = home

    def show(self, e: A.Expr) -> None:
        getattr(self, "s_" + type(e).__name__)(e)

    def w(self, *texts: str) -> None:
        self.out.extend(texts)

    def s_Int(self, e: A.Int) -> None:
        self.w(str(e.value))

    def s_Float(self, e: A.Float) -> None:
        self.w(format_float(e.value))

    def s_Str(self, e: A.Str) -> None:
        self.w(escape_string(e.value))

    def s_Uri(self, e: A.Uri) -> None:
        self.w(escape_string(e.value))

    def s_InterpString(self, e: A.InterpString) -> None:
        self.concat(e.parts)

    def concat(self, parts: list[A.Expr]) -> None:
        self.w("(")
        for i, part in enumerate(parts):
            if i:
                self.w(" + ")
            self.show(part)
        self.w(")")

    def resolve(self, value: str, kind: str) -> str:
        if not self.base_dir:
            return value
        if kind == "home":
            return canonical_path(self.home + value[1:])
        if kind == "relative":
            value = self.base_dir + "/" + value
        trailing = "/" if value.endswith("/") and len(value) > 1 else ""
        return canonical_path(value) + trailing

    def s_Path(self, e: A.Path) -> None:
        self.w(self.resolve(e.value, e.kind))

    def s_InterpPath(self, e: A.InterpPath) -> None:
        first = e.parts[0]
        assert isinstance(first, A.Str)
        self.w("(", self.resolve(first.value, e.kind))
        for part in e.parts[1:]:
            self.w(" + ")
            self.show(part)
        self.w(")")

    def s_Var(self, e: A.Var) -> None:
        self.w(e.name)

    def s_CurPos(self, e: A.CurPos) -> None:
        self.w("__curPos")

    def attr_path(self, path: list[A.AttrKey]) -> None:
        for i, key in enumerate(path):
            if i:
                self.w(".")
            if isinstance(key, str):
                self.w(attr_name(key))
            else:
                self.w('"${')
                self.show(key)
                self.w('}"')

    def s_Select(self, e: A.Select) -> None:
        if isinstance(e.expr, A.InheritFrom):
            self.w("(inherit-from)")
        else:
            self.w("(")
            self.show(e.expr)
            self.w(")")
        self.w(".")
        self.attr_path(e.path)
        if e.default is not None:
            self.w(" or (")
            self.show(e.default)
            self.w(")")

    def s_HasAttr(self, e: A.HasAttr) -> None:
        self.w("((")
        self.show(e.expr)
        self.w(") ? ")
        self.attr_path(e.path)
        self.w(")")

    def bindings(self, e: A.AttrSet) -> None:
        names = sorted(e.attrs)
        plain = [n for n in names if not e.attrs[n].inherited]
        inherited = [n for n in names if e.attrs[n].inherited and isinstance(e.attrs[n].value, A.Var)]
        if inherited:
            self.w("inherit", *(" " + attr_name(n) for n in inherited), "; ")
        by_source: dict[int, list[str]] = {}
        for n in names:
            value = e.attrs[n].value
            if e.attrs[n].inherited and isinstance(value, A.Select) and isinstance(value.expr, A.InheritFrom):
                by_source.setdefault(value.expr.index, []).append(n)
        for index in sorted(by_source):
            self.w("inherit (")
            self.show(e.inherit_from[index])
            self.w(")", *(" " + attr_name(n) for n in by_source[index]), "; ")
        for n in plain:
            self.w(attr_name(n), " = ")
            self.show(e.attrs[n].value)
            self.w("; ")
        for d in e.dynamic:
            self.w('"${')
            self.show(d.key)
            self.w('}" = ')
            self.show(d.value)
            self.w("; ")

    def s_AttrSet(self, e: A.AttrSet) -> None:
        self.w("rec { " if e.rec else "{ ")
        self.bindings(e)
        self.w("}")

    def s_List(self, e: A.List) -> None:
        self.w("[ ")
        for item in e.items:
            self.w("(")
            self.show(item)
            self.w(") ")
        self.w("]")

    def s_Lambda(self, e: A.Lambda) -> None:
        self.w("(")
        if e.formals is not None:
            self.w("{ ")
            for i, formal in enumerate(sorted(e.formals.params, key=lambda f: f.name)):
                if i:
                    self.w(", ")
                self.w(formal.name)
                if formal.default is not None:
                    self.w(" ? ")
                    self.show(formal.default)
            if e.formals.ellipsis:
                self.w(", ..." if e.formals.params else "...")
            self.w(" }")
            if e.param is not None:
                self.w(" @ ")
        if e.param is not None:
            self.w(e.param)
        self.w(": ")
        self.show(e.body)
        self.w(")")

    def s_Apply(self, e: A.Apply) -> None:
        args: list[A.Expr] = []
        fn: A.Expr = e
        while isinstance(fn, A.Apply):
            args.append(fn.arg)
            fn = fn.fn
        self.w("(")
        self.show(fn)
        for arg in reversed(args):
            self.w(" ")
            self.show(arg)
        self.w(")")

    def s_Let(self, e: A.Let) -> None:
        self.w("(let ")
        self.bindings(e.bindings)
        self.w("in ")
        self.show(e.body)
        self.w(")")

    def s_With(self, e: A.With) -> None:
        self.w("(with ")
        self.show(e.env)
        self.w("; ")
        self.show(e.body)
        self.w(")")

    def s_Assert(self, e: A.Assert) -> None:
        self.w("assert ")
        self.show(e.cond)
        self.w("; ")
        self.show(e.body)

    def s_If(self, e: A.If) -> None:
        self.w("(if ")
        self.show(e.cond)
        self.w(" then ")
        self.show(e.then)
        self.w(" else ")
        self.show(e.else_)
        self.w(")")

    def s_Not(self, e: A.Not) -> None:
        self.w("(! ")
        self.show(e.expr)
        self.w(")")

    def s_Negate(self, e: A.Negate) -> None:
        self.w("(__sub 0 ")
        self.show(e.expr)
        self.w(")")

    def s_BinOp(self, e: A.BinOp) -> None:
        desugared = _CALLS.get(e.op)
        if desugared is None:
            self.w("(")
            self.show(e.left)
            self.w(" ", e.op, " ")
            self.show(e.right)
            self.w(")")
            return
        name, swap, negate = desugared
        first, second = (e.right, e.left) if swap else (e.left, e.right)
        self.w("(! " if negate else "", "(", name, " ")
        self.show(first)
        self.w(" ")
        self.show(second)
        self.w(")", ")" if negate else "")


_CALLS = {"-": ("__sub", False, False), "*": ("__mul", False, False), "/": ("__div", False, False),
          "<": ("__lessThan", False, False), ">": ("__lessThan", True, False),
          "<=": ("__lessThan", True, True), ">=": ("__lessThan", False, True)}
"""Operators CppNix's parser turns into calls of builtins: (builtin, operands swapped, result negated)."""
