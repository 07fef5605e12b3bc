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

import pandas as pd

from scomm.course import citations, hindsight, timeline
from scomm.course.charts import MUTED, PALETTE, SMALL_TEXT, WIDTH, alt, chartable, finish, source_ids_of
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
    return [timeline.when(d, prec) for d, prec in zip(frame[column], frame[precision], strict=True)]


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
    return Table(shown, f"Events in {p.jurisdiction} up to {lesson_day(p)} (data/events.csv)")


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
    caption = f"Where the sources disagree, as of {day} (data/conflicts.csv)"
    if frame.empty:
        caption = f"No disagreement of this kind between public sources on {day} (data/conflicts.csv)"
    if not wanted and p.world.later("conflicts"):
        caption += f"; {p.world.later('conflicts')} more disagreements became public later"
    return Table(frame.reset_index(drop=True), caption)


# -- the booking-flow chart (lessons 1, 2 and 4) ------------------------------------------------------


def booking_flow(
    steps: pd.DataFrame, *, as_of: pd.Timestamp, colour_by: str | None = None, title: str | None = None
) -> alt.LayerChart:
    """A swim-lane diagram of one booking's path, one lane per agency, as it stood on ``as_of``.

    ``steps`` has columns step (1, 2, ...), lane, action and source_ids
    (see ``scomm.policy.flow.booking_flow``).
    """
    lanes = list(dict.fromkeys(steps["lane"]))
    source_ids = source_ids_of(steps)
    frame = chartable(steps.assign(next_step=steps["step"].shift(-1), next_lane=steps["lane"].shift(-1)))
    x = alt.X("step:Q", axis=None, scale=alt.Scale(domain=[0.5, len(steps) + 0.5]))
    y = alt.Y(
        "lane:N", title=None, scale=alt.Scale(domain=lanes), axis=alt.Axis(labelFontSize=12, labelLimit=220)
    )
    base = alt.Chart(frame)
    links = (
        alt.Chart(frame.dropna(subset=["next_lane"]))
        .mark_rule(color=MUTED, strokeWidth=2)
        .encode(x=x, y=y, x2="next_step:Q", y2="next_lane:N")
    )
    if colour_by:
        boxes = base.mark_square(size=2600, opacity=0.35).encode(
            x=x, y=y, color=alt.Color(f"{colour_by}:N", title="Who controls this step", sort=None)
        )
    else:
        boxes = base.mark_square(size=2600, color=PALETTE[0], opacity=0.15).encode(x=x, y=y)
    numbers = base.mark_text(fontWeight="bold", dy=-14).encode(x=x, y=y, text="step:Q")
    labels = base.mark_text(fontSize=SMALL_TEXT, dy=4, lineBreak="\n").encode(x=x, y=y, text="short:N")
    chart = (links + boxes + numbers + labels).properties(width=WIDTH + 120, height=60 * len(lanes))
    walk = "; ".join(
        f"{s.step}. {s.lane}: {s.action}" + (f" (controlled by {getattr(s, colour_by)})" if colour_by else "")
        for s in steps.itertuples()
    )
    return finish(
        chart,
        title=title or f"One booking's path, as the rules stood on {timeline.when(as_of, 'day')}",
        source_ids=source_ids,
        as_of=as_of,
        description=f"Diagram in {len(lanes)} lanes ({', '.join(lanes)}) with {len(steps)} steps. {walk}.",
    )
