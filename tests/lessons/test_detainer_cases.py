"""Lesson 3's cases and simulator as of the lesson's day: a case is booked by then and graded as drawn, and
a bad day is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_detainer_law import FIRST, L3, LAST, PUBLISHED, at, later_ids

from scomm import front
from scomm.course import data
from scomm.exercises import definitions, responses, submission_check, submissions, widgets
from scomm.grading import grade
from scomm.lessons.detainer_law import simulator
from scomm.policy import detainers, scenarios

from time_honesty import later_dates, widget_text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.dates(min_value=FIRST, max_value=LAST), seed=st.integers(0, 2**32 - 1))
def test_a_case_is_booked_by_as_of_and_cites_only_what_was_public(day: date, seed: int) -> None:
    made = scenarios.case("l3-case-1", seed, as_of=day)
    assert "SYNTHETIC" in widgets._public_set(L3)["l3-case-1"].prompt
    booked = pd.Timestamp(made["facts"]["Booked on"]).date()
    assert booked <= day
    assert later_ids(made["explanation"] + str(made["rests_on"]), day.isoformat()) == []
    assert later_dates([made["explanation"]], day, names=PUBLISHED.index) == []
    assert made == scenarios.case("l3-case-1", seed, as_of=day.isoformat())


def test_the_grader_draws_the_case_the_student_saw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "answers"))
    form = widgets.exercise(L3, "l3-case-2", student_id="s1", seed=11, as_of="2012-01-10")
    assert pd.Timestamp(form.exercise.facts["Booked on"]).date() <= date(2012, 1, 10)
    form.value = dict(form.exercise.answer)
    form.button.click()
    log = responses.Log("s1", L3)
    submissions.submit(log, seed=11, folder=tmp_path / "in", as_of="2012-01-10")
    report = grade.grade(tmp_path / "in", tmp_path / "out")
    (row,) = report.graded
    points = definitions.load_set(L3, with_keys=True)["l3-case-2"].points
    assert row.score("l3-case-2") == points > 0, (tmp_path / "out" / "feedback" / L3 / "s1.html").read_text()


def test_a_submission_with_a_bad_as_of_is_refused(tmp_path: Path) -> None:
    body = submissions.submission_body(lesson=L3, student_id="s2", seed=1, answers={}, as_of="soon")
    path = tmp_path / "s2.json"
    path.write_text(__import__("json").dumps(body), encoding="utf-8")
    with pytest.raises(submission_check.Rejected, match="as_of 'soon' is not a date"):
        submission_check.read_submission(path, {L3: {}})


def test_the_simulator_opens_on_as_of_and_refuses_a_later_day() -> None:
    explorer = simulator.Explorer({"Cook County, IL": "cook-county-il"}, pd.Timestamp("2012-03-01"))
    assert explorer.day.value == date(2012, 3, 1) and explorer.day.max == date(2012, 3, 1)
    explorer.predict_request.value, explorer.predict_jail.value = "detainer", "hold"
    sent = list(explorer.widget.value)
    sent[explorer.widget.fields.index(explorer.day)] = "2014-06-02"  # a hand-edited page sends a later day
    explorer.widget._message(None, {"event": "press", "value": sent}, None)
    assert (
        "Booked on: 2 June 2014 is not allowed: a day from 28 March 2008 to 1 March 2012. "
        "It stays 1 March 2012." in explorer.result.value
    ), "refused, and not answered for a day the lesson cannot show"
    assert explorer.day.value == date(2012, 3, 1)
    explorer.button.click()
    assert (
        "Local rules: Cook County detainer ordinance, in force from 7 September 2011."
        in explorer.result.value
    )
    assert later_ids(explorer.result.value, "2012-03-01") == []


def test_the_free_play_simulator_lists_its_jails_by_name_from_the_world() -> None:
    widget = simulator.explore(at("2013-01-15"))
    [jails] = [c["options"] for c in widget.spec["controls"] if c["label"] == f"{scenarios.PLACE_LABEL}:"]
    texts = " ".join(words for words, _key in jails)
    assert "Cook County, IL" in texts and "Harris County, TX" in texts


def test_the_assessed_question_needs_only_the_regulation_so_it_is_open_on_every_day(
    monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    assert widgets._public_set(L3)["l3-request-or-warrant"].rests_on == ("sources:cfr-287-7",)
    assert PUBLISHED["cfr-287-7"] <= pd.Timestamp(FIRST)
    shown = front.exercise(at(FIRST, student_id="s4"), "l3-request-or-warrant")
    assert "8 CFR 287.7" in " ".join(widget_text(shown))


def test_the_assessed_question_asks_what_the_rule_calls_a_detainer_and_weighs_shall() -> None:
    """Paragraph (a) calls a detainer a request; paragraph (d) says the agency "shall maintain custody".
    Whether that bound a jail was argued over, so the key does not call the matter settled."""
    keyed = definitions.load_set(L3, with_keys=True)["l3-request-or-warrant"]
    assert "paragraph (a)" in keyed.prompt and keyed.answer in keyed.options
    assert keyed.answer.startswith("A request")
    assert '"shall maintain custody"' in keyed.explanation and "disputed" in keyed.explanation
    assert "not an order" not in keyed.explanation


@pytest.mark.parametrize("seed", range(8))
def test_a_cases_key_is_the_engines_answer_for_its_booking(seed: int) -> None:
    made = scenarios.case("l3-case-3", seed, as_of="2014-06-02")
    facts = made["facts"]
    place = data.load("jurisdictions").set_index("name").loc[facts[scenarios.PLACE_LABEL], "jurisdiction_id"]
    record = dict(scenarios.RECORDS)[facts["Record"]]
    booked = pd.Timestamp(facts["Booked on"]).date()
    decision = detainers.decide(scenarios.booking_for(place, booked, record))
    assert made["answers"] == {
        "request": scenarios.REQUEST_OPTIONS[decision.ice_request],
        "jail": scenarios.JAIL_OPTIONS[decision.jail_action],
    }


def test_scomm_submit_records_the_lesson_day_and_refuses_a_bad_one(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from scomm.cli import main as cli

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    responses.Log("kim", L3).record("l3-request-or-warrant", "A warrant signed by a federal judge")
    out = tmp_path / "in"
    assert (
        cli.main(["submit", "--student", "kim", "--lesson", "3", "--as-of", "2012-01-10", "--out", str(out)])
        == 0
    )
    body = __import__("json").loads((out / L3 / "kim.json").read_text(encoding="utf-8"))
    assert body["as_of"] == "2012-01-10"
    assert (
        cli.main(["submit", "--student", "kim", "--lesson", "3", "--as-of", "soon", "--out", str(out)]) == 2
    )
    assert "Parameter as_of: 'soon' is not a date" in capsys.readouterr().err


def test_a_cases_explanation_names_the_form_ice_used_that_day() -> None:
    text = scenarios.case("l3-case-1", 3, as_of="2014-06-15")["explanation"]
    assert "ICE's form that day: I-247" in text and "The jail holds the person" in text


def test_no_case_falls_on_a_day_the_engine_cannot_answer() -> None:
    # From 24 June 2022 the kit's sources give no federal rule for a while (the 2021 Guidelines set aside).
    days = scenarios.days(date(2022, 7, 1))
    assert date(2022, 6, 24) not in days and days, "the week-before day is left out, the fixed days remain"
    assert scenarios.case("l3-case-1", 138, as_of="2022-07-01")["answers"]
