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
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from scomm.course import data
from scomm.course.params import Params
from scomm.course.world import World
from scomm.exercises import definitions
from scomm.exercises.controls import note
from scomm.exercises.definitions import ExerciseError


def opens_on(lesson: str, exercise_id: str, world: World) -> pd.Timestamp | None:
    """The first day every row the exercise ``opens_with`` was public; ``None`` if it names none."""
    exercise = definitions.load_set(lesson).get(exercise_id)
    if exercise is None or not exercise.opens_with:
        return None
    days = []
    for row in exercise.opens_with:
        table, _, row_id = row.partition(":")
        ids = data.load(table)[data.primary_key(table)]
        found = (ids == row_id).to_numpy()
        if not found.any():
            raise ExerciseError(
                f"lesson {lesson}, exercise {exercise_id}: opens_with names {row!r}, which is not in {table}"
            )
        days.append(world.public_from(table)[found].max())
    return max(days)


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
