"""The booking-path diagram as drawn, measured in Chromium: every label inside its box, no line over a label.

Lessons 1, 2 and 4 draw it (lesson 2 colours it by who controlled each step). Its connecting
lines once ran from box centre to box centre, across the step labels, and labels such as
"fingerprints taken" spilled out of their 51 px boxes. The SVG vl-convert draws (the one the
notebooks store) is put on a page; the browser reports where each label, box and line is
(``getBBox`` carried through ``getScreenCTM``), in the page's pixels.
"""

from __future__ import annotations

import pandas as pd
import pytest
import vl_convert as vlc
from playwright.sync_api import Page

from scomm.course import charts
from scomm.lessons import shared
from scomm.lessons.opt_out_dispute import views as optout
from scomm.lessons.program_mechanics import views as mechanics
from scomm.policy import flow

from conftest import lesson_p

pytestmark = [pytest.mark.browser]

_GEOMETRY = """() => {
  const box = el => {
    const b = el.getBBox(), m = el.getScreenCTM();
    const xs = [b.x, b.x + b.width].flatMap(x => [b.y, b.y + b.height].map(y => m.a * x + m.c * y + m.e));
    const ys = [b.x, b.x + b.width].flatMap(x => [b.y, b.y + b.height].map(y => m.b * x + m.d * y + m.f));
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  };
  const marks = name => [...document.querySelectorAll(`g.${name}_marks > *`)];
  const ends = line => {
    const m = line.getScreenCTM(), x2 = Number(line.getAttribute('x2')), y2 = Number(line.getAttribute('y2'));
    return [m.e, m.f, m.a * x2 + m.c * y2 + m.e, m.b * x2 + m.d * y2 + m.f];
  };
  return {
    boxes: marks('step_boxes').map(box),
    numbers: marks('step_numbers').map(t => ({text: t.textContent, box: box(t)})),
    labels: marks('step_labels').map(t => ({text: t.textContent, box: box(t)})),
    lanes: marks('lane_names').map(t => ({text: t.textContent, box: box(t)})),
    links: marks('links').map(ends),
  };
}"""


def _geometry(page: Page, chart) -> dict:
    charts.enable()  # the course look: its font is the one measured
    svg = vlc.vegalite_to_svg(chart.to_dict())
    page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
    page.evaluate("() => document.fonts.ready")
    return page.evaluate(_GEOMETRY)


def _inside(inner: list[float], outer: list[float], margin: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] + margin
        and inner[1] >= outer[1] + margin
        and inner[2] <= outer[2] - margin
        and inner[3] <= outer[3] - margin
    )


def crosses(segment: list[float], rect: list[float], slack: float = 0.5) -> bool:
    """Whether a line segment passes through a rectangle shrunk by ``slack`` (Liang-Barsky clipping).

    >>> crosses([0, 5, 20, 5], [5, 0, 10, 10]), crosses([0, 5, 4, 5], [5, 0, 10, 10])
    (True, False)
    >>> crosses([0, 0, 20, 20], [12, 0, 20, 6])
    False
    """
    x0, y0, x1, y1 = segment
    left, top, right, bottom = rect[0] + slack, rect[1] + slack, rect[2] - slack, rect[3] - slack
    dx, dy = x1 - x0, y1 - y0
    start, end = 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            start = max(start, t)
        else:
            end = min(end, t)
        if start > end:
            return False
    return True


def _diagrams() -> dict[str, object]:
    return {
        "lesson 1, 28 March 2008": mechanics.flow_chart(lesson_p("01_program_mechanics", as_of="2008-03-28")),
        "lesson 1, default day": mechanics.flow_chart(lesson_p("01_program_mechanics", as_of="2011-03-31")),
        "lesson 2, 4 May 2010": optout.control_chart(lesson_p("02_opt_out_dispute", as_of="2010-05-04")),
        "lesson 4, under PEP": mechanics.flow_chart(lesson_p("04_pep_transition", as_of="2016-03-01")),
        "before the program": shared.booking_flow(
            flow.booking_flow("2008-01-01"), as_of=pd.Timestamp("2008-01-01")
        ),
    }


@pytest.mark.parametrize("which", list(_diagrams()))
def test_every_label_sits_inside_its_box_and_no_line_crosses_a_label_or_a_box(page: Page, which: str) -> None:
    drawing = _diagrams()[which]
    found = _geometry(page, drawing.chart() if hasattr(drawing, "chart") else drawing)
    boxes = found["boxes"]
    assert boxes and len(found["numbers"]) == len(found["labels"]) == len(boxes)
    spilled = [
        text["text"]
        for texts in (found["numbers"], found["labels"])
        for text, box in zip(texts, boxes, strict=True)
        if not _inside(text["box"], box)
    ]
    assert spilled == [], f"{which}: labels outside their boxes"
    texts = found["numbers"] + found["labels"] + found["lanes"]
    crossed = [
        (n, text["text"])
        for n, line in enumerate(found["links"], 1)
        for text in texts
        if crosses(line, text["box"])
    ]
    assert crossed == [], f"{which}: lines over labels"
    through = [
        (n, b)
        for n, line in enumerate(found["links"], 1)
        for b, box in enumerate(boxes, 1)
        if crosses(line, box)
    ]
    assert through == [], f"{which}: lines through boxes"
    assert len(found["links"]) == len(boxes) - 1


def test_the_check_finds_a_line_drawn_over_a_label(page: Page) -> None:
    """The old drawing (lines from box centre to box centre) fails the same measurement."""
    import altair as alt

    words = pd.DataFrame({"x": [10, 90], "y": [50, 50], "label": ["a label", "another"]})
    scale = {"x": alt.Scale(domain=[0, 100]), "y": alt.Scale(domain=[0, 100])}
    line = (
        alt.Chart(pd.DataFrame({"x": [10], "y": [50], "x2": [90], "y2": [50]}))
        .mark_rule()
        .encode(x=alt.X("x:Q", scale=scale["x"]), y=alt.Y("y:Q", scale=scale["y"]), x2="x2:Q", y2="y2:Q")
        .properties(name="links")
    )
    text = (
        alt.Chart(words)
        .mark_text()
        .encode(x=alt.X("x:Q", scale=scale["x"]), y=alt.Y("y:Q", scale=scale["y"]), text="label:N")
        .properties(name="step_labels")
    )
    found = _geometry(page, alt.layer(line, text).properties(width=200, height=100))
    assert [crosses(found["links"][0], label["box"]) for label in found["labels"]] == [True, True]
