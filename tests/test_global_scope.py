"""The global scope and the `builtins` set hold exactly the names CppNix's base environment does."""

from __future__ import annotations

import pytest

import pynix
from evaluation import ev

# Written from CppNix's source (libexpr/primops.cc, primops/*.cc, libflake/flake-primops.cc):
# primops registered without the `__` prefix, and the constants that `addConstant` installs so.
CPPNIX_TOP_LEVEL = {
    "abort", "baseNameOf", "break", "builtins", "derivation", "derivationStrict", "dirOf", "false", "fetchGit",
    "fetchMercurial", "fetchTarball", "fetchTree", "fromTOML", "import", "isNull", "map", "null", "placeholder",
    "removeAttrs", "scopedImport", "throw", "toString", "true",
}

# Registered as `__name`: global only with the prefix, in `builtins` without it.
CPPNIX_PREFIXED = {
    "add", "addDrvOutputDependencies", "addErrorContext", "all", "any", "appendContext", "attrNames", "attrValues",
    "bitAnd", "bitOr", "bitXor", "catAttrs", "ceil", "compareVersions", "concatLists", "concatMap",
    "concatStringsSep", "convertHash", "currentSystem", "currentTime", "deepSeq", "div", "elem", "elemAt",
    "fetchClosure", "fetchurl", "filter", "filterSource", "findFile", "flakeRefToString", "floor", "foldl'",
    "fromJSON", "functionArgs", "genList", "genericClosure", "getAttr", "getContext", "getEnv", "getFlake", "groupBy",
    "hasAttr", "hasContext", "hashFile", "hashString", "head", "intersectAttrs", "isAttrs", "isBool", "isFloat",
    "isFunction", "isInt", "isList", "isPath", "isString", "langVersion", "length", "lessThan", "listToAttrs",
    "mapAttrs", "match", "mul", "nixPath", "nixVersion", "outputOf", "parseDrvName", "parseFlakeRef", "partition",
    "path", "pathExists", "readDir", "readFile", "readFileType", "replaceStrings", "seq", "sort", "split",
    "splitVersion", "storeDir", "storePath", "stringLength", "sub", "substring", "tail", "toFile", "toJSON", "toPath",
    "toXML", "trace", "traceVerbose", "tryEval", "typeOf", "unsafeDiscardOutputDependency",
    "unsafeDiscardStringContext", "unsafeGetAttrPos", "warn", "zipAttrsWith",
}


def test_global_names_are_cppnix_base_environment() -> None:
    names = set(pynix.Evaluator().global_scope())
    assert names == CPPNIX_TOP_LEVEL | {"__" + n for n in CPPNIX_PREFIXED}


def test_builtins_set_holds_every_name_without_prefix() -> None:
    assert set(ev("builtins.attrNames builtins")) == CPPNIX_TOP_LEVEL | CPPNIX_PREFIXED


def test_pure_evaluation_leaves_out_the_impure_constants() -> None:
    names = set(pynix.Evaluator(pure=True).global_scope())
    assert "__currentSystem" not in names and "__currentTime" not in names and "__nixVersion" in names


@pytest.mark.parametrize("expr, value", [
    ("builtins.true", True),
    ("builtins.false", False),
    ("builtins.null", None),
    ("builtins.builtins.true", True),
    ('fromTOML "a = 1"', {"a": 1}),
    ('builtins.isFunction fetchTarball && builtins.isFunction fetchGit && builtins.isFunction fetchTree', True),
    ('builtins.isFunction fetchMercurial && builtins.isFunction derivationStrict', True),
    ('break 1', 1),
    ('builtins.stringLength (placeholder "out")', 53),
])
def test_global_names_missing_before(expr: str, value: object) -> None:
    assert ev(expr) == value


@pytest.mark.parametrize("name", ["__map", "__throw", "__fromTOML", "__true", "__builtins"])
def test_top_level_names_have_no_prefixed_twin(name: str) -> None:
    with pytest.raises(pynix.ParseError) as info:
        ev(name)
    assert info.value.message == f"undefined variable '{name}'"


def test_parse_knows_the_constants(capsys: pytest.CaptureFixture[str]) -> None:
    from pynix.instantiate import main
    assert main(["--parse", "-E", "__nixVersion"]) == 0
    assert capsys.readouterr().out.strip() == "__nixVersion"


@pytest.mark.parametrize("expr, value", [
    ("builtins.div 7 2", 3),
    ("builtins.null", None),
    ("let builtins = { div = 1; }; in builtins.div", 1),
    ("with { builtins = { div = 2; }; }; builtins.div 9 3", 3),
    ('builtins.scopedImport { builtins = { div = 42; }; } (builtins.toFile "x.nix" "builtins.div")', 42),
    ('builtins.scopedImport { builtins = { }; } (builtins.toFile "x.nix" "builtins.div or 5")', 5),
])
def test_builtins_attributes_named_statically(expr: str, value: object) -> None:
    """`builtins.div` is bound when compiled code is loaded (`runtime.load_unit`): still the scope's own."""
    assert ev(expr) == value


def test_a_missing_builtins_attribute_is_still_an_error_there() -> None:
    with pytest.raises(pynix.EvalError) as info:
        ev('builtins.scopedImport { builtins = { }; } (builtins.toFile "x.nix" "builtins.div")')
    assert info.value.message == "attribute 'div' missing"
