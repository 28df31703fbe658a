"""Derivations, store paths and file builtins (paths are checked against CppNix's)."""

import pytest

import pynix

DRV = 'derivation { name = "a"; builder = "/foo"; system = "i686-linux"; }'


def _eval(expr, **kw):
    e = pynix.Evaluator(**kw)
    return e.to_python(e.evaluate(expr))


def error(expr, **kw):
    with pytest.raises(pynix.EvalError) as info:
        _eval(expr, **kw)
    return info.value.message


def test_derivation_paths_match_cppnix():
    assert _eval(f"({DRV}).drvPath") == "/nix/store/zaz3l3zq54f6vzlqwv52zid34z0p4ba0-a.drv"
    assert _eval(f"({DRV}).outPath") == "/nix/store/k881na1jmi2md9gkmiw441xb3vyhlsdm-a"


def test_derivation_contexts():
    assert _eval(f"builtins.getContext ({DRV}).drvPath") == {
        "/nix/store/zaz3l3zq54f6vzlqwv52zid34z0p4ba0-a.drv": {"allOutputs": True}}
    assert _eval(f"builtins.getContext ({DRV}).outPath") == {
        "/nix/store/zaz3l3zq54f6vzlqwv52zid34z0p4ba0-a.drv": {"outputs": ["out"]}}


def test_derivation_wrapper_attributes():
    d = 'derivation { name = "a"; builder = "/foo"; system = "x"; outputs = [ "out" "dev" ]; }'
    assert _eval(f"let d = {d}; in [ d.type d.outputName d.dev.outputName (builtins.length d.all) d.drvAttrs.name ]") \
        == ["derivation", "out", "dev", 2, "a"]


def test_dependent_and_fixed_output_derivations():
    # Checked with nix-instantiate (a writable store).
    expr = ('let f = derivation { name = "a"; builder = "/foo"; system = "x"; outputHashAlgo = "sha256"; '
            'outputHash = "0000000000000000000000000000000000000000000000000000"; }; '
            'd = derivation { name = "b"; builder = "${f}/bin/sh"; system = "x"; args = [ f.drvPath 1 null true ]; }; '
            'in [ f.outPath d.drvPath ]')
    assert _eval(expr) == ["/nix/store/19k94y693b5mi3rbb0f3y9c4zq1jc3z0-a",
                           "/nix/store/b419krc1lynfr9v6jgxj21nklhlra0v8-b.drv"]
    recursive = ('(derivation { name = "a"; builder = "/foo"; system = "x"; outputHashAlgo = "sha256"; '
                 'outputHash = "0000000000000000000000000000000000000000000000000000"; '
                 'outputHashMode = "recursive"; }).outPath')
    assert _eval(recursive) == "/nix/store/pkprgjg3irwr8bbfp4rfjvd1qbqpbpa4-a"


def test_structured_attrs_legacy_path():
    expr = ('(builtins.derivationStrict { name = "eval-okay-derivation-legacy"; system = "x86_64-linux"; '
            'builder = "/dontcare"; __structuredAttrs = true; allowedReferences = [ ]; '
            'disallowedReferences = [ ]; allowedRequisites = [ ]; disallowedRequisites = [ ]; '
            'maxSize = 1234; maxClosureSize = 12345; }).out')
    assert _eval(expr) == "/nix/store/mzgwvrjjir216ra58mwwizi8wj6y9ddr-eval-okay-derivation-legacy"


@pytest.mark.parametrize("attrs, message", [
    ('{ name = "foo"; }', "required attribute 'builder' missing"),
    ('{ name = "foo"; builder = 1; }', "required attribute 'system' missing"),
    ('{ name = "foo"; builder = 1; system = 1; outputs = [ ]; }', "derivation cannot have an empty set of outputs"),
    ('{ name = "foo"; builder = 1; system = 1; outputs = "out out"; }', "duplicate derivation output 'out'"),
    ('{ name = "foo"; builder = 1; outputHashMode = "custom"; }', "invalid value 'custom' for 'outputHashMode' attribute"),
    ('{ name = "~a"; builder = 1; system = 1; }',
     "invalid derivation name: name '~a' contains illegal character '~'. Please pass a different 'name'."),
    ('{ name = "foo"; builder = 1; system = 1; __contentAddressed = true; }',
     "experimental Nix feature 'ca-derivations' is disabled; "
     "add '--extra-experimental-features ca-derivations' to enable it"),
    ('{ name = "foo"; builder = 1; system = 1; outputHash = "abc"; }',
     "hash 'abc' does not include a type, nor is the type otherwise known from context"),
])
def test_derivation_strict_errors(attrs, message):
    assert error(f"builtins.derivationStrict {attrs}") == message


def test_content_addressed_with_feature():
    expr = '(builtins.derivationStrict { name = "foo"; builder = "/b"; system = "x"; __contentAddressed = true; })'
    out = _eval(expr + ".out", features=["ca-derivations"])
    assert out.startswith("/") and not out.startswith("/nix/store")


def test_placeholder():
    assert _eval('builtins.placeholder "out"') == "/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9"
    assert error("builtins.placeholder [ ]") == "expected a string but found a list: [ ]"


def test_to_file():
    assert _eval('builtins.toFile "a" "${builtins.toFile "b" "c"}"') == \
        "/nix/store/lkp91dl1194j0b6g7kbl5hxkjh9csn4k-a"
    assert error(f'builtins.toFile "a" "${{{DRV}}}"') == (
        "files created by builtins.toFile may not reference derivations, but a references "
        "!out!zaz3l3zq54f6vzlqwv52zid34z0p4ba0-a.drv")
    assert _eval('builtins.readFile (builtins.toFile "b" "hello")') == "hello"


def test_store_path():
    assert _eval('builtins.storePath "/nix/store/abc-x/bin"') == "/nix/store/abc-x/bin"
    assert error('builtins.storePath "/foo"') == "path '/foo' is not in the Nix store"
    assert error('builtins.storePath "/nix/store/abc-x"', pure=True) == \
        "'builtins.storePath' is not allowed in pure evaluation mode"


@pytest.fixture()
def tree(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "file").write_text("data")
    (tmp_path / "link").symlink_to("dir")
    (tmp_path / "broken").symlink_to("nowhere")
    (tmp_path / "top").write_text("x\n")
    return tmp_path


def test_read_dir_and_types(tree):
    assert _eval(f"builtins.readDir {tree}") == {"dir": "directory", "link": "symlink", "broken": "symlink",
                                                 "top": "regular"}
    assert _eval(f"builtins.readDir {tree}/link") == {"file": "regular"}
    assert _eval(f"builtins.readFileType {tree}/link") == "symlink"
    assert error(f"builtins.readDir {tree}/top") == f"'{tree}/top' is not a directory"
    assert error(f"builtins.readDir {tree}/nope") == f"path '{tree}/nope' does not exist"


def test_path_exists(tree):
    assert _eval(f'[ (builtins.pathExists {tree}/broken) (builtins.pathExists "{tree}/link/") '
                 f'(builtins.pathExists "{tree}/top/") (builtins.pathExists {tree}/nope) ]') == \
        [True, True, False, False]
    assert error('builtins.pathExists "zorglub"') == "string 'zorglub' doesn't represent an absolute path"


def test_read_file(tree):
    assert _eval(f"builtins.readFile {tree}/top") == "x\n"


def test_path_and_filter_source(tree):
    whole = _eval(f'builtins.path {{ path = {tree}/dir; name = "d"; }}')
    filtered = _eval(f'builtins.path {{ path = {tree}/dir; name = "d"; filter = p: t: false; }}')
    assert whole.startswith("/nix/store/") and whole != filtered
    assert _eval(f"builtins.filterSource (p: t: true) {tree}/dir") == _eval(f'"${{{tree}/dir}}"')
    assert error(f"builtins.filterSource (_: _: 1) {tree}/dir") == "expected a Boolean but found an integer: 1"


def test_get_env(monkeypatch):
    monkeypatch.setenv("PYNIX_TEST_VAR", "yes")
    assert _eval('builtins.getEnv "PYNIX_TEST_VAR"') == "yes"
    assert _eval('builtins.getEnv "PYNIX_TEST_VAR"', pure=True) == ""


def test_fetcher_arguments_are_checked_before_fetching():
    assert error('builtins.fetchurl "https://example.com/~wiggle~"').startswith(
        "invalid store path name when fetching URL 'https://example.com/~wiggle~': name '~wiggle~'")
    assert error('builtins.fetchTree { type = "file"; url = "x"; owner = -1; }') == \
        "negative value given for 'fetchTree' argument 'owner': -1"


@pytest.mark.parametrize("expr, message", [
    ('builtins.fetchMercurial "http://example.org/r"', "pynix has no Mercurial or network access"),
    ("builtins.fetchClosure { }", "experimental Nix feature 'fetch-closure' is disabled"),
    ('builtins.getFlake "nixpkgs"', "experimental Nix feature 'flakes' is disabled"),
    ('builtins.outputOf "/nix/store/x.drv" "out"', "experimental Nix feature 'dynamic-derivations' is disabled"),
])
def test_fetchers_and_experimental_builtins_fail_cleanly(expr: str, message: str) -> None:
    with pytest.raises(pynix.NixError, match=message):
        pynix.evaluate(expr)


def test_output_of_is_a_placeholder_with_a_built_output_context() -> None:
    ev = pynix.Evaluator(features=frozenset({"dynamic-derivations"}))
    text = 'let d = derivation { name = "a"; builder = "/bin/sh"; system = "x"; }; in builtins.outputOf d.drvPath "dev"'
    value = ev.evaluate(text)
    assert value.startswith("/") and len(value) == 53
    drv = pynix.evaluate('(derivation { name = "a"; builder = "/bin/sh"; system = "x"; }).drvPath')
    assert value.context == frozenset({f"!dev!{drv}"})


def test_failing_attribute_is_located_with_the_name_attribute():
    with pytest.raises(pynix.EvalError) as info:
        _eval('builtins.derivationStrict {\n  name = "foo";\n  builder = 1;\n  system = 1;\n  outputs = { };\n}')
    text = info.value.render()
    assert ("… while evaluating derivation 'foo'\n"
            "         whose name attribute is located at «string»:2:3\n") in text
    assert "… while evaluating attribute 'outputs' of derivation 'foo'\n         at «string»:5:3:" in text


def test_the_platform_is_written_unescaped_in_the_derivation() -> None:
    """CppNix writes `system` into the .drv as it is (printUnquotedString), so a newline changes the hash."""
    drv = 'derivation { name = "t"; system = "z\\n"; builder = "/dontcare"; }'
    assert _eval(f"({drv}).drvPath") == "/nix/store/22dnp9ap8c2wc7c1f7ax5irbwzi3rhi0-t.drv"
