"""A wall-clock limit for code that cannot be given a timeout of its own (rdflib's pure-Python
SPARQL evaluation, a loader reading a hostile file): SIGALRM interrupts it. Main thread only."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """TimeoutError after ``seconds`` (at once when none are left)."""
    if seconds <= 0:
        raise TimeoutError("no time left")

    def ring(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
