"""Local flakes: `builtins.getFlake` with path and git inputs pinned by `flake.lock`, and
`pynix eval FLAKEREF#ATTR`; differential against nix-instantiate where installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import pynix
from fetch_fixtures import git, make_repo
from pynix.cli import main as cli
from pynix.instantiate import main as instantiate

NIX = shutil.which("nix-instantiate")
FLAKES = frozenset({"flakes", "nix-command"})

FLAKE = """{
  description = "test flake";
  inputs.dep.url = "path:DEP";
  inputs.repo = { url = "git+file://REPO"; flake = false; };
  outputs = { self, dep, repo }: {
    packages.x86_64-linux.default = "pkg-${toString (dep.lib.twice dep.value)}";
    text = builtins.readFile "${repo}/a.txt";
    info = { inherit (repo) rev revCount; selfPath = self.outPath == self.sourceInfo.outPath; };
    depOutputs = builtins.attrNames dep.outputs;
  };
}
"""


@pytest.fixture(autouse=True)
def fetch_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYNIX_FETCH_STORE", str(tmp_path / "fetch-store"))


def _strict(expr: str, **options: object) -> object:
    ev = pynix.Evaluator(cache_dir=None, features=FLAKES, **options)  # type: ignore[arg-type]
    return ev.to_python(ev.evaluate(expr))


def lock_entry(attrs: dict) -> dict:
    """A `flake.lock` node's `locked` attributes for the input fetched as `attrs`."""
    fetched = _strict(f"builtins.fetchTree (builtins.fromJSON {json.dumps(json.dumps(attrs))})")
    keep = ("lastModified", "narHash", "rev", "revCount")
    return {**attrs, **{k: v for k, v in fetched.items() if k in keep}}  # type: ignore[union-attr]


@pytest.fixture
def flake(tmp_path: Path) -> Path:
    dep, repo, root = tmp_path / "dep", tmp_path / "repo", tmp_path / "flake"
    dep.mkdir()
    (dep / "flake.nix").write_text("{ outputs = { self }: { value = 7; lib.twice = x: x * 2; }; }\n")
    make_repo(repo)
    root.mkdir()
    (root / "flake.nix").write_text(FLAKE.replace("DEP", str(dep)).replace("REPO", str(repo)))
    lock = {"nodes": {
        "dep": {"locked": lock_entry({"type": "path", "path": str(dep)}),
                "original": {"type": "path", "path": str(dep)}},
        "repo": {"flake": False, "locked": lock_entry({"type": "git", "url": f"file://{repo}", "ref": "main"}),
                 "original": {"type": "git", "url": f"file://{repo}"}},
        "root": {"inputs": {"dep": "dep", "repo": "repo"}}}, "root": "root", "version": 7}
    (root / "flake.lock").write_text(json.dumps(lock, indent=2))
    return root


SUMMARY = ('let f = builtins.getFlake "{ref}"; in {{ inherit (f) outputs sourceInfo; '
           'inputs = builtins.attrNames f.inputs; dep = f.inputs.dep.sourceInfo; same = f.outPath == f.sourceInfo.outPath; }}')


def test_get_flake_of_a_path_flake(flake: Path) -> None:
    got = _strict(SUMMARY.format(ref=flake))
    outputs = got["outputs"]  # type: ignore[index]
    assert outputs["packages"] == {"x86_64-linux": {"default": "pkg-14"}}
    assert outputs["text"] == "hello\n" and outputs["info"]["revCount"] == 2 and outputs["info"]["selfPath"]
    assert outputs["depOutputs"] == ["lib", "value"]
    assert got["inputs"] == ["dep", "repo"] and got["same"]  # type: ignore[index]
    assert sorted(got["sourceInfo"]) == ["lastModified", "lastModifiedDate", "narHash", "outPath"]  # type: ignore[index]


def test_get_flake_of_a_git_flake(flake: Path) -> None:
    git(flake, "init", "-q", "-b", "main")
    git(flake, "add", ".")
    git(flake, "commit", "-q", "-m", "flake")
    info = _strict(f'(builtins.getFlake "{flake}").sourceInfo')
    assert info["rev"] == git(flake, "rev-parse", "HEAD") and info["revCount"] == 1  # type: ignore[index]
    assert _strict(f'(builtins.getFlake "git+file://{flake}").packages.x86_64-linux.default') == "pkg-14"


def test_get_flake_errors(flake: Path, tmp_path: Path) -> None:
    with pytest.raises(pynix.NixError, match="experimental Nix feature 'flakes' is disabled"):
        pynix.evaluate(f'builtins.getFlake "{flake}"')
    with pytest.raises(pynix.NixError, match="is not a flake"):
        _strict(f'builtins.getFlake "{tmp_path}"')
    with pytest.raises(pynix.NixError, match="on unlocked flake reference"):
        _strict(f'builtins.getFlake "{flake}"', pure=True)
    lock = json.loads((flake / "flake.lock").read_text())
    del lock["nodes"]["root"]["inputs"]["repo"]
    (flake / "flake.lock").write_text(json.dumps(lock))
    with pytest.raises(pynix.NixError, match="flake input 'repo' of 'root' is not in flake.lock"):
        _strict(f'(builtins.getFlake "{flake}").packages')
    lock["nodes"]["root"]["inputs"]["repo"] = "repo"
    lock["nodes"]["dep"]["locked"] = {"type": "github", "owner": "o", "repo": "r"}
    (flake / "flake.lock").write_text(json.dumps(lock))
    with pytest.raises(pynix.NixError) as info:
        _strict(f'(builtins.getFlake "{flake}").packages')
    assert "cannot fetch 'github input'" in info.value.message
    assert "while fetching the flake input 'dep'" in info.value.render(True)


def test_pynix_eval_flake_attributes(flake: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(flake)
    for argv, out in [
        ([".#packages.x86_64-linux.default"], '"pkg-14"\n'),
        ([".#default"], '"pkg-14"\n'),
        ([f"path:{flake}#text", "--raw"], "hello\n"),
        ([".#info", "--json"], None),
        ([".#depOutputs", "--apply", "builtins.length"], "2\n"),
    ]:
        assert cli(["eval", *argv]) == 0
        text = capsys.readouterr().out
        if out is None:
            assert json.loads(text)["revCount"] == 2
        else:
            assert text == out
    assert cli(["eval", ".#nope"]) == 1
    assert "does not provide attribute 'packages.x86_64-linux.nope'" in capsys.readouterr().err


def test_pynix_eval_is_pure_unless_impure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "flake.nix").write_text('{ outputs = { self }: { sys = builtins.currentSystem or "none"; }; }')
    monkeypatch.chdir(tmp_path)  # the fetch store lies inside: it is left out of the flake's source
    assert cli(["eval", ".#sys"]) == 0 and capsys.readouterr().out == '"none"\n'
    assert cli(["eval", ".#sys", "--impure"]) == 0 and capsys.readouterr().out == '"x86_64-linux"\n'


@pytest.mark.skipif(NIX is None, reason="nix-instantiate (CppNix) is not installed")
def test_get_flake_matches_cppnix(flake: Path, tmp_path: Path, capsys) -> None:
    argv = ["--eval", "--strict", "--expr", SUMMARY.format(ref=flake),
            "--option", "experimental-features", "nix-command flakes"]
    nix = subprocess.run([NIX, "--store", str(tmp_path / "nix-store"), *argv], capture_output=True, text=True,
                         timeout=120)
    assert nix.returncode == 0, nix.stderr
    assert instantiate(argv) == 0
    assert capsys.readouterr().out == nix.stdout
