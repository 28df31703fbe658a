"""The plain form of compiled code: every `(yield request)` becomes the call `R(request)`
(`S(request)` for a call, which needs no dispatch on the kind of request; `C(f, x)` for a call of
one argument).

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
            if len(request.elts) == 2 and not isinstance(request.elts[1], P.Tuple):
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
