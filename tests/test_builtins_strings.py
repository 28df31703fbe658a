"""Unit tests for the string builtins: strings, regex, hashing and context."""

import pytest

import pynix
from evaluation import error_of, ev
from pynix.vm.values import NixString

DRV = '(derivation { name = "d"; builder = "/bin/sh"; system = "x86_64-linux"; outputs = [ "out" "dev" ]; })'
CTX = 'builtins.appendContext "x" { "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-p" = { path = true; }; }'




# -- strings ---------------------------------------------------------------------


@pytest.mark.parametrize("expr, expected", [
    ('builtins.substring 1 2 "abc"', "bc"),
    ('builtins.substring 3 (-1) "tebbad"', "bad"),
    ('builtins.substring 5 10 "perl"', ""),
    ('builtins.substring 1 1 "héllo"', "\udcc3"),  # bytes, not characters
    ('builtins.substring 1 2 "héllo"', "é"),
    ('builtins.stringLength "héllo"', 6),
    ('builtins.replaceStrings [ "oo" "a" ] [ "a" "oo" ] "foobar"', "faboor"),
    ('builtins.replaceStrings [ "" ] [ "X" ] "abc"', "XaXbXcX"),
    ('builtins.replaceStrings [ "x" "" ] [ "-" "+" ] "abxd"', "+a+b-+d+"),
    ('builtins.replaceStrings [ "oo" "XX" ] [ "u" (throw "lazy") ] "foobar"', "fubar"),
    ('builtins.concatStringsSep ", " [ "a" "b" ]', "a, b"),
    ('builtins.splitVersion "1.2.3pre-4..5abc"', ["1", "2", "3", "pre", "4", "5", "abc"]),
    ('builtins.compareVersions "2.3a" "2.3.1"', -1),
    ('builtins.compareVersions "1.0pre1" "1.0"', -1),
    ('builtins.compareVersions "1.10" "1.9"', 1),
    ('builtins.compareVersions "1.0" "1.0.0"', -1),
    ('builtins.parseDrvName "nix-0.12pre12876"', {"name": "nix", "version": "0.12pre12876"}),
    ('builtins.parseDrvName "foo-bar-"', {"name": "foo-bar-", "version": ""}),
    ('baseNameOf "a/b/"', "b"),
    ('baseNameOf "a//"', ""),
    ('dirOf "a///b"', "a//"),
    ('dirOf "file"', "."),
    ('builtins.toPath "/a/../b//c/"', "/b/c"),
])
def test_string_builtins(expr, expected):
    assert ev(expr) == expected


def test_dir_of_path_is_a_path():
    assert ev("dirOf /a/b == /a") is True
    assert ev("dirOf /. == /.") is True


def test_results_keep_contexts():
    ev_ = pynix.Evaluator()
    for expr in (f"builtins.substring 0 0 ({CTX})", f'builtins.replaceStrings [ "x" ] [ "y" ] ({CTX})',
                 f'builtins.concatStringsSep ({CTX}) [ "a" "b" ]', f"baseNameOf ({CTX})", f"dirOf ({CTX})"):
        value = ev_.evaluate(expr)
        assert value.__class__ is NixString and value.context == {"/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-p"}
    assert ev(f'builtins.replaceStrings [ "a" ] [ ({CTX}) ] "b" == "b"') is True
    assert ev(f'builtins.hasContext (builtins.replaceStrings [ "a" ] [ ({CTX}) ] "b")') is False
    assert ev(f'builtins.hasContext (builtins.replaceStrings [ "a" ] [ ({CTX}) ] "a")') is True


@pytest.mark.parametrize("expr, message, frame", [
    ('builtins.substring (-3) 3 "x"', "negative start position in 'substring'", None),
    ('builtins.substring 3 "foo" true', 'expected an integer but found a string: "foo"',
     "while evaluating the second argument (the substring length) passed to builtins.substring"),
    ("builtins.stringLength { }", "cannot coerce a set to a string: { }",
     "while evaluating the argument passed to builtins.stringLength"),
    ('builtins.replaceStrings [ 0 ] [ ] "x"',
     "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths", None),
    ('builtins.replaceStrings [ "oo" ] [ true ] "foo"', "expected a string but found a Boolean: true",
     "while evaluating one of the replacement strings passed to builtins.replaceStrings"),
    ('builtins.concatStringsSep "," [ 1 ]', "cannot coerce an integer to a string: 1",
     "while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep"),
    ('builtins.toPath "foo"', "string 'foo' doesn't represent an absolute path",
     "while evaluating the first argument passed to builtins.toPath"),
    (f"builtins.compareVersions ({CTX}) \"1\"",
     "the string 'x' is not allowed to refer to a store path (such as '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-p')",
     "while evaluating the first argument passed to builtins.compareVersions"),
])
def test_string_errors(expr, message, frame):
    err = error_of(expr)
    assert err.message == message
    own = [f.message for f in err.frames if not f.message.startswith("while calling the ")]
    assert own[:1] == ([frame] if frame else [])


# -- regular expressions ---------------------------------------------------------


@pytest.mark.parametrize("expr, expected", [
    ('builtins.match "ab" "abc"', None),
    ('builtins.match "a(b)(c)" "abc"', ["b", "c"]),
    ('builtins.match "((.*)/)?([^/]*)\\\\.(nix|cc)" "foobar.cc"', [None, None, "foobar", "cc"]),
    ('builtins.match "[[:space:]]+([[:upper:]]+)[[:space:]]+" "  FOO   "', ["FOO"]),
    ('builtins.match "[]a]+" "]a]"', []),
    ('builtins.match "[^]a]" "]"', None),
    ('builtins.match "[a-]+" "-a"', []),
    ('builtins.match "[0-9\\\\.]+" "1.\\\\"', []),  # a backslash in brackets is itself
    ('builtins.match "[[.space.]]" " "', []),
    ('builtins.match "a+?" "aaa"', []),  # ERE has no lazy quantifiers: `(a+)?`
    ('builtins.match "a{2}{3}" "aaaaaa"', []),
    ('builtins.match "fo{1,2}" "fooo"', None),
    ('builtins.match "a$" "a\\n"', None),
    ('builtins.match ".*" "a\\nb"', []),
    ('builtins.match "(.)(.*)" "é"', ["\udcc3", "\udca9"]),
    ('builtins.split "(a)|(c)" "abc"', ["", ["a", None], "b", [None, "c"], ""]),
    ('builtins.split "fo+" "f"', ["f"]),
    ('builtins.split "x*" "axb"', ["", [], "a", [], "", [], "b", [], ""]),
    ('builtins.split "a|ab" "abc"', ["", [], "c"]),  # the longest alternative wins, as in libstdc++
    ('builtins.split "(b*)|(a+)" "aab"', ["", [None, "aa"], "", ["b", None], "", ["", None], ""]),
])
def test_regex(expr, expected):
    assert ev(expr) == expected


def test_split_without_match_keeps_the_string_and_its_context():
    value = pynix.Evaluator().evaluate(f'builtins.elemAt (builtins.split "q" ({CTX})) 0')
    assert value.__class__ is NixString and value.context


@pytest.mark.parametrize("regex", ["(.*", "a)", "\\\\d", "a{,2}", "*a", "^*", "[a", "[a-c-e]", "[[:foo:]]", "[b-a]",
                                   "a{1"])
def test_invalid_regex(regex):
    shown = regex.replace("\\\\", "\\")  # the Nix string literal unescaped
    assert error_of(f'builtins.match "{regex}" ""').message == f"invalid regular expression '{shown}'"


def test_huge_regex():
    assert error_of('builtins.split "a{100000}" ""').message == \
        "memory limit exceeded by regular expression 'a{100000}'"


# -- hashing ---------------------------------------------------------------------------


def test_hash_string():
    assert ev('builtins.hashString "md5" ""') == "d41d8cd98f00b204e9800998ecf8427e"
    assert ev('builtins.hashString "sha256" "text 1"') == \
        "900a4469df00ccbfd0c145c6d1e4b7953dd0afafadd7534e3a4019e8d38fc663"
    assert error_of('builtins.hashString "foo" ""').message == \
        "unknown hash algorithm 'foo', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'"


def test_hash_file(tmp_path):
    (tmp_path / "f").write_bytes(b"foo\n")
    assert ev(f'builtins.hashFile "sha1" {tmp_path}/f') == "f1d2d2f924e986ac86fdf7b36c94bcdf32beec15"
    assert "does not exist" in error_of(f'builtins.hashFile "sha1" "{tmp_path}/missing"').message


SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("args, expected", [
    (f'hash = "{SHA256_EMPTY}"; hashAlgo = "sha256"; toHashFormat = "sri";',
     "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
    ('hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; toHashFormat = "nix32";',
     "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"),
    ('hash = "sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"; toHashFormat = "base16";', SHA256_EMPTY),
    ('hash = "md5:1B2M2Y8AsgTpgAmY7PhCfg=="; toHashFormat = "base64";', "1B2M2Y8AsgTpgAmY7PhCfg=="),
])
def test_convert_hash(args, expected):
    assert ev(f"builtins.convertHash {{ {args} }}") == expected


@pytest.mark.parametrize("args, message", [
    (f'hash = "{SHA256_EMPTY}"; toHashFormat = "sri";',
     f"hash '{SHA256_EMPTY}' does not include a type, nor is the type otherwise known from context"),
    (f'hash = "sha256:{SHA256_EMPTY}"; hashAlgo = "sha1"; toHashFormat = "sri";',
     f"hash 'sha256:{SHA256_EMPTY}' should have type 'sha1'"),
    ('hash = "sha256:abc"; toHashFormat = "sri";', "hash 'abc' has wrong length for hash algorithm 'sha256'"),
    (f'hash = "sha256:{SHA256_EMPTY[:-1]}x"; toHashFormat = "sri";',
     f"invalid base16 hash '{SHA256_EMPTY[:-1]}x', length 0 != expected length 32"),
    (f'hash = "sha256:{SHA256_EMPTY}"; toHashFormat = "hex";',
     "unknown hash format 'hex', expect 'base16', 'base32', 'base64', or 'sri'"),
    ('toHashFormat = "sri";', "attribute 'hash' missing"),
])
def test_convert_hash_errors(args, message):
    assert error_of(f"builtins.convertHash {{ {args} }}").message == message


# -- contexts --------------------------------------------------------------------------


def test_context_round_trip():
    assert ev(f"builtins.getContext ({CTX})") == {"/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-p": {"path": True}}
    assert ev(f"builtins.hasContext ({CTX})") is True
    assert ev(f"builtins.hasContext (builtins.unsafeDiscardStringContext ({CTX}))") is False
    drv = "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-d.drv"
    spec = f'{{ "{drv}" = {{ outputs = [ "out" "dev" ]; allOutputs = true; }}; }}'
    assert ev(f'builtins.getContext (builtins.appendContext "" {spec})') == \
        {drv: {"allOutputs": True, "outputs": ["dev", "out"]}}


def test_output_dependencies():
    ctx = ev(f"builtins.getContext (builtins.unsafeDiscardOutputDependency {DRV}.drvPath)")
    assert list(ctx.values()) == [{"path": True}]
    ctx = ev(f"builtins.getContext (builtins.addDrvOutputDependencies "
             f"(builtins.unsafeDiscardOutputDependency {DRV}.drvPath))")
    assert list(ctx.values()) == [{"allOutputs": True}]
    assert error_of(f"builtins.addDrvOutputDependencies {DRV}.outPath").message == \
        "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as 'out'"
    assert error_of('builtins.addDrvOutputDependencies ""').message == \
        "context of string '' must have exactly one element, but has 0"


def test_append_context_errors():
    assert error_of('builtins.appendContext "" { "/nix/store/x" = { }; }').message == \
        "context key '/nix/store/x' is not a store path"
    assert error_of('builtins.appendContext "" { "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-p" = '
                    '{ allOutputs = true; }; }').message == \
        "tried to add all-outputs context of /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-p, " \
        "which is not a derivation, to a string"
