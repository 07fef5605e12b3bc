"""A time limit for one block of a test: hostile input must fail the test, not hang the run."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class TooSlow(AssertionError):
    """The block ran past its limit."""


@contextmanager
def at_most(seconds: float, what: str = "the block") -> Iterator[None]:
    """Raise ``TooSlow`` in the block once it has run ``seconds`` (SIGALRM; the main thread only).

    A limit, not a timing: it is set far above the expected time, so a loaded machine does not
    fail it, while a hang (minutes) or a runaway regular expression still does.
    """

    def stop(_signum: int, _frame: object) -> None:
        raise TooSlow(f"{what} was still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
