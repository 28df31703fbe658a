"""The fetchers: fetchurl, fetchTarball, fetchGit and fetchTree on local sources and a loopback HTTP server,
the fetch store, restricted and pure mode; differential checks against nix-instantiate where installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import pynix
from fetch_fixtures import LoopbackServer, git, make_repo, make_tarball
from test_differential import run_pynix

NIX = shutil.which("nix-instantiate")
needs_nix = pytest.mark.skipif(NIX is None, reason="nix-instantiate (CppNix) is not installed")


@pytest.fixture(autouse=True)
def fetch_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "fetch-store"
    monkeypatch.setenv("PYNIX_FETCH_STORE", str(store))
    return store


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "www").mkdir()
    make_tarball(tmp_path / "www" / "t.tar.gz")
    (tmp_path / "www" / "file.txt").write_text("content\n")
    return {"www": tmp_path / "www", "tarball": tmp_path / "www" / "t.tar.gz", "file": tmp_path / "www" / "file.txt"}


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return tmp_path / "repo", make_repo(tmp_path / "repo")


def _strict(expr: str, **options: object) -> object:
    ev = pynix.Evaluator(cache_dir=None, **options)  # type: ignore[arg-type]
    return ev.to_python(ev.evaluate(expr))


def error(expr: str, **options: object) -> str:
    with pytest.raises(pynix.NixError) as info:
        _strict(expr, **options)
    return info.value.message


# -- URLs -------------------------------------------------------------------------------------

def test_fetch_tarball_from_a_file_url_is_unpacked_into_the_store(sources, fetch_store) -> None:
    out = _strict(f'builtins.fetchTarball "file://{sources["tarball"]}"')
    assert out.startswith("/nix/store/") and out.endswith("-source")
    assert (fetch_store / out[len("/nix/store/"):] / "f").read_text() == "x\n"
    # what was fetched is read, imported and listed at its store path
    assert _strict(f'let p = builtins.fetchTarball "file://{sources["tarball"]}"; in '
                   '[ (builtins.readFile "${p}/f") (import p).text (builtins.attrNames (builtins.readDir p)) ]') \
        == ["x\n", "x\n", ["default.nix", "f"]]


def test_fetchurl_checks_its_sha256(sources) -> None:
    url = f"file://{sources['file']}"
    plain = _strict(f'builtins.fetchurl "{url}"')
    pinned = _strict(f'builtins.fetchurl {{ url = "{url}"; sha256 = "0lsy428b4vg9jlnhgs9iqyq1mrin6icw76aq3gy5d3x722j2his3"; }}')
    assert plain == pinned and plain.endswith("-file.txt")
    message = error(f'builtins.fetchurl {{ url = "{url}"; sha256 = "{"0" * 52}"; }}')
    assert message == (f"hash mismatch in file downloaded from '{url}':\n"
                       f"  specified: sha256:{'0' * 52}\n"
                       "  got:       sha256:0lsy428b4vg9jlnhgs9iqyq1mrin6icw76aq3gy5d3x722j2his3")


def test_http_downloads_from_a_loopback_server(sources) -> None:
    with LoopbackServer(sources["www"]) as server:
        tarball = _strict(f'builtins.fetchTarball "{server.url}/t.tar.gz"')
        assert tarball == _strict(f'builtins.fetchTarball "file://{sources["tarball"]}"')
        file = _strict(f'builtins.fetchurl "{server.url}/file.txt"')
        assert file == _strict(f'builtins.fetchurl "file://{sources["file"]}"')
        assert error(f'builtins.fetchurl "{server.url}/missing"') == \
            f"unable to download '{server.url}/missing': HTTP error 404"
        # fetched again by the same evaluator, or pinned and already kept: no new connection
        seen = len(server.connections)
        assert _strict(f'builtins.fetchurl "{server.url}/file.txt" == builtins.fetchurl "{server.url}/file.txt"')
        assert len(server.connections) == seen + 1
        seen += 1
        _strict(f'builtins.fetchurl {{ url = "{server.url}/file.txt"; '
                'sha256 = "0lsy428b4vg9jlnhgs9iqyq1mrin6icw76aq3gy5d3x722j2his3"; }')
        assert len(server.connections) == seen


def test_unreachable_hosts_and_bad_archives_are_clear_errors(sources) -> None:
    assert error('builtins.fetchurl "http://127.0.0.1:9/x"').startswith("unable to download 'http://127.0.0.1:9/x': ")
    assert error(f'builtins.fetchTarball "file://{sources["file"]}"') == \
        f"unable to unpack 'file://{sources['file']}': it is not a tar or zip archive pynix can read"


def test_restricted_mode_forbids_a_url_before_connecting(sources, tmp_path) -> None:
    with LoopbackServer(sources["www"]) as server:
        host = pynix.RestrictedHost(roots=[str(tmp_path)], allowed_uris=[f"{server.url}/allowed"])
        for expr in (f'builtins.fetchurl "{server.url}/file.txt"', f'builtins.fetchTarball "{server.url}/t.tar.gz"',
                     f'builtins.fetchTree {{ type = "tarball"; url = "{server.url}/t.tar.gz"; }}',
                     f'builtins.fetchGit "{server.url}/repo"'):
            assert error(expr, host=host).endswith("is forbidden in restricted mode")
        assert server.connections == []
        assert error(f'builtins.fetchurl "{server.url}/allowed/x"', host=host).endswith("HTTP error 404")
        assert server.connections == ["/allowed/x"]


def test_pure_mode_wants_pinned_inputs(sources, repo) -> None:
    assert error(f'builtins.fetchurl "file://{sources["file"]}"', pure=True) == \
        "in pure evaluation mode, 'fetchurl' requires a 'sha256' argument"
    assert error(f'builtins.fetchGit {repo[0]}', pure=True) == \
        "in pure evaluation mode, 'fetchGit' requires an immutable input"
    assert _strict(f'(builtins.fetchGit {{ url = {repo[0]}; rev = "{repo[1]["v1"]}"; }}).revCount', pure=True) == 1


def test_fetched_store_paths_are_readable_in_restricted_mode(sources, tmp_path) -> None:
    host = pynix.RestrictedHost(roots=[str(sources["www"])])
    assert _strict(f'(import (builtins.fetchTarball "file://{sources["tarball"]}")).text', host=host) == "x\n"
    # kept by an earlier evaluation: readable, but not in restricted mode without fetching it
    kept = _strict(f'builtins.fetchTarball "file://{sources["tarball"]}"')
    assert _strict(f'builtins.readFile "{kept}/f"') == "x\n"
    assert error(f'builtins.readFile "{kept}/f"', host=host).endswith("is forbidden in restricted mode")


def test_restricted_mode_fetches_local_repositories_under_its_roots(repo, sources) -> None:
    path, revs = repo
    assert _strict(f"(builtins.fetchGit {path}).rev", host=pynix.RestrictedHost(roots=[str(path)])) == revs["main"]
    assert error(f"builtins.fetchGit {path}", host=pynix.RestrictedHost(roots=[str(sources["www"])])) == \
        f"access to absolute path '{path}' is forbidden in restricted mode"


# -- Git and fetchTree ------------------------------------------------------------------------

def test_fetch_git_at_head_ref_and_rev(repo) -> None:
    path, revs = repo
    head = _strict(f"builtins.fetchGit {path}")
    assert head["rev"] == revs["main"] and head["revCount"] == 2 and head["shortRev"] == revs["main"][:7]
    assert head["lastModified"] == 1612325106 and head["lastModifiedDate"] == "20210203040506"
    assert head["submodules"] is False and head["narHash"].startswith("sha256-")
    at_ref = _strict(f'builtins.fetchGit {{ url = "file://{path}"; ref = "v1"; }}')
    at_rev = _strict(f'builtins.fetchGit {{ url = {path}; rev = "{revs["v1"]}"; }}')
    assert at_ref == at_rev and at_ref["revCount"] == 1 and at_ref["lastModified"] == 1577836800
    assert _strict(f'builtins.readDir (builtins.fetchGit {{ url = {path}; ref = "v1"; }})') == \
        {"a.txt": "regular", "default.nix": "regular", "link": "symlink", "sub": "directory"}
    assert _strict(f"(import (builtins.fetchGit {path})).answer") == 42


def test_fetch_git_of_a_dirty_tree_warns(repo, caplog) -> None:
    path, _ = repo
    (path / "a.txt").write_text("changed\n")
    (path / "untracked").write_text("not fetched\n")
    dirty = _strict(f"builtins.fetchGit {path}")
    assert dirty["rev"] == "0" * 40 and dirty["revCount"] == 0
    assert _strict(f'builtins.readFile "${{builtins.fetchGit {path}}}/a.txt"') == "changed\n"
    assert "untracked" not in _strict(f"builtins.readDir (builtins.fetchGit {path})")
    assert f"warning: Git tree '{path}' is dirty" in caplog.text


def test_fetch_git_with_submodules(repo, tmp_path) -> None:
    path, _ = repo
    outer = tmp_path / "outer"
    make_repo(outer)
    git(outer, "-c", "protocol.file.allow=always", "submodule", "--quiet", "add", str(path), "inner")
    git(outer, "commit", "-q", "-m", "with a submodule")
    plain = _strict(f"builtins.readDir (builtins.fetchGit {outer})")
    assert plain["inner"] == "directory" and _strict(f'builtins.readDir "${{builtins.fetchGit {outer}}}/inner"') == {}
    deep = _strict(f"builtins.fetchGit {{ url = {outer}; submodules = true; }}")
    assert deep["submodules"] is True
    assert _strict(f'builtins.readFile "${{builtins.fetchGit {{ url = {outer}; submodules = true; }}}}/inner/b.txt"') \
        == "two\n"
    assert ".git" not in _strict(f'builtins.readDir "{deep["outPath"]}/inner"')


def test_fetch_git_errors(repo, tmp_path) -> None:
    path, _ = repo
    assert "Cannot find Git revision '" + "1" * 40 in error(f'builtins.fetchGit {{ url = {path}; rev = "{"1" * 40}"; }}')
    assert error(f'builtins.fetchGit {{ url = {path}; ref = "nope"; }}') == \
        f"cannot find Git ref 'nope' in repository '{path}'"
    assert error(f"builtins.fetchGit {{ url = {path}; bogus = 1; }}") == "unsupported argument 'bogus' to 'fetchGit'"


def test_fetch_tree_types(repo, sources, tmp_path) -> None:
    path, revs = repo
    assert _strict(f'builtins.fetchTree {{ type = "git"; url = "file://{path}"; ref = "v1"; }}') == \
        _strict(f'builtins.fetchGit {{ url = {path}; ref = "v1"; }}')
    assert _strict(f'builtins.fetchTree "git+file://{path}"')["rev"] == revs["main"]
    tarball = _strict(f'builtins.fetchTree {{ type = "tarball"; url = "file://{sources["tarball"]}"; }}')
    assert sorted(tarball) == ["narHash", "outPath"]
    assert tarball["outPath"] == _strict(f'builtins.fetchTarball "file://{sources["tarball"]}"')
    file = _strict(f'builtins.fetchTree {{ type = "file"; url = "file://{sources["file"]}"; }}')
    assert sorted(file) == ["narHash", "outPath"]
    local = _strict(f'builtins.fetchTree {{ type = "path"; path = "{sources["www"]}"; }}')
    assert sorted(local) == ["lastModified", "lastModifiedDate", "narHash", "outPath"]
    assert local["outPath"] == _strict(f'builtins.path {{ path = {sources["www"]}; name = "source"; }}')
    assert _strict(f'builtins.fetchTree {{ type = "path"; path = "{sources["www"]}"; narHash = "{local["narHash"]}"; }}',
                   pure=True) == local
    assert "NAR hash mismatch" in error(f'builtins.fetchTree {{ type = "path"; path = "{sources["www"]}"; '
                                        f'narHash = "{tarball["narHash"]}"; }}')
    memory = pynix.MemoryHost({"/p/default.nix": "{ x = 1; }", "/p/sub/a": "A"})
    assert _strict('let t = builtins.fetchTree { type = "path"; path = /p; }; in '
                   '[ (import t).x (builtins.readFile "${t}/sub/a") (t.outPath == builtins.path { path = /p; '
                   'name = "source"; }) ]', host=memory) == [1, "A", True]
    assert error('builtins.fetchTree { type = "hg"; url = "file:///x"; }') == \
        "cannot fetch 'hg input': pynix fetches only 'path', 'git', 'tarball' and 'file' inputs"


# -- against CppNix ---------------------------------------------------------------------------

def run_nix(expr: str, store: Path) -> str:
    proc = subprocess.run([NIX, "--store", str(store), "--eval", "--strict", "--expr", expr,
                           "--option", "experimental-features", "nix-command flakes"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@needs_nix
def test_fetchers_match_cppnix(repo, sources, tmp_path, capsys) -> None:
    path, revs = repo
    expr = (f'[ (builtins.fetchGit {{ url = {path}; ref = "v1"; }}) '
            f'(builtins.fetchGit {{ url = "file://{path}"; rev = "{revs["main"]}"; }}) '
            f'(builtins.fetchGit {path}) '
            f'(builtins.fetchTarball "file://{sources["tarball"]}") '
            f'(builtins.fetchurl {{ url = "file://{sources["file"]}"; '
            'sha256 = "0lsy428b4vg9jlnhgs9iqyq1mrin6icw76aq3gy5d3x722j2his3"; }) '
            f'(builtins.fetchTree {{ type = "path"; path = "{sources["www"]}"; }}) '
            f'(builtins.fetchTree {{ type = "tarball"; url = "file://{sources["tarball"]}"; }}) ]')
    assert run_pynix(expr, capsys) == run_nix(expr, tmp_path / "nix-store")
