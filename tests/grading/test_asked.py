"""The grader marks each answer against the question the student's form showed: one function,
``exercises.opening.as_asked``, decides that for the notebook, the course site and the grader, and
one, ``opening.worded_on``, words a written question for the notebook's form, the grader and the
marking desk. ``exercises.opening`` works each question out once per lesson day (``p``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scomm.course import opening as when
from scomm.course.params import last_day, validate
from scomm.exercises import opening, submission_check, widgets
from scomm.exercises.definitions import load_set
from scomm.grading import desk, rubrics
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


def _counting(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every question the dated tables are asked (``course.opening.opens_on``), from now on."""
    calls = []
    real = when.opens_on
    monkeypatch.setattr(when, "opens_on", lambda p, rows: calls.append(tuple(rows)) or real(p, rows))
    return calls


def test_each_question_is_worked_out_once_per_lesson_day(monkeypatch: pytest.MonkeyPatch) -> None:
    p = validate("01_program_mechanics", as_of="2009-06-01")
    ex = load_set(p.kit_lesson.slug)["l1-when-booked"]
    calls = _counting(monkeypatch)
    shown = {opening.as_asked(p, ex, seed).case for seed in range(20)}
    waiting = {opening.closed(p, "l1-start-dates") for _ in range(20)}
    asked = len(calls)
    assert asked and shown <= {"travis-2007", "harris-2008"} and len(waiting) == 1
    # asked again that day: nothing is worked out again
    opening.as_asked(p, ex, 3), opening.closed(p, "l1-start-dates"), Day(p).shown(ex, 4)
    assert len(calls) == asked
    # a stand-in exercise of the same id is cut afresh, not given the other one's cut
    stand_in = load_set(p.kit_lesson.slug, with_keys=True)["l1-when-booked"]
    assert stand_in is not ex
    opening.as_asked(p, stand_in, 0)
    assert len(calls) > asked
    # and so is the lesson started again (an edited data file is read then)
    again = len(calls)
    opening.closed(validate("01_program_mechanics", as_of="2009-06-01"), "l1-start-dates")
    assert len(calls) > again


def test_a_memoised_day_keeps_each_day_apart() -> None:
    ex = load_set("01_program_mechanics")["l1-when-booked"]
    early, late = (validate("01_program_mechanics", as_of=day) for day in ("2009-06-01", "2011-03-31"))
    assert len(opening.asked_on(early, ex).cases) < len(opening.asked_on(late, ex).cases)
    assert opening.closed(validate("04_pep_transition", as_of="2014-12-01"), "l4-compare") is not None
    assert opening.closed(validate("04_pep_transition", as_of=last_day().isoformat()), "l4-compare") is None


@pytest.mark.parametrize("as_of", ["2011-06-01", "2014-03-03", "2014-03-04", "2014-06-01"])
def test_the_notebook_and_the_marking_desk_word_a_written_question_alike(
    as_of: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lesson 3's ``l3-discuss-request`` names a court only from Galarza (4 March 2014): before
    it, both ask the earlier wording; from it, both ask the court's."""
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    lesson, exercise_id = "03_detainer_law", "l3-discuss-request"
    p = validate(lesson, as_of=as_of, student_id="kim")
    form = widgets.exercise(lesson, exercise_id, student_id="kim", seed=1, as_of=as_of, p=p)
    answer = submission_check.Submission(
        "kim.json", "kim", lesson, 1, "2026-03-01T10:00:00+00:00", None, {exercise_id: "An answer."}, as_of
    )
    exercises = load_set(lesson)
    (item,) = desk.items([answer], {exercise_id: exercises[exercise_id]}, rubrics.load(lesson), b"key")
    assert form.exercise.prompt == item.asked().prompt
    earlier = exercises[exercise_id].earlier_prompt
    assert (item.asked().prompt == earlier) is (as_of < "2014-03-04")
