"""The Evaluator: parses, compiles and runs Nix code with one set of builtins, settings and imports."""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable, Iterable

from .builtins import STANDARD, BuiltinTable
from .compiler.codegen import CodeGen
from .compiler.parser import parse, read_source
from .compiler.scope import resolve
from .vm.errors import SOURCES, EvalError, Source
from .vm.runtime import load_unit
from .vm.scheduler import DEFAULT_MAX_CALL_DEPTH, Scheduler
from .vm.thunk import Thunk

NIX_VERSION = "2.36.0"
LANG_VERSION = 6
STORE_DIR = "/nix/store"


def parse_search_path(entries: Iterable[str]) -> list[tuple[str, str]]:
    """`-I`/`NIX_PATH` entries (`dir` or `name=dir`) as (prefix, path) pairs."""
    out = []
    for entry in entries:
        if not entry:
            continue
        prefix, sep, path = entry.partition("=")
        out.append((prefix, path) if sep else ("", entry))
    return out


class Evaluator:
    """Evaluates Nix expressions and files; one instance shares imports and builtins."""

    def __init__(self, search_path: Iterable[str] = (), pure: bool = False,
                 max_call_depth: int = DEFAULT_MAX_CALL_DEPTH,
                 features: Iterable[str] = (), home: str | None = None,
                 trace: Callable[[str], None] | None = None) -> None:
        self.search_path = parse_search_path(search_path)
        self.pure = pure
        self.features = frozenset(features)
        self.home = home if home is not None else os.environ.get("HOME", "/")
        self.table: BuiltinTable = STANDARD.copy()
        self.scheduler = Scheduler(self, max_call_depth)
        self.imports: dict[str, Thunk] = {}
        self._trace = trace or (lambda text: print(f"trace: {text}", file=sys.stderr))
        self._globals: dict[str, Any] | None = None

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

    def compile(self, source: Source, base_dir: str) -> Callable[[], Any]:
        """Parse, resolve and compile `source`; returns its entry function."""
        tree = parse(source)
        scope = self.global_scope()
        res = resolve(tree, scope)
        unit = CodeGen(res, source, base_dir, self.home, self.features).compile_root(tree)
        SOURCES[source.path] = source
        return load_unit(unit, source, scope)

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

    def run(self, gen: Any) -> Any:
        """Drive a generator (such as a builtin's) to completion."""
        return self.scheduler.run(gen)

    # -- host services (answers to requests) -----------------------------

    def import_file(self, path: str) -> Thunk:
        """The (cached) thunk of the value of the file at `path`."""
        if os.path.isdir(path):
            path = os.path.join(path, "default.nix")
        real = os.path.realpath(path)
        cached = self.imports.get(real)
        if cached is not None:
            return cached
        if not os.path.exists(real):
            raise EvalError(f"path '{path}' does not exist")
        source = read_source(path)
        thunk = Thunk(self.compile(source, os.path.dirname(path)))
        self.imports[real] = thunk
        return thunk

    def path_exists(self, path: str) -> bool:
        return os.path.exists(path)

    def trace(self, message: str) -> None:
        self._trace(message)
