"""Written answers' rubric data: each fits its exercise, the memo's has the assessment's criteria, and good
answers never reach a student build."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from test_written import (
    L4,
    _answers,  # noqa: F401 (autouse: each test's answers go to its own folder)
    written,
)

from scomm.course.layout import KEYS_DIR, LESSONS, NOTEBOOK_DIR
from scomm.course.notes import NOTES_DIR
from scomm.exercises.definitions import SETS_DIR
from scomm.notebooks.build import secrets

RUBRICS = KEYS_DIR / "rubrics"


def _rubrics(lesson: str) -> dict:
    return tomllib.loads((RUBRICS / f"{lesson}.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in LESSONS])
def test_each_rubric_fits_its_exercise_and_every_assessed_written_answer_has_one(lesson: str) -> None:
    data = _rubrics(lesson)
    assert data["lesson"] == lesson
    items = written(lesson)
    by_exercise = {r["exercise"]: r for r in data["rubric"]}
    assert len(by_exercise) == len(data["rubric"]), "one rubric per exercise"
    assert set(by_exercise) <= set(items)
    assert {k for k, ex in items.items() if ex.mode == "assessment"} <= set(by_exercise)
    for exercise_id, rubric in by_exercise.items():
        assert rubric["good_answer"] and all(isinstance(t, str) and t for t in rubric["good_answer"])
        ids = [c["id"] for c in rubric["criterion"]]
        assert len(set(ids)) == len(ids)
        for criterion in rubric["criterion"]:
            points = [level["points"] for level in criterion["level"]]
            assert points == sorted(points, reverse=True), "levels are listed best first"
            assert all(level["descriptor"] for level in criterion["level"])
        top = sum(c["level"][0]["points"] for c in rubric["criterion"])
        assert top == items[exercise_id].points, exercise_id


def test_the_memo_rubric_has_the_assessments_seven_criteria_of_four_levels() -> None:
    memo = next(r for r in _rubrics(L4)["rubric"] if r["exercise"] == "l4-memo")
    plan = (Path(KEYS_DIR).parent / "lessons" / "closing_assessment.md").read_text(encoding="utf-8")
    for criterion in memo["criterion"]:
        assert f"**{criterion['name']}**" in plan
        assert [level["points"] for level in criterion["level"]] == [4, 3, 2, 1]
    assert len(memo["criterion"]) == 7


def test_good_answers_are_forbidden_in_student_builds_and_absent_from_what_students_get() -> None:
    forbidden = set(secrets(KEYS_DIR, NOTES_DIR))
    good = [
        t for path in RUBRICS.glob("*.toml") for r in _rubrics(path.stem)["rubric"] for t in r["good_answer"]
    ]
    assert good and all(t.strip() in forbidden for t in good if len(t.strip()) >= 20)
    shipped = [path.read_text(encoding="utf-8") for path in SETS_DIR.glob("*.toml")]
    shipped += [path.read_text(encoding="utf-8") for path in NOTEBOOK_DIR.glob("*.ipynb")]
    assert not [t for t in good if any(t in text for text in shipped)]
