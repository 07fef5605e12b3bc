"""A count with its noun is written by one helper, ``course.counts``, everywhere in the kit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scomm
from scomm.course.counts import count_of, noun_for
from scomm.exercises.base import Exercise

#: The plural rule written inline: ``{'' if n == 1 else 's'}``, ``{"s" if n != 1 else ""}``.
INLINE_PLURAL = re.compile(r"""\{\s*(['"])s?\1 if [^{}]*? else (['"])s?\2\s*\}""")


@pytest.mark.parametrize(
    ("n", "noun", "written"),
    [
        (0, "statement", "0 statements"),
        (1, "statement", "1 statement"),
        (2, "more statement", "2 more statements"),
        (1.0, "point", "1 point"),
        (2.5, "point", "2.5 points"),
        (0.5, "point", "0.5 points"),
        (12000, "word", "12,000 words"),
    ],
)
def test_a_count_takes_the_noun_in_the_number_it_needs(n: float, noun: str, written: str) -> None:
    assert count_of(n, noun) == written


def test_the_noun_alone_follows_the_same_rule() -> None:
    assert [noun_for(n, "point") for n in (1, 1.0, 0, 2, 0.5)] == [
        "point",
        "point",
        "points",
        "points",
        "points",
    ]


@pytest.mark.parametrize(("points", "worth"), [(1.0, "1 point"), (2.0, "2 points"), (2.5, "2.5 points")])
def test_an_exercise_states_its_worth_with_the_same_rule(points: float, worth: str) -> None:
    assert Exercise(id="x", prompt="?", points=points).worth == worth == count_of(points, "point")


def test_no_module_writes_the_plural_rule_itself() -> None:
    package = Path(scomm.__file__).parent
    inline = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE_PLURAL.search(line)
    ]
    assert inline == [], "write counts with scomm.course.counts.count_of:\n" + "\n".join(inline)
