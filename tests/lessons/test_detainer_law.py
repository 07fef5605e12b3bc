"""Lesson 3 as of its date: views, chart, simulator, cases and reading show only what was public then."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scomm import front
from scomm.course import data, narrative
from scomm.course.layout import lesson
from scomm.course.params import ParameterError, lesson_days
from scomm.course.tables import NOTHING_YET
from scomm.exercises import definitions, responses, submission_check, submissions, widgets
from scomm.grading import grade
from scomm.lessons.detainer_law import simulator
from scomm.lessons.detainer_law import views as v
from scomm.lessons.detainer_law.dated import present, regime_name
from scomm.policy import detainers, scenarios

from conftest import lesson_p
from time_honesty import later_dates, widget_text

L3 = "03_detainer_law"
FIRST, LAST = lesson_days(lesson(L3))
PUBLISHED = data.load("sources").set_index("source_id")["date"]


def at(day: str | date, **values: object):
    return lesson_p(L3, as_of=str(day), **values)


def later_ids(text: str, day: str) -> list[str]:
    """Source ids named in ``text`` that were published after ``day``."""
    return [s for s, when in PUBLISHED.items() if s in text and when > pd.Timestamp(day)]


def test_the_lesson_runs_from_june_2011_to_the_knowledge_horizon() -> None:
    assert date(2011, 6, 1) == FIRST and date(2025, 1, 20) == LAST
    with pytest.raises(ParameterError, match="as_of"):
        at("2011-05-31")


def test_before_the_oregon_ruling_the_rulings_table_lists_galarza_but_not_miranda_olivares() -> None:
    early = " ".join(v.rulings(at(FIRST)).frame["What happened"])
    assert "Printz" in early and "Galarza" not in early
    march = " ".join(v.rulings(at("2014-03-15")).frame["What happened"])
    assert "Galarza" in march and "Miranda-Olivares" not in march and "Oregon" not in march
    assert "Oregon" not in " ".join(v.rulings(at("2014-04-10")).frame["What happened"]), "Vox's date is Vox's"
    april = " ".join(v.rulings(at("2014-04-11")).frame["What happened"])
    assert "Miranda-Olivares" in april


@pytest.mark.parametrize("day", [FIRST.isoformat(), "2013-01-15", "2014-03-15"])
def test_no_table_names_a_source_published_after_as_of(day: str) -> None:
    p = at(day, focus="Cook County, IL")
    tables = [v.rulings(p), v.focus_events(p), v.trust_act(p), v.regimes_table(p), v.excerpts(p)]
    text = " ".join(t._repr_html_() for t in tables)
    assert later_ids(text, day) == []
    assert later_dates([text], date.fromisoformat(day), names=PUBLISHED.index) == []


def test_a_later_account_of_the_governors_reasons_is_not_shown_with_the_signing() -> None:
    signed = " ".join(v.trust_act(at("2014-01-15")).frame["Details"])
    assert "Revised TRUST Act signed" in " ".join(v.trust_act(at("2014-01-15")).frame["What happened"])
    assert "shifting offers" not in signed
    assert "shifting offers" in " ".join(v.trust_act(at("2014-06-06")).frame["Details"])


def test_the_trust_act_emails_appear_only_once_released() -> None:
    before = v.trust_act(at("2014-06-05")).frame
    after = v.trust_act(at("2014-06-06")).frame
    assert not before["What happened"].str.contains("pilot").any()
    assert after["What happened"].str.contains("pilot").any()


def test_the_limits_chart_ends_at_as_of_and_labels_only_limits_begun_by_then() -> None:
    spec = v.limits_chart(at("2014-03-15")).to_dict()
    _top, bars = spec["vconcat"]
    names = [row["name"] for row in spec["datasets"][bars["data"]["name"]]]
    assert "Cook County detainer ordinance" in names
    assert not any("Clackamas" in n or "San Francisco" in n for n in names)
    assert bars["encoding"]["x"]["scale"]["domain"][1].startswith("2014-03-15")
    assert len(set(names)) == len(names) and bars["height"] >= 20 * len(names), "one row per label"
    assert "2014-04" not in str(spec["description"])


def test_the_limits_chart_at_the_earliest_date_has_no_limit_yet() -> None:
    spec = v.limits_chart(at(FIRST)).to_dict()
    assert len(spec["vconcat"]) == 1 and "none had begun, so the count is zero" in spec["description"]
    assert "from 0 to 0" not in spec["description"] and "a bar per limit" not in spec["description"]
    assert later_dates([spec["description"], str(spec["title"])], FIRST, names=PUBLISHED.index) == []


def test_the_regimes_table_grows_with_as_of_and_never_shows_a_later_end() -> None:
    early = v.regimes_table(at(FIRST)).frame
    assert list(early["Where"]) == ["United States (federal)"]
    assert later_dates(list(early["Regime"]), FIRST) == []
    assert early["In force"][0].startswith("From 28 March 2008; in force on the lesson's date.")
    every = v.regimes_table(at(LAST))
    assert len(every) == len(data.load("regimes"))
    assert "San Diego County, CA" in " ".join(every.frame["Where"])
    assert "<caption>" in every._repr_html_()


def test_a_state_is_named_as_a_state_not_as_a_jail_or_a_locality() -> None:
    # Connecticut is among the simulator's places: a state, not a jail, and its act is state law.
    where = v.regimes_table(at("2014-06-01")).frame["Where"]
    assert "Connecticut (state)" in set(where) and "Cook County, IL (local)" in set(where)
    assert not any(w.startswith(("Connecticut (local", "California (local")) for w in where)
    connecticut = next(
        made
        for seed in range(200)
        if (made := scenarios.case("l3-case-1", seed, as_of="2014-06-02"))["facts"].get("Jail in")
        == "Connecticut"
    )
    assert "Jail" not in connecticut["facts"]
    assert simulator.explorer(at("2014-06-01")).place.label == "Jail in:"


def test_rules_of_a_regime_not_yet_public_are_refused_with_the_ones_that_are() -> None:
    with pytest.raises(ParameterError, match=r"regime_id.*'pep'.*guidance-2012"):
        v.rules_table(at("2014-06-01"), regime_id="pep")
    assert len(v.rules_table(at("2016-01-01"), regime_id="pep")) > 0


def test_a_regime_whose_name_points_to_a_later_year_is_shown_by_its_id() -> None:
    day = pd.Timestamp("2011-06-01")
    assert regime_name("Rules before the 2012 guidance", "early", day) == "early"
    assert regime_name("District of Columbia detainer law (2012)", "dc-2012", pd.Timestamp("2013-01-01")) == (
        "District of Columbia detainer law (2012)"
    )


def test_a_sentence_about_a_later_year_is_left_out() -> None:
    assert present("Held in 2012. Revoked in 2021.", pd.Timestamp("2013-01-01")) == ("Held in 2012.", 1)
    assert present("Signed in June 2013.", pd.Timestamp("2013-03-01")) == ("", 1)
    assert present("Signed in June 2013.", pd.Timestamp("2013-07-01")) == ("Signed in June 2013.", 0)


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


def test_the_reading_opens_once_the_sources_it_tells_of_were_published(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    closed = front.annotate(at("2014-06-05", student_id="s3"))
    text = " ".join(widget_text(closed))
    assert "opens when the lesson is set on a later date" in text and later_ids(text, "2014-06-05") == []
    assert later_dates([text], date(2014, 6, 5), names=PUBLISHED.index) == []
    opened = front.annotate(at("2014-06-06", student_id="s3"))
    assert "Galarza" in " ".join(widget_text(opened))


def test_the_assessed_question_needs_only_the_regulation_so_it_is_open_on_every_day(
    monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    assert widgets._public_set(L3)["l3-request-or-warrant"].rests_on == ("sources:cfr-287-7",)
    assert PUBLISHED["cfr-287-7"] <= pd.Timestamp(FIRST)
    shown = front.exercise(at(FIRST, student_id="s4"), "l3-request-or-warrant")
    assert "8 CFR 287.7" in " ".join(widget_text(shown))


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


def test_why_an_excerpt_is_assigned_is_for_instructors_only() -> None:
    student = v.excerpts(at(FIRST)).frame
    assert "Galarza" not in student.to_string() and not any("Why" in c for c in student.columns)
    assert "Why read it (instructor)" in v.excerpts(at(FIRST, role="instructor")).frame.columns


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


def test_claims_on_public_safety_give_each_side_with_its_evidence_as_of_the_day() -> None:
    early = v.claims(at(FIRST)).frame
    late = v.claims(at("2014-06-01")).frame
    assert len(early) < len(late) and early["Evidence offered"].str.len().gt(0).all()
    sides = " ".join(late["Who (side)"])
    assert "(ICE or DHS)" in sides and "(Critics)" in sides and "(Supporters)" in sides
    assert later_dates([early.to_string()], FIRST, names=PUBLISHED.index) == []


def test_a_cases_explanation_names_the_form_ice_used_that_day() -> None:
    text = scenarios.case("l3-case-1", 3, as_of="2014-06-15")["explanation"]
    assert "ICE's form that day: I-247" in text and "The jail holds the person" in text


def test_no_case_falls_on_a_day_the_engine_cannot_answer() -> None:
    # From 24 June 2022 the kit's sources give no federal rule for a while (the 2021 Guidelines set aside).
    days = scenarios.days(date(2022, 7, 1))
    assert date(2022, 6, 24) not in days and days, "the week-before day is left out, the fixed days remain"
    assert scenarios.case("l3-case-1", 138, as_of="2022-07-01")["answers"]


def test_the_lessons_disagreements_are_the_shared_view_citing_sources() -> None:
    from scomm.lessons import shared

    p = at("2014-06-15")
    mine = v.disagreements(p, conflict_ids=["oregon-ruling-month"])
    assert list(mine.frame.columns) == ["Topic", "How the sources differ", "Sources"]
    assert mine.frame.equals(shared.disagreements(p, conflict_ids=["oregon-ruling-month"]).frame)


def _section(heading: str) -> tuple[str, list[str]]:
    """A section of the lesson's notebook: its Markdown, and the code of its cells."""
    nb = nbformat.read(lesson(L3).notebook, as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith(heading))
    end = next((i for i, c in enumerate(nb.cells) if i > start and c.source.startswith("## ")), len(nb.cells))
    cells = nb.cells[start:end]
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    return markdown, [c.source for c in cells if c.cell_type == "code"]


@pytest.mark.parametrize("day", [FIRST, "2014-06-01"])
def test_the_cost_section_shows_cost_and_public_safety_on_every_day(day: str | date) -> None:
    # On 1 June 2011 the section headed "The cost argument" held only public-safety claims and
    # promised passages that printed nothing.
    markdown, code = _section("## 2. ")
    assert "Cost and public safety" in markdown and "passages below" not in markdown
    call = next(c for c in code if c.startswith('scomm.narrative(p, "cost"'))
    until = re.search(r'until="([^"]+)"', call)[1]
    shown = narrative.passage(at(day), "cost", until=until).data
    claims = " ".join(v.claims(at(day)).frame["Claim"])
    assert "cost" in shown and "cost" in claims and len(v.claims(at(day)))
    if pd.Timestamp(day) < pd.Timestamp("2011-09-07"):  # before Cook County's ordinance
        assert shown.startswith("No county's argument") and "1 June 2011" in shown


def test_an_empty_table_says_so_and_names_no_later_law() -> None:
    events = v.focus_events(at(FIRST, focus="Cook County, IL"))
    assert events.frame.empty and NOTHING_YET in events._repr_html_()
    trust = v.trust_act(at(FIRST))
    assert trust.frame.empty and "TRUST" not in trust.caption and NOTHING_YET in trust._repr_html_()
    assert "TRUST Act" in v.trust_act(at("2014-06-01")).caption
