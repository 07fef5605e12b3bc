"""When an exercise may be asked: never before the records its question needs were public.

An exercise whose prompt or key needs facts published later than a lesson's ``as_of`` names
those rows in its definition (``opens_with = ["regimes:pep"]``). On an earlier day the front
shows a short note in its place instead of a question with a key that could not be known.

>>> from scomm.course.params import validate
>>> day = opens_on("04_pep_transition", "l4-compare", validate("04_pep_transition", as_of="2014-12-01").world)
>>> (day.year, day.month)  # the month PEP began
(2015, 7)
>>> opens_on("04_pep_transition", "l4-tiers", validate("04_pep_transition", as_of="2014-12-01").world) is None
True

A scenario's cases and options may carry their own first day (a case's ``from`` and the rows
it ``rests_on``, the set's ``option_from``): ``asked_on`` offers only the cases booked by then
and the options naming what existed, and the exercise opens with its first case.

>>> when_booked = definitions.load_set("01_program_mechanics")["l1-when-booked"]
>>> [c["id"] for c in asked_on(when_booked, pd.Timestamp("2009-06-01")).cases]
['travis-2007', 'harris-2008']
"""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as w
import pandas as pd

from scomm.course import data
from scomm.course.params import Params
from scomm.course.world import ALWAYS, World
from scomm.exercises import definitions
from scomm.exercises.controls import note
from scomm.exercises.definitions import Exercise, ExerciseError, Scenario


def opens_on(lesson: str, exercise_id: str, world: World) -> pd.Timestamp | None:
    """The first day every row the exercise ``opens_with`` was public, and its first case offered.

    ``None`` if it names no rows and has no dated cases.
    """
    exercise = definitions.load_set(lesson).get(exercise_id)
    if exercise is None:
        return None
    where = f"lesson {lesson}, exercise {exercise_id}"
    days = [_public(row, world, where) for row in exercise.opens_with]
    if isinstance(exercise, Scenario) and any("from" in c for c in exercise.cases):
        days.append(min(_case_opens(case, world, where) for case in exercise.cases))
    return max(days) if days else None


def asked_on(exercise: Exercise, as_of: pd.Timestamp, world: World | None = None) -> Exercise:
    """``exercise`` as it can be asked on ``as_of``: a scenario keeps the cases and options of that day."""
    if not isinstance(exercise, Scenario) or not exercise.cases:
        return exercise
    world = world or World(as_of)
    where = f"exercise {exercise.id}"
    cases = tuple(c for c in exercise.cases if _case_opens(c, world, where) <= as_of)
    if not cases:
        raise ExerciseError(f"{where} has no case booked by {as_of.date().isoformat()}; it opens later")
    not_yet = {option for option, day in exercise.option_from.items() if pd.Timestamp(day) > as_of}
    questions = {
        q: (text, tuple(o for o in options if o not in not_yet))
        for q, (text, options) in exercise.questions.items()
    }
    return replace(exercise, cases=cases, questions=questions)


def _case_opens(case: dict, world: World, where: str) -> pd.Timestamp:
    days = [
        pd.Timestamp(case.get("from", ALWAYS)),
        *(_public(row, world, where) for row in case.get("rests_on", ())),
    ]
    return max(days)


def _public(row: str, world: World, where: str) -> pd.Timestamp:
    table, _, row_id = row.partition(":")
    ids = data.load(table)[data.primary_key(table)]
    found = (ids == row_id).to_numpy()
    if not found.any():
        raise ExerciseError(f"{where}: names {row!r}, which is not in {table}")
    return world.public_from(table)[found].max()


def closed(p: Params, exercise_id: str) -> w.HTML | None:
    """A note standing in for an exercise that ``p.as_of`` comes too early for; ``None`` once it opens.

    A student is told only that it opens later; an instructor also sees the day.
    """
    day = opens_on(p.kit_lesson.slug, exercise_id, p.world)
    if day is None or p.as_of is None or day <= p.as_of:
        return None
    text = f"This question needs records published after {p.as_of.strftime('%-d %B %Y')}; it opens later in the course."
    if p.instructor:
        text += f" Instructor: it opens for as_of {day.date().isoformat()} or later."
    return w.HTML(value=note(text))
