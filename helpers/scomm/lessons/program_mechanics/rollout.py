"""Lesson 1's chart of how the program spread: jurisdictions active over time, up to the lesson's day.

Before any count of active jurisdictions was published (until late 2009) there is nothing to
draw on a count axis, so the chart is a time strip instead: the start dates the sources give and
the focus jurisdiction's events, on a time axis that ends on the lesson's day.
"""

from __future__ import annotations

import pandas as pd

from scomm.course import timeline
from scomm.course.charts import (
    FOCUS_COLOUR,
    HEIGHT,
    MUTED,
    PALETTE,
    SMALL_TEXT,
    WIDTH,
    alt,
    as_of_rule,
    chartable,
    finish,
    qualified,
    source_ids_of,
)
from scomm.course.counts import count_of

TITLE = "Jurisdictions where Secure Communities was active, over time"
#: The height of the time strip drawn while no count had been published (px).
STRIP = 70
#: A start line closer than this to the lesson's day (px) would lie under its black line.
APART = 4.0
#: The focus jurisdiction's ticks are this thick (px); the axis starts early enough to show them whole.
TICK = 3


def rollout(
    counts: pd.DataFrame, *, as_of: pd.Timestamp, starts: pd.DataFrame, focus: str, focus_events: pd.DataFrame
) -> alt.LayerChart:
    """Jurisdictions active over time, with the disputed start dates, the focus's events and ``as_of``.

    ``counts``: statistics rows (period_end, value, qualifier, metric, source_ids);
    ``starts`` and ``focus_events``: events rows (date, title, source_ids).
    """
    frame = _kinds(counts)
    # The time axis runs from the first of January of the first year drawn (so a tick on the
    # first date is drawn whole) to as_of: nothing after the lesson's day.
    first = min([pd.Timestamp("2008-01-01"), *counts["period_end"], *starts["date"], *focus_events["date"]])
    first = pd.Timestamp(year=first.year, month=1, day=1)
    days = alt.Scale(domain=[first.isoformat(), as_of.isoformat()])
    lines = _apart_from(starts, first, as_of)
    height = HEIGHT if len(frame) else STRIP
    x = alt.X("date:T", scale=days, title="Date", axis=alt.Axis(format="%Y", tickCount="year"))
    context = [
        alt.Chart(chartable(lines))
        .mark_rule(color=PALETTE[2], strokeDash=[2, 2])
        .encode(x=x, tooltip=["title:N"]),
        alt.Chart(chartable(focus_events))
        .mark_tick(color=FOCUS_COLOUR, thickness=TICK, size=18)
        .encode(x=x, y=alt.value(height - 9)),
        as_of_rule(as_of),
    ]
    if len(frame):
        layers, labelled = _counted(frame, first, as_of, days)
        notes = _count_notes(frame, unlabelled=frame[frame["kind"] == "reported"].drop(labelled.index))
    else:
        layers, notes = [], [f"No count of active jurisdictions had been published by {_day(as_of)}."]
    return finish(
        alt.layer(*layers, *context).properties(width=WIDTH, height=height),
        title=TITLE,
        note=" ".join(notes + _starts_note(starts, lines, as_of)),
        source_ids=source_ids_of(counts) + source_ids_of(starts) + source_ids_of(focus_events),
        as_of=as_of,
        description=" ".join(
            [
                "Line chart of jurisdictions where the program was active."
                if len(frame)
                else "Time line of the start dates the sources give, with the focus jurisdiction's events.",
                *_rollout_points(frame, as_of),
                _focus_text(focus, focus_events),
                f"A dashed black line marks the lesson's date, {_day(as_of)}, where the time axis ends.",
            ]
        ),
    )


def _kinds(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts with what each is (``kind``: reported, goal, other unit) and how it reads (``shown``)."""
    return chartable(counts).assign(
        kind=[
            "goal" if q == "target" else "reported" if u == "jurisdictions" else "other unit"
            for q, u in zip(counts["qualifier"], counts["unit"], strict=True)
        ],
        shown=[
            f"{qualified(r)} {r['unit']}" if r["unit"] != "jurisdictions" else qualified(r)
            for _, r in counts.iterrows()
        ],
    )


def _counted(
    frame: pd.DataFrame, first: pd.Timestamp, as_of: pd.Timestamp, days: alt.Scale
) -> tuple[list[alt.Chart], pd.DataFrame]:  # the layers, and the reported points given a label
    """The count layers (the line, its labels, ICE's goals, counts in other units) and the points labelled."""
    reported = frame[frame["kind"] == "reported"]
    other = frame[frame["kind"] == "other unit"]
    x = alt.X("period_end:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year"), scale=days)
    y = alt.Y("value:Q", title="Jurisdictions active (count)")
    labelled = _with_room(reported, first, as_of, max([1.0, *frame["value"]]))
    layers = [
        alt.Chart(reported).mark_line(point=True, color=PALETTE[0]).encode(x=x, y=y),
        alt.Chart(labelled)
        .mark_text(align="right", dx=-6, dy=-8, fontSize=SMALL_TEXT)
        .encode(x=x, y=y, text="shown"),
        alt.Chart(frame[frame["kind"] == "goal"])
        # aria=False: the chart's written description names these points; an empty layer would
        # otherwise be an unnamed image to a screen reader.
        .mark_point(shape="diamond", size=90, color=MUTED, aria=False)
        .encode(x=x, y=y),
        alt.Chart(other).mark_point(shape="square", size=60, color=PALETTE[1], aria=False).encode(x=x, y=y),
        alt.Chart(other)
        .mark_text(align="left", dx=6, dy=10, fontSize=SMALL_TEXT, color=PALETTE[1])
        .encode(x=x, y=y, text="shown"),
    ]
    return layers, labelled


def _apart_from(starts: pd.DataFrame, first: pd.Timestamp, as_of: pd.Timestamp) -> pd.DataFrame:
    """The start dates drawn as lines: those far enough from the lesson's day not to lie under its line."""
    span = max((as_of - first).days, 1)
    return starts[[(as_of - d).days / span * WIDTH >= APART for d in starts["date"]]]


#: Pixels a 10 px label takes per character, and its height with a little air (DejaVu Sans digits: 6.4).
_CHAR, _LINE = 6.5, 12.0


def _with_room(points: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp, top: float) -> pd.DataFrame:
    """The points whose label (right-aligned above the point) clears every label kept before it.

    Over a long time axis two counts a few weeks apart sit a few pixels apart and their labels
    would print on top of each other; the later one loses its label (its point stays, and the
    chart's note gives its value). ``top`` is the largest value drawn;
    the y axis runs from 0 to a little above it, so heights are estimated on the safe side.

    >>> days = pd.to_datetime(["2011-08-31", "2011-10-31", "2013-01-31"])
    >>> rows = pd.DataFrame({"period_end": days, "value": [1508, 1595, 3181], "shown": ["1,508", "1,595", "3,181"]})
    >>> list(_with_room(rows, pd.Timestamp("2008-01-01"), pd.Timestamp("2025-01-20"), 3181)["shown"])
    ['1,508', '3,181']
    >>> list(_with_room(rows, pd.Timestamp("2011-06-01"), pd.Timestamp("2013-02-01"), 3181)["shown"])
    ['1,508', '1,595', '3,181']
    """
    span = max((last - first).days, 1)
    kept: list[tuple[float, float, float]] = []  # (left, right, baseline) of each label kept
    keep = []
    for row in points.itertuples():
        right = (row.period_end - first).days / span * WIDTH - 6
        left = right - _CHAR * len(str(row.shown))
        baseline = HEIGHT * (1 - row.value / (1.25 * top)) - 8
        clear = all(left >= r or right <= lft or abs(baseline - b) >= _LINE for lft, r, b in kept)
        keep.append(clear)
        if clear:
            kept.append((left, right, baseline))
    return points.iloc[[n for n, clear in enumerate(keep) if clear]]


def _day(day: pd.Timestamp) -> str:
    return timeline.when(day, "day")


def _dated(rows: pd.DataFrame) -> str:
    """Each count with its month, as the chart's notes read them: 'March 2011: 1,210; ...'."""
    return "; ".join(f"{r.period_end:%B %Y}: {r.shown}" for r in rows.itertuples())


def _months(rows: pd.DataFrame) -> str:
    return " and ".join(f"{d:%B %Y}" for d in rows["date"])


def _count_notes(frame: pd.DataFrame, *, unlabelled: pd.DataFrame) -> list[str]:
    parts = []
    if len(unlabelled):
        parts.append("Too close to the count before to be labeled: " + _dated(unlabelled) + ".")
    if (frame["kind"] == "goal").any():
        parts.append("Diamonds: ICE's goals.")
    return parts


def _starts_note(starts: pd.DataFrame, lines: pd.DataFrame, as_of: pd.Timestamp) -> list[str]:
    """What the green lines are, and a start date the black line of the lesson's day stands for."""
    parts = []
    if len(lines):
        plural = "s" if len(lines) > 1 else ""
        parts.append(
            f"Green dashed line{plural}: the start date{plural} the sources give ({_months(lines)})."
        )
    on_the_day = starts.drop(lines.index)
    if len(on_the_day):
        which = "Another start date" if len(lines) else "The start date"
        parts.append(
            f"{which} the sources give, {_months(on_the_day)}, is where the time axis ends "
            f"({_day(as_of)}): the black dashed line marks it."
        )
    return parts


def _rollout_points(frame: pd.DataFrame, as_of: pd.Timestamp) -> list[str]:
    reported, other = frame[frame["kind"] == "reported"], frame[frame["kind"] == "other unit"]
    goals = frame[frame["kind"] == "goal"]
    if reported.empty:
        parts = [f"No count of active jurisdictions had been published by {_day(as_of)}."]
    else:
        parts = ["Counts: " + _dated(reported) + "."]
    if len(other):
        parts.append("Counted in other units (yellow squares): " + _dated(other) + ".")
    if len(goals):
        parts.append(
            "Goals: " + "; ".join(f"{r.value:,.0f} by {r.period_end:%Y}" for r in goals.itertuples()) + "."
        )
    return parts


def _focus_text(focus: str, focus_events: pd.DataFrame) -> str:
    if focus_events.empty:
        return f"The timeline records no event in {focus} by the lesson's date, so no orange ticks are drawn."
    return (
        f"Orange ticks on the time axis mark {count_of(len(focus_events), 'event')} in {focus}: "
        + "; ".join(f"{e.date:%b %Y} {e.title}" for e in focus_events.itertuples())
        + "."
    )
