"""Code generation: a resolved Nix syntax tree becomes one Python expression.

Every Nix lambda becomes a Python `lambda`, every thunk body a zero-argument
`lambda`; forcing a value or calling a function is a `yield` expression, so a
lambda containing one is a generator that the scheduler drives. Bindings
(`let`, `rec`, formals) are walrus assignments inside a tuple whose last item
is the body, so recursive bindings close over each other's cells.

Three ways to compile an expression:
- `strict`: a Python expression giving its value in weak head normal form;
- `lazy`: a Python expression that never yields, giving a value or a `Thunk`;
- `tail`: like `strict`, except that an application in tail position is
  returned as a tail call `(f, x)` instead of being performed.

Every generated node carries the Nix position of the expression it comes
from, so Python's own position tables map generated code back to Nix source.
"""

from __future__ import annotations

import ast as P
import os
from typing import Any, Callable, Sequence, cast

from ..vm.coerce import canonical_path
from ..vm.errors import ParseError, Source, Span
from . import ast as A
from .scope import Dynamic, Global, Local, Resolution
from .plain import plain_form
from .unit import CompiledUnit

CONSTANT_GLOBALS = {"true": True, "false": False, "null": None}


def _pos(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.col, span.end_line, span.end_col)


class CodeGen:
    """Compiles one resolved tree; see the module docstring for the scheme."""

    def __init__(self, res: Resolution, source: Source, base_dir: str, home: str,
                 features: frozenset[str] = frozenset(), lints: dict[str, str] | None = None,
                 warn: Callable[[str, Span], None] | None = None, lazy_globals: frozenset[str] = frozenset(),
                 count_calls: bool = False) -> None:
        self.res = res
        self.count_calls = count_calls
        """Whether every lambda body first calls `count_call()` (for `NIX_SHOW_STATS`)."""
        self.lazy_globals = lazy_globals
        """Global names whose values may be unevaluated (the scope of `scopedImport`)."""
        self.lints = lints or {}
        self.warn = warn
        self.source = source
        self.base_dir = base_dir
        self.home = home
        self.features = features
        self.unit = CompiledUnit(None)
        self.counter = 0
        self.unassigned: set[str] = set()
        """Python names of bindings in an open recursive group not assigned yet."""
        self.inherit_sources: Sequence[str] = ()
        self.global_attrs: dict[str, str] = {}
        """Python names bound at load time to global attributes (`builtins.div`), by dotted path."""
        self.direct_calls: dict[tuple[str, int], str] = {}
        """Python names of direct calls (`CompiledUnit.calls`), by what they call."""
        self.aliases: dict[str, str] = {}
        """Python names of bindings that are a global or a global's attribute → which (`note_aliases`)."""

    # -- small builders -------------------------------------------------

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def at(self, node: P.expr, span: Span) -> P.expr:
        node.lineno, node.end_lineno = span.line, max(span.end_line, span.line)
        node.col_offset = span.col - 1
        node.end_col_offset = span.end_col - 1 if span.end_line > span.line else max(span.end_col - 1, span.col - 1)
        return node

    def const(self, kind: str, data: Any) -> P.Name:
        """A module-level constant built at load time (paths, spans, `__curPos` sets)."""
        name = self.fresh("K_")
        self.unit.consts[name] = (kind, data)
        return _name(name)

    def global_ref(self, name: str) -> P.expr:
        if name in CONSTANT_GLOBALS:
            return P.Constant(CONSTANT_GLOBALS[name])
        py = "G_" + "".join(c if c.isalnum() or c == "_" else f"_{ord(c)}_" for c in name)
        self.unit.globals_used[py] = name
        return _name(py)

    def global_attr(self, e: A.Expr, key: A.AttrKey) -> P.Name | None:
        """For `builtins.div` (a global's attribute, by a static name): a module-level name bound at load
        time to that attribute's value if it is evaluated then, else to None (see `runtime.load_unit`).
        None where `e` with `key` is not such a select."""
        if type(e) is not A.Var or not isinstance(key, str):
            return None
        r = self.res.vars[id(e)]
        if not isinstance(r, Global) or r.name in CONSTANT_GLOBALS:
            return None
        path = f"{r.name}.{key}"
        py = self.global_attrs.get(path)
        if py is None:
            py = self.global_attrs[path] = self.fresh("B_")
            self.unit.globals_used[py] = path
        return _name(py)

    def deferred(self, build: Callable[[], P.expr]) -> P.expr:
        """Compile code that runs later (a thunk or lambda body): no binding is pending there."""
        saved, self.unassigned = self.unassigned, set()
        try:
            return build()
        finally:
            self.unassigned = saved

    def thunk(self, e: A.Expr) -> P.expr:
        body = _lambda([], self.deferred(lambda: self.tail(e)))
        if type(e) is A.Apply:
            application = self.application_thunk(cast(A.Apply, e), body)
            if application is not None:
                return self.at(application, e.span)
        return self.at(_call("new_thunk", body), e.span)

    def application_thunk(self, e: A.Apply, body: P.Lambda) -> P.expr | None:
        """For a call of a variable to arguments at hand (`f x 1`): a thunk whose body is the call itself,
        `(f, x, site)`, when `f` is evaluated already (no closure, and forcing it runs no body of its own);
        `body` otherwise. None where that does not apply."""
        fn, args = _unapplied(e)
        if type(fn) is not A.Var or not all(self.at_hand(a) for a in args):
            return None
        r = self.res.vars[id(fn)]
        if isinstance(r, Global) and r.name not in self.lazy_globals:
            f: P.expr = self.global_ref(r.name)
        elif isinstance(r, Local) and r.pyname not in self.unassigned:
            f = _name(r.pyname)
        else:
            return None
        compiled = [self.lazy(a) for a in args]
        site = self.const("span", _pos(e.span))

        def call(fn: P.expr) -> P.expr:
            arg = compiled[0] if len(compiled) == 1 else P.Tuple(compiled, P.Load())
            return P.Tuple([fn, arg, site], P.Load())
        if isinstance(r, Global):
            return _call("new_thunk", call(f))
        evaluated = P.IfExp(P.Compare(P.Attribute(f, "fn", P.Load()), [P.Is()], [P.Constant(None)]),
                            call(P.Attribute(f, "value", P.Load())), body)
        ready = P.Compare(P.Attribute(f, "__class__", P.Load()), [P.IsNot()], [_name("Thunk")])
        return _call("new_thunk", P.IfExp(ready, call(f), evaluated))

    def at_hand(self, e: A.Expr) -> bool:
        """Whether `e`, passed lazily, is a value or variable at hand (nothing to allocate or compute)."""
        t = type(e)
        if t in (A.Int, A.Float, A.Str):
            return True
        if t is A.Var:
            r = self.res.vars[id(e)]
            return isinstance(r, Global) or isinstance(r, Local) and r.pyname not in self.unassigned
        return False

    def force(self, value: P.expr, span: Span) -> P.expr:
        """`value` forced: read an evaluated thunk inline, yield an unevaluated one."""
        first: P.expr
        if isinstance(value, P.Name):
            v, first = value, value
        else:
            tmp = self.fresh("t_")
            v, first = _name(tmp), P.NamedExpr(_store(tmp), value)
        node = P.IfExp(
            P.Compare(P.Attribute(first, "__class__", P.Load()), [P.IsNot()], [_name("Thunk")]),
            v,
            P.IfExp(P.Compare(P.Attribute(v, "fn", P.Load()), [P.Is()], [P.Constant(None)]),
                    P.Attribute(v, "value", P.Load()), P.Yield(v)))
        return self.at(node, span)

    # -- entry point ----------------------------------------------------

    def python_tree(self, e: A.Expr) -> P.Expression:
        """The Python syntax tree of the whole file: one zero-argument lambda."""
        body = _lambda([], self.deferred(lambda: self.tail(e)))
        tree = P.Expression(self.at(body, e.span))
        P.fix_missing_locations(tree)
        return tree

    def compile_root(self, e: A.Expr) -> CompiledUnit:
        """Compile the whole file into a CompiledUnit: its plain form, and its generator form for the twins.

        Stats mode counts calls inside bodies, which a plain run abandoned
        and rerun would count twice: there, compiled code is only generators.
        """
        tree = self.python_tree(e)
        gen_code = compile(tree, self.source.path, "eval")
        if self.count_calls:
            self.unit.code = gen_code
        else:
            self.unit.code = compile(plain_form(tree), self.source.path, "eval")
            self.unit.gen_code = gen_code
        return self.unit

    # -- the three modes -------------------------------------------------

    def lazy(self, e: A.Expr) -> P.expr:
        t = type(e)
        if t in (A.Int, A.Float, A.Str, A.Uri, A.Path, A.CurPos):
            return self.strict(e)
        if t is A.Var:
            r = self.res.vars[id(e)]
            if isinstance(r, Global):
                return self.global_ref(r.name)
            if isinstance(r, Local) and r.pyname not in self.unassigned:
                return self.at(_name(r.pyname), e.span)
            return self.thunk(e)
        if t is A.Lambda or t is A.List:
            return self.strict(e)
        if t is A.AttrSet and not cast(A.AttrSet, e).rec and not cast(A.AttrSet, e).dynamic:
            return self.strict(e)
        return self.thunk(e)

    def argument(self, e: A.Expr) -> P.expr:
        """A function argument: lazy, except `n - 1`-like arithmetic computed at once when it cannot fail."""
        if type(e) is A.BinOp:
            eager = self.eager_arith(e)
            if eager is not None:
                return eager
        return self.lazy(e)

    def tail(self, e: A.Expr) -> P.expr:
        t = type(e)
        if t is A.Apply:
            # The third element is the call site, for error traces (the frame is gone when the call runs).
            site = self.const("span", _pos(e.span))
            request = self.call(cast(A.Apply, e))
            request.elts.append(site)
            return self.at(request, e.span)
        if t is A.If:
            return self.compile_if(cast(A.If, e), self.tail)
        if t is A.Let:
            return self.compile_let(cast(A.Let, e), self.tail)
        if t is A.With:
            return self.compile_with(cast(A.With, e), self.tail)
        if t is A.Assert:
            return self.compile_assert(cast(A.Assert, e), self.tail)
        if t is A.BinOp and cast(A.BinOp, e).op in ("|>", "<|"):
            return self.compile_pipe(cast(A.BinOp, e), tail=True)
        return self.strict(e)

    def strict(self, e: A.Expr) -> P.expr:
        method = getattr(self, "c_" + type(e).__name__)
        return self.at(method(e), e.span)

    # -- expressions -----------------------------------------------------

    def c_Int(self, e: A.Int) -> P.expr:
        return P.Constant(e.value)

    def c_Float(self, e: A.Float) -> P.expr:
        return P.Constant(e.value)

    def c_Str(self, e: A.Str) -> P.expr:
        return P.Constant(e.value)

    def lint(self, kind: str, span: Span, fatal: str, warning: str | None = None) -> None:
        """Report a literal that `--lint-KIND-literals warn|fatal` asks about."""
        level = self.lints.get(kind)
        if level == "fatal":
            raise ParseError(f"{fatal} (lint-{kind}-literals)", span)
        if level == "warn" and self.warn is not None:
            self.warn(f"{warning or fatal} (lint-{kind}-literals)", span)

    def c_Uri(self, e: A.Uri) -> P.expr:
        self.lint("url", e.span, f'URL literals are disallowed. Consider using a string literal "{e.value}" instead',
                  f'URL literals are discouraged. Consider using a string literal "{e.value}" instead')
        return P.Constant(e.value)

    def lint_path(self, text: str, kind: str, span: Span) -> None:
        if kind == "relative" and not text.startswith("."):
            self.lint("short-path", span, f"relative path literal '{text}' should be prefixed with '.' for "
                      f"clarity: './{text}'")
        elif kind != "relative":
            what = "home" if kind == "home" else "absolute"
            self.lint("absolute-path", span, f"{what} path literals are not portable. Consider replacing path "
                      f"literal '{text}' by a string, relative path, or parameter")

    def c_Path(self, e: A.Path) -> P.expr:
        self.lint_path(e.value, e.kind, e.span)
        return self.const("path", self.resolve_path(e.value, e.kind))

    def resolve_path(self, text: str, kind: str) -> str:
        if kind == "home":
            text = self.home + text[1:]
        elif kind == "relative":
            text = os.path.join(self.base_dir, text)
        trailing = "/" if text.endswith("/") and len(text) > 1 else ""
        return canonical_path(text) + trailing

    def c_InterpPath(self, e: A.InterpPath) -> P.expr:
        first, rest = e.parts[0], e.parts[1:]
        assert isinstance(first, A.Str)
        self.lint_path(first.value, e.kind, e.span)
        prefix = self.resolve_path(first.value, e.kind) if first.value else ""
        parts = [P.Constant(prefix)] + [self.strict(p) for p in rest]
        return P.Yield(_call("interpolate_path", P.Tuple(parts, P.Load())))

    def c_InterpString(self, e: A.InterpString) -> P.expr:
        parts = [self.strict(p) for p in e.parts]
        # Where each `${}` is, for the trace of a value that cannot be coerced (CppNix's `path segment` line).
        spans = self.const("spans", [None if isinstance(p, A.Str) else _pos(p.span) for p in e.parts])
        return self.settle(_call("interpolate", P.Tuple(parts, P.Load()), spans))

    def c_CurPos(self, e: A.CurPos) -> P.expr:
        return self.const("curpos", _pos(e.span))

    def c_Var(self, e: A.Var) -> P.expr:
        r = self.res.vars[id(e)]
        if isinstance(r, Local):
            return self.force(self.at(_name(r.pyname), e.span), e.span)
        if isinstance(r, Global):
            if r.name in self.lazy_globals:
                return self.force(self.global_ref(r.name), e.span)
            return self.global_ref(r.name)
        assert isinstance(r, Dynamic)
        withs = P.Tuple([_name(w) for w in r.withs], P.Load())
        return self.settle(_call("with_lookup", P.Constant(r.name), withs))

    def settle(self, call: P.expr) -> P.expr:
        """The value of a helper that answers at once or hands back a thunk or generator to yield."""
        r, c = self.fresh("s_"), self.fresh("k_")
        cls = P.NamedExpr(_store(c), P.Attribute(P.NamedExpr(_store(r), call), "__class__", P.Load()))
        ready = P.BoolOp(P.And(), [P.Compare(cls, [P.IsNot()], [_name("Thunk")]),
                                   P.Compare(_name(c), [P.IsNot()], [_name("GeneratorType")])])
        return P.IfExp(ready, _name(r), P.Yield(_name(r)))

    def key(self, k: A.AttrKey) -> P.expr:
        """An attribute name: a constant, or a dynamic key's value."""
        return P.Constant(k) if isinstance(k, str) else self.strict(k)

    def keys(self, path: list[A.AttrKey]) -> P.expr:
        return P.Tuple([self.key(k) for k in path], P.Load())

    def c_Select(self, e: A.Select) -> P.expr:
        obj = self.strict(e.expr)
        name = _one_name(e.path)
        if e.default is None:
            if len(e.path) == 1:
                selected = self.settle(_call("select_attr", obj, self.key(e.path[0])))
                bound = self.global_attr(e.expr, e.path[0])
                if bound is None:
                    return selected
                return P.IfExp(P.Compare(bound, [P.IsNot()], [P.Constant(None)]), bound, selected)
            return self.settle(_call("select", obj, self.keys(e.path)))
        if name is not None:
            return self.settle(_call("select_attr_or", obj, P.Constant(name), self.lazy(e.default)))
        return self.settle(_call("select_or", obj, self.keys(e.path), self.lazy(e.default)))

    def c_HasAttr(self, e: A.HasAttr) -> P.expr:
        if len(e.path) == 1:
            return _call("has_attr_named", self.strict(e.expr), self.key(e.path[0]))  # a bool at once
        return self.settle(_call("has_attr", self.strict(e.expr), self.keys(e.path)))

    def c_InheritFrom(self, e: A.InheritFrom) -> P.expr:
        return self.force(_name(self.inherit_sources[e.index]), e.span)

    def c_List(self, e: A.List) -> P.expr:
        return P.List([self.lazy(i) for i in e.items], P.Load())

    def c_AttrSet(self, e: A.AttrSet) -> P.expr:
        if e.rec:
            names = self.binding_names(e)
            if "__overrides" in names:
                return self.compile_bindings(e, e, lambda: self.overridden_value(e, names))
            return self.compile_bindings(e, e, lambda: self.attrset_value(e, names))
        steps, sources = self.inherit_steps(e)
        value = self.attrset_value(e, None, sources)
        return _seq(steps + [value]) if steps else value

    def binding_names(self, node: A.Let | A.AttrSet) -> dict[str, str]:
        attrs = node.bindings.attrs if isinstance(node, A.Let) else node.attrs
        return {name: self.res.binder(node, name) for name in attrs}

    def inherit_steps(self, s: A.AttrSet) -> tuple[list[P.expr], list[str]]:
        """Assign each `inherit (e)` source to a fresh variable, shared by the attributes it provides.

        Returns the assignments and the variables' names (a source may itself
        contain sets with `inherit (e)`, so nothing is kept on `self`).
        """
        steps: list[P.expr] = []
        sources: list[str] = []
        for src in s.inherit_from:
            tmp = self.fresh("f_")
            steps.append(P.NamedExpr(_store(tmp), self.lazy(src)))
            sources.append(tmp)
        return steps, sources

    def binding_value(self, s: A.AttrSet, b: A.Binding, sources: Sequence[str]) -> P.expr:
        v = b.value
        if isinstance(v, A.Select) and isinstance(v.expr, A.InheritFrom):
            saved, self.inherit_sources = self.inherit_sources, sources
            try:
                return self.thunk(v)
            finally:
                self.inherit_sources = saved
        return self.lazy(v)

    def attrset_value(self, s: A.AttrSet, names: dict[str, str] | None, sources: Sequence[str] = ()) -> P.expr:
        keys: list[P.expr | None] = []
        values: list[P.expr] = []
        for name, b in s.attrs.items():
            keys.append(self.const("attr", (name, _pos(b.span))))
            values.append(_name(names[name]) if names is not None else self.binding_value(s, b, sources))
        d: P.expr = P.Dict(keys, values)
        if s.dynamic:
            dyn: list[P.expr] = [P.Tuple([self.strict(x.key), self.lazy(x.value), self.const("span", _pos(x.span))], P.Load())
                   for x in s.dynamic]
            d = P.Yield(_call("add_dynamic_attrs", d, P.Tuple(dyn, P.Load())))
        return d

    def overridden_value(self, s: A.AttrSet, names: dict[str, str]) -> P.expr:
        """A rec set with `__overrides`: its attributes replace the set's own, also for references inside it."""
        ov = self.fresh("o_")
        steps: list[P.expr] = [P.NamedExpr(_store(ov), _call("overrides_of", self.force(_name(names["__overrides"]),
                                                                                     s.span)))]
        for name, py in names.items():
            present = P.Compare(P.Constant(name), [P.In()], [_name(ov)])
            steps.append(P.NamedExpr(_store(py), P.IfExp(present, P.Subscript(_name(ov), P.Constant(name), P.Load()),
                                                         _name(py))))
        merged = P.Dict([None, None], [self.attrset_value(s, names), _name(ov)])
        return _seq(steps + [merged])

    def compile_bindings(self, node: A.Let | A.AttrSet, s: A.AttrSet, body: Callable[[], P.expr]) -> P.expr:
        """Assign a recursive group of bindings (rec set or let), then evaluate `body`."""
        names = self.binding_names(node)
        self.note_aliases(s, names)
        saved = self.unassigned
        self.unassigned = saved | set(names.values())
        try:
            steps, sources = self.inherit_steps(s)
            for name, b in s.attrs.items():
                steps.append(P.NamedExpr(_store(names[name]), self.binding_value(s, b, sources)))
                self.unassigned.discard(names[name])
            steps.append(body())
        finally:
            self.unassigned = saved
        return _seq(steps)

    def compile_let(self, e: A.Let, mode: Callable[[A.Expr], P.expr]) -> P.expr:
        return self.at(self.compile_bindings(e, e.bindings, lambda: mode(e.body)), e.span)

    def c_Let(self, e: A.Let) -> P.expr:
        return self.compile_let(e, self.strict)

    def compile_with(self, e: A.With, mode: Callable[[A.Expr], P.expr]) -> P.expr:
        py = self.res.withs[id(e)]
        return self.at(_seq([P.NamedExpr(_store(py), self.lazy(e.env)), mode(e.body)]), e.span)

    def c_With(self, e: A.With) -> P.expr:
        return self.compile_with(e, self.strict)

    def compile_assert(self, e: A.Assert, mode: Callable[[A.Expr], P.expr]) -> P.expr:
        c = self.fresh("c_")
        test = P.Compare(P.NamedExpr(_store(c), self.strict(e.cond)), [P.Is()], [P.Constant(True)])
        cond = e.cond
        if isinstance(cond, A.BinOp) and cond.op == "==":
            # CppNix evaluates both sides again to explain the difference.
            fail: P.expr = P.Yield(_call("equality_assertion_failed", _name(c), P.Constant(self.shown(cond)),
                                 self.deferred(lambda: self.lazy(cond.left)),
                                 self.deferred(lambda: self.lazy(cond.right)),
                                 self.const("span", _pos(cond.op_span)), self.const("span", _pos(e.span))))
        else:
            fail = _call("assertion_failed", _name(c), P.Constant(self.shown(cond)))
        return self.at(P.IfExp(test, mode(e.body), self.at(fail, e.span)), e.span)

    def shown(self, e: A.Expr) -> str:
        """The text of `e` as CppNix shows it in messages: path literals resolved, as it parsed them."""
        from .show import show
        return show(e, self.base_dir, self.home)

    def c_Assert(self, e: A.Assert) -> P.expr:
        return self.compile_assert(e, self.strict)

    def compile_if(self, e: A.If, mode: Callable[[A.Expr], P.expr]) -> P.expr:
        c = self.fresh("c_")
        test = P.Compare(P.NamedExpr(_store(c), self.strict(e.cond)), [P.Is()], [P.Constant(True)])
        bad = self.at(_call("not_a_boolean", _name(c), P.Constant("while evaluating a branch condition")),
                      e.cond.span)
        other = P.IfExp(P.Compare(_name(c), [P.Is()], [P.Constant(False)]), mode(e.else_), bad)
        return self.at(P.IfExp(test, mode(e.then), other), e.span)

    def c_If(self, e: A.If) -> P.expr:
        return self.compile_if(e, self.strict)

    def c_Lambda(self, e: A.Lambda) -> P.expr:
        if e.formals is None:
            assert e.param is not None  # a lambda without formals names its parameter
            param = self.res.binder(e, e.param)
            self.register_lambda(param, e)
            return _lambda([param], self.lambda_body(lambda: self.tail(e.body)))
        param = self.res.binder(e, e.param) if e.param is not None else self.fresh("arg_")
        self.register_lambda(param, e)
        return _lambda([param], self.lambda_body(lambda: self.formals_body(e, param)))

    def lambda_body(self, build: Callable[[], P.expr]) -> P.expr:
        body = self.deferred(build)
        return _seq([_call("count_call"), body]) if self.count_calls else body

    def register_lambda(self, param: str, e: A.Lambda) -> None:
        formals = None
        if e.formals is not None:
            formals = [(f.name, f.default is not None, _pos(f.span)) for f in e.formals.params]
        ellipsis = e.formals.ellipsis if e.formals is not None else False
        self.unit.lambdas[param] = (e.name, _pos(e.span), e.param, formals, ellipsis)

    def formals_body(self, e: A.Lambda, param: str) -> P.expr:
        assert e.formals is not None
        s = self.fresh("s_")
        steps: list[P.expr] = [
            P.NamedExpr(_store(s), self.force(_name(param), e.span)),
            self.at(_call("check_formals", _name(s), _name("I_" + param)), e.span),
        ]
        names = {f.name: self.res.binder(e, f.name) for f in e.formals.params}
        if e.param is not None and e.param in names:
            names.pop(e.param)
        saved = self.unassigned
        self.unassigned = set(names.values())
        try:
            ordered = sorted(e.formals.params, key=lambda f: f.default is not None)
            for f in ordered:
                if f.name not in names:
                    continue
                get = P.Subscript(_name(s), P.Constant(f.name), P.Load())
                if f.default is None:
                    value: P.expr = get
                else:
                    present = P.Compare(P.Constant(f.name), [P.In()], [_name(s)])
                    value = P.IfExp(present, get, self.lazy(f.default))
                steps.append(P.NamedExpr(_store(names[f.name]), value))
                self.unassigned.discard(names[f.name])
            steps.append(self.tail(e.body))
        finally:
            self.unassigned = saved
        return _seq(steps)

    def call(self, e: A.Apply) -> P.Tuple:
        """The function and argument of a call request; `f a b ...` is one request whose argument is the
        tuple of arguments (no Nix value is a tuple), made without a round trip per argument."""
        fn, args = _unapplied(e)
        compiled = [self.argument(a) for a in args]
        return P.Tuple([self.strict(fn), compiled[0] if len(compiled) == 1 else P.Tuple(compiled, P.Load())],
                       P.Load())

    def c_Apply(self, e: A.Apply) -> P.expr:
        """A call made here. That of a global or a global's attribute (`map f xs`, `builtins.div a b`) is
        marked for the plain form (`compiler/plain.py`) to call what that function is when the code is
        loaded, directly."""
        request = self.call(e)
        fn, args = _unapplied(e)
        callee = self.global_path(fn)
        if callee is not None:
            site = (callee, len(args))
            py = self.direct_calls.get(site)
            if py is None:
                py = self.direct_calls[site] = self.fresh("D_")
                self.unit.calls[py] = site
            request.direct = (py, self.unforced(fn))  # type: ignore[attr-defined]
        return P.Yield(request)

    def unforced(self, fn: A.Expr) -> P.expr:
        """What names the function `global_path` knows, as it is, unforced (a direct call's first argument)."""
        if type(fn) is A.Select:
            s = cast(A.Select, fn)
            return cast(P.expr, self.global_attr(s.expr, s.path[0]))
        r = self.res.vars[id(fn)]
        return self.global_ref(r.name) if isinstance(r, Global) else _name(cast(Local, r).pyname)

    def global_path(self, e: A.Expr) -> str | None:
        """`map` or `builtins.div`, where `e` is a global or a global's attribute by a static name, or a
        variable bound to one (`aliases`)."""
        if type(e) is A.Select:
            s = cast(A.Select, e)
            if s.default is None and len(s.path) == 1 and isinstance(s.path[0], str) and type(s.expr) is A.Var:
                r = self.res.vars[id(s.expr)]
                if isinstance(r, Global) and r.name not in CONSTANT_GLOBALS:
                    return f"{r.name}.{s.path[0]}"
            return None
        if type(e) is A.Var:
            r = self.res.vars[id(e)]
            if isinstance(r, Global) and r.name not in CONSTANT_GLOBALS:
                return r.name
            if isinstance(r, Local):
                return self.aliases.get(r.pyname)
        return None

    def note_aliases(self, s: A.AttrSet, names: dict[str, str]) -> None:
        """Note the bindings of a let or rec set that are a global or a global's attribute by a static name
        (`inherit (builtins) head;`, `length = builtins.length;`, `inherit map;`): calls of them are calls of
        that (`global_path`). Not in a set with `__overrides`, which may replace them."""
        if "__overrides" in names:
            return
        for name, b in s.attrs.items():
            v = b.value
            if type(v) is A.Select and cast(A.Select, v).default is None and len(cast(A.Select, v).path) == 1:
                source = cast(A.Select, v).expr
                if type(source) is A.InheritFrom:
                    source = s.inherit_from[cast(A.InheritFrom, source).index]
                v = A.Select(source, cast(A.Select, v).path, None, v.span)
            path = self.global_path(v)
            if path is not None:
                self.aliases[names[name]] = path

    def c_Not(self, e: A.Not) -> P.expr:
        c = self.fresh("c_")
        test = P.Compare(P.Attribute(P.NamedExpr(_store(c), self.strict(e.expr)), "__class__", P.Load()),
                         [P.Is()], [_name("bool")])
        return P.IfExp(test, P.UnaryOp(P.Not(), _name(c)),
                       _call("not_a_boolean", _name(c), P.Constant("in the argument of the not operator")))

    def c_Negate(self, e: A.Negate) -> P.expr:
        return _call("op_sub", P.Constant(0), self.strict(e.expr))

    def compile_pipe(self, e: A.BinOp, tail: bool) -> P.expr:
        if "pipe-operators" not in self.features:
            raise ParseError("experimental Nix feature 'pipe-operators' is disabled; add "
                             "'--extra-experimental-features pipe-operators' to enable it", e.op_span)
        fn, arg = (e.right, e.left) if e.op == "|>" else (e.left, e.right)
        call = P.Tuple([self.strict(fn), self.argument(arg)], P.Load())
        return self.at(call if tail else P.Yield(call), e.span)

    def c_BinOp(self, e: A.BinOp) -> P.expr:
        op = e.op
        if op in ("|>", "<|"):
            return self.compile_pipe(e, tail=False)
        if op in ("&&", "||", "->"):
            return self.logical(e)
        a, b = self.fresh("a_"), self.fresh("b_")
        left = P.NamedExpr(_store(a), self.strict(e.left))
        right = P.NamedExpr(_store(b), self.strict(e.right))
        # CppNix reports a failed `+` at its right operand (the element it was adding), others at the operator.
        if op == "+":
            operands = self.const("spans", (_pos(e.left.span), _pos(e.right.span)))
            slow = self.at(P.Yield(_call("op_add", _name(a), _name(b), operands)), e.right.span)
        else:
            slow = self.at(self.generic_op(op, _name(a), _name(b), e.op_span), e.op_span)
        # Fast paths for the common scalar cases, inline; everything else calls the generic operation.
        if op in ("==", "!="):
            t = self.fresh("t_")
            same = P.Compare(P.NamedExpr(_store(t), P.Attribute(left, "__class__", P.Load())), [P.Is()],
                             [P.Attribute(right, "__class__", P.Load())])
            test = P.BoolOp(P.And(), [same, P.Compare(_name(t), [P.In()], [_name("SCALAR_TYPES")])])
            fast = P.Compare(_name(a), [P.Eq() if op == "==" else P.NotEq()], [_name(b)])
            return self.at(P.IfExp(test, fast, slow), e.op_span)
        if op in _INT_COMPARE:
            fast = P.Compare(_name(a), [_INT_COMPARE[op]()], [_name(b)])
            # `a > b` and `a <= b` are CppNix's `__lessThan b a`: the right operand is evaluated first.
            first, second = (right, left) if op in _RIGHT_FIRST else (left, right)
            return self.at(P.IfExp(_both_int(first, second), fast, slow), e.op_span)
        if op in _INT_ARITH:
            return self.at(self.int_arith(op, left, right, _name(a), _name(b), slow), e.op_span)
        if op == "/":
            # Integers, the dividend not negative and the divisor positive: truncating is flooring, and fits.
            usual = P.Compare(_name(a), [P.GtE(), P.Lt()], [P.Constant(0), _name(b)])
            quotient = P.BinOp(_name(a), P.FloorDiv(), _name(b))
            return self.at(P.IfExp(P.BoolOp(P.And(), [_both_int(left, right), usual]), quotient, slow), e.op_span)
        return self.at(_seq([left, right, slow]), e.op_span)

    def int_arith(self, op: str, left: P.expr, right: P.expr, a: P.expr, b: P.expr, otherwise: P.expr) -> P.expr:
        """`a op b` computed inline when both are integers and the result fits in 64 bits."""
        r = self.fresh("r_")
        in_range = P.Compare(_int(INT_MIN), [P.LtE(), P.LtE()],
                             [P.NamedExpr(_store(r), P.BinOp(a, _INT_ARITH[op](), b)), P.Constant(INT_MAX)])
        return P.IfExp(P.BoolOp(P.And(), [_both_int(left, right), in_range]), _name(r), otherwise)

    def generic_op(self, op: str, a: P.expr, b: P.expr, op_span: Span) -> P.expr:
        """The full operation on forced operands `a` and `b`."""
        if op in _FRAMED_OPS:
            # CppNix runs these as builtins (`__sub`, ...): a failure gets that frame at the operator.
            return _call("framed_operator", _name(_PLAIN_OPS[op]), a, b, P.Constant(_FRAMED_OPS[op]),
                         self.const("span", _pos(op_span)))
        if op in _PLAIN_OPS:
            return _call(_PLAIN_OPS[op], a, b)
        if op in _YIELDING_OPS:
            return P.Yield(_call(_YIELDING_OPS[op], a, b))
        if op == "!=":
            return P.UnaryOp(P.Not(), P.Yield(_call("op_eq", a, b)))
        if op == "<=":
            return P.UnaryOp(P.Not(), P.Yield(_call("op_gt", a, b)))
        return P.UnaryOp(P.Not(), P.Yield(_call("op_lt", a, b)))  # ">="

    def eager_arith(self, e: A.BinOp) -> P.expr | None:
        """For `n - 1`-like arguments: the value computed now when it surely cannot fail, else None."""
        if e.op not in _INT_ARITH:
            return None
        operands: list[P.expr] = []
        for x in (e.left, e.right):
            if isinstance(x, A.Int):
                operands.append(P.Constant(x.value))
            elif isinstance(x, A.Var) and isinstance(r := self.res.vars[id(x)], Local) \
                    and r.pyname not in self.unassigned:
                operands.append(_name(r.pyname))
            else:
                return None
        return self.at(self.int_arith(e.op, operands[0], operands[1], operands[0], operands[1], self.thunk(e)),
                       e.span)

    def logical(self, e: A.BinOp) -> P.expr:
        """`&&`, `||` and `->`: short-circuit, both operands must be Booleans."""
        c, d = self.fresh("c_"), self.fresh("c_")
        what = {"&&": "AND (&&)", "||": "OR (||)", "->": "implication (->)"}[e.op]
        right = P.IfExp(
            P.Compare(P.Attribute(P.NamedExpr(_store(d), self.strict(e.right)), "__class__", P.Load()),
                      [P.Is()], [_name("bool")]),
            _name(d), self.at(_call("not_a_boolean", _name(d), P.Constant(f"in the right operand of the {what} operator")),
                              e.right.span))
        left = P.NamedExpr(_store(c), self.strict(e.left))
        short = P.Constant(e.op != "&&")       # the result when the left operand decides
        decides = {"&&": False, "||": True, "->": False}[e.op]
        bad_left = self.at(_call("not_a_boolean", _name(c), P.Constant(f"in the left operand of the {what} operator")),
                           e.left.span)
        return P.IfExp(P.Compare(left, [P.Is()], [P.Constant(decides)]), short,
                       P.IfExp(P.Compare(_name(c), [P.Is()], [P.Constant(not decides)]), right, bad_left))


_INT_COMPARE = {"<": P.Lt, "<=": P.LtE, ">": P.Gt, ">=": P.GtE}
_RIGHT_FIRST = (">", "<=")
_INT_ARITH = {"+": P.Add, "-": P.Sub, "*": P.Mult}
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1


def _both_int(left: P.expr, right: P.expr) -> P.expr:
    """`left` and `right` both evaluated, then both tested for being ints (`&`, not `and`)."""
    def is_int(x: P.expr) -> P.expr:
        return P.Compare(P.Attribute(x, "__class__", P.Load()), [P.Is()], [_name("int")])
    return P.BinOp(is_int(left), P.BitAnd(), is_int(right))


_FRAMED_OPS = {"-": "while calling the 'sub' builtin", "*": "while calling the 'mul' builtin",
               "/": "while calling the 'div' builtin", "++": "while evaluating one of the elements to concatenate"}
_PLAIN_OPS = {"-": "op_sub", "*": "op_mul", "/": "op_div", "//": "op_update", "++": "op_concat"}
_YIELDING_OPS = {"==": "op_eq", "<": "op_lt", ">": "op_gt"}


def _unapplied(e: A.Apply) -> tuple[A.Expr, list[A.Expr]]:
    """The function of `f a b ...` and its arguments, in order."""
    args: list[A.Expr] = []
    fn: A.Expr = e
    while type(fn) is A.Apply:
        args.append(cast(A.Apply, fn).arg)
        fn = cast(A.Apply, fn).fn
    args.reverse()
    return fn, args


def _one_name(path: list[A.AttrKey]) -> str | None:
    """The name of an attribute path that is a single constant name (`x.a`, `x ? a`: the common case, with its
    own helpers), else None."""
    return path[0] if len(path) == 1 and isinstance(path[0], str) else None


def _name(ident: str) -> P.Name:
    return P.Name(ident, P.Load())


def _store(ident: str) -> P.Name:
    return P.Name(ident, P.Store())


def _call(fn: str, *args: P.expr) -> P.Call:
    return P.Call(_name(fn), list(args), [])


def _lambda(params: list[str], body: P.expr) -> P.Lambda:
    args = P.arguments(posonlyargs=[], args=[P.arg(p) for p in params], vararg=None,
                       kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
    return P.Lambda(args, body)


def _seq(steps: list[P.expr]) -> P.expr:
    """Evaluate `steps` in order; the value is the last one's."""
    if len(steps) == 1:
        return steps[0]
    return P.Subscript(P.Tuple(steps, P.Load()), _int(-1), P.Load())


def _int(value: int) -> P.expr:
    """An int as Python source writes it, `-n` for a negative one (compile() folds it into a constant):
    the tree is then what its text (`pynix compile --python`) parses back to."""
    return P.UnaryOp(P.USub(), P.Constant(-value)) if value < 0 else P.Constant(value)
