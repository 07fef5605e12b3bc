"""A count written with its noun, one rule for the whole kit.

The lowest of the course's modules (it imports none of them), so chart descriptions, captions,
feedback pages and an exercise's worth all write "1 point", "2.5 points", "3 statements" one way.

>>> count_of(1, "statement"), count_of(2.5, "point"), count_of(1.0, "point")
('1 statement', '2.5 points', '1 point')
"""

from __future__ import annotations


def noun_for(n: float, noun: str) -> str:
    """``noun`` as a count of ``n`` needs it: singular for exactly one, else with an ``s``.

    >>> noun_for(1, "point"), noun_for(0, "point"), noun_for(1.5, "point")
    ('point', 'points', 'points')
    """
    return noun if n == 1 else f"{noun}s"


def count_of(n: float, noun: str) -> str:
    """A count with its noun; thousands take commas and whole floats lose their ``.0``.

    >>> count_of(0, "action"), count_of(3, "more statement"), count_of(2.0, "point")
    ('0 actions', '3 more statements', '2 points')
    >>> count_of(3056, "booking")
    '3,056 bookings'
    """
    number = f"{n:,g}" if isinstance(n, float) else f"{n:,}"
    return f"{number} {noun_for(n, noun)}"
