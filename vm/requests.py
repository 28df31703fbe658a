"""The closed set of requests a running generator yields to the scheduler.

Compiled Nix code and builtins are Python generators. They never evaluate
another Nix context directly: they yield a request and receive the reply.

| yielded value            | meaning                                   | reply                 |
|--------------------------|-------------------------------------------|-----------------------|
| a `Thunk`                | force it (`Force(t)`)                     | its value             |
| a tuple `(f, x)`         | apply `f` to `x` (`Call(f, x)`)           | the result, forced    |
| a generator              | run it as a sub-computation               | its return value      |
| `Nested(generator)`      | run it as one more level of call depth    | its return value      |
| a `Request` instance     | ask the host (IO, environment)            | `request.perform(host)` |
| any other value          | nothing to do (`Force` of a plain value)  | the value itself      |

On an event loop (`Evaluator.evaluate_async`), a request whose `suspends` is
true suspends the whole evaluation: the scheduler hands it back with its
stack, the loop awaits `request.perform_async(host)`, and the evaluation
resumes with the reply while other evaluations run in the meantime.

A generator's *return value* may also be a tuple `(f, x)`: a tail call,
which the scheduler performs in place of the finished frame.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

#: The type of every generator the scheduler runs: it yields requests (above),
#: receives their replies, and returns its result.
Gen = Generator[Any, Any, Any]


def Force(value: Any) -> Any:
    """Request to evaluate `value` to weak head normal form (yield it)."""
    return value


def Call(fn: Any, arg: Any) -> tuple[Any, Any]:
    """Request to apply the Nix function `fn` to `arg` (yield it, or return it as a tail call)."""
    return (fn, arg)


class Nested:
    """Run a helper generator as one call level: deep forcing and serialisation recurse through it.

    CppNix counts these recursions toward `max-call-depth` (forcing a thunk or
    running a plain helper generator does not count), so a structure nested
    deeper than the limit ends in a clean stack overflow.
    """

    __slots__ = ("gen",)

    def __init__(self, gen: Any) -> None:
        self.gen = gen


class Request:
    """A request answered by the evaluator's host rather than by the scheduler itself."""

    __slots__ = ()

    suspends = False
    """Whether an evaluation on an event loop waits for this request's `perform_async` (IO that may block)."""

    def perform(self, host: Any) -> Any:
        """Carry out the request against `host` and return the reply."""
        raise NotImplementedError

    async def perform_async(self, host: Any) -> Any:
        """Carry out the request on an event loop: `perform` in a worker thread, so the loop runs on."""
        import asyncio
        return await asyncio.to_thread(self.perform, host)


class Import(Request):
    """Evaluate the Nix file at `path` (a directory means its `default.nix`); reply its value or thunk.

    With `scope` (an attribute set), the file's free variables are looked up
    in it before the builtins: `scopedImport`.
    """

    __slots__ = ("path", "scope")

    def __init__(self, path: str, scope: dict[str, Any] | None = None) -> None:
        self.path = path
        self.scope = scope

    def perform(self, host: Any) -> Any:
        if self.scope is not None:
            return host.import_file(self.path, self.scope)
        return host.import_file(self.path)


class PathExists(Request):
    """Whether `path` exists; reply a bool."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def perform(self, host: Any) -> Any:
        return host.path_exists(self.path)


class Trace(Request):
    """Show a `builtins.trace` message; reply None."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def perform(self, host: Any) -> Any:
        host.trace(self.message)
        return None


class ReadFile(Request):
    """The contents of the file at `path` as a string (bytes decoded with surrogateescape)."""

    __slots__ = ("path",)
    suspends = True

    def __init__(self, path: str) -> None:
        self.path = path

    def perform(self, host: Any) -> Any:
        return host.read_file(self.path)


class ReadDir(Request):
    """The entries of the directory at `path`: name → `regular`/`directory`/`symlink`/`unknown`."""

    __slots__ = ("path",)
    suspends = True

    def __init__(self, path: str) -> None:
        self.path = path

    def perform(self, host: Any) -> Any:
        return host.read_dir(self.path)


class FileType(Request):
    """The type of the file at `path` (not following a final symlink)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def perform(self, host: Any) -> Any:
        return host.file_type(self.path)


class GetEnv(Request):
    """The value of environment variable `name`, or "" (always "" in pure evaluation)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def perform(self, host: Any) -> Any:
        return host.get_env(self.name)


class StorePathOf(Request):
    """The store path `path` is copied to (optionally filtered and renamed); reply the path string."""

    __slots__ = ("path", "name", "keep")

    def __init__(self, path: str, name: str | None = None, keep: Any = None) -> None:
        self.path = path
        self.name = name
        self.keep = keep

    def perform(self, host: Any) -> Any:
        return host.store_path_of(self.path, self.name, self.keep)


class CheckPath(Request):
    """Raise EvalError unless code may name `path` (restricted mode); reply None."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def perform(self, host: Any) -> Any:
        return host.check_path(self.path)


class CheckUri(Request):
    """Raise EvalError unless a fetcher may access `uri` (restricted mode's `allowed-uris`); reply None."""

    __slots__ = ("uri",)

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def perform(self, host: Any) -> Any:
        return host.check_uri(self.uri)


class Written(Request):
    """What this evaluator wrote to the store (`toFile`, derivations); reply its `WrittenStore`."""

    __slots__ = ()

    def perform(self, host: Any) -> Any:
        return host.written


class Warn(Request):
    """Show an evaluation warning (`builtins.warn`), already formatted; reply None."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def perform(self, host: Any) -> Any:
        host.warn(self.message)
        return None


class Feature(Request):
    """Whether the experimental feature `name` is enabled; reply a bool."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def perform(self, host: Any) -> Any:
        return self.name in host.features


class PureEval(Request):
    """Whether evaluation is pure (`--pure-eval`); reply a bool."""

    __slots__ = ()

    def perform(self, host: Any) -> Any:
        return host.pure


class FetchUrl(Request):
    """Download `url` into the fetch store, unpacked if `unpack`, as `name`, checked against the SHA-256
    `expected` (of the file, or of the NAR of the unpacked tree); reply `(store path, its NAR hash)`."""

    __slots__ = ("url", "unpack", "name", "expected")
    suspends = True

    def __init__(self, url: str, unpack: bool, name: str, expected: bytes | None = None) -> None:
        self.url = url
        self.unpack = unpack
        self.name = name
        self.expected = expected

    def perform(self, host: Any) -> Any:
        return host.fetcher.fetch_url(self.url, self.unpack, self.name, self.expected)

    async def perform_async(self, host: Any) -> Any:
        return await host.fetcher.fetch_url_async(self.url, self.unpack, self.name, self.expected)


class FetchGit(Request):
    """Fetch a revision of a local Git repository (`source`, a `pynix.fetch.git.GitSource`) into the fetch
    store as `name`; reply its attributes (`outPath`, `narHash`, `rev`, `revCount`, ...)."""

    __slots__ = ("source", "name")
    suspends = True

    def __init__(self, source: Any, name: str) -> None:
        self.source = source
        self.name = name

    def perform(self, host: Any) -> Any:
        return host.fetcher.fetch_git(self.source, self.name)


class FetchPath(Request):
    """Copy the tree at `path` into the fetch store as `name` (fetchTree's `path` type); reply its
    attributes (`outPath`, `narHash`, `lastModified`, `lastModifiedDate`)."""

    __slots__ = ("path", "name")
    suspends = True

    def __init__(self, path: str, name: str) -> None:
        self.path = path
        self.name = name

    def perform(self, host: Any) -> Any:
        return host.fetcher.fetch_path(self.path, self.name)
