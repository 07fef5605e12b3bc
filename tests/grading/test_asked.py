"""The grader marks each answer against the question the student's form showed: one function,
``exercises.opening.as_asked``, decides that for the notebook, the course site and the grader;
the grader's ``Day`` only keeps each question's day-cut so that it is worked out once."""

from __future__ import annotations

import pytest

from scomm.course.params import last_day, validate
from scomm.exercises import opening
from scomm.exercises.definitions import load_set
from scomm.grading.asked import Day

#: Lesson 1's dated booking cases (``l1-when-booked``) and lesson 4's memo make days differ.
DAYS = (("01_program_mechanics", "2009-06-01"), ("04_pep_transition", "2014-11-20"))


@pytest.mark.parametrize(("lesson", "as_of"), [*DAYS, ("04_pep_transition", last_day().isoformat())])
def test_the_grader_shows_each_open_question_as_the_form_did(lesson: str, as_of: str) -> None:
    p = validate(lesson, as_of=as_of)
    day = Day(p)
    open_now = [ex for ex in load_set(lesson, with_keys=True).values() if day.waiting(ex.id) is None]
    assert open_now
    for ex in open_now:
        for seed in (0, 7, 123):
            assert day.shown(ex, seed) == opening.as_asked(p, ex, seed)


def test_a_change_to_as_asked_reaches_the_grader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a copy of it: whatever the form's function returns is what the grader marks against."""
    p = validate("01_program_mechanics", as_of="2009-06-01")
    ex = load_set(p.kit_lesson.slug)["l1-when-booked"]
    marker = object()
    monkeypatch.setattr(opening, "as_asked", lambda *args, **kwargs: marker)
    assert Day(p).shown(ex, 3) is marker


def test_the_day_cut_is_worked_out_once_per_question(monkeypatch: pytest.MonkeyPatch) -> None:
    p = validate("01_program_mechanics", as_of="2009-06-01")
    ex = load_set(p.kit_lesson.slug)["l1-when-booked"]
    calls = []
    real = opening.asked_on
    monkeypatch.setattr(opening, "asked_on", lambda *a: calls.append(a) or real(*a))
    day = Day(p)
    shown = {day.shown(ex, seed).case for seed in range(20)}
    assert len(calls) == 1 and shown <= {"travis-2007", "harris-2008"}
    # a stand-in exercise of the same id is cut afresh, not given the other one's cut
    stand_in = load_set(p.kit_lesson.slug, with_keys=True)["l1-when-booked"]
    assert stand_in is not ex
    day.shown(stand_in, 0)
    assert len(calls) == 2
