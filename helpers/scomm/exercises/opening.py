"""When an exercise may be asked: never before the records its question needs were public.

An exercise names those rows in its definition: ``opens_with = ["regimes:pep"]`` for rows its
prompt or key needs, and, in a set marked ``dated = true``, every row it ``rests_on`` as well.
On an earlier day the front shows a short note in its place instead of a question whose key
could not yet be known (the day itself is computed by ``scomm.course.opening``).

>>> from scomm.course.params import validate
>>> closed(validate("04_pep_transition", as_of="2014-12-01"), "l4-compare")[:60]
'This question rests on records made public after 2014-12-01;'
>>> closed(validate("04_pep_transition", as_of="2014-12-01"), "l4-tiers") is None
True
"""

from __future__ import annotations

from scomm.course import opening as when
from scomm.course.params import Params
from scomm.exercises import definitions
from scomm.exercises.definitions import ExerciseError


def rows(lesson: str, exercise_id: str) -> tuple[str, ...]:
    """The rows (``"table:id"``) that must be public before ``exercise_id`` is asked."""
    exercise = definitions.load_set(lesson).get(exercise_id)
    if exercise is None:
        raise ExerciseError(f"lesson {lesson} has no exercise {exercise_id!r}")
    return (*exercise.opens_with, *(exercise.rests_on if definitions.dated(lesson) else ()))


def closed(p: Params, exercise_id: str) -> str | None:
    """The note standing in for an exercise ``p.as_of`` comes too early for; ``None`` once it opens.

    A student is told only that it opens later; an instructor also sees the day.
    """
    needed = rows(p.kit_lesson.slug, exercise_id)
    if not needed or p.as_of is None:
        return None
    day = when.opens_on(p, needed)
    return None if day <= p.as_of else when.waiting(p, day, "This question")
