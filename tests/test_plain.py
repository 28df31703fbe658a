"""Plain execution (vm/plain.py): bodies run as plain calls, generator twins only where needed.

What must hold: results, errors, traces and side effects are the same whether
a body ran plain, bailed to its twin, or went deep enough for a nested loop.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import pynix
from pynix.vm import plain, scheduler
from pynix.vm.errors import Source
from pynix.vm.scheduler import Scheduler


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of generator twins started and nested loops run."""
    counts = {"twins": 0, "nested": 0}
    fresh_twin, nested = plain.fresh_twin, Scheduler.run_nested

    def counting_twin(fn):
        counts["twins"] += 1
        return fresh_twin(fn)

    def counting_nested(self, request, depth):
        counts["nested"] += 1
        return nested(self, request, depth)

    monkeypatch.setattr(plain, "fresh_twin", counting_twin)
    monkeypatch.setattr(scheduler, "fresh_twin", counting_twin)
    monkeypatch.setattr(Scheduler, "run_nested", counting_nested)
    plain.MADE.clear()  # twins already made are reused without making them again
    return counts


def _eval(text: str, **options) -> object:
    return pynix.Evaluator(cache_dir=None, **options).evaluate(text)


def _cli(text: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pynix.instantiate", "--eval", "--strict", *args, "-E", text],
                          capture_output=True, text=True)


def test_shallow_calls_and_thunks_start_no_generator(counted):
    assert _eval("let f = x: y: x * y + 1; xs = map (f 2) [1 2 3]; in builtins.foldl' (a: b: a + b) 0 xs") == 15
    assert counted == {"twins": 0, "nested": 0}


def test_recursion_deeper_than_plain_runs_goes_on_plainly_on_the_big_stack(counted):
    depth = 3 * plain.PLAIN_DEPTH
    assert _eval(f"let f = n: if n == 0 then 0 else 1 + f (n - 1); in f {depth}") == depth
    assert counted == {"twins": 0, "nested": 0}


def test_the_room_of_plain_runs_is_given_back_after_going_deep_also_from_two_threads_at_once():
    import threading
    deep = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in builtins.foldl' (a: i: a + f 2000) 0 (builtins.genList (x: x) 30)"
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(_eval(deep))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [60000, 60000]
    assert plain._room == plain.PLAIN_DEPTH


def test_recursion_deeper_still_goes_on_in_a_nested_loop(counted):
    depth = plain.PLAIN_DEPTH + plain.DEEP_PLAIN_DEPTH + 100
    assert _eval(f"let f = n: if n == 0 then 0 else 1 + f (n - 1); in f {depth}", max_call_depth=2 * depth) == depth
    assert counted["nested"] >= 1
    assert counted["twins"] > 0  # the nested loop runs generators (made once, then reused)


def test_where_the_big_stack_is_busy_a_nested_loop_takes_over(counted, monkeypatch: pytest.MonkeyPatch):
    from pynix.compiler import deep
    monkeypatch.setattr(deep, "try_run_deep", lambda *args: (False, None))  # as while another thread has it
    depth = 3 * plain.PLAIN_DEPTH
    assert _eval(f"let f = n: if n == 0 then 0 else 1 + f (n - 1); in f {depth}") == depth
    assert counted["nested"] >= 1


@pytest.mark.parametrize("text, value", [
    ("builtins.foldl' (a: b: a + b) 0 [ 1 2 3 ]", 6),
    ("builtins.foldl' builtins.add 0 [ 1 2 3 ]", 6),
    ("builtins.foldl' { __functor = self: a: b: a * b; } 1 [ 2 3 ]", 6),
    ("builtins.foldl' (a: builtins.add a) 0 [ 4 5 ]", 9),
    ("builtins.foldl' (a: b: a) (1 + 1) [ ]", 2),
    ("let f = n: if n == 0 then 0 else builtins.foldl' (a: b: a + f (n - 1)) 1 [ 0 ]; in f 1000", 1000),
    ("builtins.any (x: x > 2) [ 1 2 3 ]", True),
    ("builtins.all builtins.isInt [ 1 2 ]", True),
    ("builtins.all (x: x > 1) [ 1 (throw \"not forced\") ]", False),
    ("builtins.filter (x: x > 1) [ 1 2 3 ]", [2, 3]),
    ("builtins.filter { __functor = self: x: x != 2; } [ 1 2 3 ]", [1, 3]),
    ("builtins.filter (throw \"not forced\") [ ]", []),
    ("builtins.concatMap (x: [ x x ]) [ 1 2 ]", [1, 1, 2, 2]),
    ("let f = n: if n == 0 then [ 1 ] else builtins.concatMap (x: f (n - 1)) [ 0 ]; in f 1000", [1]),
    ("let f = n: n == 0 || builtins.any (x: f (n - 1)) [ 0 ]; in f 1000", True),
    ("builtins.elemAt [ 1 (1 + 1) ] 1", 2),
    ("builtins.elemAt (builtins.genList (x: x * 3) 5) 4", 12),
    ("builtins.head [ (2 + 3) (throw \"not forced\") ]", 5),
    ("builtins.tryEval (builtins.elemAt [ (throw \"t\") ] 0)", {"success": False, "value": False}),
    ("builtins.seq 1 (2 + 3)", 5),
    ("builtins.addErrorContext \"context\" (2 + 3)", 5),
    ("builtins.zipAttrsWith (n: v: v) [ { a = 1; } { a = 1 + 1; b = 3; } ]", {"a": [1, 2], "b": [3]}),
    ("builtins.catAttrs \"a\" [ { a = 1; } { } { a = 1 + 1; } ]", [1, 2]),
    ("builtins.removeAttrs { a = 1; b = 2; } [ (\"a\" + \"\") ]", {"b": 2}),
    ("builtins.concatLists [ [ 1 ] (builtins.genList (x: x) 2) ]", [1, 0, 1]),
    ("builtins.partition (x: x > 1) [ 1 (1 + 1) 3 ]", {"right": [2, 3], "wrong": [1]}),
    ("builtins.groupBy (x: if x > 1 then \"big\" else \"small\") [ 1 2 3 ]", {"big": [2, 3], "small": [1]}),
])
def test_a_builtins_plain_form_calls_what_its_generator_would(text: str, value: object) -> None:
    assert _eval(text) == value


def test_an_error_in_a_plain_form_still_gets_the_builtins_trace_lines() -> None:
    result = _cli('let f = n: builtins.addErrorContext "at ${toString n}" (if n == 0 then throw "t" else f (n - 1)); '
                  'in builtins.seq 1 (f 2)', "--show-trace")
    assert result.returncode == 1
    assert [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("… at")] == \
        ["… at 2", "… at 1", "… at 0"]


def test_calls_a_builtins_plain_form_makes_count_as_depth() -> None:
    with pytest.raises(pynix.NixError, match="max-call-depth exceeded"):
        _eval("let f = n: builtins.foldl' (a: b: f (n + 1)) 0 [ 1 ]; in f 0", max_call_depth=2 * plain.PLAIN_DEPTH)


@pytest.mark.parametrize("text, value", [
    ("1 + builtins.length [ 1 2 ]", 3),                      # a builtin of that arity: its own `direct`
    ("if builtins.isInt (1 + 1) then map (x: x * 2) [ 1 ] else [ ]", [2]),
    ("1 + builtins.head [ (x: x + 1) ] 2", 4),               # more arguments than the builtin takes
    ("(builtins.add 1) == (builtins.add 1)", False),         # fewer: a partial application
    ("1 + builtins.foldl' (a: b: a + b) 0 [ 1 2 ]", 4),
    ("builtins.tryEval (1 + builtins.throw \"t\")", {"success": False, "value": False}),
    # variables bound to a global's attribute, or a global, are called as it is
    ("let inherit (builtins) length; in 1 + length [ 1 2 ]", 3),
    ("let len = builtins.length; inherit map; in 1 + len (map (x: x) [ 1 ])", 2),
    ("rec { inherit (builtins) isAttrs; r = if isAttrs { } then 1 else 2; __overrides = { isAttrs = x: false; }; }.r", 2),
    ("let builtins = { length = x: 7; }; inherit (builtins) length; in 1 + length [ ]", 8),
    ("let f = x: 1 + length x; inherit (builtins) length; in f [ 1 ]", 2),
])
def test_calls_of_globals_are_made_directly_and_mean_the_same(text: str, value: object) -> None:
    assert _eval(text) == value


@pytest.mark.parametrize("text, message", [
    ("1 + builtins.nope 1", "error: attribute 'nope' missing"),
    ("1 + builtins.langVersion 1", "error: attempt to call something which is not a function but an integer"),
    ("1 + builtins.div 1 0", "error: division by zero"),
    ("let inherit (builtins) langVersion; in 1 + langVersion 1",
     "error: attempt to call something which is not a function but an integer"),
    ("let inherit (builtins) nope; in 1 + nope 1", "error: attribute 'nope' missing"),
])
def test_a_direct_call_that_fails_fails_as_the_generator_would(text: str, message: str) -> None:
    result = _cli(text)
    assert result.returncode == 1
    assert result.stderr.startswith(message)


def test_a_direct_call_of_a_builtin_counts_as_depth() -> None:
    """The deepest recursion through a builtin called directly that stays within max-call-depth is the
    same as where only generators run (stats mode)."""
    limit = 2 * plain.PLAIN_DEPTH

    def fits(n: int, stats: bool) -> bool:
        text = f"let f = n: if n == 0 then 0 else 1 + builtins.foldl' (a: b: f (n - 1)) 0 [ 1 ]; in f {n}"
        try:
            pynix.Evaluator(cache_dir=None, max_call_depth=limit, stats=stats).evaluate(text)
        except pynix.NixError as err:
            assert "max-call-depth exceeded" in str(err)
            return False
        return True

    deepest = max(n for n in range(limit // 4, limit // 2, 16) if fits(n, stats=True))
    deepest = max(n for n in range(deepest, deepest + 16) if fits(n, stats=True))
    assert fits(deepest, stats=False) and not fits(deepest + 1, stats=False)


def test_the_plain_form_calls_a_global_builtin_directly() -> None:
    ev = pynix.Evaluator(cache_dir=None)
    unit = ev._compile_unit(Source("«test»", "x: 1 + builtins.length x + builtins.length x"), "/",
                            ev.global_scope(), frozenset())
    assert list(unit.calls.values()) == [("builtins.length", 1)]  # one name for both calls
    direct = list(unit.calls)[0]
    assert any(direct in code.co_names for code in plain.bodies(unit.code))  # the plain form calls it
    assert not any(direct in code.co_names for code in plain.bodies(unit.gen_code))  # its generator form does not
    assert ev.evaluate("(x: 1 + builtins.length x + builtins.length x) [ 1 2 ]") == 5
    unit = ev._compile_unit(Source("«test»", "let inherit (builtins) length; in x: 1 + length x"), "/",
                            ev.global_scope(), frozenset())
    assert list(unit.calls.values()) == [("builtins.length", 1)]


def test_an_interrupted_fold_hands_each_call_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """`fold_left` calls a curried lambda itself; once `interrupt` asks for it (a cancel), every further call
    goes through `S`, which hands it to a nested loop that checks for cancellation, even where the calls
    make no request of their own."""
    handed: list[object] = []

    def recording_s(call):
        handed.append(call)
        fn, (acc, x) = call
        return fn(acc)(x)

    monkeypatch.setattr(plain, "S", recording_s)
    monkeypatch.setattr(plain, "_room", plain.PLAIN_DEPTH)
    def add(a):  # a compiled curried lambda's shape; the cancel comes while the first call runs
        def plus(b):
            if b == 1:
                plain.interrupt()
            return a + b
        return plus

    assert plain.fold_left(add, 0, [1, 2, 3]) == 6
    assert [x for _, (_, x) in handed] == [2, 3]


def test_a_trace_in_a_plain_run_is_printed_once():
    result = _cli('let a = builtins.trace "one" 1; b = builtins.seq a (builtins.trace "two" 2); '
                  'f = x: builtins.trace "call" x; in a + b + f 1 + f 2')
    assert result.stdout.strip() == "6"
    assert result.stderr.splitlines() == ["trace: one", "trace: two", "trace: call", "trace: call"]


def test_a_thunk_whose_plain_run_bailed_is_evaluated_once():
    result = _cli('let x = builtins.trace "t" 5; in [ (x + x) x ]')
    assert result.stdout.strip() == "[ 10 5 ]"
    assert result.stderr.splitlines() == ["trace: t"]


def test_errors_deep_in_plain_runs_keep_their_trace_and_memoisation():
    assert _eval('let f = n: if n == 0 then throw "bottom" else 1 + f (n - 1); in '
                 f'(builtins.tryEval (f {2 * plain.PLAIN_DEPTH})).success') is False
    result = _cli('let f = n: if n == 0 then throw "bottom" else 1 + f (n - 1); in f 3', "--show-trace")
    assert result.returncode == 1
    assert "error: bottom" in result.stderr
    assert result.stderr.count("while calling 'f'") == 4  # f 3 (a tail call), f 2, f 1 and f 0, as CppNix


def test_infinite_recursion_and_stack_overflow_are_still_detected():
    with pytest.raises(pynix.NixError, match="infinite recursion encountered"):
        _eval("let x = x + 1; in x")
    with pytest.raises(pynix.NixError, match="max-call-depth exceeded"):
        _eval("let f = n: 1 + f (n + 1); in f 0", max_call_depth=2 * plain.PLAIN_DEPTH)
    deep = 3 * plain.PLAIN_DEPTH
    assert _eval(f"let f = n: if n == 0 then 0 else 1 + f (n - 1); in f {deep}", max_call_depth=deep + 10) == deep


def _twins_of(source: str, cut_for_the_cache: bool) -> list[tuple[object, object]]:
    """(plain code, twin code) of every body of `source` that has a twin, made from the generator form
    as compiled, or as the compile cache keeps it."""
    ev = pynix.Evaluator(cache_dir=None)
    unit = ev._compile_unit(Source("«test»", source), "/", ev.global_scope(), frozenset())
    gen = plain.split_twins(unit.code, unit.gen_code) if cut_for_the_cache else unit.gen_code
    plain.link_twins(unit.code, gen)
    return [(code, plain._make_twin(*plain._PENDING.pop(id(code)))) for code in plain.bodies(unit.code)
            if id(code) in plain._PENDING]


@pytest.mark.parametrize("cut_for_the_cache", [False, True])
def test_each_body_and_its_twin_agree_on_shape(cut_for_the_cache):
    source = "let f = x: { a = x; b = y: [ y x ]; }; in (f 1).b 2"
    assert pynix.Evaluator(cache_dir=None).evaluate(source) == [2, 1]
    twins = _twins_of(source, cut_for_the_cache)
    assert twins and all(gen.co_flags & 0x20 and not code.co_flags & 0x20 for code, gen in twins)
    for code, gen in twins:  # a twin makes the same closures as its plain body: the plain ones
        assert [c for c in gen.co_consts if c.__class__ is type(code)] == \
            [c for c in code.co_consts if c.__class__ is type(code)]


def test_twins_kept_by_the_compile_cache_are_the_compiled_ones():
    source = "let f = x: { a = x; b = y: [ y x ]; }; in (f 1).b 2"
    whole, cut = _twins_of(source, False), _twins_of(source, True)
    assert [(c.co_code, g.co_code, g.co_consts[1:]) for c, g in whole] != []
    assert [(g.co_code, g.co_names) for _, g in whole] == [(g.co_code, g.co_names) for _, g in cut]


def test_a_unit_from_the_compile_cache_makes_its_twins(tmp_path):
    deep = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 2000"
    for _ in range(2):  # compiled and stored, then loaded from the cache
        assert pynix.Evaluator(cache_dir=str(tmp_path)).evaluate(deep) == 2000
