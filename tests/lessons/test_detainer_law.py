"""Lesson 3 as of its date: views, chart, simulator, cases and reading show only what was public then."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from scomm import front
from scomm.course import data, narrative
from scomm.course.layout import lesson
from scomm.course.params import ParameterError, lesson_days
from scomm.course.tables import NOTHING_YET
from scomm.lessons.detainer_law import simulator
from scomm.lessons.detainer_law import views as v
from scomm.lessons.detainer_law.dated import present, regime_name
from scomm.policy import scenarios

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


def test_the_reading_opens_once_the_sources_it_tells_of_were_published(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    closed = front.annotate(at("2014-06-05", student_id="s3"))
    text = " ".join(widget_text(closed))
    assert "opens when the lesson is set on a later date" in text and later_ids(text, "2014-06-05") == []
    assert later_dates([text], date(2014, 6, 5), names=PUBLISHED.index) == []
    opened = front.annotate(at("2014-06-06", student_id="s3"))
    assert "Galarza" in " ".join(widget_text(opened))


def test_why_an_excerpt_is_assigned_is_for_instructors_only() -> None:
    student = v.excerpts(at(FIRST)).frame
    assert "Galarza" not in student.to_string() and not any("Why" in c for c in student.columns)
    assert "Why read it (instructor)" in v.excerpts(at(FIRST, role="instructor")).frame.columns


def test_claims_on_public_safety_give_each_side_with_its_evidence_as_of_the_day() -> None:
    early = v.claims(at(FIRST)).frame
    late = v.claims(at("2014-06-01")).frame
    assert len(early) < len(late) and early["Evidence offered"].str.len().gt(0).all()
    sides = " ".join(late["Who (side)"])
    assert "(ICE or DHS)" in sides and "(Critics)" in sides and "(Supporters)" in sides
    assert later_dates([early.to_string()], FIRST, names=PUBLISHED.index) == []


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


@pytest.mark.parametrize("day", ["2011-10-18", "2012-12-01", "2013-10-31"])
def test_santa_clara_before_its_2013_sources_says_only_what_the_2011_report_says(day: str) -> None:
    from scomm.lessons.detainer_law.views import regimes_table

    frame = regimes_table(lesson_p(L3, as_of=day)).frame
    row = frame[frame["Regime"] == "Santa Clara County civil detainer policy"].iloc[0]
    words = " ".join(str(v) for v in row.to_numpy())
    assert "reimburse" in words
    for later in ("felony", "ten years", "homicide", "24 hours", "juveniles"):
        assert later not in words, (day, later)


def test_santa_clara_fuller_terms_are_told_from_the_end_of_2013() -> None:
    from scomm.course.world import World

    event = "ev-2013-santa-clara-policy-terms"
    assert event not in World("2013-12-30").public_ids("events")
    events = World("2013-12-31").table("events").set_index("event_id")
    assert "serious or violent felony" in events.at[event, "description"]
