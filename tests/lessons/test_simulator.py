"""The simulator: per-student cases whose keys are the rules engine's answers, and the free-play widget."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scomm.exercises import definitions as exercises
from scomm.exercises import widgets
from scomm.grading import grade
from scomm.lessons.detainer_law import simulator
from scomm.policy import detainers, scenarios

L3 = "03_detainer_law"


def test_a_case_is_the_same_for_the_same_student_and_differs_between_students() -> None:
    assert scenarios.case("l3-case-1", 7) == scenarios.case("l3-case-1", 7)
    drawn = {str(scenarios.case("l3-case-1", seed)["facts"]) for seed in range(30)}
    assert len(drawn) > 5


@pytest.mark.parametrize("seed", range(12))
def test_the_key_is_the_engines_answer(seed: int) -> None:
    made = scenarios.case("l3-case-2", seed)
    assert made["answers"]["request"] in scenarios.REQUEST_OPTIONS.values()
    assert made["answers"]["jail"] in scenarios.JAIL_OPTIONS.values()
    assert made["explanation"] and made["rests_on"]
    assert "SYNTHETIC" in exercises.load_set(L3)["l3-case-2"].prompt


def test_generated_scenarios_check_against_the_engine() -> None:
    exercise = exercises.load_set(L3, with_keys=True)["l3-case-1"].variant(3)
    right = exercise.check(dict(exercise.answer))
    assert right.correct and "Both predictions right" in right.message
    wrong = {
        q: next(o for o in opts if o != exercise.answer[q]) for q, (_t, opts) in exercise.questions.items()
    }
    assert exercise.check(wrong).score == 0


def test_a_generator_outside_the_kit_is_refused() -> None:
    with pytest.raises(exercises.ExerciseError, match="must name a function in the kit"):
        exercises._generator("os:system")


def test_the_simulator_grades_through_scomm_grade(tmp_path: Path) -> None:
    expected = grade.synthetic_class(tmp_path / "in", 10, lesson=L3, seed=9)
    report = grade.grade(tmp_path / "in", tmp_path / "out")
    assert {g.student_id: g.total for g in report.graded} == expected


def test_a_students_form_shows_their_own_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    form = widgets.exercise(L3, "l3-case-1", student_id="s1", seed=4)
    assert form.exercise.facts == scenarios.case("l3-case-1", 4)["facts"]
    form.value = dict(form.exercise.answer)
    form.button.click()
    assert (
        "Both predictions right" in form.feedback.value and "sources" not in form.feedback.value.lower()[:20]
    )


def test_explorer_reveals_the_rules_answer_after_both_predictions() -> None:
    explorer = simulator.Explorer(
        {"Harris County, TX": "harris-county-tx", "Cook County, IL": "cook-county-il"},
        pd.Timestamp("2011-10-01"),
    )
    explorer.button.click()
    assert "Predict both answers first" in explorer.result.value
    explorer.place.value = "cook-county-il"
    explorer.predict_request.value = "detainer"
    explorer.predict_jail.value = "hold"
    explorer.button.click()
    decision = detainers.decide(explorer.booking())
    assert decision.jail_action == "decline", "Cook County declined holds from September 2011"
    assert (
        "Jail: not what you predicted" in explorer.result.value
        and "cook-county-2011" in explorer.result.value
    )


def test_explorer_cannot_be_set_before_the_program() -> None:
    explorer = simulator.Explorer({"Harris County, TX": "harris-county-tx"}, pd.Timestamp("2011-10-01"))
    explorer.day.value = pd.Timestamp("2007-01-01").date()
    assert explorer.day.value == detainers.PROGRAM_START, "the date picker stops at the program's first day"
    explorer.day.min = None  # a hand-edited page could still send an earlier day: the engine refuses it
    explorer.day.value = pd.Timestamp("2007-01-01").date()
    explorer.predict_request.value, explorer.predict_jail.value = "none", "nothing"
    explorer.button.click()
    assert "had not started" in explorer.result.value
