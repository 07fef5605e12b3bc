"""Every chart a lesson shows, drawn as its SVG on the lesson's first and default days: no axis
writes the same tick label twice (a time axis left to Vega's default ticks each quarter, so a
chart spanning a few years wrote each year four times)."""

from __future__ import annotations

import re

import pytest
import vl_convert as vlc
from lesson_calls import default_day, results

from scomm.course.drawings import Drawing
from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days

#: One axis's tick labels in Vega's SVG: a group of role "axis-label", then its text elements.
_LABELS = re.compile(r'class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)
_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def axis_labels(svg: str) -> list[list[str]]:
    """Each axis's tick labels, in the order drawn.

    >>> axis_labels('<g class="mark-text role-axis-label" x="1"><text>2011</text><text>2012</text></g>')
    [['2011', '2012']]
    """
    return [_TEXT.findall(group) for group in _LABELS.findall(svg)]


def _days() -> list[tuple[str, str]]:
    return [
        (lesson.slug, day)
        for lesson in LESSONS
        for day in (lesson_days(lesson)[0].isoformat(), default_day(lesson.slug))
    ]


@pytest.mark.parametrize(("slug", "day"), _days())
def test_no_axis_repeats_a_tick_label(slug: str, day: str) -> None:
    drawn = [(expr, value) for expr, value in results(slug, day) if isinstance(value, Drawing)]
    assert drawn, f"{slug} shows no chart on {day}"
    for expression, drawing in drawn:
        for labels in axis_labels(vlc.vegalite_to_svg(drawing.chart().to_dict())):
            repeated = sorted({label for label in labels if labels.count(label) > 1})
            assert not repeated, f"{slug} on {day}: {expression} repeats {repeated} on one axis"
