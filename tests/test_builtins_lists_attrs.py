"""Unit tests for the list, attribute set, number, debugging, TOML and flake reference builtins."""

import pytest

import pynix
from evaluation import error_of, ev
from pynix.builtins.toml import format_timestamp




# -- lists ----------------------------------------------------------------

def test_sort_is_stable():
    assert ev('map (x: x.v) (builtins.sort (a: b: a.k < b.k) '
              '[{k=2;v=1;} {k=1;v=2;} {k=2;v=3;} {k=1;v=4;}])') == [2, 4, 1, 3]


def test_sort_survives_a_comparator_that_is_not_an_order():
    assert sorted(ev('builtins.sort (a: b: true) [3 1 2 5 4]')) == [1, 2, 3, 4, 5]


def test_sort_comparator_must_return_a_boolean():
    err = error_of('builtins.sort (a: b: 1) [1 2]')
    assert err.message == "expected a Boolean but found an integer: 1"
    assert any("sorting function passed to builtins.sort" in f.message for f in err.frames)


def test_sort_checks_the_list_before_the_function():
    assert error_of('builtins.sort 1 "foo"').message == 'expected a list but found a string: "foo"'


def test_concat_map_any_all_elem_partition():
    assert ev('builtins.concatMap (x: [x x]) [1 2]') == [1, 1, 2, 2]
    assert ev('builtins.any (x: x > 1) [1 2]') is True
    assert ev('builtins.all (x: x > 1) [1 2]') is False
    assert ev('builtins.elem [1] [[2] [1]]') is True
    assert ev('builtins.partition (x: x > 1) [1 2 3]') == {"right": [2, 3], "wrong": [1]}


def test_any_stops_at_the_first_match():
    assert ev('builtins.any (x: x) [true (throw "not reached")]') is True


def test_group_by_keeps_order():
    assert ev('builtins.groupBy (x: if x > 2 then "big" else "small") [3 1 4 2]') == \
        {"big": [3, 4], "small": [1, 2]}


def test_cat_attrs():
    assert ev('builtins.catAttrs "a" [{a=1;} {b=2;} {a=3;}]') == [1, 3]
    err = error_of('builtins.catAttrs "a" [1]')
    assert err.message == "expected a set but found an integer: 1"


def test_generic_closure_is_breadth_first_and_deduplicates():
    assert ev('map (x: x.key) (builtins.genericClosure { startSet = [{key=1;}]; '
              'operator = x: if x.key < 5 then [{key = x.key + 1;} {key = x.key * 2;}] else []; })') == \
        [1, 2, 3, 4, 6, 5, 8]


def test_generic_closure_keys_compare_numbers_across_types():
    assert len(ev('builtins.genericClosure { startSet = [{key=1;} {key=1.0;}]; operator = x: []; }')) == 1


def test_generic_closure_errors():
    err = error_of('builtins.genericClosure { startSet = [{key=1;} {key="a";}]; operator = x: []; }')
    assert err.message == 'cannot compare a string with an integer; values are "a" and 1'
    assert [f.message for f in err.frames] == ['with element { key = 1; }', 'while comparing element { key = "a"; }',
                                              "while calling the 'genericClosure' builtin"]
    assert error_of('builtins.genericClosure { startSet = [{nokey=1;}]; operator = x: []; }').message == \
        "attribute 'key' missing"
    assert error_of('builtins.genericClosure { startSet = [{key=1;}]; }').message == \
        "attribute 'operator' missing"


# -- attribute sets -------------------------------------------------------

def test_map_attrs_is_lazy():
    assert ev('(builtins.mapAttrs (n: v: n + v) { a = "x"; b = throw "lazy"; }).a') == "ax"


def test_zip_attrs_with():
    assert ev('builtins.zipAttrsWith (n: vs: vs) [{a=1;} {a=2; b=3;}]') == {"a": [1, 2], "b": [3]}


def test_intersect_attrs_takes_values_from_the_second_set():
    assert ev('builtins.intersectAttrs { a = throw "no"; } { a = 2; b = 3; }') == {"a": 2}


def test_function_args():
    assert ev('builtins.functionArgs ({ a, b ? 1, ... }: a)') == {"a": False, "b": True}
    assert ev('builtins.functionArgs (x: x)') == {}
    assert ev('builtins.functionArgs builtins.map') == {}
    assert error_of('builtins.functionArgs {}').message == "'functionArgs' requires a function"


# -- numbers --------------------------------------------------------------

def test_bitwise():
    assert ev('[ (builtins.bitAnd 12 10) (builtins.bitOr 12 10) (builtins.bitXor 12 10) ]') == [8, 14, 6]
    assert error_of('builtins.bitAnd 1.1 2').message == "expected an integer but found a float: 1.1"


def test_floor_and_ceil():
    assert ev('[ (builtins.floor 23.5) (builtins.ceil 23.5) (builtins.floor (-1.5)) (builtins.ceil 23) ]') == \
        [23, 24, -2, 23]
    assert error_of('builtins.floor "x"').message == 'expected a float but found a string: "x"'
    assert "not in the range of NixInt" in error_of('builtins.ceil 1.0e30').message


# -- debugging ------------------------------------------------------------

def test_add_error_context_adds_a_frame():
    err = error_of('builtins.addErrorContext "while testing" (throw "boom")')
    assert err.message == "boom"
    assert [f.message for f in err.frames] == ["while calling the 'throw' builtin", "while testing",
                                              "while calling the 'addErrorContext' builtin"]
    assert ev('builtins.addErrorContext (throw "unused") 1') == 1


def test_warn_logs_an_evaluation_warning(caplog):
    assert ev('builtins.warn "foo\\nbar" 1') == 1
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("pynix", "WARNING", "evaluation warning: foo\n                    bar")]
    with pytest.raises(pynix.EvalError):
        ev('builtins.warn 1 2')


def test_trace_verbose_and_break():
    assert ev('builtins.traceVerbose (throw "x") 2') == 2
    assert ev('builtins.break 3') == 3


# -- TOML -----------------------------------------------------------------

def test_from_toml():
    assert ev("builtins.fromTOML ''\n  a = 1\n  [t]\n  b = [1.5, \"s\", true]\n''") == \
        {"a": 1, "t": {"b": [1.5, "s", True]}}


def test_from_toml_errors():
    assert error_of("builtins.fromTOML ''d = 1979-05-27''").message == \
        "while parsing TOML: Dates and times are not supported"
    assert error_of("builtins.fromTOML ''a = 9223372036854775808''").message.startswith(
        "while parsing TOML: [error] toml::parse_dec_integer: too large integer")
    assert "null bytes" in error_of('builtins.fromTOML "k = \\"a\\\\u0000b\\""').message
    assert error_of("builtins.fromTOML ''a = ''").message.startswith("while parsing TOML: ")


def test_from_toml_timestamps_with_the_feature():
    ev_ = pynix.Evaluator(features=["parse-toml-timestamps"])
    value = ev_.to_python(ev_.evaluate("builtins.fromTOML ''t = 1979-05-27T00:32:00.5-07:00''"))
    assert value == {"t": {"_type": "timestamp", "value": "1979-05-27T00:32:00.500-07:00"}}


def test_timestamp_format():
    import datetime
    assert format_timestamp(datetime.time(7, 32, 0, 123400)) == "07:32:00.123400"
    assert format_timestamp(datetime.datetime(1979, 5, 27, 7, 32, tzinfo=datetime.timezone.utc)) == \
        "1979-05-27T07:32:00Z"


# -- flake references -----------------------------------------------------

def test_parse_flake_ref():
    assert ev('builtins.parseFlakeRef "github:NixOS/nixpkgs/23.05?dir=lib"') == \
        {"dir": "lib", "owner": "NixOS", "ref": "23.05", "repo": "nixpkgs", "type": "github"}
    assert ev('builtins.parseFlakeRef "nixpkgs"') == {"id": "nixpkgs", "type": "indirect"}
    assert ev('builtins.parseFlakeRef "git+https://example.org/r.git?ref=main&shallow=1"') == \
        {"ref": "main", "shallow": True, "type": "git", "url": "https://example.org/r.git"}


@pytest.mark.parametrize("ref", [
    "github:NixOS/nixpkgs/23.05?dir=lib",
    "git+https://example.org/r.git?ref=main&shallow=1",
    "path:/foo/bar?dir=a",
    "flake:nixpkgs/nixos-23.05",
    "https://example.org/x.tar.gz",
])
def test_flake_ref_round_trip(ref):
    assert ev(f'builtins.flakeRefToString (builtins.parseFlakeRef "{ref}")') == ref


def test_flake_ref_to_string_errors():
    assert error_of('builtins.flakeRefToString { type = "github"; owner = "a"; repo = -1; }').message == \
        "negative value given for flake ref attr repo: -1"
    assert "but attribute 'repo' is a list" in \
        error_of('builtins.flakeRefToString { type = "github"; owner = "a"; repo = []; }').message


def test_unsafe_get_attr_pos_knows_where_literal_attributes_are_written():
    ev_ = pynix.Evaluator()
    text = 'let s = {\n  a = 1;\n    b = 2; }; in [ (builtins.unsafeGetAttrPos "a" s) (builtins.unsafeGetAttrPos "b" (s // { c = 3; })) (builtins.unsafeGetAttrPos "x" (builtins.listToAttrs [ { name = "x"; value = 1; } ])) (builtins.unsafeGetAttrPos "q" s) ]'
    a, b, listed, missing = pynix.to_python(ev_.evaluate(text, path="/virtual/t.nix"))
    assert (a["line"], a["column"], b["line"], b["column"]) == (2, 3, 3, 5)
    assert a["file"] == "/virtual/t.nix"
    assert listed is None and missing is None
    # As in CppNix, only positions in files are known: not in `--expr` text.
    assert pynix.to_python(ev_.evaluate(text)) == [None, None, None, None]
    assert pynix.evaluate("__curPos") is None
    assert pynix.to_python(ev_.evaluate("__curPos", path="/virtual/t.nix")) == {
        "file": "/virtual/t.nix", "line": 1, "column": 1}
    assert pynix.evaluate('builtins.attrNames { a = 1; }') == ["a"]
    assert pynix.evaluate('builtins.typeOf (builtins.head (builtins.attrNames { a = 1; }))') == "string"


def test_from_toml_timestamps_keep_nanoseconds():
    ev_ = pynix.Evaluator(features=frozenset({"parse-toml-timestamps"}))
    text = 'builtins.fromTOML "a = 00:32:00.123456789\\nb = 00:32:00.1234567\\nc = 00:32:00.1\\ns = \\"00:32:00.999999999\\""'
    value = pynix.to_python(ev_.evaluate(text))
    assert [value[k]["value"] for k in "abc"] == ["00:32:00.123456789", "00:32:00.123456700", "00:32:00.100"]
    assert value["s"] == "00:32:00.999999999"


def test_map_attrs_makes_attributes_without_positions():
    ev_ = pynix.Evaluator()
    assert ev_.evaluate('builtins.unsafeGetAttrPos "a" (builtins.mapAttrs (k: v: v) { a = 1; })', path="/v.nix") is None
    assert ev_.evaluate('(builtins.unsafeGetAttrPos "a" ({ a = 1; } // { b = 2; })).line', path="/v.nix") == 1


@pytest.mark.parametrize("text", [
    '{ ${builtins.toFile "f" "x"} = 1; }',
    '{ a = 1; }.${builtins.toFile "f" "x"} or 2',
    '{ } ? ${builtins.toFile "f" "x"}',
    'builtins.getAttr (builtins.toFile "f" "x") { }',
    'builtins.hasAttr (builtins.toFile "f" "x") { }',
    'builtins.unsafeGetAttrPos (builtins.toFile "f" "x") { }',
])
def test_attribute_names_are_strings_without_context(text: str) -> None:
    message = error_of(text).message
    assert message.startswith("the string '/nix/store/") and "is not allowed to refer to a store path" in message
