"""The Evaluator: parses, compiles and runs Nix code with one set of builtins, settings and imports."""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable, Iterable

from .builtins import STANDARD, BuiltinTable
from .compiler.cache import CompileCache, cache_for
from .compiler.deep import run_deep
from .vm.errors import SOURCES, EvalError, Source, render_warning
from .vm.runtime import load_unit
from .vm.scheduler import DEFAULT_MAX_CALL_DEPTH, Scheduler
from .vm.store import file_type, source_path
from .vm.thunk import Thunk

NIX_VERSION = "2.36.0"
LANG_VERSION = 6
STORE_DIR = "/nix/store"


def parse_search_path(entries: Iterable[str]) -> list[tuple[str, str]]:
    """`-I`/`NIX_PATH` entries (`dir` or `name=dir`) as (prefix, path) pairs.

    Relative directories are made absolute against the working directory, as
    CppNix does; URLs are kept as they are.
    """
    out = []
    for entry in entries:
        if not entry:
            continue
        prefix, sep, path = entry.partition("=")
        if not sep:
            prefix, path = "", entry
        if "://" not in path:
            path = os.path.abspath(path)
        out.append((prefix, path))
    return out


class Evaluator:
    """Evaluates Nix expressions and files; one instance shares imports and builtins."""

    def __init__(self, search_path: Iterable[str] = (), pure: bool = False,
                 max_call_depth: int = DEFAULT_MAX_CALL_DEPTH,
                 features: Iterable[str] = (), home: str | None = None,
                 trace: Callable[[str], None] | None = None,
                 cache_dir: str | None = "default", lints: dict[str, str] | None = None) -> None:
        self.search_path = parse_search_path(search_path)
        self.pure = pure
        self.features = frozenset(features)
        self.home = home if home is not None else os.environ.get("HOME", "/")
        self.table: BuiltinTable = STANDARD.copy()
        self.scheduler = Scheduler(self, max_call_depth)
        self.imports: dict[str, Thunk] = {}
        self._trace = trace or (lambda text: print(f"trace: {text}", file=sys.stderr))
        self._globals: dict[str, Any] | None = None
        self.lints = dict(lints or {})
        # Lint warnings are reported while compiling, so a cached compilation would hide them.
        self.cache = cache_for(cache_dir) if not self.lints else None

    # -- the global scope -------------------------------------------------

    def builtin(self, name: str, **options: Any) -> Callable:
        """Register a user builtin on this evaluator (see `BuiltinTable.builtin`)."""
        self._globals = None
        return self.table.builtin(name, **options)

    def global_scope(self) -> dict[str, Any]:
        """Every name of the global scope → its value (built once, after the last `builtin`)."""
        if self._globals is None:
            values = dict(self.table.values)
            values.update(self._constants())
            builtins_set: dict[str, Any] = dict(values)
            scope = {"__" + k: v for k, v in values.items()}
            scope.update({k: values[k] for k in self.table.top_level})
            scope.update(true=True, false=False, null=None, builtins=builtins_set)
            builtins_set["builtins"] = builtins_set
            self._globals = scope
        return self._globals

    def _constants(self) -> dict[str, Any]:
        return {
            "currentSystem": "x86_64-linux",
            "nixVersion": NIX_VERSION,
            "langVersion": LANG_VERSION,
            "storeDir": STORE_DIR,
            "currentTime": int(time.time()),
            "nixPath": [{"prefix": p, "path": path} for p, path in self.search_path],
        }

    # -- compiling and running ------------------------------------------

    def compile(self, source: Source, base_dir: str, extra_scope: dict[str, Any] | None = None) -> Callable[[], Any]:
        """Parse, resolve and compile `source`; returns its entry function.

        `extra_scope` (from `scopedImport`) adds names, possibly unevaluated,
        in front of the global scope.
        """
        scope = self.global_scope()
        lazy_names = frozenset(extra_scope or ())
        if extra_scope:
            scope = {**scope, **extra_scope}
        key = CompileCache.key(source.text, source.path, base_dir, self.home, " ".join(sorted(self.features)),
                               " ".join(sorted(scope)), "lazy: " + " ".join(sorted(lazy_names)))
        unit = self.cache.get(key) if self.cache else None
        if unit is None:
            unit = run_deep(self._compile_unit, source, base_dir, scope, lazy_names)
            if self.cache:
                self.cache.put(key, unit)
        SOURCES[source.path] = source
        return load_unit(unit, source, scope)

    def _compile_unit(self, source: Source, base_dir: str, scope: dict[str, Any], lazy_names: frozenset[str]) -> Any:
        # Imported on first use: a run whose files are all in the compile cache never needs them.
        from .compiler.codegen import CodeGen
        from .compiler.parser import parse
        from .compiler.scope import resolve
        tree = parse(source)
        res = resolve(tree, scope)
        gen = CodeGen(res, source, base_dir, self.home, self.features, self.lints, self.warn_at, lazy_names)
        return gen.compile_root(tree)

    def evaluate(self, text: str, base_dir: str | None = None, path: str = "«string»") -> Any:
        """Evaluate an expression to weak head normal form."""
        entry = self.compile(Source(path, text), base_dir or os.getcwd())
        return self.scheduler.force(Thunk(entry))

    def evaluate_file(self, path: str) -> Any:
        """Evaluate a file to weak head normal form."""
        return self.scheduler.force(self.import_file(os.path.abspath(path)))

    def force(self, value: Any) -> Any:
        """Force a value to weak head normal form."""
        return self.scheduler.force(value)

    def call(self, fn: Any, arg: Any) -> Any:
        """Apply a Nix function (lambda, builtin, `__functor` set) to `arg`; the result is forced."""
        return self.scheduler.call(fn, arg)

    def to_python(self, value: Any) -> Any:
        """`value` forced completely and converted to plain Python data (lists, dicts, str, ...)."""
        from .builtins.core import deep_force
        return plain_data(self.scheduler.run(deep_force(value)))

    def run(self, gen: Any) -> Any:
        """Drive a generator (such as a builtin's) to completion."""
        return self.scheduler.run(gen)

    # -- host services (answers to requests) -----------------------------

    def import_file(self, path: str, scope: dict[str, Any] | None = None) -> Thunk:
        """The thunk of the value of the file at `path`, cached by real path unless `scope` is given."""
        if os.path.isdir(path):
            path = os.path.join(path, "default.nix")
        real = os.path.realpath(path)
        cached = self.imports.get(real) if scope is None else None
        if cached is not None:
            return cached
        if not os.path.exists(real):
            raise EvalError(f"path '{path}' does not exist")
        source = Source.read(path)
        thunk = Thunk(self.compile(source, os.path.dirname(path), scope))
        if scope is None:
            self.imports[real] = thunk
        return thunk

    def path_exists(self, path: str) -> bool:
        return os.path.lexists(path)

    def read_file(self, path: str) -> str:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise EvalError(f"path '{path}' does not exist") from None
        except IsADirectoryError:
            raise EvalError(f"cannot read '{path}': it is a directory") from None
        except OSError as err:
            raise EvalError(f"cannot read '{path}': {err.strerror}") from None
        return data.decode("utf-8", "surrogateescape")

    def read_dir(self, path: str) -> dict[str, str]:
        if not os.path.lexists(path):
            raise EvalError(f"path '{path}' does not exist")
        if not os.path.isdir(path):
            raise EvalError(f"'{os.path.realpath(path)}' is not a directory")
        try:
            names = os.listdir(path)
        except OSError as err:
            raise EvalError(f"cannot read directory '{path}': {err.strerror}") from None
        return {name: file_type(os.path.join(path, name)) for name in names}

    def file_type(self, path: str) -> str:
        if not os.path.lexists(path):
            raise EvalError(f"path '{path}' does not exist")
        return file_type(path)

    def get_env(self, name: str) -> str:
        return "" if self.pure else os.environ.get(name, "")

    def store_path_of(self, path: str, name: str | None, keep: Any) -> str:
        return source_path(path, name, keep)

    def trace(self, message: str) -> None:
        self._trace(message)

    def warn(self, text: str) -> None:
        """Show an evaluation warning (`builtins.warn`), already formatted, on stderr."""
        print(text, file=sys.stderr)

    def warn_at(self, message: str, span: Any) -> None:
        """Report a warning with its position (on stderr)."""
        print(render_warning(message, span), file=sys.stderr)


def plain_data(value: Any) -> Any:
    """A deeply forced value with every thunk unwrapped (lists and dicts copied, iteratively)."""
    def unwrap(v: Any) -> Any:
        return v.value if v.__class__ is Thunk else v

    root = [unwrap(value)]
    work: list[tuple[Any, Any]] = [(root, 0)]
    while work:
        container, key = work.pop()
        v = container[key]
        if v.__class__ is list:
            copy: Any = [unwrap(x) for x in v]
            work.extend((copy, i) for i in range(len(copy)))
        elif v.__class__ is dict:
            copy = {k: unwrap(x) for k, x in v.items()}
            work.extend((copy, k) for k in copy)
        else:
            continue
        container[key] = copy
    return root[0]
