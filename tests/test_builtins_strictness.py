"""Which arguments a builtin forces, and in which order, as CppNix's primops do (libexpr/primops.cc).

A builtin forces and checks its arguments one after the other, so a bad earlier
argument is reported before a later one is evaluated, and an argument it does
not need is never evaluated. Where CppNix 2.8 differs from current CppNix
(marked), the case follows current CppNix's source.
"""

from __future__ import annotations

import pytest

from evaluation import error_of, ev


@pytest.mark.parametrize("expr, value", [
    # The function is forced only for a non-empty list (current CppNix; 2.8 forced it for filter and sort).
    ('builtins.map (throw "f") [ ]', []),
    ('builtins.filter (throw "f") [ ]', []),
    ('builtins.sort (throw "f") [ ]', []),
    ('builtins.elem (throw "x") [ ]', False),
    ('builtins.mapAttrs (throw "f") { }', {}),
    # Values a builtin only passes on stay unevaluated.
    ('builtins.length (builtins.attrValues { a = throw "v"; })', 1),
    ('builtins.attrNames { a = throw "v"; }', ["a"]),
    ('builtins.hasAttr "a" { a = throw "v"; }', True),
    ('builtins.attrNames (builtins.removeAttrs { a = throw "v"; b = 1; } [ "b" ])', ["a"]),
    ('builtins.attrNames (builtins.intersectAttrs { a = throw "v"; } { a = throw "w"; })', ["a"]),
    ('builtins.attrNames (builtins.listToAttrs [ { name = "a"; value = throw "v"; } ])', ["a"]),
    ('builtins.length (builtins.catAttrs "a" [ { a = throw "v"; } ])', 1),
    ('builtins.length (builtins.groupBy (x: "k") [ (throw "e") ]).k', 1),
    ('builtins.length (builtins.map (x: 1) [ (throw "e") ])', 1),
    ('builtins.length (builtins.filter (x: true) [ (throw "e") ])', 1),
    ('builtins.foldl\' (x: y: y) (throw "nul") [ 1 ]', 1),
    ('builtins.seq 1 2', 2),
    ('builtins.length (builtins.tail [ (throw "h") 1 ])', 1),
    ('builtins.length (builtins.concatLists [ [ (throw "e") ] ])', 1),
    ('builtins.substring 0 0 "abc"', ""),
    ('builtins.replaceStrings [ "a" ] [ (throw "t") ] "b"', "b"),  # a replacement is forced only when used (not 2.8)
    ('builtins.genericClosure { startSet = [ ]; operator = throw "op"; }', []),  # (not 2.8)
    ('builtins.addErrorContext (throw "m") 1', 1),
    ('(builtins.tryEval (throw "x")).success', False),
    ('let f = x: x; in builtins.elem f [ f ]', True),  # the same value in both slots
    ('builtins.elem (x: x) [ (x: x) ]', False),
])
def test_what_is_not_forced(expr: str, value: object) -> None:
    assert ev(expr) == value


@pytest.mark.parametrize("expr, message", [
    # The list (or length) is checked before the function is forced.
    ('builtins.map (throw "f") "x"', 'expected a list but found a string: "x"'),
    ('builtins.filter (throw "f") "x"', 'expected a list but found a string: "x"'),
    ('builtins.sort (throw "f") "x"', 'expected a list but found a string: "x"'),
    ('builtins.elem (throw "x") "l"', 'expected a list but found a string: "l"'),
    ('builtins.genList (throw "f") "x"', 'expected an integer but found a string: "x"'),
    ('builtins.genList (throw "f") (-1)', "cannot create list of size -1"),
    ('builtins.genList (throw "f") 0', "f"),  # then the function, even for no element (not 2.8)
    ('builtins.map (throw "f") [ 1 ]', "f"),
    # elemAt checks the index first.
    ('builtins.elemAt (throw "a") (throw "b")', "b"),
    ('builtins.elemAt (throw "a") "s"', 'expected an integer but found a string: "s"'),
    # The first argument is checked before the second is forced.
    ('builtins.foldl\' 1 0 (throw "l")', "expected a function but found an integer: 1"),
    ('builtins.concatMap 1 (throw "l")', "expected a function but found an integer: 1"),
    ('builtins.any 1 (throw "l")', "expected a function but found an integer: 1"),
    ('builtins.all 1 (throw "l")', "expected a function but found an integer: 1"),
    ('builtins.partition 1 (throw "l")', "expected a function but found an integer: 1"),
    ('builtins.groupBy 1 (throw "l")', "expected a function but found an integer: 1"),
    ('builtins.zipAttrsWith 1 (throw "l")', "expected a function but found an integer: 1"),
    ('builtins.getAttr 1 (throw "s")', "expected a string but found an integer: 1"),
    ('builtins.hasAttr 1 (throw "s")', "expected a string but found an integer: 1"),
    ('builtins.unsafeGetAttrPos 1 (throw "s")', "expected a string but found an integer: 1"),
    ('builtins.removeAttrs 1 (throw "l")', "expected a set but found an integer: 1"),
    ('builtins.intersectAttrs 1 (throw "b")', "expected a set but found an integer: 1"),
    ('builtins.catAttrs 1 (throw "l")', "expected a string but found an integer: 1"),
    ('builtins.bitAnd "a" (throw "b")', 'expected an integer but found a string: "a"'),
    ('builtins.bitOr "a" (throw "b")', 'expected an integer but found a string: "a"'),
    ('builtins.bitXor "a" (throw "b")', 'expected an integer but found a string: "a"'),
    ('builtins.substring "a" (throw "l") "s"', 'expected an integer but found a string: "a"'),
    ('builtins.substring (-1) (throw "l") "s"', "negative start position in 'substring'"),  # (not 2.8)
    ('builtins.substring 0 "x" (throw "s")', 'expected an integer but found a string: "x"'),
    ('builtins.substring 0 0 (throw "s")', "s"),
    ('builtins.hashString 1 (throw "s")', "expected a string but found an integer: 1"),
    ('builtins.hashFile 1 (throw "p")', "expected a string but found an integer: 1"),
    ('builtins.match "(" (throw "s")', "invalid regular expression '('"),
    ('builtins.split "(" (throw "s")', "invalid regular expression '('"),
    ('builtins.concatStringsSep 1 (throw "l")', "expected a string but found an integer: 1"),
    ('builtins.replaceStrings 1 (throw "t") (throw "s")', "expected a list but found an integer: 1"),
    ('builtins.replaceStrings [ "a" ] [ ] (throw "s")',
     "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths"),
    ('builtins.compareVersions 1 (throw "b")', "expected a string but found an integer: 1"),
    ('builtins.toFile 1 (throw "c")', "expected a string but found an integer: 1"),
    ('builtins.appendContext 1 (throw "c")', "expected a string but found an integer: 1"),
    ('builtins.findFile 1 (throw "n")', "expected a list but found an integer: 1"),
    ('builtins.findFile [ (throw "e") ] (throw "n")', "e"),  # every search path entry before the name
    ('builtins.scopedImport (throw "s") (throw "p")', "p"),  # the path before the scope
    ('builtins.listToAttrs [ { name = "a"; } { name = throw "n"; } ]', "n"),  # every name before a value (not 2.8)
    # Elements that CppNix forces although they are only passed on.
    ('(builtins.partition (x: true) [ (throw "e") ]).wrong', "e"),
    ('builtins.sort (a: b: true) [ 1 (throw "e") ]', "e"),
    ('builtins.length (builtins.catAttrs "a" [ (throw "e") ])', "e"),
    ('builtins.length (builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: [ (throw "n") ]; })',
     "n"),
    # The empty-list case of foldl' forces the initial value.
    ('builtins.foldl\' (x: y: x) (throw "nul") [ ]', "nul"),
    ('builtins.seq (throw "a") (throw "b")', "a"),
    ('builtins.deepSeq [ (throw "a") ] 1', "a"),
])
def test_what_is_forced_first(expr: str, message: str) -> None:
    assert error_of(expr).message == message
