"""The library as a Python programmer meets it: Python functions in Nix, keyword calls, errors as data,
the public namespace, cancelling an evaluation."""

import threading
import time
from collections.abc import Mapping

import pytest

import pynix


@pytest.fixture
def ev():
    return pynix.Evaluator(cache_dir=None)


# -- Python callables as Nix functions ----------------------------------------------

def test_python_function_becomes_a_curried_nix_function(ev):
    assert ev.evaluate("f: f 20 1")(lambda x, y: x + y + 1) == 22
    assert list(ev.evaluate("f: map f [ 1 2 3 ]")(lambda x: x * 2)) == [2, 4, 6]
    assert ev.evaluate("f: builtins.isFunction f")(len) is True


def test_python_function_sees_views_and_its_result_is_converted(ev):
    seen = []

    def first(s):
        seen.append(s)
        return {"got": s["a"], "path": [1, "two"]}

    result = ev.evaluate('f: (f { a = 1; b = throw "never read"; }).got')(first)
    assert result == 1
    assert isinstance(seen[0], Mapping) and sorted(seen[0]) == ["a", "b"]


def test_generator_function_yields_requests_like_a_builtin(ev):
    def twice(f, x):
        once = yield pynix.Call(f, x)
        return (yield pynix.Call(f, once))

    assert ev.evaluate("t: t (x: x * 3) 2")(twice) == 18


def test_python_exception_becomes_a_nix_error_with_position(ev):
    def broken(x):
        raise ValueError(f"no {x}")

    with pytest.raises(pynix.EvalError) as info:
        ev.evaluate("f: 1 + f 2")(broken)
    assert info.value.message == "Python function 'broken' raised ValueError: no 2"
    assert info.value.position == pynix.Position("«string»", 1, 8)
    assert ev.evaluate("1 + 1") == 2


def test_keyword_arguments_make_a_set_argument(ev):
    f = ev.evaluate("{ x, y ? 2 }: x * y")
    assert f(x=21) == 42 and f(x=2, y=5) == 10
    assert ev.evaluate("a: { b }: a - b")(10, b=3) == 7
    with pytest.raises(pynix.NixTypeError) as info:
        f(x=1, yy=2)
    assert info.value.message == "function 'anonymous lambda' called with unexpected argument 'yy'"
    assert info.value.suggestions == ("y", "x")  # nearest first: yy is 1 edit from y, 2 from x


@pytest.mark.parametrize("value, words", [
    (b"bytes", "cannot convert bytes to a Nix value: Nix strings are text, decode it to str first"),
    ({1, 2}, "cannot convert set to a Nix value: Nix has no sets of values, give a list"),
    (frozenset(), "cannot convert frozenset to a Nix value"),
    (object(), "cannot convert object to a Nix value"),
])
def test_values_without_a_nix_form_get_a_clear_type_error(ev, value, words):
    with pytest.raises(TypeError) as info:
        ev.evaluate("x: x")(value)
    assert str(info.value).startswith(words)


# -- errors as data ----------------------------------------------------------------

def test_error_carries_position_trace_and_message_first(ev, tmp_path):
    f = tmp_path / "a.nix"
    f.write_text("let\n  g = s: s.nme;\nin\n  g { name = 1; }\n")
    with pytest.raises(pynix.EvalError) as info:
        ev.evaluate_file(str(f))
    err = info.value
    assert err.position == (str(f), 2, 10) and err.position.file == str(f)
    assert err.position.line == 2 and err.position.column == 10
    assert [frame.message for frame in err.trace] == ["from call site", "while calling 'g'"]
    assert err.trace[0].position == pynix.Position(str(f), 4, 3)
    assert str(err).splitlines()[0] == "error: attribute 'nme' missing"
    assert str(err).splitlines()[-1] == "       Did you mean name?"
    assert err.render().splitlines()[:2] == ["error:", "       … from call site"]


@pytest.mark.parametrize("source, frames", [
    ('let f = a: b: a + b; in f 1 "x"', [("from call site", 25), ("while calling 'f'", 12)]),
    ("builtins.foldl' (a: b: a + b) 0 [ 1 \"x\" ]",
     [("while calling the 'foldl'' builtin", 1), ("while calling anonymous lambda", 21)]),
])
def test_a_call_of_several_arguments_names_the_lambda_whose_body_failed(ev, source, frames):
    """As CppNix's callFunction: the curried lambda that ran the failing body, not the one called first."""
    with pytest.raises(pynix.EvalError) as info:
        ev.evaluate(source)
    assert [(frame.message, frame.position.column) for frame in info.value.trace] == frames


def test_tail_calls_keep_their_frames_in_traces(ev):
    """CppNix has a frame for every call: `f x = g x` (a tail call) still shows both `f` and `g`."""
    with pytest.raises(pynix.EvalError) as info:
        ev.evaluate('let f = x: g x; g = y: throw "t"; in f 1')
    assert [(frame.message, frame.position.column) for frame in info.value.trace] == [
        ("from call site", 38), ("while calling 'f'", 9), ("from call site", 12), ("while calling 'g'", 21),
        ("while calling the 'throw' builtin", 24)]


@pytest.mark.parametrize("n, shown", [(10, 1), (2, 3)])
def test_repeated_frames_are_summed_up_as_cppnix_does(ev, n, shown):
    """A frame already shown is skipped: a run of more than five is one `(N duplicate frames omitted)`
    line, a shorter run is shown as it is."""
    with pytest.raises(pynix.EvalError) as info:
        ev.evaluate(f'let f = n: if n == 0 then throw "x" else f (n - 1); in f {n}')
    text = info.value.render()
    assert len(info.value.trace) == 2 * n + 3
    assert text.count("while calling 'f'") == shown
    assert ("(19 duplicate frames omitted)" in text) == (n == 10)


def test_undefined_variable_is_its_own_class(ev):
    with pytest.raises(pynix.UndefinedVariableError) as static:
        ev.evaluate("let a = 1; in b")
    assert static.value.message == "undefined variable 'b'" and static.value.position == ("«string»", 1, 15)
    assert isinstance(static.value, pynix.ParseError)
    with pytest.raises(pynix.UndefinedVariableError) as dynamic:
        ev.evaluate("with { a = 1; }; b")
    assert isinstance(dynamic.value, pynix.EvalError)


# -- the namespace -----------------------------------------------------------------

def test_dir_shows_the_public_api_only():
    assert dir(pynix) == sorted(pynix.__all__)
    for name in ("Any", "vm", "TYPE_CHECKING", "annotations"):
        assert name not in dir(pynix)
    for name in pynix.__all__:
        assert getattr(pynix, name) is not None


def test_paths_have_one_name(ev):
    p = pynix.to_python(ev.evaluate("/tmp/x"))
    assert type(p) is pynix.Path and type(p).__name__ == "Path"
    assert repr(p) == "pynix.Path('/tmp/x')"


# -- cancelling --------------------------------------------------------------------

LOOP = "builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 1000000)"


def cancel_after(ev, seconds):
    timer = threading.Timer(seconds, ev.cancel)
    timer.start()
    return timer


def test_cancel_stops_a_running_evaluation_from_another_thread(ev):
    cancel_after(ev, 0.2)
    start = time.monotonic()
    with pytest.raises(pynix.Cancelled) as info:
        ev.evaluate(LOOP)
    assert time.monotonic() - start < 5
    assert str(info.value).startswith("error: evaluation cancelled")
    assert not info.value.catchable


def test_evaluator_stays_usable_and_a_cancelled_thunk_is_evaluated_again(ev):
    attrs = ev.evaluate("{ x = " + LOOP.replace("1000000", "200000") + "; }")
    cancel_after(ev, 0.1).join()  # idle: nothing to cancel, and the next evaluation is not affected
    assert ev.evaluate("1 + 2") == 3
    cancel_after(ev, 0.1)
    with pytest.raises(pynix.Cancelled):
        attrs["x"]
    assert attrs["x"] == 199999 * 200000 // 2
    assert ev.evaluate("builtins.tryEval (throw \"t\")")["success"] is False
