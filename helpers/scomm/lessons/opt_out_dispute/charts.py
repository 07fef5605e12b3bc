"""Lesson 2's charts: who said what about opting out, and what jurisdictions did to leave.

Each builder takes the rows it draws (``scomm.lessons.opt_out_dispute.views`` makes them) and
returns a chart finished in the course look, its description written from the same rows.
"""

from __future__ import annotations

import pandas as pd

from scomm.course import timeline
from scomm.course.charts import MUTED, PALETTE, WIDTH, alt, as_of_rule, chartable, finish, source_ids_of
from scomm.course.counts import count_of
from scomm.course.days import latest, when_known
from scomm.course.tables import words

STANCE_COLOURS = {"voluntary": PALETTE[2], "mandatory": PALETTE[5], "ambiguous": PALETTE[0]}
STANCE_SHAPES = {"voluntary": "circle", "mandatory": "square", "ambiguous": "triangle-up"}


def statements_timeline(frame: pd.DataFrame, *, as_of: pd.Timestamp, hidden: int) -> alt.LayerChart:
    """Each statement as a mark: when (x), who (rows, grouped by side), stance (colour and shape).

    ``frame``: statements rows public by ``as_of`` (see ``views.statements``);
    ``hidden``: how many more became public later, which the caption says.
    """
    source_ids = source_ids_of(frame)
    order = {side: i for i, side in enumerate(("federal", "congress", "state", "local", "advocate"))}
    frame = chartable(frame).assign(
        who=[
            (s if s == o else f"{s} ({o})")[:60]
            for s, o in zip(frame["speaker"], frame["organization"], strict=True)
        ],
        rank=[order.get(str(s), 9) for s in frame["side"]],
        stance=frame["stance"].astype(str),
        side=frame["side"].astype(str),
    )
    frame = placed(frame, as_of)
    rows = list(dict.fromkeys(frame.sort_values(["rank", "date"])["who"]))
    stances = list(STANCE_COLOURS)
    y = alt.Y("who:N", sort=rows, title=None, axis=alt.Axis(labelLimit=320))
    colour = alt.Color(
        "stance:N",
        title="Participation was…",
        scale=alt.Scale(domain=stances, range=list(STANCE_COLOURS.values())),
    )
    marks = (
        alt.Chart(frame)
        .mark_point(size=110, filled=True, opacity=0.9)
        .encode(
            x=alt.X(
                "plotted:T",
                title="Date of the statement",
                axis=month_axis(frame, as_of),
                scale=up_to(frame, as_of),
            ),
            y=y,
            color=colour,
            shape=alt.Shape("stance:N", scale=alt.Scale(domain=stances, range=list(STANCE_SHAPES.values()))),
        )
    )
    chart = alt.layer(spans(frame, y, colour), marks, as_of_rule(as_of)).properties(
        width=WIDTH, height=max(120, 20 * len(rows))
    )
    counts = frame["stance"].value_counts()
    by_stance = ", ".join(f"{counts.get(s, 0)} {s}" for s in stances)
    listing = "; ".join(
        f"{when_known(d, p)} {w}: {s}"
        for d, p, w, s in zip(
            frame["date"], frame["date_precision"], frame["who"], frame["stance"], strict=True
        )
    )
    later = f" {hidden} more became public later and are not shown." if hidden else ""
    return finish(
        chart,
        title="Voluntary or not? What was said about opting out",
        note=f"Only statements public by {timeline.when(as_of, 'day')} are shown.{later} Color and shape both mark the stance.{span_note(frame)}",
        source_ids=source_ids,
        as_of=as_of,
        description=f"Dot chart of {len(frame)} statements ({by_stance}), one row per speaker, grouped federal, congress, state, local, advocate. {listing}.",
    )


OUTCOME_COLOURS = {
    "granted": PALETTE[2],
    "refused": PALETTE[5],
    "ignored": PALETTE[3],
    "superseded": PALETTE[1],
    "reversed": PALETTE[4],
    "in_force": PALETTE[0],
    "unclear": MUTED,
    "not yet known": "#bdbdbd",
}


#: What the chart's note says of a row known only to its month or year.
SPAN_NOTE = "A date known only to its month or year is drawn as a bar across the time it could fall in, its mark in the middle."


def placed(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """``frame`` with where each row is drawn: a dated row on its day; a row known only to its
    month or year (``date_precision``) in the middle of the time it could fall in, up to ``as_of``
    (``until``), never on the period's first day.

    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2010-01-01"]), "date_precision": ["year"]})
    >>> placed(rows, pd.Timestamp("2012-06-30"))[["plotted", "until"]].iloc[0].dt.date.astype(str).tolist()
    ['2010-07-02', '2010-12-31']
    """
    until = [min(latest(d, p), as_of) for d, p in zip(frame["date"], frame["date_precision"], strict=True)]
    plotted = [d + (u - d) / 2 for d, u in zip(frame["date"], until, strict=True)]
    return frame.assign(until=until, plotted=plotted)


def span_note(frame: pd.DataFrame) -> str:
    """The note's sentence on bars, with a leading space, where the chart draws one; else ''."""
    return f" {SPAN_NOTE}" if (frame["date_precision"] != "day").any() else ""


def spans(frame: pd.DataFrame, y: alt.Y, colour: alt.Color | dict) -> alt.Chart:
    """A bar for each row known only to its month or year, across the time it could fall in."""
    vague = frame[frame["date_precision"] != "day"]
    bars = alt.Chart(vague).mark_rule(strokeWidth=3, opacity=0.5)
    return bars.encode(x="date:T", x2="until:T", y=y, color=colour)


def month_axis(frame: pd.DataFrame, as_of: pd.Timestamp) -> alt.Axis:
    """Month labels; over a short span one tick a month, since finer ticks would repeat a month's label.

    >>> month_axis(pd.DataFrame({"date": [pd.Timestamp("2009-11-12")]}), pd.Timestamp("2010-05-04")).tickCount
    'month'
    """
    first = frame["date"].min() if len(frame) else as_of
    if as_of - pd.Timestamp(first) <= pd.Timedelta(days=2 * 365):
        return alt.Axis(format="%b %Y", tickCount="month")
    return alt.Axis(format="%b %Y")


def up_to(frame: pd.DataFrame, as_of: pd.Timestamp) -> alt.Scale:
    """A time scale from a little before the first row to ``as_of``, not rounded outward: no tick
    after ``as_of``. The room before the first row keeps its mark whole (on the axis's very start,
    half of it was cut off).

    >>> up_to(pd.DataFrame({"date": [pd.Timestamp("2009-11-12")]}), pd.Timestamp("2010-05-04")).domain
    ['2009-10-28T00:00:00', '2010-05-04T00:00:00']
    """
    first = pd.Timestamp(frame["date"].min()) if len(frame) else as_of - pd.DateOffset(months=6)
    room = max(pd.Timedelta(days=15), (as_of - first) * 0.02)
    start = min(first - room, as_of - pd.DateOffset(months=1))
    return alt.Scale(domain=[start.isoformat(), as_of.isoformat()], nice=False)


def actions_timeline(frame: pd.DataFrame, *, as_of: pd.Timestamp, focus: str) -> alt.LayerChart:
    """What each jurisdiction did (x = date, rows = jurisdictions), coloured by what came of it."""
    source_ids = source_ids_of(frame)
    codes = frame["outcome"].astype(str)
    frame = chartable(frame).assign(
        outcome=words(codes),  # the legend and the description read words, not the data's codes
        action=[a.lower() for a in words(frame["action"])],
        focus=[j == focus for j in frame["jurisdiction"]],
    )
    frame = placed(frame, as_of)
    known = [o for o in OUTCOME_COLOURS if o in set(codes)]
    outcomes = words(known)
    rows = list(dict.fromkeys(frame["jurisdiction"]))
    y = alt.Y("jurisdiction:N", sort=rows, title=None, axis=alt.Axis(labelLimit=220))
    x = alt.X(
        "plotted:T", title="Date", axis=alt.Axis(format="%b %Y", tickCount="month"), scale=up_to(frame, as_of)
    )
    marks = (
        alt.Chart(frame)
        .mark_point(size=120, filled=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "outcome:N",
                title="What came of it",
                scale=alt.Scale(domain=outcomes, range=[OUTCOME_COLOURS[o] for o in known]),
            ),
            shape=alt.Shape("outcome:N", scale=alt.Scale(domain=outcomes)),
        )
    )
    ring = (
        alt.Chart(frame[frame["focus"]]).mark_point(size=420, color="black", strokeWidth=1.5).encode(x=x, y=y)
    )
    chart = alt.layer(spans(frame, y, alt.value(MUTED)), marks, ring, as_of_rule(as_of)).properties(
        width=WIDTH, height=max(120, 24 * len(rows))
    )
    listing = "; ".join(
        f"{when_known(d, p)} {j}: {a} (what came of it: {o.lower()})"
        for d, p, j, a, o in zip(
            frame["date"],
            frame["date_precision"],
            frame["jurisdiction"],
            frame["action"],
            frame["outcome"],
            strict=True,
        )
    )
    ringed = (
        f" Black rings mark {focus}." if frame["focus"].any() else f" The data record no action by {focus}."
    )
    return finish(
        chart,
        title="Trying to leave: what jurisdictions did and what came of it",
        note=f"The dashed line marks the lesson's date.{ringed}{span_note(frame)}",
        source_ids=source_ids,
        as_of=as_of,
        description=f"Dot chart of {count_of(len(frame), 'action')} by {count_of(len(rows), 'jurisdiction')}, "
        f"colored and shaped by outcome. {listing}.",
    )
