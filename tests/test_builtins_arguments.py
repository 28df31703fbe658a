"""The trace lines CppNix's core builtins add to errors in their arguments."""

import pytest

import pynix


def own_frames(expr):
    """The error of `expr` and its trace lines, without the scheduler's `while calling the 'X' builtin`."""
    with pytest.raises(pynix.EvalError) as info:
        pynix.evaluate(expr)
    err = info.value
    return err.message, [f.message for f in err.frames if not f.message.startswith("while calling ")]


@pytest.mark.parametrize("expr, message, frames", [
    ("builtins.length 1", "expected a list but found an integer: 1",
     ["while evaluating the first argument passed to builtins.length"]),
    ("builtins.head 1", "expected a list but found an integer: 1",
     ["while evaluating the first argument passed to 'builtins.head'"]),
    ('builtins.elemAt "foo" 1', 'expected a list but found a string: "foo"',
     ["while evaluating the first argument passed to 'builtins.elemAt'"]),
    ("builtins.attrNames [ ]", "expected a set but found a list: [ ]",
     ["while evaluating the argument passed to builtins.attrNames"]),
    ('builtins.add "foo" 1', 'expected an integer but found a string: "foo"',
     ["while evaluating the first argument of the addition"]),
    ('builtins.sub 1.5 "foo"', 'expected a float but found a string: "foo"',
     ["while evaluating the second argument of the subtraction"]),
    ('builtins.div "foo" 1', 'expected an integer but found a string: "foo"',
     ["while evaluating the first operand of the division"]),
    ('builtins.div 1 "foo"', 'expected a float but found a string: "foo"',
     ["while evaluating the second operand of the division"]),
    ('builtins.div "foo" 0', "division by zero", []),
    ("builtins.map 1 [ 1 ]", "expected a function but found an integer: 1",
     ["while evaluating the first argument passed to builtins.map"]),
    ('builtins.filter (_: 5) [ "foo" ]', "expected a Boolean but found an integer: 5",
     ["while evaluating the return value of the filtering function passed to builtins.filter"]),
    ("builtins.foldl' (_: 1) \"foo\" true", "expected a list but found a Boolean: true",
     ["while evaluating the third argument passed to builtins.foldlStrict"]),
    ("builtins.genList 1 2", "expected a function but found an integer: 1",
     ["while evaluating the first argument passed to builtins.genList"]),
    ("builtins.concatLists [ [ 1 ] (throw \"no\") ]", "no",
     ["while evaluating a value of the list passed to builtins.concatLists"]),
    ('builtins.getAttr "foo" { }', "attribute 'foo' missing", ["in the attribute set under consideration"]),
    ('builtins.removeAttrs { } [ 1 ]', "expected a string but found an integer: 1",
     ["while evaluating the values of the second argument passed to builtins.removeAttrs"]),
    ("builtins.listToAttrs [ { name = 1; } ]", "expected a string but found an integer: 1",
     ["while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs"]),
    ('builtins.listToAttrs [ { name = "foo"; } ]', "attribute 'value' missing", ["in a {name=...; value=...;} pair"]),
    ("builtins.toString { a = 1; }", "cannot coerce a set to a string: { a = 1; }",
     ["while evaluating the first argument passed to builtins.toString"]),
    ("throw 1", "cannot coerce an integer to a string: 1",
     ["while evaluating the error message passed to builtin.throw"]),
    ('builtins.deepSeq [ 1 (throw "no") ] 1', "no", ["while evaluating list element at index 1"]),
    ("builtins.findFile [ { } ] \"x\"", "attribute 'path' missing", ["in an element of the __nixPath"]),
    ('builtins.addErrorContext { } (throw "no")', "cannot coerce a set to a string: { }",
     ["while evaluating the error message passed to builtins.addErrorContext"]),
])
def test_argument_trace_lines(expr, message, frames):
    assert own_frames(expr) == (message, frames)


def test_empty_lists_skip_the_function_check():
    assert pynix.evaluate("builtins.map 1 [ ]") == []
    assert pynix.evaluate("builtins.filter 1 [ ]") == []
    assert pynix.evaluate("builtins.div 7 2") == 3
