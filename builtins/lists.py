"""List builtins: sort, concatMap, any, all, elem, partition, groupBy, genericClosure, catAttrs."""

from __future__ import annotations

from collections import deque
from typing import Any

from ..vm.compare import equal_slots, op_lt, quick_equal
from ..vm.errors import EvalError, NixError
from ..vm.plain import C, force
from ..vm.printer import print_brief
from ..vm.requests import Gen
from ..vm.thunk import Thunk, forced
from ..vm.values import NixString
from .core import force_attrs, force_bool, force_function, force_list
from .arguments import argument, checked, forced_argument
from .registry import STANDARD, builtin, plain_form
from .strings import force_plain_string


# -- sort -------------------------------------------------------------------

_SORT_RESULT = "while evaluating the return value of the sorting function passed to builtins.sort"


def _merge_sort(xs: list, comparator: Any) -> Gen:
    """Generator: `xs` stably sorted by the Nix function `comparator a b` (true when `a` goes before `b`).

    A bottom-up merge sort: it only ever takes elements from its runs, so a
    comparator that is not a strict weak order still yields a permutation.
    Each comparison is one call of two arguments, as CppNix's.
    """
    items = list(xs)
    n = len(items)
    width = 1
    while width < n:
        merged = []
        for lo in range(0, n, 2 * width):
            left, right = items[lo:lo + width], items[lo + width:lo + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                # Take from the right run only when strictly smaller: stability.
                if checked(force_bool, (yield (comparator, (right[j], left[i]))), _SORT_RESULT):
                    merged.append(right[j])
                    j += 1
                else:
                    merged.append(left[i])
                    i += 1
            merged.extend(left[i:])
            merged.extend(right[j:])
        items = merged
        width *= 2
    return items


@builtin("sort", lazy=("comparator",))
def sort(comparator, xs):
    """`xs` stably sorted by `comparator a b` (true when `a` goes before `b`); `comparator` is forced only
    when `xs` is not empty."""
    argument(force_list, xs, 1, "sort")
    if not xs:
        return xs
    comparator = yield from forced_argument(force_function, comparator, 0, "sort")
    values = []
    for x in xs:
        values.append((yield from forced(x)))
    if comparator is STANDARD.values["lessThan"]:
        # CppNix compares directly for `builtins.lessThan`; numbers or strings sort natively.
        if all(v.__class__ is int or v.__class__ is float for v in values):
            return sorted(values)
        if all(v.__class__ is str or v.__class__ is NixString for v in values):
            return sorted(values, key=lambda s: s.encode("utf-8", "surrogateescape"))
    return (yield _merge_sort(values, comparator))


# -- mapping and predicates ---------------------------------------------------

_CONCAT_MAP_RETURNED = "while evaluating the return value of the function passed to builtins.concatMap"


@builtin("concatMap", lazy=("xs",))
def concat_map(f, xs):
    """`concatLists (map f xs)`."""
    argument(force_function, f, 0, "concatMap")
    xs = yield from forced_argument(force_list, xs, 1, "concatMap")
    out: list = []
    for x in xs:
        out.extend(checked(force_list, (yield (f, x)), _CONCAT_MAP_RETURNED))
    return out


@plain_form("concatMap")
def concat_map_plain(f, xs):
    """`concatMap` in plain code: the calls made at once (`vm/plain.py`)."""
    argument(force_function, f, 0, "concatMap")
    out: list = []
    for x in argument(force_list, force(xs), 1, "concatMap"):
        out.extend(checked(force_list, C(f, x), _CONCAT_MAP_RETURNED))
    return out


def _quantifier(name: str, wanted: bool) -> None:
    """Register `any` (wanted = True) or `all` (wanted = False)."""
    returned = f"while evaluating the return value of the function passed to builtins.{name}"

    def quantify(pred, xs):
        argument(force_function, pred, 0, name)
        xs = yield from forced_argument(force_list, xs, 1, name)
        for x in xs:
            if checked(force_bool, (yield (pred, x)), returned) is wanted:
                return wanted
        return not wanted

    def quantify_plain(pred, xs):
        argument(force_function, pred, 0, name)
        for x in argument(force_list, force(xs), 1, name):
            if checked(force_bool, C(pred, x), returned) is wanted:
                return wanted
        return not wanted

    quantify.__doc__ = (f"Whether `pred` is true for {'some' if wanted else 'every'} element of `xs`.")
    builtin(name, lazy=("xs",))(quantify)
    plain_form(name)(quantify_plain)


_quantifier("any", True)
_quantifier("all", False)


@builtin("elem", lazy=("x",))
def elem(x, xs):
    """Whether `x` is equal to some element of `xs` (`x` is forced only when `xs` is not empty)."""
    argument(force_list, xs, 1, "elem")
    for y in xs:
        quick = quick_equal(x, y)
        if quick if quick is not None else (yield equal_slots(x, y)):
            return True
    return False


@builtin("partition", lazy=("xs",))
def partition(pred, xs):
    """`{ right = elements where pred is true; wrong = the others; }`; each element is forced first."""
    argument(force_function, pred, 0, "partition")
    xs = yield from forced_argument(force_list, xs, 1, "partition")
    right, wrong = [], []
    for x in xs:
        if x.__class__ is Thunk:
            yield x
        (right if checked(force_bool, (yield (pred, x)), _PARTITION_RETURNED) else wrong).append(x)
    return {"right": right, "wrong": wrong}


_PARTITION_RETURNED = "while evaluating the return value of the partition function passed to builtins.partition"


@plain_form("partition")
def partition_plain(pred, xs):
    """`partition` in plain code: the calls made at once (`vm/plain.py`)."""
    argument(force_function, pred, 0, "partition")
    right, wrong = [], []
    for x in argument(force_list, force(xs), 1, "partition"):
        force(x)
        (right if checked(force_bool, C(pred, x), _PARTITION_RETURNED) else wrong).append(x)
    return {"right": right, "wrong": wrong}


@builtin("groupBy", lazy=("xs",))
def group_by(f, xs):
    """Elements of `xs` grouped in lists under the name `f x`, in order."""
    argument(force_function, f, 0, "groupBy")
    xs = yield from forced_argument(force_list, xs, 1, "groupBy")
    groups: dict[str, list] = {}
    for x in xs:
        groups.setdefault(checked(force_plain_string, (yield (f, x)), _GROUP_NAME), []).append(x)
    return groups


_GROUP_NAME = "while evaluating the return value of the grouping function passed to builtins.groupBy"


@plain_form("groupBy")
def group_by_plain(f, xs):
    """`groupBy` in plain code: the calls made at once (`vm/plain.py`)."""
    argument(force_function, f, 0, "groupBy")
    groups: dict[str, list] = {}
    for x in argument(force_list, force(xs), 1, "groupBy"):
        groups.setdefault(checked(force_plain_string, C(f, x), _GROUP_NAME), []).append(x)
    return groups


@builtin("catAttrs", lazy=("xs",))
def cat_attrs(name, xs):
    """The values of attribute `name` in those sets of `xs` that have it."""
    key = argument(force_plain_string, name, 0, "catAttrs")
    xs = yield from forced_argument(force_list, xs, 1, "catAttrs")
    out = []
    for x in xs:
        s = checked(force_attrs, (yield from forced(x)), _CAT_ATTRS_ELEMENT)
        if key in s:
            out.append(s[key])
    return out


_CAT_ATTRS_ELEMENT = "while evaluating an element in the list passed as second argument to builtins.catAttrs"


@plain_form("catAttrs")
def cat_attrs_plain(name, xs):
    """`catAttrs` in plain code: each set forced at once (`vm/plain.py`)."""
    key = argument(force_plain_string, name, 0, "catAttrs")
    sets = (checked(force_attrs, force(x), _CAT_ATTRS_ELEMENT) for x in argument(force_list, force(xs), 1, "catAttrs"))
    return [s[key] for s in sets if key in s]


# -- genericClosure -----------------------------------------------------------

def _element_key(e: Any) -> Gen:
    """Generator: the `key` of a genericClosure element, forced, with CppNix's trace line."""
    try:
        s = force_attrs((yield from forced(e)))
        if "key" not in s:
            raise EvalError("attribute 'key' missing")
        return (yield from forced(s["key"]))
    except NixError as err:
        err.add_frame(f"in genericClosure element {print_brief(e, 10)}")
        raise


def _insert_key(done: list[tuple[Any, Any]], key: Any, e: Any) -> Gen:
    """Generator: add `key` to the sorted (key, element) list `done`; False if an equal key is there."""
    lo, hi = 0, len(done)
    while lo < hi:
        mid = (lo + hi) // 2
        other_key, other = done[mid]
        try:
            if (yield op_lt(key, other_key)):
                hi = mid
            elif (yield op_lt(other_key, key)):
                lo = mid + 1
            else:
                return False
        except NixError as err:
            err.add_frame(f"with element {print_brief(other, 10)}")
            err.add_frame(f"while comparing element {print_brief(e, 10)}")
            raise
    done.insert(lo, (key, e))
    return True


def _closure_attr(args: dict, name: str) -> Any:
    if name not in args:
        err = EvalError(f"attribute '{name}' missing")
        err.add_frame("in the attrset passed as argument to builtins.genericClosure")
        raise err
    return args[name]


@builtin("genericClosure")
def generic_closure(args):
    """Every element reachable from `startSet` through `operator`, once per distinct `key`."""
    argument(force_attrs, args, 0, "genericClosure")
    start = yield from forced(_closure_attr(args, "startSet"))
    checked(force_list, start, "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure")
    if not start:
        return start
    op = yield from forced(_closure_attr(args, "operator"))
    checked(force_function, op, "while evaluating the 'operator' attribute passed as argument to "
                                "builtins.genericClosure")
    work = deque(start)
    done: list[tuple[Any, Any]] = []
    out = []
    while work:
        e = work.popleft()
        key = yield _element_key(e)
        if not (yield _insert_key(done, key, e)):
            continue
        out.append(e)
        try:
            new = yield (op, e)
            checked(force_list, new, "while evaluating the return value of the `operator` passed to "
                                     "builtins.genericClosure")
        except NixError as err:
            err.add_frame(f"while calling operator on genericClosure element {print_brief(e, 10)}")
            raise
        for x in new:
            work.append((yield from forced(x)))
    return out
