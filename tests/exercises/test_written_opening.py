"""When each written question opens: the memo no earlier than its own day, no prompt naming a later year,
and the request question asked of a court only once a court had ruled."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from test_written import (
    L4,
    _answers,  # noqa: F401 (autouse: each test's answers go to its own folder)
    written,
)

from scomm.course import opening as when
from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days, validate
from scomm.exercises import opening, responses, submission_check, submissions, widgets
from scomm.exercises.base import ExerciseError
from scomm.exercises.definitions import build_set, load_set
from scomm.grading import grade
from scomm.grading.marking import open_desk


def test_the_memo_opens_no_earlier_than_its_own_day() -> None:
    assert opening.closed(validate(L4, as_of="2015-11-30"), "l4-memo") is not None
    assert opening.closed(validate(L4, as_of="2015-12-01"), "l4-memo") is None


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.slug for lesson in LESSONS])
def test_no_prompt_names_a_year_before_it_opens(lesson) -> None:
    """The slow time-honesty test reads executed lessons; this reads every prompt at once."""
    p = validate(lesson.slug, as_of=lesson_days(lesson)[1].isoformat())
    for ex in written(lesson.slug).values():
        years = [int(y) for y in re.findall(r"(?<![\w-])(?:FY)?((?:19|20)\d\d)(?![\w-])", ex.prompt)]
        opens = max(when.opens_on(p, opening.rows(lesson.slug, ex.id)), pd.Timestamp(ex.opens_from or "1900"))
        assert all(year <= opens.year for year in years), f"{ex.id} names {max(years)}, opens {opens.date()}"


L3 = "03_detainer_law"


def _request_as_seen(tmp_path: Path, as_of: str) -> set[str]:
    """l3-discuss-request's prompt as the notebook's box, the grader's mark and the marking desk show it."""
    student = f"r{as_of[:4]}"
    form = widgets.exercise(L3, "l3-discuss-request", student_id=student, p=validate(L3, as_of=as_of))
    form.box.value = "A request in its words; an order in its 'shall'."
    folder = tmp_path / "in" / L3
    path = submissions.submit(responses.Log(student, L3), seed=1, folder=folder, as_of=as_of)
    exercises = load_set(L3, with_keys=True)
    graded = grade.grade_submission(submission_check.read_submission(path, {L3: exercises}), exercises)
    mark = next(m for m in graded.marks if m.exercise.id == "l3-discuss-request")
    desk = open_desk(L3, tmp_path / "in", tmp_path / "marks", "ta-lee")
    return {form.exercise.prompt, mark.exercise.prompt, *(i.exercise.prompt for i in desk.orders["q"])}


def test_the_request_question_asks_of_a_court_only_once_a_court_had_ruled(tmp_path: Path) -> None:
    """On lesson 3's first day (1 June 2011) no court had ruled on detainers in the kit's record
    (Galarza is its first, 4 March 2014): every surface asks about the rule's words and Printz."""
    before = _request_as_seen(tmp_path / "early", "2011-06-01")
    after = _request_as_seen(tmp_path / "late", "2014-06-01")
    assert len(before) == 1 and "court" not in next(iter(before)) and "Printz" in next(iter(before))
    assert after == {load_set(L3)["l3-discuss-request"].prompt} and "court decided" in next(iter(after))


def test_an_earlier_prompt_needs_the_rows_it_waits_for() -> None:
    entry = {"exercise": [{"id": "q", "kind": "short_answer", "prompt": "Why?", "earlier_prompt": "How?"}]}
    with pytest.raises(ExerciseError, match="exercise q: prompt_opens_with and earlier_prompt go together"):
        build_set("demo", entry)


def test_the_changed_question_names_the_critics_only_once_the_first_critic_was_public() -> None:
    """The memos' day (20 November 2014) asks from the memos alone; the critics' view that little but
    the name had changed is first on record in Goodis's working paper (27 April 2015)."""
    changed = load_set(L4)["l4-discuss-changed"]
    prompts = {
        day: opening.worded_on(validate(L4, as_of=day), changed).prompt
        for day in ("2014-11-20", "2015-04-26", "2015-04-27")
    }
    assert opening.closed(validate(L4, as_of="2014-11-20"), "l4-discuss-changed") is None
    assert "critics" not in prompts["2014-11-20"] and "two memos" in prompts["2014-11-20"]
    assert prompts["2015-04-26"] == prompts["2014-11-20"]
    assert prompts["2015-04-27"] == changed.prompt and "critics said" in changed.prompt
    # The memo ordered the program discontinued; it ran on until PEP began, so it was not "ended" that day.
    assert not any(re.search(r"\bended\b", prompt) for prompt in prompts.values())
