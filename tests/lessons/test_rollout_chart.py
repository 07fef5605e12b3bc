"""Lesson 1's rollout chart as drawn (vl-convert's SVG) on the days before and after the first count.

On 28 March 2008 it once drew an empty count axis running from 0 to 0, the green start line on
top of the black line of the lesson's day, and the orange tick of Harris County's February 2007
pilot cut in half by the left end of the time axis.
"""

from __future__ import annotations

import itertools
import re

import pytest
import vl_convert as vlc

from scomm.lessons.program_mechanics import views as figures

from conftest import lesson_p

#: Days with no count published yet (the first is lesson 1's earliest; the second the first site's
#: start, which the sources also give as the program's), then one with counts (the default day).
BEFORE_ANY_COUNT = ["2008-03-28", "2008-10-27", "2009-06-01"]
DAYS = [*BEFORE_ANY_COUNT, "2011-03-31"]

_MARKS = re.compile(
    r'<g class="mark-(?P<kind>rule|rect) role-mark (?P<name>[\w]+)"[^>]*(?<!/)>(?P<body>.*?)</g>', re.S
)
_LINE_X = re.compile(r'<line[^>]*transform="translate\(([-\d.]+),')
_RECT = re.compile(r'd="M([-\d.]+),[-\d.]+h([-\d.]+)')


def drawn(day: str, focus: str = "Harris County, TX") -> tuple[dict, str]:
    spec = figures.rollout_chart(lesson_p("01_program_mechanics", focus=focus, as_of=day)).to_dict()
    return spec, vlc.vegalite_to_svg(spec)


def vertical_lines(svg: str) -> list[float]:
    """The x of every rule mark drawn (start lines, the line of the lesson's day), in plot pixels."""
    return [float(x) for m in _MARKS.finditer(svg) if m["kind"] == "rule" for x in _LINE_X.findall(m["body"])]


def ticks(svg: str) -> list[tuple[float, float]]:
    """(left, right) of every tick the chart draws for the focus jurisdiction's events."""
    return [
        (float(x), float(x) + float(w))
        for m in _MARKS.finditer(svg)
        if m["kind"] == "rect"
        for x, w in _RECT.findall(m["body"])
    ]


@pytest.mark.parametrize("day", BEFORE_ANY_COUNT)
def test_before_any_count_there_is_no_empty_count_axis_and_the_chart_says_why(day: str) -> None:
    spec, svg = drawn(day)
    assert "Jurisdictions active (count)" not in svg, "a count axis with nothing on it"
    assert not re.search(r'aria-label="Y-axis', svg)
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "No count of active jurisdictions had been published by" in subtitle
    assert spec["height"] < 100, "a strip, not a tall empty panel"
    assert "event(s)" not in spec["description"]


def test_with_counts_the_chart_keeps_its_count_axis() -> None:
    _, svg = drawn("2011-03-31")
    assert "Jurisdictions active (count)" in svg and ">1,210<" not in svg  # labelled 'more than 1,210'
    assert "more than 1,210" in svg


@pytest.mark.parametrize("day", DAYS)
def test_no_two_vertical_lines_lie_on_top_of_each_other(day: str) -> None:
    _spec, svg = drawn(day)
    lines = sorted(vertical_lines(svg))
    assert len(lines) >= 1
    gaps = [b - a for a, b in itertools.pairwise(lines)]
    assert all(gap >= 4 for gap in gaps), f"{day}: lines at {lines}"


def test_a_start_on_the_lesson_day_is_said_in_words_not_drawn_under_its_line() -> None:
    spec, svg = drawn("2008-03-28")
    assert vertical_lines(svg) == [560.0], "only the line of the lesson's day"
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Green dashed" not in subtitle
    assert "The start date the sources give, March 2008, is where the time axis ends" in subtitle


@pytest.mark.parametrize("day", DAYS)
def test_every_focus_tick_is_drawn_whole_inside_the_time_axis(day: str) -> None:
    spec, svg = drawn(day)
    found = ticks(svg)
    assert found, "Harris County's February 2007 pilot is drawn on every day"
    assert all(left >= 0 and right <= spec["width"] + 2 for left, right in found), found
