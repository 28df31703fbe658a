""""Did you mean ...?": CppNix's choice of close names and its wording, where CppNix offers them."""

import pytest

import pynix
from pynix.instantiate import main as instantiate
from pynix.vm.suggestions import best_matches, did_you_mean, levenshtein


@pytest.mark.parametrize("a, b, distance", [
    ("", "", 0), ("abc", "", 3), ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("x", "y", 1), ("foo", "foo", 0),
])
def test_levenshtein(a, b, distance):
    assert levenshtein(a, b) == distance == levenshtein(b, a)


def test_best_matches_nearest_first_then_by_name_at_most_five_within_two():
    names = ["fooo", "fo", "fob", "foo", "bar", "zzzzz", "f", "foox", "fooxy"]
    assert best_matches(names, "foo") == ("foo", "fo", "fob", "fooo", "foox")
    assert best_matches(["alpha", "beta"], "gamma") == ()


def test_wording():
    assert did_you_mean(()) == ""
    assert did_you_mean(("y",)) == "Did you mean y?"
    assert did_you_mean(("x", "y", "z")) == "Did you mean one of x, y or z?"


@pytest.mark.parametrize("expr, line", [
    ("{ foo = 1; bar = 2; }.fo", "Did you mean foo?"),
    ("({ x, z }: x) { x = 1; y = 2; z = 3; }", "Did you mean one of x or z?"),
])
def test_evaluation_errors_suggest_after_the_position(expr, line):
    with pytest.raises(pynix.NixError) as info:
        pynix.evaluate(expr)
    assert str(info.value).splitlines()[-1] == "       " + line
    assert str(info.value).splitlines()[-2].strip().startswith("|")


def test_no_suggestion_when_nothing_is_close():
    with pytest.raises(pynix.EvalError) as info:
        pynix.evaluate("{ alpha = 1; }.zeta")
    assert info.value.suggestions == () and "Did you mean" not in str(info.value)


def test_undefined_variables_get_no_suggestion_as_in_cppnix():
    with pytest.raises(pynix.UndefinedVariableError) as info:
        pynix.evaluate("let value = 1; in valeu")
    assert "Did you mean" not in str(info.value)


def test_attribute_path_suggests(capsys):
    assert instantiate(["--eval", "-E", "{ hello = 1; help = 2; }", "-A", "helo"]) == 1
    assert capsys.readouterr().err == ("error: attribute 'helo' in selection path 'helo' not found\n"
                                       "       Did you mean one of hello or help?\n")
