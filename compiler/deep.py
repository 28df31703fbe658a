"""Running deeply recursive compiler passes without Python stack limits.

The parser, scope analysis and code generation recurse along the nesting of
the source; `run_deep` runs them in a thread with a large stack and a high
recursion limit, so 10,000 nested parentheses or lists still work, and turns
what is deeper still into a clean error instead of a `RecursionError`.
"""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

from ..vm.errors import ParseError

T = TypeVar("T")

STACK_BYTES = 1 << 30
RECURSION_LIMIT = 1_000_000
_lock = threading.Lock()


def run_deep(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` on a big stack; exceptions propagate to the caller."""
    if getattr(_local, "inside", False):
        return fn(*args)
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        _local.inside = True
        try:
            result.append(fn(*args))
        except RecursionError:
            error.append(ParseError("expression is nested too deeply"))
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    with _lock:
        old_stack = threading.stack_size(STACK_BYTES)
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(RECURSION_LIMIT)
        try:
            thread = threading.Thread(target=target, name="pynix-deep")
            thread.start()
            thread.join()
        finally:
            threading.stack_size(old_stack)
            sys.setrecursionlimit(old_limit)
    if error:
        raise error[0]
    return result[0]


_local = threading.local()
