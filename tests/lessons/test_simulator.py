"""The simulator: per-student cases whose keys are the rules engine's answers, and the free-play widget."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from scomm.course import data
from scomm.exercises import definitions as exercises
from scomm.exercises import kinds, opening, widgets
from scomm.exercises.base import ExerciseError
from scomm.grading import grade
from scomm.lessons.detainer_law import simulator
from scomm.policy import detainers, scenarios

from conftest import lesson_p

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
    with pytest.raises(ExerciseError, match="must name a function in the kit"):
        kinds.generator_module("os:system")


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
        and "Local rules: Cook County detainer ordinance, in force from 7 September 2011."
        in explorer.result.value
    )


def test_explorer_cannot_be_set_before_the_program() -> None:
    explorer = simulator.Explorer({"Harris County, TX": "harris-county-tx"}, pd.Timestamp("2011-10-01"))
    explorer.day.value = pd.Timestamp("2007-01-01").date()
    assert explorer.day.value == date(2011, 10, 1), "refused, not moved to the program's first day"
    assert "Booked on: 1 January 2007 is not allowed: a day from 28 March 2008 to 1 October 2011" in (
        explorer.result.value
    )
    explorer.day.min = None  # with no limit in the widget, the engine still refuses an earlier day
    explorer.day.value = pd.Timestamp("2007-01-01").date()
    explorer.predict_request.value, explorer.predict_jail.value = "none", "nothing"
    explorer.button.click()
    assert "had not started" in explorer.result.value


# -- controls for the engine's later facts, each offered once its rule was public -------------------------

LATER_WORDS = {
    "aggravated": "Convicted of an aggravated felony",
    "significant_charge": "Arrested for a significant misdemeanor",
    "illegal_entry": "Convicted of illegal entry or re-entry",
    "fraud": "Convicted of immigration fraud",
    "reentered": "Removed under that order and came back",
    "order_since_2014": "One from June 2014",
    "entered_since_2014": "In June 2014",
    "entered_since_nov_2020": "In December 2020",
}


def _first_day(name: str) -> pd.Timestamp:
    """The first day a rule feeding the control was in force, read from the whole tables."""
    rules = data.load("regime_rules")
    starts = data.load("regimes").set_index("regime_id")["starts"]
    using = rules[rules["condition"].isin(simulator.FEEDS[name])]
    return min(starts[r] for r in using["regime_id"])


@pytest.mark.parametrize(
    "day", ["2011-06-01", "2012-12-20", "2013-01-15", "2015-11-30", "2015-12-15", "2021-03-01", "2025-01-20"]
)
def test_the_simulator_offers_a_control_only_once_the_rule_it_feeds_was_in_force(day: str) -> None:
    from scomm.course.params import validate

    from time_honesty import later_dates, widget_text

    p = validate("03_detainer_law", as_of=day)
    shown = widget_text(simulator.explore(p))
    words = " ".join(shown)
    for name, label in LATER_WORDS.items():
        assert (label in words) == (_first_day(name) <= p.as_of), f"{name} on {day}"
    assert later_dates(shown, p.as_of.date(), names=set(data.load("sources")["source_id"])) == []


def test_the_later_controls_reach_the_engine() -> None:
    everything = frozenset(simulator.FEEDS)
    explorer = simulator.Explorer(
        {"Harris County, TX": "harris-county-tx"}, pd.Timestamp("2021-03-01"), everything
    )
    explorer.flags["aggravated"].value = True
    explorer.removal_order.value = simulator.RECENT_ORDER
    explorer.entered.value = pd.Timestamp("2020-12-01").date()
    booking = explorer.booking()
    assert booking.aggravated_felony and booking.prior_removal_order_on == simulator.RECENT_ORDER
    assert booking.entered_on.isoformat() == "2020-12-01"
    explorer.predict_request.value, explorer.predict_jail.value = "detainer", "hold"
    explorer.button.click()
    assert detainers.decide(booking).explain(as_of="2021-03-01") in explorer.result.value


@pytest.mark.parametrize("day", ["2011-06-01", "2014-11-19"])
def test_what_the_simulator_answers_names_nothing_after_as_of(day: str) -> None:
    """Every place, a record with and without a felony, booked a week and a year before ``as_of``:
    the answer a student reads after predicting names no rule, date or source of a later day.

    (A booking on ``as_of`` itself is answered with a hold deadline two days on: a consequence of
    the rules of that day, not a later fact, but a date after ``as_of`` all the same.)"""
    from scomm.course.params import validate

    from time_honesty import later_dates, widget_text

    p = validate("03_detainer_law", as_of=day)
    explorer = simulator.explorer(p)
    shown = []
    for place in [value for _label, value in explorer.place.options]:
        for booked in (p.as_of - pd.DateOffset(weeks=1), p.as_of - pd.DateOffset(years=1)):
            for felonies in (0, 1):
                explorer.place.value, explorer.day.value = place, booked.date()
                explorer.felonies.value = felonies
                explorer.predict_request.value, explorer.predict_jail.value = "detainer", "hold"
                explorer.button.click()
                assert "Request:" in explorer.result.value or "Jail:" in explorer.result.value
                shown += widget_text(explorer.widget)
    assert later_dates(shown, p.as_of.date(), names=set(data.load("sources")["source_id"])) == []


def _labels(dropdown) -> list[str]:
    return [label for label, value in dropdown.options if value is not None]


def test_the_simulator_offers_only_the_requests_and_answers_of_its_day() -> None:
    # In 2011 ICE's form asked for notice and a hold together; notification-only and transfer
    # requests came with the 2014-15 rules (the I-247N and I-247X, data/detainer_forms.csv).
    early = simulator.explorer(lesson_p(L3, as_of="2011-06-01"))
    assert _labels(early.predict_request) == [scenarios.REQUEST_OPTIONS[k] for k in ("detainer", "none")]
    assert _labels(early.predict_jail) == [scenarios.JAIL_OPTIONS[k] for k in ("hold", "decline", "nothing")]
    late = simulator.explorer(lesson_p(L3, as_of="2016-03-01"))
    assert set(_labels(late.predict_request)) == set(scenarios.REQUEST_OPTIONS.values())
    assert set(_labels(late.predict_jail)) == set(scenarios.JAIL_OPTIONS.values())


def test_an_entry_with_one_possible_day_is_a_fact_not_a_one_item_choice() -> None:
    early = simulator.explorer(lesson_p(L3, as_of="2011-06-01")).widget.spec["controls"]
    assert [c for c in early if c["label"].startswith("Entered") and c["type"] != "fact"] == []
    assert any(c["type"] == "fact" and "Entered the United States: years before" in c["label"] for c in early)
    later = simulator.explorer(lesson_p(L3, as_of="2016-03-01")).widget.spec["controls"]
    entered = [c for c in later if c["label"].startswith("Entered")]
    assert len(entered) == 1 and entered[0]["type"] == "select" and len(entered[0]["options"]) > 1


@pytest.mark.parametrize("day", ["2011-06-01", "2014-06-01", "2016-03-01"])
def test_a_case_offers_the_answers_of_its_day_and_its_key_is_among_them(day: str) -> None:
    p = lesson_p(L3, as_of=day)
    for seed in range(15):
        shown = opening.as_asked(p, exercises.load_set(L3, with_keys=True)["l3-case-1"], seed)
        offered = {q: set(options) for q, (_text, options) in shown.questions.items()}
        assert all(shown.answer[q] in offered[q] for q in offered)
        if day < "2015-01-05":
            assert scenarios.REQUEST_OPTIONS["notification"] not in offered["request"]
            assert scenarios.JAIL_OPTIONS["transfer"] not in offered["jail"]


# -- the simulator's answer in words: no rule, regime or source id -------------------------------------

#: Lesson 3's and lesson 4's first and default days (the simulator runs at each as lesson 3's).
WORDS_DAYS = ["2011-06-01", "2014-06-01", "2014-11-20", "2016-03-01"]


@pytest.mark.parametrize("day", WORDS_DAYS)
def test_the_simulators_answer_names_regimes_and_rules_in_words_not_ids(day: str) -> None:
    """Every place, with no record, one felony, a gang flag and a removal order, booked on the day and
    a year before: the answers a student reads name no rule, regime or source by its id."""
    from reader_words import code_words

    from time_honesty import widget_text

    p = lesson_p(L3, as_of=day)
    explorer = simulator.explorer(p)
    shown = widget_text(explorer.widget)
    for place in [value for _label, value in explorer.place.options]:
        for booked in (p.as_of, p.as_of - pd.DateOffset(years=1)):
            for felonies, gang, order in (
                (0, False, None),
                (1, False, None),
                (0, True, simulator.EARLY_ORDER),
            ):
                explorer.place.value, explorer.day.value = place, booked.date()
                explorer.felonies.value, explorer.gang.value = felonies, gang
                explorer.removal_order.value = order
                explorer.predict_request.value, explorer.predict_jail.value = "detainer", "hold"
                explorer.button.click()
                assert "ICE:" in explorer.result.value, explorer.result.value
                shown += widget_text(explorer.widget)
    ids = {*data.load("regimes")["regime_id"], *data.load("regime_rules")["rule_id"]}
    found = code_words(dict.fromkeys(shown), ids | set(data.load("sources")["source_id"]))
    assert found == [], f"{len(found)} ids at {day}:\n" + "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("day", WORDS_DAYS)
def test_a_cases_explanation_names_no_id(day: str) -> None:
    from reader_words import code_words

    ids = {*data.load("regimes")["regime_id"], *data.load("regime_rules")["rule_id"]}
    shown = [
        opening.as_asked(
            lesson_p(L3, as_of=day), exercises.load_set(L3, with_keys=True)[case], seed
        ).explanation
        for case in ("l3-case-1", "l3-case-2", "l3-case-3")
        for seed in range(5)
    ]
    assert code_words(shown, ids | set(data.load("sources")["source_id"])) == []
