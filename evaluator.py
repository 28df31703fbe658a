"""The Evaluator: parses, compiles and runs Nix code with one set of builtins, settings and imports."""

from __future__ import annotations

import os
from types import FunctionType
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .builtins import STANDARD, BuiltinTable
from .builtins.constants import evaluator_constants
from .builtins.derivations import WrittenStore
from .compiler.cache import CompileCache, cache_for
from .fetch.store import FetchStore, StoreOverlayHost
from .hosts import FileSystemHost, Host
from .vm.errors import SOURCES, EvalError, Source, render_warning
from .vm.limits import Limits
from .vm.runtime import RUNTIME, load_unit
from .vm.scheduler import DEFAULT_MAX_CALL_DEPTH, Scheduler, forcing
from .vm.stats import counting_builtins, counting_runtime
from .vm.thunk import Thunk
from .vm.values import LAMBDAS
from .views import from_nix, to_nix, to_python

if TYPE_CHECKING:
    import asyncio

    from .fetch.fetcher import Fetcher
    from .progress import EvalProgress

MISSING_ARGUMENT = """cannot evaluate a function that has an argument without a value ('{}')
Nix attempted to evaluate a function as a top level expression; in
this case it must have its arguments supplied either by default
values, or passed explicitly with '--arg' or '--argstr'. See
https://nix.dev/manual/nix/stable/language/syntax.html#functions."""
"""CppNix's `MissingArgumentError` message for a formal that `auto_call` has no value for."""


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
    """Evaluates Nix expressions and files; one instance shares imports and builtins.

    `host` answers its file, environment and store requests (`pynix.hosts`;
    the real file system by default) and reports `trace` and warnings.
    `progress`, if given, is called with an `EvalProgress` every
    `progress_every` seconds while an evaluation runs (from another thread);
    with `stats`, it also gets the numbers of thunks and calls.
    Past `max_memory` bytes of memory added or `timeout` seconds, an
    evaluation call raises `LimitExceeded`; the evaluator stays usable.
    Fetchers keep what they fetch in the directory `fetch_store`
    (`pynix.fetch.store.default_store_dir()` if not given), and Nix code
    reads it at its `/nix/store` paths.
    """

    def __init__(self, search_path: Iterable[str] = (), pure: bool = False,
                 max_call_depth: int = DEFAULT_MAX_CALL_DEPTH,
                 features: Iterable[str] = (), home: str | None = None,
                 cache_dir: str | None = "default", lints: dict[str, str] | None = None,
                 host: Host | None = None, stats: bool = False,
                 progress: Callable[[EvalProgress], None] | None = None, progress_every: float = 0.5,
                 max_memory: int | None = None, timeout: float | None = None,
                 fetch_store: str | None = None) -> None:
        self.search_path = parse_search_path(search_path)
        self.pure = pure
        self.features = frozenset(features)
        self.home = home if home is not None else os.environ.get("HOME", "/")
        self.table: BuiltinTable = STANDARD.copy()
        # Limits on the resident memory an evaluation call may add and on its seconds (`pynix.vm.limits`).
        self.limits = Limits(max_memory, timeout)
        self.scheduler = Scheduler(self, max_call_depth, self.limits)
        self.imports: dict[str, Thunk] = {}
        self.written = WrittenStore()  # what `toFile` and derivations wrote to the store
        self.host: Host = host if host is not None else FileSystemHost()
        # The host's files plus what this evaluator fetched, at its store paths (`pynix.fetch.store`).
        self.files = StoreOverlayHost(self.host, FetchStore(fetch_store))
        self._fetcher: Fetcher | None = None
        self._globals: dict[str, Any] | None = None
        self._async_lock: asyncio.Lock | None = None  # one `evaluate_async` at a time
        self.lints = dict(lints or {})
        # With `stats`, compiled code and builtins count what CppNix's NIX_SHOW_STATS reports (`pynix.vm.stats`).
        self.stats = stats
        self.runtime = counting_runtime(RUNTIME) if stats else RUNTIME
        # Lint warnings are reported while compiling, so a cached compilation would hide them.
        self.cache = cache_for(cache_dir) if not self.lints else None
        if progress is not None:
            from .progress import ProgressReporter
            ProgressReporter(self, progress, progress_every)

    # -- the global scope -------------------------------------------------

    def builtin(self, name: str, **options: Any) -> Callable:
        """Register a user builtin on this evaluator (see `BuiltinTable.builtin`)."""
        self._globals = None
        return self.table.builtin(name, **options)

    def global_scope(self) -> dict[str, Any]:
        """Every name of the global scope → its value (built once, after the last `builtin`)."""
        if self._globals is None:
            constants = evaluator_constants(self.search_path, self.pure, self.host.current_time())
            self._globals = self.table.global_scope(constants, counting_builtins if self.stats else None)
        return self._globals

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
                               " ".join(sorted(scope)), "lazy: " + " ".join(sorted(lazy_names)),
                               "stats" if self.stats else "")
        SOURCES[source.path] = source
        unit = self.cache.get(key) if self.cache else None
        if unit is not None:
            try:
                return load_unit(unit, source, scope, self.runtime)
            except Exception:  # an entry of the right shape that still does not load: a miss
                self.cache.discard(key)  # type: ignore[union-attr]
        from .compiler.deep import run_deep
        unit = run_deep(self._compile_unit, source, base_dir, scope, lazy_names)
        if self.cache:
            self.cache.put(key, unit)
        return load_unit(unit, source, scope, self.runtime)

    def _compile_unit(self, source: Source, base_dir: str, scope: dict[str, Any], lazy_names: frozenset[str]) -> Any:
        # Imported on first use: a run whose files are all in the compile cache never needs them.
        from .compiler.codegen import CodeGen
        from .compiler.parser import parse
        from .compiler.scope import resolve
        tree = parse(source)
        res = resolve(tree, scope)
        gen = CodeGen(res, source, base_dir, self.home, self.features, self.lints, self.warn_at, lazy_names,
                      count_calls=self.stats)
        return gen.compile_root(tree)

    def evaluate(self, text: str, base_dir: str | None = None, path: str = "«string»") -> Any:
        """Evaluate an expression; sets, lists and functions come back as lazy views (`pynix.views`)."""
        return from_nix(self, self.evaluate_raw(text, base_dir, path))

    def evaluate_file(self, path: str, args: dict[str, Any] | None = None) -> Any:
        """Evaluate a file (a function file is called with `args`, like `--arg`); values as `evaluate` gives them."""
        return from_nix(self, self.evaluate_file_raw(path, args))

    def evaluate_raw(self, text: str, base_dir: str | None = None, path: str = "«string»") -> Any:
        """Evaluate an expression to weak head normal form, as an internal Nix value."""
        if not isinstance(text, str):
            raise TypeError(f"Nix source must be str, not {type(text).__name__}"
                            + (" (decode bytes first, e.g. with .decode())" if isinstance(text, bytes) else ""))
        with self.limits:
            entry = self.compile(Source(path, text), base_dir or os.getcwd())
            return self.scheduler.force(Thunk(entry))

    async def evaluate_async(self, text: str, base_dir: str | None = None, path: str = "«string»",
                             strict: bool = False) -> Any:
        """`evaluate` on the running event loop: while the evaluation waits for IO (file reads, fetches), other
        tasks run, so evaluations by several evaluators overlap their IO on one thread. With `strict`, the
        value is forced completely here and returned as plain data (`to_python`); otherwise it comes back
        as `evaluate` gives it, and what is forced later runs synchronously.

        One evaluator runs one evaluation at a time (others wait their turn); `timeout` and `max_memory`
        bound each stretch between two waits for IO."""
        import asyncio
        from .async_host import drive
        from .builtins.core import deep_force
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            with self.limits:
                entry = self.compile(Source(path, text), base_dir or os.getcwd())
            value = await drive(self, forcing(Thunk(entry)))
            if strict:
                await drive(self, deep_force(value))
                return self.to_python(value)
        return from_nix(self, value)

    def evaluate_file_raw(self, path: str, args: dict[str, Any] | None = None) -> Any:
        """Evaluate a file to weak head normal form (auto-called with `args`), as an internal Nix value."""
        value = self.scheduler.force(self.import_file(os.path.abspath(path)))
        return value if args is None else self.auto_call(value, {k: to_nix(v, self) for k, v in args.items()})

    def auto_call(self, value: Any, args: dict[str, Any]) -> Any:
        """`value` (forced) called as CppNix's `autoCallFunction` does for nix-instantiate's `--arg`: a
        function of formals `{ a, b ? ... }` gets those of `args` it takes (all of them with `...`), a set
        with `__functor` is called through it; any other value is returned as it is."""
        value = self.force(value)
        if value.__class__ is dict and "__functor" in value:
            return self.auto_call(self.call(self.force(value["__functor"]), value), args)
        if value.__class__ is not FunctionType:
            return value
        info = LAMBDAS.get(value.__code__)
        if info is None or info.formals is None:
            return value
        if not info.ellipsis:
            for formal in info.formals:
                if formal.name not in args and not formal.has_default:
                    raise EvalError(MISSING_ARGUMENT.format(formal.name), formal.span)
            args = {k: v for k, v in args.items() if any(f.name == k for f in info.formals)}
        return self.scheduler.call(value, args)

    def force(self, value: Any) -> Any:
        """Force a value to weak head normal form."""
        return self.scheduler.force(value)

    def call(self, fn: Any, arg: Any) -> Any:
        """Apply a Nix function (lambda, builtin, `__functor` set) to `arg`; the result is forced."""
        return self.scheduler.call(fn, arg)

    def cancel(self) -> None:
        """Stop the evaluation this evaluator is running, from any thread: it raises `pynix.Cancelled`
        (thunks it was evaluating are left to be evaluated again); without one running, nothing happens."""
        self.scheduler.cancel()

    def to_python(self, value: Any) -> Any:
        """`value` (a view or a Nix value) forced completely and converted to plain Python data."""
        with self.limits:  # converting values already forced runs no evaluation, but may be as big
            return to_python(value, self)

    def run(self, gen: Any) -> Any:
        """Drive a generator (such as a builtin's) to completion."""
        return self.scheduler.run(gen)

    # -- host services (answers to requests, mostly from `self.files`: the host and the fetch store) -----

    def import_file(self, path: str, scope: dict[str, Any] | None = None) -> Thunk:
        """The thunk of the value of the file at `path`, cached by real path unless `scope` is given."""
        written = self.written.get(path)  # a store file this evaluation wrote (`toFile`): import from derivation
        if written is None and self.files.is_directory(path):
            path = os.path.join(path, "default.nix")
        real = path if written is not None else self.files.real_path(path)
        cached = self.imports.get(real) if scope is None else None
        if cached is not None:
            return cached
        if written is None and not self.files.path_exists(real):
            raise EvalError(f"path '{path}' does not exist")
        source = Source(path, written.contents if written is not None else self.files.read_file(path))
        thunk = Thunk(self.compile(source, os.path.dirname(path), scope))
        if scope is None:
            self.imports[real] = thunk
        return thunk

    @property
    def fetcher(self) -> Fetcher:
        """What answers fetch requests (made on first use: most evaluations fetch nothing)."""
        if self._fetcher is None:
            from .fetch.fetcher import Fetcher
            self._fetcher = Fetcher(self.files.store, self.files, self.warn)
        return self._fetcher

    def path_exists(self, path: str) -> bool:
        return self.files.path_exists(path)

    def read_file(self, path: str) -> str:
        return self.files.read_file(path)

    def read_dir(self, path: str) -> dict[str, str]:
        return self.files.read_dir(path)

    def file_type(self, path: str) -> str:
        return self.files.file_type(path)

    def get_env(self, name: str) -> str:
        return "" if self.pure else self.host.get_env(name)

    def check_path(self, path: str) -> None:
        self.files.check_path(path)

    def check_uri(self, uri: str) -> None:
        self.host.check_uri(uri)

    def store_path_of(self, path: str, name: str | None, keep: Any) -> str:
        return self.files.store_path_of(path, name, keep)

    def trace(self, message: str) -> None:
        self.host.trace(message)

    def warn(self, text: str) -> None:
        """Report an evaluation warning (`builtins.warn`), already formatted."""
        self.host.warn(text)

    def warn_at(self, message: str, span: Any) -> None:
        """Report a warning with its position."""
        self.host.warn(render_warning(message, span))
