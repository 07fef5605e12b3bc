"""One way for every benchmark to judge itself: a ratio against a baseline measured in the same run.

Absolute times move with the machine and its load; a ratio of two figures measured side by side
does not (much). Each script prints its figures, then one ``RESULT`` line per target through
``judge``, and exits with ``exit_code`` (1 when a target was missed). ``make bench`` runs every
script whatever the others did and lists the ``RESULT`` lines at the end.

>>> judge("demo", kit=1.0, baseline=4.0, at_most=0.5, meaning="kit / baseline")
RESULT demo: kit / baseline = 0.25 (target <= 0.5): met
True
"""

from __future__ import annotations

_missed: list[str] = []


def judge(name: str, *, kit: float, baseline: float, at_most: float, meaning: str) -> bool:
    """Print and judge ``kit / baseline`` against ``at_most``; remember a miss for ``exit_code``."""
    ratio = kit / baseline
    met = ratio <= at_most
    print(f"RESULT {name}: {meaning} = {ratio:.3g} (target <= {at_most:g}): {'met' if met else 'NOT met'}")
    if not met:
        _missed.append(name)
    return met


def exit_code() -> int:
    """0 when every judged ratio met its target, else 1."""
    return 1 if _missed else 0
