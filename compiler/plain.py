"""The plain form of compiled code: every `(yield request)` becomes the call `R(request)`
(`S(request)` for a call, which needs no dispatch on the kind of request; `C(f, x)` for a call of
one argument; `D_n(f, x, y)` for a call the code generator marked as direct).

Compiled functions are made from the plain form; each body that makes
requests keeps its generator form as a twin, which the scheduler runs when a
plain run cannot finish (see `vm/plain.py`).
"""

from __future__ import annotations

import ast as P


class _RequestsAsCalls(P.NodeTransformer):
    def visit_Yield(self, node: P.Yield) -> P.expr:
        self.generic_visit(node)
        request = node.value
        assert request is not None  # compiled code always yields a request
        if isinstance(request, P.Tuple):
            direct = getattr(request, "direct", None)
            if direct is not None:
                # A call marked by the code generator (`f x y`): `D_n(f, x, y)`, `f` as it is, unforced (its
                # variables stay those of the generator form). Only where it is yielded: a body that makes no
                # request returns its tail call, and has no twin to fall back to.
                name, callee = direct
                arg = request.elts[1]
                args = arg.elts if isinstance(arg, P.Tuple) else [arg]
                answer: P.expr = P.Call(P.Name(name, P.Load()), [callee, *args], [])
            elif len(request.elts) == 2 and not isinstance(request.elts[1], P.Tuple):
                answer = P.Call(P.Name("C", P.Load()), request.elts, [])  # `f x`: one argument, no call site
            else:
                answer = P.Call(P.Name("S", P.Load()), [request], [])
        else:
            answer = P.Call(P.Name("R", P.Load()), [request], [])
        return P.copy_location(answer, node)


def plain_form(tree: P.Expression) -> P.Expression:
    """`tree`, turned in place so that every request is answered by a call to `R` or `S` instead of a `yield`
    (compile the generator form first: the tree is not copied)."""
    return P.fix_missing_locations(_RequestsAsCalls().visit(tree))
