"""The scheduler on hand-written generators: forcing, calls, tail calls, errors, depth."""

import pytest

from pynix.vm.errors import InfiniteRecursion, StackOverflow, ThrownError
from pynix.vm.scheduler import Scheduler
from pynix.vm.thunk import BLACKHOLE, Thunk


def test_force_plain_and_generator_thunks():
    s = Scheduler()
    plain = Thunk(lambda: 41)
    gen = Thunk(lambda: (yield plain) + 1)
    assert s.force(gen) == 42
    assert gen.fn is None and gen.value == 42
    assert plain.fn is None and plain.value == 41


def test_yielding_a_value_returns_it():
    s = Scheduler()
    assert s.force(Thunk(lambda: (yield 5) * 2)) == 10


def test_call_of_python_lambda_and_tail_call():
    s = Scheduler()
    double = lambda x: (yield x) * 2          # noqa: E731
    assert s.call(double, 21) == 42
    # A frame returning (f, x) makes a tail call in its place.
    assert s.force(Thunk(lambda: (double, 4))) == 8


def test_deep_non_tail_recursion_does_not_use_python_stack():
    s = Scheduler(max_call_depth=10**6)

    def total(n):
        if n == 0:
            return 0
        return n + (yield (total, n - 1))

    assert s.call(total, 100_000) == 5_000_050_000


def test_tail_recursion_runs_in_constant_python_memory_but_counts_depth():
    def loop(n):
        return (loop, n - 1) if n else "done"

    assert Scheduler(max_call_depth=300_000).call(loop, 200_000) == "done"
    with pytest.raises(StackOverflow):
        Scheduler(max_call_depth=1000).call(loop, 5000)


def test_infinite_recursion_is_detected_and_thunk_restored():
    s = Scheduler()
    t = Thunk(lambda: (yield t))
    with pytest.raises(InfiniteRecursion):
        s.force(t)
    assert t.fn is not None and t.fn is not BLACKHOLE


def test_errors_are_thrown_into_the_waiting_generator():
    s = Scheduler()

    def fail():
        raise ThrownError("boom")

    bad = Thunk(fail)

    def catcher():
        try:
            yield bad
        except ThrownError as e:
            return "caught " + e.message
        return "no"

    assert s.run(catcher()) == "caught boom"
    # The failed thunk can be forced again (and fails again).
    with pytest.raises(ThrownError):
        s.force(bad)


def test_application_thunks_hold_the_call_itself():
    s = Scheduler()
    double = lambda x: (yield x) * 2          # noqa: E731
    inc = lambda x: x + 1                     # noqa: E731 (answers without suspending)
    suspended, at_once = Thunk((double, Thunk(lambda: 20))), Thunk((inc, 41))
    assert s.force(suspended) == 40 and suspended.fn is None
    assert s.force(at_once) == 42 and at_once.fn is None


def test_a_failed_application_thunk_keeps_its_error():
    s = Scheduler()

    def boom(x):
        raise ThrownError(f"boom {x}")

    t = Thunk((boom, 1))
    for _ in range(2):
        with pytest.raises(ThrownError, match="boom 1"):
            s.force(t)
