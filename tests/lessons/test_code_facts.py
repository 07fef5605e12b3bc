"""Facts written in code: every figure or year a lesson's chart titles, notes and descriptions and
its table captions state is held by the rows they draw, at the lesson's day (``code_facts``).

Each lesson's own shown calls (``lesson_calls``) are made as a student at its default day, the
first and last days of its range and a day inside it; a caption that types a figure or a year
into the kit's words, rather than drawing it from the rows, fails.
"""

from __future__ import annotations

import altair as alt
import code_facts
import pandas as pd
import pytest
from code_facts import unheld, unsourced_notes
from lesson_calls import default_day, results

from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days
from scomm.course.tables import Table


def _days(item) -> list[str]:
    first, last = lesson_days(item)
    return sorted({first.isoformat(), default_day(item.slug), last.isoformat()})


CASES = [pytest.param(item.slug, day, id=f"{item.slug}@{day}") for item in LESSONS for day in _days(item)]


def _problems(slug: str, day: str, check) -> str:
    """What ``check`` finds in each thing the lesson shows a student at ``day``, one per line."""
    return "\n".join(
        f"{expression}: {problem}"
        for expression, shown in results(slug, day)
        for problem in check(shown, pd.Timestamp(day))
    )


@pytest.mark.parametrize(("slug", "day"), CASES)
def test_figures_in_a_lessons_captions_are_held_by_the_rows_they_draw(slug: str, day: str) -> None:
    found = _problems(slug, day, unheld)
    assert not found, f"{slug} at {day}: figures in the kit's words that no drawn row holds:\n{found}"


def test_the_check_catches_a_year_typed_into_a_caption_or_a_note() -> None:
    day = pd.Timestamp("2016-03-01")
    rows = pd.DataFrame({"Priority": ["Priority 1"], "Who": ["people convicted of felonies"]})
    assert unheld(Table(rows, "The three enforcement priorities of 20 November 2014 (data/x.csv)"), day) == [
        "'20' in 'The three enforcement priorities of 20 November 2014 '",
        "'2014' in 'The three enforcement priorities of 20 November 2014 '",
    ]
    frame = pd.DataFrame({"item": ["estimate"], "value": [930e6]})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="value:Q")
        .properties(
            title=alt.Title("Cost", subtitle=["ICE gave $930 million in 2008.", "Source: X (2008)."]),
            description="Bar chart: estimate $930 million.",
        )
    )
    assert unheld(chart, day) == ["'2008' in 'ICE gave $930 million in 2008. '"]


@pytest.mark.parametrize(("slug", "day"), CASES)
def test_every_sentence_of_a_chart_note_is_drawn_from_its_rows_or_audited(slug: str, day: str) -> None:
    found = _problems(slug, day, unsourced_notes)
    assert not found, f"{slug} at {day}: chart notes stating what no row says:\n{found}"


def test_the_check_catches_a_claim_no_row_makes_in_a_note() -> None:
    """The cost chart's old note: its second half rested on no row the chart drew or cited."""
    frame = pd.DataFrame({"item": ["Estimate"], "kind": ["estimate"], "value": [930e6]})
    old = "ICE officials gave the estimate as a range (pale extension); localities were not reimbursed."
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="value:Q")
        .properties(
            title=alt.Title("Cost", subtitle=[old, "Source: Houston Chronicle (2008)."]),
            description="Bar chart.",
        )
    )
    assert unsourced_notes(chart, pd.Timestamp("2011-03-31")) == [
        f"{old!r}: not drawn from the chart's rows, nor audited"
    ]
    early = chart.properties(title=alt.Title("Detainers", subtitle=[next(iter(code_facts.AUDITED))]))
    assert unsourced_notes(early, pd.Timestamp("2009-01-01")) == [
        f"{next(iter(code_facts.AUDITED))!r}: none of its rows is public on 2009-01-01"
    ]


def test_the_calibration_figures_written_in_code_are_the_rows_its_notes_name() -> None:
    """The synthetic bookings' two sourced shares are typed in ``calibration.py`` (the generator
    must not read files on import); each must stay the statistics row its note names."""
    from scomm.course import data
    from scomm.policy.calibration import CALIBRATION

    stats = data.load("statistics").set_index("stat_id")["value"]
    by_name = {s.key: s for s in CALIBRATION}
    assert (
        by_name["no_conviction"].value
        == stats["st-removals-noncriminal-2010-08"] / stats["st-removals-2010-08"]
    )
    assert by_name["felony_conviction"].value == stats["st-illinois-convicted-serious"] / 100
    for setting, row in (
        ("no_conviction", "st-removals-noncriminal-2010-08"),
        ("felony_conviction", "st-illinois-convicted-serious"),
    ):
        assert row in by_name[setting].stat_ids
