"""Static name resolution: every identifier becomes a local, a global (builtin) or a `with` lookup.

Lexical bindings always win; the global scope (builtins) is the outermost
lexical scope, so `with` never shadows it either (as in CppNix). A name that
is bound nowhere and is not inside any `with` is an error at its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Container

from ..vm.errors import UndefinedVariableError
from . import ast as A


@dataclass(slots=True, frozen=True)
class Local:
    """A lexically bound variable, held in the Python variable `pyname`."""

    pyname: str


@dataclass(slots=True, frozen=True)
class Global:
    """A name of the global scope (`map`, `true`, `builtins`, ...)."""

    name: str


@dataclass(slots=True, frozen=True)
class Dynamic:
    """A name looked up at run time in the enclosing `with` scopes (Python names, innermost first)."""

    withs: tuple[str, ...]
    name: str


Resolved = Local | Global | Dynamic


class _Scope:
    __slots__ = ("names", "with_name", "parent")

    def __init__(self, parent: "_Scope | None", names: dict[str, str] | None = None,
                 with_name: str | None = None) -> None:
        self.parent = parent
        self.names = names or {}
        self.with_name = with_name


class Resolution:
    """The result of resolving one file: Python names for binders and a target for each variable."""

    def __init__(self) -> None:
        self.vars: dict[int, Resolved] = {}
        """id(Var node) → what it refers to."""
        self.binders: dict[tuple[int, str], str] = {}
        """(id(binding node), Nix name) → Python variable name."""
        self.withs: dict[int, str] = {}
        """id(With node) → Python variable holding its (lazy) scope."""
        self._counter = 0

    def fresh(self, hint: str) -> str:
        """A new Python identifier derived from `hint`, unique in this file."""
        self._counter += 1
        return f"v_{re.sub(r'[^A-Za-z0-9_]', '_', hint)}_{self._counter}"

    def binder(self, node: object, name: str) -> str:
        """The Python name bound to Nix name `name` by `node` (a Lambda, Let or rec AttrSet)."""
        return self.binders[(id(node), name)]


class _Resolver:
    def __init__(self, global_names: Container[str]) -> None:
        self.globals = global_names
        self.res = Resolution()

    def bind(self, node: object, names: list[str], parent: _Scope | None) -> _Scope:
        mapping = {}
        for name in names:
            py = self.res.fresh(name)
            self.res.binders[(id(node), name)] = py
            mapping[name] = py
        return _Scope(parent, mapping)

    def lookup(self, var: A.Var, scope: _Scope | None) -> Resolved:
        withs: list[str] = []
        s = scope
        while s is not None:
            if s.with_name is not None:
                withs.append(s.with_name)
            elif var.name in s.names:
                return Local(s.names[var.name])
            s = s.parent
        if var.name in self.globals:
            return Global(var.name)
        if withs:
            return Dynamic(tuple(withs), var.name)
        raise UndefinedVariableError(f"undefined variable '{var.name}'", var.span)

    def walk(self, root: A.Expr, scope: _Scope | None) -> None:
        """Resolve a whole tree iteratively (deep nesting must not exhaust Python's stack)."""
        work: list[tuple[A.Expr, _Scope | None]] = [(root, scope)]
        while work:
            node, sc = work.pop()
            handler = getattr(self, "visit_" + type(node).__name__, None)
            if handler is None:
                continue
            # Reversed so that children are visited in source order (the first error wins).
            work.extend(reversed(list(handler(node, sc))))

    def visit_Var(self, node: A.Var, sc: _Scope | None):
        self.res.vars[id(node)] = self.lookup(node, sc)
        return ()

    def visit_InterpString(self, node: A.InterpString, sc):
        return [(p, sc) for p in node.parts]

    visit_InterpPath = visit_InterpString

    def _keys(self, path: list[A.AttrKey], sc):
        return [(k, sc) for k in path if not isinstance(k, str)]

    def visit_Select(self, node: A.Select, sc):
        out = [(node.expr, sc)] + self._keys(node.path, sc)
        if node.default is not None:
            out.append((node.default, sc))
        return out

    def visit_HasAttr(self, node: A.HasAttr, sc):
        return [(node.expr, sc)] + self._keys(node.path, sc)

    def _attrs(self, node: A.AttrSet, outer, inner):
        """Children of a set: plain values and `inherit (e)` sources in `inner`, `inherit x` in `outer`."""
        out = [(e, inner) for e in node.inherit_from]
        for b in node.attrs.values():
            if b.inherited and isinstance(b.value, A.Var):
                out.append((b.value, outer))
            else:
                out.append((b.value, inner))
        for d in node.dynamic:
            out.append((d.key, inner))
            out.append((d.value, inner))
        return out

    def visit_AttrSet(self, node: A.AttrSet, sc):
        if not node.rec:
            return self._attrs(node, sc, sc)
        inner = self.bind(node, list(node.attrs), sc)
        return self._attrs(node, sc, inner)

    def visit_Let(self, node: A.Let, sc):
        inner = self.bind(node, list(node.bindings.attrs), sc)
        return self._attrs(node.bindings, sc, inner) + [(node.body, inner)]

    def visit_List(self, node: A.List, sc):
        return [(i, sc) for i in node.items]

    def visit_Lambda(self, node: A.Lambda, sc):
        names = []
        if node.param is not None:
            names.append(node.param)
        if node.formals is not None:
            names.extend(f.name for f in node.formals.params if f.name != node.param)
        inner = self.bind(node, names, sc)
        out = [(node.body, inner)]
        if node.formals is not None:
            out.extend((f.default, inner) for f in node.formals.params if f.default is not None)
        return out

    def visit_Apply(self, node: A.Apply, sc):
        return [(node.fn, sc), (node.arg, sc)]

    def visit_With(self, node: A.With, sc):
        py = self.res.fresh("with")
        self.res.withs[id(node)] = py
        return [(node.env, sc), (node.body, _Scope(sc, with_name=py))]

    def visit_Assert(self, node: A.Assert, sc):
        return [(node.cond, sc), (node.body, sc)]

    def visit_If(self, node: A.If, sc):
        return [(node.cond, sc), (node.then, sc), (node.else_, sc)]

    def visit_Not(self, node: A.Not, sc):
        return [(node.expr, sc)]

    visit_Negate = visit_Not

    def visit_BinOp(self, node: A.BinOp, sc):
        if node.op in (">", "<="):  # CppNix's `__lessThan b a`: the right operand is resolved first
            return [(node.right, sc), (node.left, sc)]
        return [(node.left, sc), (node.right, sc)]


def resolve(expr: A.Expr, global_names: Container[str]) -> Resolution:
    """Resolve every variable of `expr`; raises ParseError for an undefined one."""
    r = _Resolver(global_names)
    r.walk(expr, None)
    return r.res


def check(expr: A.Expr, global_names: Container[str] | None = None) -> None:
    """Raise ParseError if `expr` uses an undefined variable (as `nix-instantiate --parse` does).

    Without `global_names`, the global scope is that of the standard builtins.
    """
    if global_names is None:
        from ..builtins import global_names as standard_globals  # the one upward import, for convenience
        global_names = standard_globals()
    resolve(expr, global_names)
