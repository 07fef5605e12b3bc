"""Exercises as they can be asked on a day: closed until the rows they rest on are public.

An exercise names the data rows its premise and key rest on (``rests_on``, as ``table:id``).
On a day before the last of them was public the question cannot be asked honestly, so the
lesson shows a short note in its place. A scenario's cases and options can carry their own
first day (a case's ``from``, the set's ``option_from``): a booking made after the lesson's
day is not offered, nor an option naming a program that did not yet exist.

>>> import pandas as pd
>>> from scomm.exercises.definitions import load_set
>>> growth = load_set("01_program_mechanics")["l1-growth"]
>>> at(growth, pd.Timestamp("2010-06-01")) is None, at(growth, pd.Timestamp("2011-06-01")) is growth
(True, True)
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from scomm.course import data
from scomm.course.world import ALWAYS, World
from scomm.exercises.definitions import Exercise, ExerciseError, Scenario


def opens(exercise: Exercise) -> pd.Timestamp:
    """The first day every row ``exercise`` rests on was public."""
    return max((_row_public(row) for row in exercise.rests_on), default=ALWAYS)


def opens_on(exercise: Exercise, as_of: pd.Timestamp) -> pd.Timestamp:
    """The first day ``exercise`` can be asked, for one closed on ``as_of`` (an instructor's note)."""
    first = opens(exercise)
    if first > as_of or not isinstance(exercise, Scenario) or not exercise.cases:
        return first
    return min(
        max([pd.Timestamp(c.get("from", ALWAYS)), *(_row_public(r) for r in c.get("rests_on", ()))])
        for c in exercise.cases
    )


def at(exercise: Exercise, as_of: pd.Timestamp) -> Exercise | None:
    """``exercise`` as it can be asked on ``as_of``, or ``None`` if it needs later records."""
    if opens(exercise) > as_of:
        return None
    if isinstance(exercise, Scenario) and exercise.cases:
        return _scenario_at(exercise, as_of)
    return exercise


def _scenario_at(exercise: Scenario, as_of: pd.Timestamp) -> Scenario | None:
    cases = tuple(
        c
        for c in exercise.cases
        if pd.Timestamp(c.get("from", ALWAYS)) <= as_of
        and all(_row_public(row) <= as_of for row in c.get("rests_on", ()))
    )
    if not cases:
        return None
    not_yet = {option for option, day in exercise.option_from.items() if pd.Timestamp(day) > as_of}
    questions = {
        q: (text, tuple(o for o in options if o not in not_yet))
        for q, (text, options) in exercise.questions.items()
    }
    return replace(exercise, cases=cases, questions=questions)


def _row_public(row: str) -> pd.Timestamp:
    table, _, row_id = row.partition(":")
    try:
        ids = data.load(table)[data.primary_key(table)]
    except (KeyError, FileNotFoundError):
        raise ExerciseError(f"rests_on {row!r}: the kit has no table {table!r}") from None
    found = World(ALWAYS).public_from(table)[(ids == row_id).to_numpy()]
    if found.empty:
        raise ExerciseError(f"rests_on {row!r}: no row {row_id!r} in {table}")
    return found.max()
