"""Views more than one lesson shows: a booking's path, a jurisdiction's events, where sources disagree.

Every view takes the lesson's validated parameters ``p`` first (``scomm.start`` makes them):

>>> from scomm.course.params import validate
>>> p = validate("01_program_mechanics", focus="Cook County, IL", as_of="2011-03-31")
>>> flow_chart(p).to_dict()["title"]["text"]
"One booking's path, as the rules stood on 31 March 2011"
>>> len(disagreements(p, conflict_ids=["program-start"]))
1
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from scomm.course import citations, hindsight, timeline
from scomm.course.charts import MUTED, PALETTE, SMALL_TEXT, alt, chartable, finish, source_ids_of
from scomm.course.days import when_known
from scomm.course.drawings import drawn
from scomm.course.params import Params
from scomm.course.tables import Table
from scomm.policy import flow


@drawn
def flow_chart(p: Params) -> alt.LayerChart:
    """The path of one booking on ``p.as_of``, as a diagram (lessons 1 and 4)."""
    return booking_flow(flow.booking_flow(p.as_of), as_of=p.as_of)


def events(p: Params) -> pd.DataFrame:
    """The timeline's events public on ``p.as_of``, in date order."""
    return p.world.table("events").sort_values(["date", "event_id"], ignore_index=True)


def jurisdiction_events(p: Params) -> pd.DataFrame:
    """The public events about the lesson's jurisdiction (none when the lesson follows no place)."""
    places = p.world.table("jurisdictions")
    ids = set(places.loc[places["name"] == p.jurisdiction, "jurisdiction_id"])
    table = events(p)
    return table[table["jurisdiction_id"].isin(ids)].reset_index(drop=True)


def lesson_day(p: Params) -> str:
    """``p.as_of`` as every lesson's captions write it.

    >>> from scomm.course.params import validate
    >>> lesson_day(validate("03_detainer_law", as_of="2014-06-01"))
    '1 June 2014'
    """
    return timeline.when(p.as_of, "day")


def dates(frame: pd.DataFrame, column: str = "date", precision: str = "date_precision") -> list[str]:
    """Each row's ``column`` as the lessons write a date, to the precision the row gives for it.

    >>> dates(pd.DataFrame({"date": [pd.Timestamp("2011-08-05")], "date_precision": ["month"]}))
    ['August 2011']
    """
    return [when_known(d, prec) for d, prec in zip(frame[column], frame[precision], strict=True)]


def sources_cells(source_ids: Iterable[Iterable[str]], *, as_of: pd.Timestamp) -> list[str]:
    """Each row's source ids published by ``as_of`` as one cell; later ones are only counted.

    >>> sources_cells([("ice-2009-sop", "wikipedia-scomm")], as_of=pd.Timestamp("2010-01-01"))
    ['ice-2009-sop (and 1 source published later)']
    """
    cells = []
    for ids in source_ids:
        shown, later = citations.split(ids, as_of=as_of)
        more = f" ({citations.later_text(later)})" if later else ""
        cells.append(("; ".join(shown) or "none published yet") + more)
    return cells


def focus_events(p: Params) -> Table:
    """What had happened in the lesson's jurisdiction by ``p.as_of``, as a table for students."""
    table = jurisdiction_events(p)
    shown = timeline.events_table(table, "").frame.assign(
        Sources=sources_cells(table["source_ids"], as_of=p.as_of)
    )
    return Table(shown, f"Events in {p.jurisdiction} up to {lesson_day(p)}")


def disagreements(p: Params, *, conflict_ids: Iterable[str] = ()) -> Table:
    """The disagreements between sources public on ``p.as_of`` (all, or the ones named in ``conflict_ids``).

    A disagreement is public once every row taking a side is; until then it is only counted.
    Its summary was written with hindsight, so a sentence about a later year is left out. It
    cites the sources published by ``p.as_of``, the later ones counted (row ids would be words
    a reader cannot read).
    """
    table = p.world.table("conflicts")
    wanted = list(conflict_ids)
    if wanted:
        table = table[table["conflict_id"].isin(wanted)]
    frame = pd.DataFrame(
        {
            "Topic": table["topic"],
            "How the sources differ": [hindsight.present(text, p.as_of)[0] for text in table["summary"]],
        }
    )
    frame["Sources"] = sources_cells(table["source_ids"], as_of=p.as_of)
    day = lesson_day(p)
    caption = f"Where the sources disagree, as of {day}"
    if frame.empty:
        caption = f"No disagreement of this kind between public sources on {day}"
    if not wanted and p.world.later("conflicts"):
        caption += f"; {p.world.later('conflicts')} more disagreements became public later"
    # An empty table's caption says there is none; its row need not say it again.
    return Table(frame.reset_index(drop=True), caption, when_empty="")


# -- the booking-flow chart (lessons 1, 2 and 4) ------------------------------------------------------

#: The diagram's grid in pixels: a column per step, a lane per body; each step's box sits in its
#: cell with room round it, so a connector runs between boxes and never over a label. A box fits
#: three lines of 11 px text under its number (the longest line, "immigration", is 67 px wide).
COLUMN, LANE, BOX_WIDTH, BOX_HEIGHT, LINE = 92, 68, 80, 60, 13


def _boxes(steps: pd.DataFrame, lanes: list[str]) -> pd.DataFrame:
    """Each step with its box (x, x2, y, y2), the centre of its number and the top of its label, in px."""
    centre_x = (steps["step"] - 0.5) * COLUMN
    centre_y = pd.Series([(lanes.index(lane) + 0.5) * LANE for lane in steps["lane"]], index=steps.index)
    lines = steps["short"].str.count("\n") + 2  # the number and the label's lines
    top = centre_y - lines * LINE / 2
    return steps.assign(
        cx=centre_x,
        cy=centre_y,
        x=centre_x - BOX_WIDTH / 2,
        x2=centre_x + BOX_WIDTH / 2,
        y=centre_y - BOX_HEIGHT / 2,
        y2=centre_y + BOX_HEIGHT / 2,
        number_y=top + LINE / 2,
        label_y=top + LINE,
    )


def _links(boxes: pd.DataFrame) -> pd.DataFrame:
    """One connector per step to the next: from the middle of a box's right side to the next box's
    left side, so it crosses only the gap between their columns; with its arrowhead's angle."""
    here, there = boxes.iloc[:-1].reset_index(drop=True), boxes.iloc[1:].reset_index(drop=True)
    links = pd.DataFrame({"x": here["x2"], "y": here["cy"], "x2": there["x"], "y2": there["cy"]})
    angle = np.degrees(np.arctan2(links["y2"] - links["y"], links["x2"] - links["x"]))
    back = 4.0  # the arrowhead's centre, short of the box it points at
    return links.assign(
        angle=angle,
        head_x=links["x2"] - back * np.cos(np.radians(angle)),
        head_y=links["y2"] - back * np.sin(np.radians(angle)),
    )


def booking_flow(
    steps: pd.DataFrame, *, as_of: pd.Timestamp, colour_by: str | None = None, title: str | None = None
) -> alt.LayerChart:
    """A swim-lane diagram of one booking's path, one lane per agency, as it stood on ``as_of``.

    ``steps`` has columns step (1, 2, ...), lane, short (the box's label, its lines split by
    ``\\n``), action and source_ids (see ``scomm.policy.flow.booking_flow``).
    """
    lanes = list(dict.fromkeys(steps["lane"]))
    width, height = COLUMN * len(steps), LANE * len(lanes)
    boxes = _boxes(steps, lanes)
    links = _links(boxes)
    # Pixels both ways: the scales map the grid above one to one (y downwards, as drawn).
    across = alt.Scale(domain=[0, width], nice=False, zero=False)
    down = alt.Scale(domain=[0, height], nice=False, zero=False, reverse=True)

    def at(x: str, y: str) -> dict:
        return {"x": alt.X(f"{x}:Q", axis=None, scale=across), "y": alt.Y(f"{y}:Q", axis=None, scale=down)}

    # aria=False throughout: the chart's description walks the steps; the marks' own labels
    # would read the layout's numbers to a screen reader.
    shaded = range(1, len(lanes), 2)
    bands = alt.Chart(pd.DataFrame({"x": 0, "x2": width, "y": [i * LANE for i in shaded]}))
    bands = bands.mark_rect(color="#f3f3f3", aria=False).encode(**at("x", "y"), x2="x2:Q", y2="y2:Q")
    bands = bands.transform_calculate(y2=f"datum.y + {LANE}")
    names = alt.Chart(
        pd.DataFrame({"lane": lanes, "x": 0, "y": [(i + 0.5) * LANE for i in range(len(lanes))]})
    )
    names = names.mark_text(align="right", baseline="middle", dx=-8, fontSize=12, aria=False)
    names = names.encode(**at("x", "y"), text="lane:N")
    paths = alt.Chart(links).mark_rule(color=MUTED, strokeWidth=2, aria=False)
    paths = paths.encode(**at("x", "y"), x2="x2:Q", y2="y2:Q")
    heads = alt.Chart(links).mark_point(shape="triangle-right", filled=True, size=70, color=MUTED, aria=False)
    heads = heads.encode(**at("head_x", "head_y"), angle=alt.Angle("angle:Q", scale=None))
    base = alt.Chart(chartable(boxes))
    if colour_by:
        fill = alt.Color(f"{colour_by}:N", title="Who controls this step", sort=None)
        cells = base.mark_rect(opacity=0.45, aria=False).encode(color=fill)
    else:
        cells = base.mark_rect(color=PALETTE[0], opacity=0.18, aria=False)
    cells = cells.encode(**at("x", "y"), x2="x2:Q", y2="y2:Q")
    numbers = base.mark_text(fontWeight="bold", baseline="middle", aria=False)
    numbers = numbers.encode(**at("cx", "number_y"), text="step:Q")
    labels = base.mark_text(fontSize=SMALL_TEXT, baseline="top", lineBreak="\n", lineHeight=LINE, aria=False)
    labels = labels.encode(**at("cx", "label_y"), text="short:N")
    # Named layers: their marks are drawn as groups named "<name>_marks", which tests measure.
    layers = {
        "lane_bands": bands,
        "lane_names": names,
        "links": paths,
        "arrowheads": heads,
        "step_boxes": cells,
        "step_numbers": numbers,
        "step_labels": labels,
    }
    chart = alt.layer(*(layer.properties(name=name) for name, layer in layers.items()))
    chart = chart.properties(width=width, height=height)
    walk = "; ".join(
        f"{s.step}. {s.lane}: {s.action}" + (f" (controlled by {getattr(s, colour_by)})" if colour_by else "")
        for s in steps.itertuples()
    )
    return finish(
        chart,
        title=title or f"One booking's path, as the rules stood on {timeline.when(as_of, 'day')}",
        source_ids=source_ids_of(steps),
        as_of=as_of,
        description=f"Diagram in {len(lanes)} lanes ({', '.join(lanes)}) with {len(steps)} steps. {walk}.",
    )
