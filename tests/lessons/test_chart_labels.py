"""No chart of any lesson draws two labels on top of each other (measured in Chromium).

Each lesson is checked on three days: its default (the charts in its stored outputs, the SVG
vl-convert drew, which nbval keeps current), its earliest day and its last (the knowledge
horizon), where time axes are shortest and longest: the lesson is run as a student on that
day and the charts it drew are measured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days
from scomm.notebooks import run

from chart_labels import colliding_labels, stored_charts

pytestmark = [pytest.mark.browser]


def _days(item) -> list[str]:
    first, last = lesson_days(item)
    return [first.isoformat(), "default", last.isoformat()]


def _charts(slug: str, day: str, folder: Path) -> list[tuple[int, str]]:
    if day == "default":
        return stored_charts(slug)
    item = next(item for item in LESSONS if item.slug == slug)
    outcome = run.execute(item.notebook, folder / item.notebook.name, {"as_of": day, "role": "student"})
    assert outcome.ok, outcome.error
    return stored_charts(slug, folder)


@pytest.mark.parametrize(("lesson", "day"), [(item.slug, day) for item in LESSONS for day in _days(item)])
def test_no_two_labels_of_a_lesson_chart_overlap(
    page: Page, lesson: str, day: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "answers"))  # the kernel inherits it
    drawn = _charts(lesson, day, tmp_path)
    assert drawn, f"{lesson} on {day} draws no chart"
    found = {cell: colliding_labels(page, svg) for cell, svg in drawn}
    assert {cell: pairs for cell, pairs in found.items() if pairs} == {}


def test_the_check_finds_labels_drawn_on_top_of_each_other(page: Page) -> None:
    import altair as alt
    import pandas as pd
    import vl_convert as vlc

    words = pd.DataFrame({"x": [0, 0.01], "y": [0, 0], "label": ["Overlapping text", "Another label"]})
    chart = (
        alt.Chart(words)
        .mark_text(fontSize=14)
        .encode(
            x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, 10])),
            text="label:N",
        )
    )
    assert colliding_labels(page, vlc.vegalite_to_svg(chart.to_dict())) == [
        "'Overlapping text' and 'Another label' overlap"
    ]
    apart = words.assign(y=[0, 10])
    assert colliding_labels(page, vlc.vegalite_to_svg(chart.properties(data=apart).to_dict())) == []
