"""When an exercise may be asked: never before the records its question needs were public.

An exercise names those rows in its definition: ``opens_with = ["regimes:pep"]`` for rows its
prompt or key needs, and, in a set marked ``dated = true``, every row it ``rests_on`` as well.
A scenario whose cases carry their own day (``from``, the case's ``rests_on``) opens with its
first case and offers only the cases and options of the lesson's day (``asked_on``).
On an earlier day the front shows a short note in its place instead of a question whose key
could not yet be known (the day itself is computed by ``scomm.course.opening``).
A question whose words, not its key, need later rows is asked in other words until then:
``prompt_opens_with`` names those rows and ``earlier_prompt`` the wording asked before (``worded_on``).

Each answer is worked out once per started lesson (``p``) and exercise, then kept: a lesson asks
the dated tables once per question, not once per cell, and the grader, which marks a class
with one ``p`` per lesson and day, once per question, not once per submission. A lesson
started again (a new ``p``) works it out afresh, so an edited data file or set is read then.

>>> from scomm.course.params import validate
>>> closed(validate("04_pep_transition", as_of="2014-12-01"), "l4-compare").split(";")[0]
'This question rests on records made public after 1 December 2014'
>>> closed(validate("04_pep_transition", as_of="2014-12-01"), "l4-tiers") is None
True
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pandas as pd

from scomm.course import opening as when
from scomm.course.days import when as written
from scomm.course.params import Params
from scomm.course.world import ALWAYS
from scomm.exercises import definitions
from scomm.exercises.base import Exercise, ExerciseError
from scomm.exercises.kinds import Scenario

#: Entries kept per memo: a class's grading asks for at most a few dozen lesson days × questions.
_KEPT = 2048


class _Same:
    """A cache key that is one object itself, not an equal copy: a ``p``, or an exercise (which
    holds dicts, so it has no hash). The cache holds the object, so its id is not reused meanwhile.
    """

    __slots__ = ("item",)

    def __init__(self, item: object) -> None:
        self.item = item

    def __hash__(self) -> int:
        return id(self.item)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.item is self.item


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
    return _closed(_Same(p), exercise_id)


@lru_cache(maxsize=_KEPT)
def _closed(started: _Same, exercise_id: str) -> str | None:
    p: Params = started.item
    day = _opens(p, exercise_id)
    return None if p.as_of is None or day <= p.as_of else when.waiting(p, day, "This question")


def _opens(p: Params, exercise_id: str) -> pd.Timestamp:
    """The first day ``exercise_id`` is asked (``ALWAYS`` when it rests on nothing dated)."""
    needed = rows(p.kit_lesson.slug, exercise_id)
    exercise = definitions.load_set(p.kit_lesson.slug)[exercise_id]
    first = _first_case(p, exercise)
    set_on = pd.Timestamp(exercise.opens_from) if exercise.opens_from else ALWAYS
    return max(when.opens_on(p, needed) if needed else ALWAYS, first or ALWAYS, set_on)


def discussion(p: Params) -> str:
    """What a lesson's discussion section says is open on ``p.as_of``: every question, some, or none
    yet (a student is told only that the first opens later; an instructor also sees the day).

    >>> from scomm.course.params import validate
    >>> discussion(validate("02_opt_out_dispute", as_of="2010-05-04"))[:44]
    'No discussion question is open on 4 May 2010'
    """
    ids = [e for e in definitions.load_set(p.kit_lesson.slug) if "-discuss-" in e]
    shut = [e for e in ids if closed(p, e) is not None]
    day = written(p.as_of, "day")
    if not shut:
        return "Write your answer to each question in its box."
    if len(shut) < len(ids):
        rest = "The other rests" if len(shut) == 1 else "The others rest"
        waits = "waits, with a note in its place" if len(shut) == 1 else "wait, with a note in their place"
        return (
            f"{len(ids) - len(shut)} of the {len(ids)} questions are open on {day}: write your answer to each "
            f"in its box. {rest} on records made public later and {waits}."
        )
    text = (
        f"No discussion question is open on {day}: each rests on records made public later, and the first "
        "opens when the lesson is set on a later date. Each waits below with a note in its place."
    )
    if p.instructor:
        text += f" Instructor: the first opens from {written(min(_opens(p, e) for e in ids), 'day')}."
    return text


# -- a scenario's cases, each offered from its own day ------------------------------------------


def _first_case(p: Params, exercise: Exercise) -> pd.Timestamp | None:
    """The first day a scenario with dated cases (``from``, its own ``rests_on``) offers one; else ``None``."""
    if not isinstance(exercise, Scenario) or not any("from" in c for c in exercise.cases):
        return None
    return min(_case_day(p, case) for case in exercise.cases)


def asked_on(p: Params, exercise: Exercise) -> Exercise:
    """``exercise`` as it can be asked on ``p.as_of``: a scenario keeps the cases and options of that day.

    >>> from scomm.course.params import validate
    >>> when_booked = definitions.load_set("01_program_mechanics")["l1-when-booked"]
    >>> [c["id"] for c in asked_on(validate("01_program_mechanics", as_of="2009-06-01"), when_booked).cases]
    ['travis-2007', 'harris-2008']
    """
    return _asked_on(_Same(p), _Same(exercise))


@lru_cache(maxsize=_KEPT)
def _asked_on(started: _Same, given: _Same) -> Exercise:
    p: Params = started.item
    exercise = worded_on(p, given.item)
    dated = _first_case(p, exercise) is not None
    if p.as_of is None or not (dated or getattr(exercise, "option_from", None)):
        return exercise
    # Generated cases (no dated cases of their own) are drawn for the day; only options are cut.
    cases = tuple(c for c in exercise.cases if _case_day(p, c) <= p.as_of) if dated else exercise.cases
    if dated and not cases:
        raise ExerciseError(f"exercise {exercise.id} has no case booked by {p.as_of.date().isoformat()}")
    not_yet = {option for option, day in exercise.option_from.items() if pd.Timestamp(day) > p.as_of}
    questions = {
        q: (text, tuple(o for o in options if o not in not_yet))
        for q, (text, options) in exercise.questions.items()
    }
    # An option's first day is itself a fact: one not offered yet must not be named with it.
    offered = {o: day for o, day in exercise.option_from.items() if o not in not_yet}
    return replace(exercise, cases=cases, questions=questions, option_from=offered)


def worded_on(p: Params, exercise: Exercise) -> Exercise:
    """``exercise`` worded for ``p.as_of``: its ``earlier_prompt`` until its ``prompt_opens_with`` rows were public.

    The one wording of a question on a day: the notebook's form, the grader and the marking desk
    all ask this (``as_asked`` and ``asked_on`` start from it).

    >>> from scomm.course.params import validate
    >>> request = definitions.load_set("03_detainer_law")["l3-discuss-request"]
    >>> "court" in worded_on(validate("03_detainer_law", as_of="2011-06-01"), request).prompt
    False
    >>> "court" in worded_on(validate("03_detainer_law", as_of="2014-06-01"), request).prompt
    True
    """
    return _worded_on(_Same(p), _Same(exercise))


@lru_cache(maxsize=_KEPT)
def _worded_on(started: _Same, given: _Same) -> Exercise:
    p: Params = started.item
    exercise: Exercise = given.item
    if (
        not exercise.prompt_opens_with
        or p.as_of is None
        or when.opens_on(p, exercise.prompt_opens_with) <= p.as_of
    ):
        return exercise
    return replace(exercise, prompt=exercise.earlier_prompt)


def as_asked(p: Params, exercise: Exercise, seed: int) -> Exercise:
    """The version of ``exercise`` a student with ``seed`` is shown on ``p.as_of``, wherever it is shown.

    The day's cases and options (``asked_on``), with the case drawn for that day: the notebook's
    form, the course site's practice form and the grader's feedback all show this one.

    >>> from scomm.course.params import validate
    >>> when_booked = definitions.load_set("01_program_mechanics")["l1-when-booked"]
    >>> shown = as_asked(validate("01_program_mechanics", as_of="2009-06-01"), when_booked, seed=3)
    >>> shown.case in {"travis-2007", "harris-2008"}, max(shown.option_from.values()) <= "2009-06-01"
    (True, True)
    """
    day = None if p.as_of is None else p.as_of.date().isoformat()
    return asked_on(p, exercise).variant(seed, day)


def _case_day(p: Params, case: dict) -> pd.Timestamp:
    return max(pd.Timestamp(case.get("from", ALWAYS)), when.opens_on(p, case.get("rests_on", ())))
