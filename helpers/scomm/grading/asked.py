"""A lesson's questions as its students were asked them on the day it was set on.

A submission records the ``as_of`` its lesson ran at. The grader marks each answer against the
question as the lesson's form showed it that day (``exercises.opening``: that day's wording, cases
and options, the case drawn for that day), and a question not open yet is named by the note the
lesson showed in its place. ``exercises.opening`` works each question out once per lesson day
(one ``p``, made here once per lesson and day), so a class of any size costs it once per question:

>>> day = asked_on("04_pep_transition", "2014-11-20")
>>> day.waiting("l4-memo")[:45], day.waiting("l4-tiers") is None
('This question rests on records made public af', True)
>>> asked_on("04_pep_transition", "1999-01-01") is None  # not a day the lesson is written for
True
"""

from __future__ import annotations

from functools import lru_cache

from scomm.course import params
from scomm.course.params import Params
from scomm.errors import ScommError
from scomm.exercises import opening
from scomm.exercises.base import Exercise


class Day:
    """One lesson set on one day, asked through ``exercises.opening`` as the notebook asks it."""

    def __init__(self, p: Params) -> None:
        self.p = p
        self.day = p.as_of.date().isoformat()

    def waiting(self, exercise_id: str) -> str | None:
        """The note shown in place of ``exercise_id`` that day (``opening.closed``); ``None`` once open."""
        return opening.closed(self.p, exercise_id)

    def worded(self, exercise: Exercise) -> Exercise:
        """A written ``exercise`` in that day's words: ``opening.worded_on``, as the notebook's form words it."""
        return opening.worded_on(self.p, exercise)

    def shown(self, exercise: Exercise, seed: int) -> Exercise:
        """``exercise`` as the student with ``seed`` saw it that day (``opening.as_asked``)."""
        return opening.as_asked(self.p, exercise, seed)


@lru_cache(maxsize=64)
def asked_on(lesson: str, as_of: str | None) -> Day | None:
    """``lesson`` set on ``as_of``; ``None`` when there is no day, or one the lesson is not written
    for (a file can say anything: then the grader cuts nothing, as for a file without a day)."""
    if not as_of:
        return None
    try:
        p = params.validate(lesson, as_of=as_of)
    except ScommError:
        return None
    return Day(p) if p.lesson is not None and p.as_of is not None else None
