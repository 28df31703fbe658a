"""Adding bindings to a set or `let` with CppNix's parse-time rules.

`a.b.c = 1;` creates nested sets; two definitions of the same name merge when
both are attribute sets (recursively) and are an error otherwise; `inherit`
and `inherit (e)` add bindings whose source is the enclosing scope or `e`.
"""

from __future__ import annotations

from ..vm.errors import ParseError, Span
from ..vm.printer import attr_name
from .ast import AttrKey, AttrSet, Binding, DynamicBinding, Expr, InheritFrom, Lambda, Select, Str, Var

PathStep = tuple[AttrKey, Span]


def new_attrset(span: Span, rec: bool = False) -> AttrSet:
    return AttrSet(rec, {}, [], [], span)


def static_key(key: AttrKey) -> AttrKey:
    """A key whose expression is a plain string literal is a static name, as in CppNix."""
    return key.value if isinstance(key, Str) else key


def _show_path(path: list[AttrKey]) -> str:
    """An attribute path as CppNix's showAttrPath writes it: names quoted where they are not identifiers."""
    return ".".join(attr_name(k) if isinstance(k, str) else '"${…}"' for k in path)


def _duplicate(path: list[AttrKey], span: Span, previous: Span) -> ParseError:
    return ParseError(f"attribute '{_show_path(path)}' already defined at {previous}", span)


def add_attr(attrs: AttrSet, path: list[PathStep], value: Expr, span: Span) -> None:
    """Bind `path = value;` in `attrs`; `span` is where the attribute path starts."""
    for depth, (key, _) in enumerate(path[:-1]):
        if isinstance(key, str):
            existing = attrs.attrs.get(key)
            if existing is None:
                nested = new_attrset(span)
                attrs.attrs[key] = Binding(nested, span)
            elif isinstance(existing.value, AttrSet) and not existing.inherited:
                nested = existing.value
            else:
                raise _duplicate([k for k, _ in path[:depth + 1]], span, existing.span)
        else:
            nested = new_attrset(span)
            attrs.dynamic.append(DynamicBinding(key, nested, span))
        attrs = nested
    key = path[-1][0]
    if not isinstance(key, str):
        attrs.dynamic.append(DynamicBinding(key, value, span))
        return
    existing = attrs.attrs.get(key)
    if existing is None:
        attrs.attrs[key] = Binding(value, span)
        while isinstance(value, Lambda) and value.name is None:
            value.name = key  # a curried lambda's inner lambdas too (CppNix's ExprLambda::setName)
            value = value.body
    elif isinstance(existing.value, AttrSet) and isinstance(value, AttrSet) and not existing.inherited:
        _merge(existing.value, value, [k for k, _ in path])
    else:
        raise _duplicate([k for k, _ in path], span, existing.span)


def _merge(into: AttrSet, new: AttrSet, path: list[AttrKey]) -> None:
    offset = len(into.inherit_from)
    for name, binding in new.attrs.items():
        _shift_inherit_source(binding, offset)
        existing = into.attrs.get(name)
        if existing is None:
            into.attrs[name] = binding
        elif (isinstance(existing.value, AttrSet) and isinstance(binding.value, AttrSet)
              and not existing.inherited and not binding.inherited):
            _merge(existing.value, binding.value, path + [name])
        else:
            raise _duplicate(path + [name], binding.span, existing.span)
    into.dynamic.extend(new.dynamic)
    into.inherit_from.extend(new.inherit_from)


def _shift_inherit_source(binding: Binding, offset: int) -> None:
    value = binding.value
    if offset and binding.inherited and isinstance(value, Select) and isinstance(value.expr, InheritFrom):
        value.expr.index += offset


def add_inherit(attrs: AttrSet, names: list[tuple[str, Span]], source: Expr | None) -> None:
    """`inherit names;` or, with `source`, `inherit (source) names;`."""
    index = len(attrs.inherit_from)
    if source is not None:
        attrs.inherit_from.append(source)
    for name, span in names:
        existing = attrs.attrs.get(name)
        if existing is not None:
            raise _duplicate([name], span, existing.span)
        if source is None:
            value: Expr = Var(name, span)
        else:
            value = Select(InheritFrom(index, source.span), [name], None, span)
        attrs.attrs[name] = Binding(value, span, inherited=True)
