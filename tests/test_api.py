"""The Python library API: value views, calling Nix from Python, user builtins, IO hosts, logging."""

import logging
import os
from collections.abc import Mapping, Sequence

import pytest

import pynix
from pynix.instantiate import main as instantiate


@pytest.fixture
def ev():
    return pynix.Evaluator(cache_dir=None)


# -- values ---------------------------------------------------------------------

def test_evaluate_is_deep_and_strict():
    assert pynix.evaluate('{ a = 1; b = [ true null "s" 1.5 ]; }') == {"a": 1, "b": [True, None, "s", 1.5]}


@pytest.mark.parametrize("source, message", [
    (b"1", "Nix source must be str, not bytes (decode bytes first, e.g. with .decode())"),
    (None, "Nix source must be str, not NoneType")])
def test_source_that_is_not_a_string_is_a_clear_type_error(source, message):
    with pytest.raises(TypeError) as info:
        pynix.evaluate(source)
    assert str(info.value) == message


def test_scalars_come_back_as_themselves(ev):
    assert ev.evaluate("1 + 2") == 3 and ev.evaluate("0.5") == 0.5
    assert ev.evaluate("true") is True and ev.evaluate("null") is None
    assert ev.evaluate('"a" + "b"').__class__ is str


def test_string_with_context_is_a_str_with_context(ev):
    s = ev.evaluate('"${derivation { name = "a"; builder = "/b"; system = "x"; }}"')
    assert isinstance(s, str) and s.startswith("/nix/store/")
    [element] = s.context
    assert element.startswith("!out!/nix/store/") and element.endswith("-a.drv")
    assert isinstance(s, pynix.NixString)


def test_paths_are_path_values(ev, tmp_path):
    p = ev.evaluate("./x/../y", base_dir=str(tmp_path))
    assert isinstance(p, pynix.Path) and p.path == str(tmp_path / "y")
    assert os.fspath(p) == str(tmp_path / "y")


def test_attrset_is_a_lazy_read_only_mapping(ev):
    a = ev.evaluate('{ b = throw "lazy"; a = 1; }')
    assert isinstance(a, Mapping)
    assert list(a) == ["a", "b"] and len(a) == 2 and "b" in a and "c" not in a
    assert list(a.keys()) == ["a", "b"]
    assert a["a"] == 1 and a.get("c") is None
    with pytest.raises(pynix.ThrownError) as info:
        a["b"]
    assert info.value.message == "lazy"
    with pytest.raises(TypeError):
        a["a"] = 2  # type: ignore[index]


def test_nested_sets_and_lists_are_views_too(ev):
    a = ev.evaluate('{ x.y = [ 1 (throw "no") 3 ]; }')
    xs = a["x"]["y"]
    assert isinstance(xs, Sequence) and len(xs) == 3
    assert xs[0] == 1 and xs[-1] == 3 and list(xs[2:]) == [3]
    with pytest.raises(pynix.ThrownError):
        xs[1]


def test_to_python_converts_views_and_raw_values(ev):
    v = ev.evaluate('{ a = [ 1 { b = "c"; } ]; f = x: x + 1; }')
    data = pynix.to_python(v)
    assert data["a"] == [1, {"b": "c"}]
    assert data["f"](1) == 2
    assert pynix.to_python(ev.evaluate_raw("[ (1 + 1) ]")) == [2]
    assert pynix.to_python(5) == 5


# -- calling Nix from Python ----------------------------------------------------

def test_functions_are_callable_with_python_arguments(ev):
    assert ev.evaluate("x: x * 2")(21) == 42
    assert ev.evaluate("a: b: a - b")(5, 3) == 2
    assert ev.evaluate("{ a, b ? 10 }: a + b")({"a": 1}) == 11
    assert ev.evaluate("builtins.length")([1, "x", None]) == 3
    assert ev.evaluate("builtins.map (x: x + 1)")((1, 2)) == [2, 3]
    assert ev.evaluate("builtins.attrNames")({"b": 1, "a": {"c": [2]}}) == ["a", "b"]


def test_views_passed_back_unwrap_to_their_nix_value(ev):
    lib = ev.evaluate('{ s = { lazy = throw "never"; v = 2; }; get = s: s.v; }')
    assert lib["get"](lib["s"]) == 2


def test_functor_sets_are_mappings_that_can_be_called(ev):
    f = ev.evaluate("{ n = 3; __functor = self: x: self.n * x; }")
    assert f["n"] == 3 and f(2) == 6


def test_results_of_calls_are_converted(ev):
    r = ev.evaluate('x: { inherit x; bad = throw "lazy"; }')("v")
    assert isinstance(r, Mapping) and r["x"] == "v"


def test_python_values_without_a_nix_form_are_refused(ev):
    with pytest.raises(TypeError):
        ev.evaluate("x: x")(object())
    with pytest.raises(OverflowError):
        ev.evaluate("x: x")(1 << 64)


def test_user_builtin(ev):
    @ev.builtin("double")
    def double(x):
        x = yield pynix.Force(x)
        return x * 2

    assert ev.evaluate("builtins.double 21") == 42


def test_evaluate_file_calls_a_function_file_with_args(ev, tmp_path):
    f = tmp_path / "default.nix"
    f.write_text('{ system, extra ? "d" }: "${system}-${extra}"')
    assert ev.evaluate_file(str(f), args={"system": "x86_64-linux", "unused": 1}) == "x86_64-linux-d"
    (tmp_path / "set.nix").write_text("{ a = 1; }")
    assert dict(ev.evaluate_file(str(tmp_path / "set.nix"), args={"system": "x"})) == {"a": 1}


# -- errors ---------------------------------------------------------------------

def test_catchable_errors_are_distinct(ev):
    with pytest.raises(pynix.ThrownError):
        ev.evaluate('throw "t"')
    with pytest.raises(pynix.AssertionFailed) as info:
        ev.evaluate("assert 1 < 0; 3")
    assert info.value.catchable and str(info.value).startswith("error:")
    assert "assertion '(__lessThan 1 0)' failed" in str(info.value)
    with pytest.raises(pynix.AssertionFailed) as unequal:
        ev.evaluate("assert 1 == 2; 3")
    assert unequal.value.message == "an integer with value '1' is not equal to an integer with value '2'"
    with pytest.raises(pynix.AbortError) as aborted:
        ev.evaluate('abort "a"')
    assert not aborted.value.catchable and isinstance(aborted.value, pynix.EvalError)


# -- IO hosts -------------------------------------------------------------------

FILES = {
    "/proj/default.nix": "import ./lib.nix { x = 2; }",
    "/proj/lib.nix": "{ x }: x * 21",
    "/proj/data/a.txt": "hello",
}


def test_memory_host_serves_nix_files_and_data():
    ev = pynix.Evaluator(host=pynix.MemoryHost(FILES, env={"WHO": "me"}), cache_dir=None)
    assert ev.evaluate_file("/proj") == 42
    assert ev.evaluate("builtins.readFile /proj/data/a.txt") == "hello"
    assert dict(ev.evaluate("builtins.readDir /proj")) == {"default.nix": "regular", "lib.nix": "regular",
                                                             "data": "directory"}
    assert ev.evaluate("builtins.pathExists /proj/lib.nix") is True
    assert ev.evaluate('builtins.pathExists "/proj/lib.nix/"') is False
    assert ev.evaluate('builtins.pathExists "/proj/data/"') is True
    assert ev.evaluate("builtins.pathExists /nowhere") is False
    assert ev.evaluate('builtins.getEnv "WHO"') == "me"
    with pytest.raises(pynix.EvalError) as info:
        ev.evaluate("builtins.readFile /proj/missing")
    assert info.value.message == "path '/proj/missing' does not exist"


def test_memory_host_store_paths_match_the_file_system(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("hello")
    on_disk = pynix.Evaluator(cache_dir=None).evaluate(f'"${{{tmp_path}/data}}"')
    in_memory = pynix.Evaluator(host=pynix.MemoryHost({f"{tmp_path}/data/a.txt": "hello"}), cache_dir=None)
    assert in_memory.evaluate(f'"${{{tmp_path}/data}}"') == on_disk
    assert on_disk.endswith("-data") and on_disk.context == {str(on_disk)}


def test_what_an_evaluator_writes_to_the_store_is_its_own():
    writer, reader = pynix.Evaluator(cache_dir=None), pynix.Evaluator(cache_dir=None)
    path = writer.evaluate('builtins.toFile "note" "private"')
    assert writer.evaluate(f"builtins.readFile {path}") == "private"
    drv = writer.evaluate('(derivation { name = "d"; builder = "/b"; system = "x"; }).drvPath')
    for expr in (f"builtins.readFile {path}", f"import {path}", f"builtins.readFile {drv}"):
        with pytest.raises(pynix.EvalError) as info:
            reader.evaluate(expr)
        assert "does not exist" in info.value.message


def test_restricted_host_refuses_paths_outside_its_roots(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.nix").write_text("1 + 1")
    (tmp_path / "secret").write_text("s")
    (root / "escape").symlink_to(tmp_path / "secret")
    ev = pynix.Evaluator(host=pynix.RestrictedHost([str(root)]), cache_dir=None)
    assert ev.evaluate(f"import {root}/a.nix") == 2
    for expr, path in ((f"builtins.readFile {tmp_path}/secret", f"{tmp_path}/secret"),
                       (f"import {tmp_path}/secret", f"{tmp_path}/secret"),
                       (f"builtins.readFile {root}/escape", f"{root}/escape")):
        with pytest.raises(pynix.EvalError) as info:
            ev.evaluate(expr)
        assert info.value.message == f"access to absolute path '{path}' is forbidden in restricted mode"
    assert ev.evaluate(f"builtins.pathExists {root}/a.nix") is True
    assert ev.evaluate(f"builtins.pathExists {tmp_path}/secret") is False


# -- trace and warnings ---------------------------------------------------------

def test_trace_and_warnings_go_to_logging(ev, caplog, capsys):
    caplog.set_level(logging.INFO, logger="pynix")
    assert ev.evaluate('builtins.trace "hi" (builtins.warn "careful" 1)') == 1
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("pynix", "INFO", "trace: hi"), ("pynix", "WARNING", "evaluation warning: careful")]
    assert capsys.readouterr().err == ""


def test_command_line_prints_trace_and_warnings_on_stderr(capsys):
    assert instantiate(["--eval", "--expr", 'builtins.trace "hi" (builtins.warn "careful" 1)']) == 0
    out, err = capsys.readouterr()
    assert out == "1\n" and err == "trace: hi\nevaluation warning: careful\n"
    assert logging.getLogger("pynix").propagate  # the command line's handler is gone again


def test_import_of_a_store_file_written_by_to_file(ev):
    assert ev.to_python(ev.evaluate('(import (builtins.toFile "m.nix" "{ a = 1; }")).a')) == 1


def test_compile_cache_key_changes_with_the_compiler(monkeypatch):
    from pynix.compiler import cache
    before = cache.CompileCache.key("1 + 1", "«string»")
    monkeypatch.setattr(cache, "compiler_fingerprint", lambda: b"another compiler")
    assert cache.CompileCache.key("1 + 1", "«string»") != before
