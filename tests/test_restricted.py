"""Restricted mode: an attack list run from the library and from the command line, with 0 escapes."""

from __future__ import annotations

import os

import pytest

import pynix
from pynix.instantiate import main as instantiate

SECRET = "TOPSECRET"
FORBIDDEN = "is forbidden in restricted mode"


@pytest.fixture
def tree(tmp_path):
    """`root/` (the allowed directory) and `outside/` (holding the secret), with symlinks across."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret").write_text(SECRET)
    (outside / "secret.nix").write_text(f'"{SECRET}"')
    (root / "a.nix").write_text("1 + 1")
    (root / "out-link").symlink_to(outside / "secret")
    (root / "dir-out").symlink_to(outside)
    (root / "in-link").symlink_to(root / "a.nix")
    return root, outside


def attacks(root, outside):
    """(expression, what it must give): a value, or an error whose message contains the text."""
    secret, out = f"{outside}/secret", str(outside)
    return [
        (f"builtins.readFile {secret}", FORBIDDEN),
        (f'builtins.readFile "{root}/../outside/secret"', FORBIDDEN),
        (f"builtins.readFile {root}/out-link", FORBIDDEN),
        (f"builtins.readFile {root}/dir-out/secret", FORBIDDEN),
        (f"import {outside}/secret.nix", FORBIDDEN),
        (f"import {root}/dir-out/secret.nix", FORBIDDEN),
        (f"scopedImport {{}} {outside}/secret.nix", FORBIDDEN),
        ("<root/../outside/secret.nix>", "was not found in the Nix search path"),
        ("<nixpkgs>", "was not found in the Nix search path"),
        (f"builtins.readDir {out}", FORBIDDEN),
        (f"builtins.hashFile \"sha256\" {secret}", FORBIDDEN),
        (f"builtins.filterSource (p: t: true) {out}", FORBIDDEN),
        (f'builtins.path {{ path = {out}; }}', FORBIDDEN),
        (f'"${{{secret}}}"', FORBIDDEN),
        (f"builtins.pathExists {secret}", False),
        (f"builtins.pathExists {root}/out-link", False),
        ('builtins.getEnv "HOME"', ""),
        ('builtins.getEnv "PATH"', ""),
        (f"builtins.storePath {secret}", FORBIDDEN),
        ("builtins.storePath /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x", FORBIDDEN),
        ("import /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x.nix", FORBIDDEN),
        ('builtins.fetchurl "http://example.com/x"', "access to URI 'http://example.com/x' " + FORBIDDEN),
        ('builtins.fetchTarball { url = "https://example.com/x.tar.gz"; '
         'sha256 = "0000000000000000000000000000000000000000000000000000"; }', FORBIDDEN),
        (f'builtins.fetchurl "file://{secret}"', FORBIDDEN),
        ('builtins.fetchGit "https://example.com/repo.git"', FORBIDDEN),
        ('builtins.fetchTree "github:NixOS/nixpkgs"', FORBIDDEN),
        # What stays allowed: the roots, symlinks inside them listed as links, what the evaluation wrote.
        (f"import {root}/a.nix", 2),
        (f"import {root}/in-link", 2),
        ("import <root/a.nix>", 2),
        (f"builtins.readDir {root}",
         {"a.nix": "regular", "dir-out": "symlink", "in-link": "symlink", "out-link": "symlink"}),
        (f"builtins.readFileType {root}/out-link", "symlink"),
        (f"builtins.stringLength (builtins.path {{ path = {root}; }}) > 0", True),
        ('import (builtins.toFile "x.nix" "40 + 2")', 42),
        (f"map (e: e.prefix) builtins.nixPath", ["root"]),
    ]


def _check(result, expected):
    """`result` is ("value", v) or ("error", text); it must match `expected` and never show the secret."""
    kind, got = result
    assert SECRET not in repr(got)
    if isinstance(expected, str) and (FORBIDDEN in expected or "not found" in expected):
        assert kind == "error" and expected in got
    else:
        assert (kind, got) == ("value", expected)


def test_attacks_from_the_library(tree):
    root, outside = tree
    ev = pynix.Evaluator(host=pynix.RestrictedHost([str(root)]), search_path=[f"root={root}"], cache_dir=None)
    for expr, expected in attacks(root, outside):
        try:
            result = ("value", pynix.to_python(ev.evaluate(expr)))
        except pynix.NixError as err:
            result = ("error", err.message)
        _check(result, expected)
    assert "currentTime" not in pynix.to_python(ev.evaluate("builtins.attrNames builtins"))


def test_attacks_from_the_command_line(tree, capsys, monkeypatch):
    root, outside = tree
    monkeypatch.delenv("NIX_PATH", raising=False)
    for expr, expected in attacks(root, outside):
        status = instantiate(["--eval", "--strict", "--json", "--restrict-eval", "-I", f"root={root}", "-E", expr])
        out, err = capsys.readouterr()
        import json
        _check(("value", json.loads(out)) if status == 0 else ("error", err), expected)
        assert "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["--option", "restrict-eval", "true"], ["--restrict-eval"], ["--option", "pure-eval", "false", "--restrict-eval"]])
def test_each_way_of_asking_for_restricted_mode_confines(argv, capsys):
    assert instantiate(["--eval", *argv, "-E", "builtins.readFile /etc/hostname"]) == 1
    assert "error: access to absolute path '/etc/hostname' is forbidden in restricted mode" in capsys.readouterr().err


def test_nix_config_can_ask_for_restricted_mode_and_the_command_line_overrides_it(capsys, monkeypatch):
    monkeypatch.setenv("NIX_CONFIG", "# comment\nrestrict-eval = true\n")
    assert instantiate(["--eval", "-E", 'builtins.getEnv "HOME"']) == 0
    assert capsys.readouterr().out.strip() == '""'
    assert instantiate(["--eval", "--no-restrict-eval", "-E", 'builtins.getEnv "HOME"']) == 0
    assert capsys.readouterr().out.strip() == f'"{os.environ["HOME"]}"'


def test_the_directory_of_the_input_file_is_allowed(tree, capsys):
    root, outside = tree
    (root / "main.nix").write_text(f"import ./a.nix + builtins.stringLength (builtins.readFile {outside}/secret)")
    assert instantiate(["--eval", "--restrict-eval", str(root / "main.nix")]) == 1
    assert f"error: access to absolute path '{outside}/secret' {FORBIDDEN}" in capsys.readouterr().err
    (root / "main.nix").write_text("import ./a.nix")
    assert instantiate(["--eval", "--restrict-eval", str(root / "main.nix")]) == 0
    assert capsys.readouterr().out.strip() == "2"


@pytest.mark.parametrize("argv, err", [
    (["--option", "no-such-setting", "1"], "warning: unknown setting 'no-such-setting'\n"),
    (["--option", "extra-no-such", "1"], "warning: unknown setting 'extra-no-such'\n"),
    (["--option", "cores", "4"], ""),
])
def test_unknown_settings_are_reported_never_dropped_silently(argv, err, capsys):
    assert instantiate(["--eval", *argv, "-E", "1"]) == 0
    assert capsys.readouterr().err == err


@pytest.mark.parametrize("argv, message", [
    (["--option", "restrict-eval", "maybe"], "error: Boolean setting 'restrict-eval' has invalid value 'maybe'"),
    (["--option", "max-call-depth", "x"], "error: setting 'max-call-depth' has invalid value 'x'"),
])
def test_bad_setting_values_are_usage_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        instantiate(["--eval", *argv, "-E", "1"])
    assert exit_.value.code == 1 and capsys.readouterr().err.startswith(message)


def test_settings_flag_forms(capsys):
    assert instantiate(["--eval", "--show-trace", "--no-show-trace", "--max-call-depth", "50",
                        "--pure-eval", "-E", "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100"]) == 1
    err = capsys.readouterr().err
    assert "stack overflow" in err and "while calling" not in err
    assert instantiate(["--eval", "--option", "pure-eval", "true", "-E", "builtins ? currentTime"]) == 0
    assert capsys.readouterr().out.strip() == "false"
