"""The tidy frames behind lesson 1's charts and tables."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from scomm.course import data, timeline
from scomm.course.tables import NOTHING_YET
from scomm.lessons.program_mechanics import views as figures

from conftest import lesson_p

P = lesson_p("01_program_mechanics", focus="Cook County, IL", as_of="2011-03-31")


def test_submissions_are_the_national_fiscal_years_in_order() -> None:
    frame = figures.submissions_frame(P)
    assert frame["period_start"].is_monotonic_increasing
    assert set(frame["scope"]) == {"national"}
    assert frame.iloc[0]["value"] == 828_119


def test_a_share_derived_from_two_counts_says_how_it_was_computed() -> None:
    frame = figures.removal_frame(P)
    derived = frame[frame["stat_id"].str.startswith("derived-")]
    stats = data.load("statistics")
    for row in derived.itertuples():
        counts = stats[
            (stats["period_end"] == row.period_end)
            & stats["metric"].isin(["removals", "removals_noncriminal"])
        ]
        total = counts.loc[counts["metric"] == "removals", "value"].item()
        part = counts.loc[counts["metric"] == "removals_noncriminal", "value"].item()
        assert row.value == round(100 * part / total, 1)
        assert "computed by the kit" in row.note


def test_removal_groups_name_place_and_period() -> None:
    groups = set(figures.removal_frame(P)["group"])
    assert any(g.startswith("Travis County, TX") for g in groups)
    # illinois-2011-letter was written in August 2011: not there in March, there by the end of the year.
    assert not any(g.startswith("Illinois") for g in groups)
    later = set(figures.removal_frame(lesson_p("01_program_mechanics", as_of="2011-12-31"))["group"])
    assert any(g.startswith("Illinois") for g in later)


def test_a_figure_whose_source_gives_no_period_is_labelled_as_the_source_has_it() -> None:
    # Truthout (2010) gives Travis County's 82% with no period: no months may be put to it.
    groups = list(figures.removal_frame(P)["group"])
    assert "Travis County, TX, as reported in 2010" in groups
    assert not any(g.startswith("Travis County, TX, October 2008") for g in groups)


def test_the_cost_estimate_is_kept_as_a_range() -> None:
    costs = figures.costs_frame(P)
    estimate = costs[costs["kind"] == "estimate"].iloc[0]
    assert estimate["value"] == 930_000_000 and estimate["value_high"] == 1_000_000_000


def test_on_the_first_day_the_cost_chart_shows_the_act_of_december_2007() -> None:
    """The appropriations act of 26 December 2007 set $200 million aside before ICE announced the
    program (28 March 2008), so lesson 1's first day has a cost figure, citing the act."""
    first = figures.costs_frame(lesson_p("01_program_mechanics", as_of="2008-03-28"))
    assert list(first["value"]) == [200_000_000] and "pl-110-161" in first["source_ids"].iloc[0]
    spec = figures.costs_chart(lesson_p("01_program_mechanics", as_of="2008-03-28")).chart().to_dict()
    assert "No figure" not in spec["description"] and "fiscal year 2008: $200 million" in spec["description"]


@pytest.mark.parametrize(
    ("day", "named"),
    [("2008-03-28", ["Congress"]), ("2008-11-15", ["Congress"]), ("2011-03-31", ["Congress", "estimate"])],
)
def test_the_cost_chart_is_titled_by_what_it_draws_that_day(day: str, named: list[str]) -> None:
    """The estimate was reported in November 2008 (houston-chronicle-2008-11): before the day it
    was published, the title announced an estimate the chart did not draw."""
    spec = figures.costs_chart(lesson_p("01_program_mechanics", as_of=day)).chart().to_dict()
    title = spec["title"]["text"]
    assert [word for word in ("Congress", "estimate") if word in title] == named, title
    assert ("Estimate of total cost" in spec["description"]) == ("estimate" in named)


def test_status_reports_the_latest_count_known_on_the_day() -> None:
    text = figures.status(P).data
    assert "31 March 2011" in text and "1,210" in text and "Cook County, IL" in text
    early = figures.status(lesson_p("01_program_mechanics", focus="Cook County, IL", as_of="2008-06-01")).data
    assert "no count of active jurisdictions had been published" in early


def test_dates_are_written_only_as_precisely_as_known() -> None:
    day = pd.Timestamp("2010-09-07")
    assert timeline.when(day, "day") == "7 September 2010"
    assert timeline.when(day, "month") == "September 2010"
    assert timeline.when(day, "year") == "2010"


def test_tables_for_students_cite_their_sources() -> None:
    for table in (
        figures.offense_levels(P),
        figures.findings(P),
        figures.focus_events(lesson_p("01_program_mechanics", focus="Harris County, TX", as_of="2020-01-01")),
    ):
        assert len(table) and table.frame["Sources"].str.len().gt(0).all()
        longest = max(table.frame["Finding" if "Finding" in table.frame else table.frame.columns[1]], key=len)
        assert html.escape(longest) in table._repr_html_(), "students see every cell in full"


def test_the_lesson_plan_minutes_add_up_to_fifty() -> None:
    import itertools
    import re

    from scomm.course.layout import PLANS_DIR

    plan = (PLANS_DIR / "01_program_mechanics.md").read_text(encoding="utf-8")
    section = plan.split("## 50-minute plan", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in section.splitlines() if re.match(r"\| \d+-\d+ \|", line)]
    spans = [tuple(int(n) for n in row[1].strip().split("-")) for row in rows]
    assert spans[0][0] == 0 and spans[-1][1] == 50
    assert all(before[1] == after[0] for before, after in itertools.pairwise(spans))
    assert [end - start for start, end in spans] == [int(row[2]) for row in rows]
    assert any("Annotation exercise" in row[4] for row in rows)


def test_the_plan_states_the_lessons_range_of_days() -> None:
    from scomm.course.layout import PLANS_DIR, lesson
    from scomm.course.params import lesson_days

    first, last = lesson_days(lesson(1))
    plan = (PLANS_DIR / "01_program_mechanics.md").read_text(encoding="utf-8")
    assert f"{first.day} March {first.year}" in plan and f"{last.day} January {last.year}" in plan
    assert f"{first.isoformat()} to {last.isoformat()}" in plan


def test_which_exercises_are_open_on_the_first_day_and_the_default_day() -> None:
    from scomm.exercises import opening
    from scomm.exercises.definitions import load_set

    ids = list(load_set("01_program_mechanics"))
    first = lesson_p("01_program_mechanics", as_of="2008-03-28")
    # The plan of 28 March 2008 already says where the county's choice sits, and the booking-path
    # diagram drawn from it is what the two questions on the diagram ask about.
    opened = {i for i in ids if opening.closed(first, i) is None}
    assert opened == {"l1-when-booked", "l1-discuss-control", "l1-ident", "l1-flow-order"}
    default = lesson_p("01_program_mechanics", as_of="2011-03-31")
    # Three discussion prompts name later records: Illinois (August 2011), Berkeley (October 2011), the studies.
    later = {"l1-discuss-shares", "l1-discuss-citizens", "l1-discuss-crime-studies"}
    assert {i for i in ids if opening.closed(default, i) is not None} == later


def test_both_sides_figures_are_shown_from_their_day() -> None:
    before = figures.agency_figures(lesson_p("01_program_mechanics", as_of="2009-11-11"))
    after = figures.agency_figures(lesson_p("01_program_mechanics", as_of="2009-11-12"))
    assert len(before) == 0  # dhs-2009-11-12-release, DHS's first-year figures
    assert "more than 11,000" in set(after.frame["People"])
    sides = set(figures.claims(lesson_p("01_program_mechanics", as_of="2013-12-31")).frame["Side"])
    assert {"ICE or DHS", "Supporters", "Critics"} <= sides


def test_a_disagreement_keeps_its_sentences_about_earlier_days() -> None:
    # Written with hindsight, a summary loses only sentences about later days: "September 2010"
    # is not a later month of 2011.
    p = lesson_p("01_program_mechanics", as_of="2011-03-31")
    table = figures.disagreements(p, conflict_ids=["lofgren-letter-date"]).frame
    assert "27 July 2010" in table["How the sources differ"].iloc[0]


def test_on_the_first_day_the_status_names_no_phase_its_sources_describe_only_later() -> None:
    """'pilot and rollout, jail by jail' cites wikipedia-scomm and ice-2009-strategic-plan, both
    published after 28 March 2008; the status named the phase with 'No source published by then'."""
    text = figures.status(
        lesson_p("01_program_mechanics", focus="Harris County, TX", as_of="2008-03-28")
    ).data
    assert "pilot and rollout" not in text and "No source" not in text
    assert "1 event in" in text
    later = figures.status(P).data
    assert "pilot and rollout" in later and ".)" not in later


def test_an_empty_table_says_that_nothing_was_public_yet() -> None:
    """On lesson 1's first day the studies, the agency's figures and the offense levels printed a
    header row over nothing, which reads as a table that failed to load."""
    p = lesson_p("01_program_mechanics", as_of="2008-03-28")
    for table in (figures.findings(p), figures.agency_figures(p), figures.offense_levels(p)):
        assert table.frame.empty
        assert f">{NOTHING_YET}</td></tr></tbody>" in table._repr_html_()
        assert repr(table).endswith(NOTHING_YET)
    said = figures.disagreements(p)  # its caption says it: "No disagreement of this kind …"
    assert NOTHING_YET not in said._repr_html_()
    assert (
        NOTHING_YET
        not in figures.findings(lesson_p("01_program_mechanics", as_of="2016-01-01"))._repr_html_()
    )
