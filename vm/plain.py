"""Plain execution: compiled Nix code runs as ordinary Python calls, with the generator form as fallback.

Every compiled body exists twice (`compiler/plain.py`): a *plain* form, in
which each request is a call `R(request)` answered at once on Python's own
stack, and its *generator twin*, which yields the same requests to the
scheduler. Closures are always made from the plain form; the scheduler runs
a body plain first (`start_thunk`, `start_call`) and falls back to the twin
when the plain run cannot finish (`Bail`):

- `R` answers forcing, calls and helper generators (`S` calls alone) on Python's stack, up to
  `PLAIN_DEPTH` levels (tail calls included). Deeper, it goes on plainly on
  the big stack of a worker thread for up to `DEEP_PLAIN_DEPTH` levels more
  (while the calling thread waits), where the worker is free; deeper still,
  it hands the request to a nested, speculative scheduler loop
  (`Scheduler.run_nested`), which runs generators on a stack of its own:
  deep recursion never grows Python's stack further, and the plain work
  above it is kept.
- Any exception ends a plain run: errors, and bails for what only the
  scheduler may do (host requests such as `trace` and IO, nested counted
  helpers, blackholes, memoised failures). The twin then runs the body again
  from the start, so errors, traces and side effects happen under the
  scheduler exactly as without plain execution. A plain run leaves behind
  only what it finished: thunks it evaluated keep their values (forcing is
  pure); a thunk it was evaluating gets its body back, marked `Deep` (after
  a bail or an error) so that forcing it again starts the generator at once.
  After an error in a call, the starts below it run generators until it has
  unwound.

Depth thus never depends on Python's stack, while the common case (a call
or a thunk whose evaluation stays shallow) costs no generator at all.
Plain runs share module state (their remaining room): evaluations in several
threads at once stay correct, but may bail more often.
"""

from __future__ import annotations

import marshal
from types import CodeType, FunctionType, GeneratorType
from typing import Any, Iterator

from .calls import apply, apply_args
from .errors import NixError
from .requests import Nested, Request
from .thunk import BLACKHOLE, Thunk
from .values import PrimOp

CO_GENERATOR = 0x20
"""The code flag of generator functions (`inspect.CO_GENERATOR`: importing inspect costs 6 ms at start-up)."""

PLAIN_DEPTH = 400
"""How deep plain runs nest requests (and make tail calls) on the caller's stack before going on on the big
stack (or, beyond that, in a nested loop)."""

FRAMES_PER_LEVEL = 20
"""Python frames a plain level may take, at most: what the recursion limit allows for each."""

PYTHON_FRAMES = FRAMES_PER_LEVEL * PLAIN_DEPTH
"""The recursion limit the scheduler sets while evaluating, if Python's is lower: each plain level
takes a few frames (a RecursionError all the same is a bail)."""

DEEP_PLAIN_DEPTH = 10_000
"""How deep plain runs nest further on the big stack (`_go_deep`), within the call depth limit."""

GEN_TWINS: dict[int, tuple[CodeType, CodeType]] = {}
"""`id` of the code of each plain body that makes requests → (that code, the code of its generator twin).

Keyed by identity: a code object hashes its whole contents, nested code included, every time."""

_PENDING: dict[int, tuple[CodeType, Any]] = {}
"""`id` of the code of each plain body of a linked unit whose twin is not made yet → (that code, where
its twin comes from: its generator form, or that form as `split_twins` keeps it)."""

active: Any = None
"""The scheduler running now (the one nested loops belong to)."""

thread = 0
"""The thread `active` runs in."""

_room = PLAIN_DEPTH
"""Levels the running plain code may still nest (restored as each returns)."""

_base_depth = 0
"""The call depth at which the scheduler started the running plain run."""

_NOWHERE = 1 << 62

_generators_above = _NOWHERE
"""Starts deeper than this run generators at once: a plain run of a call failed with an error there,
and its twin is on the way to the same error (each level trying plain would repeat the rest of the
way; thunks on that way are marked `Deep` instead). Reset by the next start at or above it, once that
part has unwound, and as each evaluation starts."""


_span = PLAIN_DEPTH
"""The room the running plain run started with (`_room` then)."""

_INTERRUPTED = -(1 << 40)


def interrupt() -> None:
    """Make the running plain code hand its next request to a nested loop, which checks for cancellation.

    (A plain run checks nothing by itself; this costs it nothing.)"""
    global _room
    _room = _INTERRUPTED


def resume() -> None:
    """Undo `interrupt`, and forget where errors were, as a new evaluation starts."""
    global _room, _generators_above
    if _room < 0:
        _room = PLAIN_DEPTH
    _generators_above = _NOWHERE


class Bail(BaseException):
    """A plain run cannot go on: the scheduler reruns the body's generator twin.

    A BaseException, so that no builtin's `except NixError` (or `except
    Exception`) on the way up can mistake it for an evaluation error.
    """


class Deep:
    """The body of a thunk whose plain run bailed: the scheduler forces it as a generator from now on."""

    __slots__ = ("fn",)

    def __init__(self, fn: FunctionType) -> None:
        self.fn = fn


UNLINKED = "__pynix_unlinked_twins__"
"""Key, in the globals of a loaded unit, of its (plain code, generator form) until its twins are needed."""

TwinSources = tuple[bytes | None, ...]
"""A unit's generator form as the compile cache keeps it (`split_twins`)."""


def bodies(code: CodeType) -> Iterator[CodeType]:
    """`code` and every body nested in it, in preorder (a plain form and its generator form, compiled
    from the same tree, list their bodies in the same order)."""
    stack = [code]
    while stack:
        c = stack.pop()
        yield c
        stack.extend(reversed([k for k in c.co_consts if k.__class__ is CodeType]))


def _pairs(plain: CodeType, gen: CodeType) -> Iterator[tuple[CodeType, CodeType]]:
    """Each body of `plain` with the same body of `gen`."""
    return zip(bodies(plain), bodies(gen), strict=True)


def split_twins(plain: CodeType, gen: CodeType) -> TwinSources:
    """The generator form `gen` of `plain`, cut body by body (`bodies` order) for the compile cache: for a
    body with a twin, its generator code without nested code (where the plain bodies go) and the positions
    of that code, marshalled; None for a body without. A twin then costs only its own body to load."""
    parts: list[bytes | None] = []
    for _, g in _pairs(plain, gen):
        if not g.co_flags & CO_GENERATOR:
            parts.append(None)
            continue
        positions = tuple(i for i, c in enumerate(g.co_consts) if c.__class__ is CodeType)
        bare = g.replace(co_consts=tuple(None if c.__class__ is CodeType else c for c in g.co_consts))
        parts.append(marshal.dumps((bare, positions)))
    return tuple(parts)


def link_twins(plain: CodeType, gen: CodeType | TwinSources) -> None:
    """Note where the generator twin of every body of `plain` comes from: `gen`, its generator form (a code
    object, or as `split_twins` cuts it). Units are linked when a twin of theirs is first needed (many
    never need one), and each twin is made when first needed (`_twins`)."""
    if isinstance(gen, CodeType):
        for p, g in _pairs(plain, gen):
            if g.co_flags & CO_GENERATOR:
                _PENDING[id(p)] = (p, g)
    else:
        for p, part in zip(bodies(plain), gen, strict=True):
            if part is not None:
                _PENDING[id(p)] = (p, part)


def _make_twin(plain: CodeType, source: Any) -> CodeType:
    """The twin of the body `plain`: its generator code (`source`, maybe marshalled without its nested
    code) with the nested bodies swapped for their plain forms, so that the closures it makes are plain
    ones too."""
    if source.__class__ is bytes:
        gen, positions = marshal.loads(source)
    else:
        gen = source
        positions = tuple(i for i, c in enumerate(gen.co_consts) if c.__class__ is CodeType)
    consts = list(gen.co_consts)
    nested = [c for c in plain.co_consts if c.__class__ is CodeType]
    for i, code in zip(positions, nested, strict=True):
        consts[i] = code
    return gen.replace(co_consts=tuple(consts))


def twin(fn: Any) -> Any:
    """The generator twin of the compiled function `fn` (same closure), or `fn` itself if it has none.

    The last few twins made are kept in `MADE`, keyed by their function: a
    recursion running as generators calls the same function at every level.
    """
    made = MADE.get(fn)
    if made is None:
        made = fresh_twin(fn)
        if len(MADE) >= _MADE_KEPT:
            MADE.clear()
        MADE[fn] = made
    return made


def fresh_twin(fn: Any) -> Any:
    """The generator twin of `fn` (a compiled function or a `Deep` body), made anew, or the body if it has none.

    What thunks are started with: each has a closure of its own, forced once (`MADE` would never hit)."""
    body = fn.fn if fn.__class__ is Deep else fn
    if body.__class__ is not FunctionType:
        return body
    twins = GEN_TWINS.get(id(body.__code__)) or _twins(body)
    if twins is None:
        return body
    return FunctionType(twins[1], body.__globals__, None, None, body.__closure__)


MADE: dict[Any, FunctionType] = {}
"""Recently made twins, by the function they are the twin of."""

_MADE_KEPT = 64


def _twins(fn: FunctionType) -> tuple[CodeType, CodeType] | None:
    code = fn.__code__
    twins = GEN_TWINS.get(id(code))
    if twins is None:
        unlinked = fn.__globals__.pop(UNLINKED, None)
        if unlinked is not None:
            link_twins(*unlinked)
        pending = _PENDING.pop(id(code), None)
        if pending is not None:
            twins = GEN_TWINS[id(code)] = (code, _make_twin(*pending))
    return twins


def _has_twin(fn: Any) -> bool:
    return fn.__class__ is FunctionType and _twins(fn) is not None


def start_thunk(fn: Any, depth: int) -> Any:
    """Start a thunk body from the scheduler at call depth `depth`: plain if it can finish so, else its twin."""
    global _base_depth, _generators_above
    if fn.__class__ is Deep or depth > _generators_above:
        return fresh_twin(fn)()
    _generators_above = _NOWHERE
    _base_depth = depth
    try:
        return fn()
    except Bail:
        pass
    except (NixError, RecursionError):
        if not _has_twin(fn):
            raise
    return fresh_twin(fn)()


def start_call(fn: FunctionType, arg: Any, depth: int) -> Any:
    """Start a compiled function's body from the scheduler at call depth `depth`: plain if it can, else its twin."""
    global _base_depth, _generators_above
    if depth > _generators_above:
        return twin(fn)(arg)
    _generators_above = _NOWHERE
    _base_depth = depth
    try:
        return fn(arg)
    except Bail:
        pass
    except (NixError, RecursionError):
        if not _has_twin(fn):
            raise
        _generators_above = depth
    return twin(fn)(arg)


def _nested(request: Any) -> Any:
    """Answer `request` where plain code has nested as deep as it may here: plain still, on the big stack
    (`_go_deep`), if it is free; else on a nested scheduler loop."""
    if active is None:
        raise Bail
    ceiling = _base_depth + _span  # the call depth here is at most this
    room = min(DEEP_PLAIN_DEPTH, active.limit - ceiling)
    if room >= PLAIN_DEPTH and _room > _INTERRUPTED // 2:
        done, value = _go_deep(request, ceiling, room)
        if done:
            return value
    return active.run_nested(request, ceiling)


def _go_deep(request: Any, ceiling: int, room: int) -> tuple[bool, Any]:
    """Answer `request` plainly on the big stack of `compiler/deep.py`'s worker, with `room` more levels (the
    limit can not be crossed there), if the worker is free; `(False, None)` if it is not."""
    global _room, _base_depth, _span
    from ..compiler.deep import try_run_deep
    # The room is given and taken back as a difference, as every level does: a plain run in another thread
    # changes it meanwhile, and an `interrupt` leaves it far below zero either way.
    given = room - _room
    saved = _base_depth, _span
    _room += given
    _base_depth, _span = ceiling, room
    try:
        return try_run_deep(_answer, (request,), PYTHON_FRAMES + FRAMES_PER_LEVEL * room)
    finally:
        _room -= given
        _base_depth, _span = saved


def _answer(request: Any) -> Any:
    """`request` answered plainly, on the big stack. A RecursionError (which should not happen there) is a
    bail; what stops the evaluation from outside first lets go of the thunks this thread was forcing."""
    try:
        return S(request) if request.__class__ is tuple else R(request)
    except RecursionError as err:
        raise Bail from err
    except (NixError, Bail):
        raise
    except BaseException as exc:
        from .limits import release_interrupted
        release_interrupted(exc.__traceback__)
        raise


def R(request: Any) -> Any:
    """Answer a request of plain compiled code at once: what the scheduler would send back for it."""
    global _room
    cls = request.__class__
    if cls is Thunk:
        fn = request.fn
        if fn is None:
            return request.value
        kind = fn.__class__
        if kind is not FunctionType and kind is not tuple:
            raise Bail  # a blackhole, a memoised failure, or a body that bailed before
        if _room <= 0:
            return _nested(request)
        _room -= 1
        request.fn = BLACKHOLE
        try:
            if kind is FunctionType:
                result = fn()
            else:  # an application thunk: its body is the call itself, a lambda's made here at once
                f = fn[0]
                arg = fn[1]
                result = f(arg) if f.__class__ is FunctionType and arg.__class__ is not tuple else S(fn)
            if result.__class__ is tuple or result.__class__ is GeneratorType:
                result = S(result)
        except (Bail, NixError):
            request.fn = Deep(fn) if kind is FunctionType else fn
            raise
        except BaseException:
            request.fn = fn
            raise
        finally:
            _room += 1
        request.fn = None
        request.value = result
        return result
    if cls is tuple or cls is GeneratorType:
        return S(request)  # a call is a tail call made here
    if cls is Nested or isinstance(request, Request):
        raise Bail
    return request


def runner(primop: PrimOp) -> Any:
    """`primop.run`, made now with `primop.direct`: `primop.plain` called with its strict arguments forced
    at once, in order; `direct` also counts as a call (as `S` does) and finishes what the builtin returns (its
    first argument is what the call names, this builtin: it is not used)."""
    shape = (primop.arity, primop.strict)
    make = _RUNNER_MAKERS.get(shape)
    if make is None:
        names = ", ".join(f"a{i}" for i in range(primop.arity))
        forced = ", ".join(f"(a{i} if a{i}.__class__ is not Thunk else a{i}.value if a{i}.fn is None else R(a{i}))"
                           if i in primop.strict else f"a{i}" for i in range(primop.arity))
        request = f"(primop, ({names},))" if primop.arity > 1 else "(primop, a0)"
        scope: dict[str, Any] = {}
        exec(_RUNNER_SOURCE.format(names=names, forced=forced, request=request), globals(), scope)
        make = _RUNNER_MAKERS[shape] = scope["make"]
    primop.run, primop.direct = make(primop, primop.plain)
    return primop.run


_RUNNER_SOURCE = """
def make(primop, plain):
    def run({names}):
        return plain({forced})

    def direct(callee, {names}):
        global _room
        if _room <= 0:
            return _nested({request})
        _room -= 1
        try:
            result = plain({forced})
            if result.__class__ is tuple or result.__class__ is GeneratorType:
                result = S(result)
        finally:
            _room += 1
        return result
    return run, direct
"""

_RUNNER_MAKERS: dict[tuple[int, tuple[int, ...]], Any] = {}
"""What makes a `PrimOp.run` and `direct`, by arity and strict arguments (made once for each such shape)."""


def _run(primop: PrimOp, args: tuple[Any, ...]) -> Any:
    """Run a saturated builtin from plain code: its strict arguments are forced at once, in order."""
    return (primop.run or runner(primop))(*args)


def S(result: Any) -> Any:
    """Finish `result` (a call, a tail call or a helper generator) into a value, counting calls as depth."""
    global _room
    spent = 0
    try:
        while True:
            cls = result.__class__
            if cls is tuple:
                if _room <= 0:
                    return _nested(result)
                _room -= 1
                spent += 1
                fn = result[0]
                arg = result[1]
                if fn.__class__ is Thunk:
                    fn = fn.value if fn.fn is None else R(fn)  # not through apply's generator
                kind = fn.__class__
                if arg.__class__ is tuple:
                    if kind is FunctionType and len(arg) == 2:
                        # `f a b` of a curried lambda, the commonest call of several arguments: no apply_args
                        fn = fn(arg[0])
                        if fn.__class__ is tuple or fn.__class__ is GeneratorType:
                            fn = S(fn)
                        result = fn(arg[1]) if fn.__class__ is FunctionType else apply(fn, arg[1], _run)
                    elif kind is PrimOp and fn.arity == len(arg):
                        result = (fn.run or runner(fn))(*arg)  # a builtin given all its arguments (`map f xs`)
                    else:
                        result = apply_args(fn, arg, None, None, 0, _run, S)
                elif kind is FunctionType:
                    result = fn(arg)
                elif kind is PrimOp and fn.arity == 1:
                    result = (fn.run or runner(fn))(arg)
                else:
                    result = apply(fn, arg, _run)
            elif cls is GeneratorType:
                result = _drive(result)
            else:
                return result
    finally:
        _room += spent


def force(value: Any) -> Any:
    """`value` evaluated, for a builtin's plain form (`PrimOp.plain`)."""
    if value.__class__ is Thunk:
        return value.value if value.fn is None else R(value)
    return value


def fold_left(op: Any, acc: Any, xs: list) -> Any:
    """`op` called with `acc` and each element of `xs` in turn, each result the next `acc` (`foldl'`):
    the calls made here, a curried lambda's without `S`; they count as one level of depth, as each ends
    before the next starts."""
    global _room
    if op.__class__ is not FunctionType or _room <= 0:
        for x in xs:
            acc = S((op, (acc, x)))
        return force(acc)
    _room -= 1
    try:
        for x in xs:
            if _room < 0:  # `interrupt`: the next call goes to a nested loop, which checks for cancellation
                acc = S((op, (acc, x)))
                continue
            fn = op(acc)
            if fn.__class__ is tuple or fn.__class__ is GeneratorType:
                fn = S(fn)
            acc = fn(x) if fn.__class__ is FunctionType else apply(fn, x, _run)
            if acc.__class__ is tuple or acc.__class__ is GeneratorType:
                acc = S(acc)
    finally:
        _room += 1
    return force(acc)


def C(fn: Any, arg: Any) -> Any:
    """`S((fn, arg))`: the call `fn arg` finished, a compiled lambda's without `S`'s dispatch."""
    global _room
    if fn.__class__ is not FunctionType or _room <= 0:
        return S((fn, arg))
    _room -= 1
    try:
        result = fn(arg)
        if result.__class__ is tuple or result.__class__ is GeneratorType:
            result = S(result)
    finally:
        _room += 1
    return result


def _drive(gen: Any) -> Any:
    """Run a helper generator, answering its requests plainly; its result may still be a tail call."""
    send = gen.send
    value = None
    while True:
        try:
            request = send(value)
        except StopIteration as stop:
            return stop.value
        value = S(request) if request.__class__ is tuple else R(request)
