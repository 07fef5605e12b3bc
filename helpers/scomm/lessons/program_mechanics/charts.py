"""Lesson 1's charts: how the program spread, how many prints were checked, who was removed, what it cost.

Each builder takes the tidy rows it draws (``scomm.lessons.program_mechanics.views`` makes them)
and returns a chart finished in the course look, its description written from the same rows.
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
    number_text,
    qualified,
    source_ids_of,
)


def rollout(
    counts: pd.DataFrame, *, as_of: pd.Timestamp, starts: pd.DataFrame, focus: str, focus_events: pd.DataFrame
) -> alt.LayerChart:
    """Jurisdictions active over time, with the disputed start dates, the focus's events and ``as_of``.

    ``counts``: statistics rows (period_end, value, qualifier, metric, source_ids);
    ``starts`` and ``focus_events``: events rows (date, title, source_ids).
    """
    frame = chartable(counts).assign(
        kind=[
            "goal" if q == "target" else "reported" if u == "jurisdictions" else "other unit"
            for q, u in zip(counts["qualifier"], counts["unit"], strict=True)
        ],
        shown=[
            f"{qualified(r)} {r['unit']}" if r["unit"] != "jurisdictions" else qualified(r)
            for _, r in counts.iterrows()
        ],
    )
    reported = frame[frame["kind"] == "reported"]
    other = frame[frame["kind"] == "other unit"]
    # The time axis runs from the first date drawn to as_of: nothing after the lesson's day.
    first = min([pd.Timestamp("2008-01-01"), *counts["period_end"], *starts["date"], *focus_events["date"]])
    days = alt.Scale(domain=[first.isoformat(), as_of.isoformat()])
    x = alt.X("period_end:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year"), scale=days)
    y = alt.Y("value:Q", title="Jurisdictions active (count)")
    line = alt.Chart(reported).mark_line(point=True, color=PALETTE[0]).encode(x=x, y=y)
    labelled = _with_room(reported, first, as_of, max([1.0, *frame["value"]]))
    labels = (
        alt.Chart(labelled)
        .mark_text(align="right", dx=-6, dy=-8, fontSize=SMALL_TEXT)
        .encode(x=x, y=y, text="shown")
    )
    goal = (
        alt.Chart(frame[frame["kind"] == "goal"])
        # aria=False: the chart's written description names these points; an empty layer would
        # otherwise be an unnamed image to a screen reader.
        .mark_point(shape="diamond", size=90, color=MUTED, aria=False)
        .encode(x=x, y=y)
    )
    counted_otherwise = (
        alt.Chart(other).mark_point(shape="square", size=60, color=PALETTE[1], aria=False).encode(x=x, y=y)
    )
    other_labels = (
        alt.Chart(other)
        .mark_text(align="left", dx=6, dy=10, fontSize=SMALL_TEXT, color=PALETTE[1])
        .encode(x=x, y=y, text="shown")
    )
    start_rules = (
        alt.Chart(chartable(starts))
        .mark_rule(color=PALETTE[2], strokeDash=[2, 2])
        .encode(x=alt.X("date:T", scale=days), tooltip=["title:N"])
    )
    focus_marks = (
        alt.Chart(chartable(focus_events))
        .mark_tick(color=FOCUS_COLOUR, thickness=3, size=18)
        .encode(x=alt.X("date:T", scale=days), y=alt.value(HEIGHT - 9))
    )
    chart = alt.layer(
        line, labels, goal, counted_otherwise, other_labels, start_rules, focus_marks, as_of_rule(as_of)
    ).properties(width=WIDTH, height=HEIGHT)
    return finish(
        chart,
        title="Secure Communities spreads: jurisdictions active over time",
        note=_rollout_note(starts, frame, unlabelled=reported.drop(labelled.index)),
        source_ids=source_ids_of(counts) + source_ids_of(starts) + source_ids_of(focus_events),
        as_of=as_of,
        description=" ".join(
            [
                "Line chart of jurisdictions where the program was active.",
                *_rollout_points(reported, other, frame[frame["kind"] == "goal"]),
                _focus_text(focus, focus_events),
                f"A dashed black line marks as_of, {as_of.date().isoformat()}, where the time axis ends.",
            ]
        ),
    )


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


def _dated(rows: pd.DataFrame) -> str:
    """Each count with its month, as the chart's notes read them: 'March 2011: 1,210; ...'."""
    return "; ".join(f"{r.period_end:%B %Y}: {r.shown}" for r in rows.itertuples())


def _rollout_note(starts: pd.DataFrame, frame: pd.DataFrame, *, unlabelled: pd.DataFrame) -> str:
    parts = []
    if len(unlabelled):
        parts.append("Too close to the count before to be labelled: " + _dated(unlabelled) + ".")
    if len(starts):
        dates = " and ".join(f"{d:%B %Y}" for d in starts["date"])
        parts.append(
            f"Green dashed lines: the start date{'s' if len(starts) > 1 else ''} the sources give ({dates})."
        )
    if (frame["kind"] == "goal").any():
        parts.append("Diamonds: ICE's goals.")
    return " ".join(parts) or "No count of active jurisdictions had been published by as_of."


def _rollout_points(reported: pd.DataFrame, other: pd.DataFrame, goals: pd.DataFrame) -> list[str]:
    if reported.empty:
        parts = ["No count of active jurisdictions had been published by as_of."]
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
        return f"The timeline records no event in {focus} by as_of, so no orange ticks are drawn."
    return (
        f"Orange ticks on the time axis mark {len(focus_events)} event(s) in {focus}: "
        + "; ".join(f"{e.date:%b %Y} {e.title}" for e in focus_events.itertuples())
        + "."
    )


def nothing_yet(title: str, what: str, *, as_of: pd.Timestamp) -> alt.Chart:
    """An empty panel saying that no figure of this kind had been published by ``as_of``."""
    message = f"No {what} had been published by {timeline.when(as_of, 'day')}."
    text = alt.Chart(pd.DataFrame({"text": [message]})).mark_text(fontSize=13).encode(text="text:N")
    return finish(
        text.properties(width=WIDTH, height=60), title=title, source_ids=[], as_of=as_of, description=message
    )


def submissions(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> alt.LayerChart:
    """Fingerprint submissions to ICE by federal fiscal year, the years published by ``as_of``."""
    title = "Fingerprints checked against immigration records, by fiscal year"
    if frame.empty:
        return nothing_yet(title, "count of fingerprint submissions", as_of=as_of)
    source_ids = source_ids_of(frame)
    frame = chartable(frame).assign(shown=[number_text(v, "submissions") for v in frame["value"]])
    x = alt.X(
        "period_label:N",
        title="Federal fiscal year (October to September)",
        sort=list(frame["period_label"]),
        axis=alt.Axis(labelAngle=0, labelLimit=200),
    )
    y = alt.Y("value:Q", title="Fingerprint submissions to ICE (count)")
    bars = alt.Chart(frame).mark_bar(color=PALETTE[0]).encode(x=x, y=y)
    text = alt.Chart(frame).mark_text(dy=-6).encode(x=x, y=y, text="shown:N")
    # A fiscal year runs 12 months; a shorter period is a part-year and says so.
    months = [
        (e.year - s.year) * 12 + e.month - s.month + 1
        for s, e in zip(
            pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"]), strict=True
        )
    ]
    partial = [
        f"{label} covers only {m} months"
        for label, m in zip(frame["period_label"], months, strict=True)
        if m < 12
    ]
    return finish(
        (bars + text).properties(width=WIDTH, height=HEIGHT),
        title=title,
        note=("; ".join(partial) + ".") if partial else None,
        source_ids=source_ids,
        as_of=as_of,
        description="Bar chart of submissions to ICE: "
        + "; ".join(f"{r.period_label} {r.shown}" for r in frame.itertuples())
        + (f". {'; '.join(partial)}." if partial else "."),
    )


def removal_shares(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> alt.LayerChart:
    """Shares of people removed, by how serious their record was, for each place and period reported.

    ``frame``: rows with group (where and when), measure (what share), value (percent),
    qualifier and source_ids (see ``views.removal_frame``).
    """
    title = "Who was removed? Shares by criminal record, as each source reports them"
    if frame.empty:
        return nothing_yet(title, "share of removals by criminal record", as_of=as_of)
    source_ids = source_ids_of(frame)
    frame = chartable(frame).assign(shown=[qualified(r) for _, r in frame.iterrows()])
    y = alt.Y("measure:N", title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("value:Q", title="Share of people removed (%)", scale=alt.Scale(domain=[0, 100]))
    colour = alt.Color("measure:N", legend=None)
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=colour)
    text = alt.Chart().mark_text(align="left", dx=4).encode(x=x, y=y, text="shown:N")
    chart = (
        alt.layer(bars, text, data=frame)
        .properties(width=WIDTH - 160, height=alt.Step(22))
        .facet(
            row=alt.Row(
                "group:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=12)
            )
        )
        .resolve_scale(y="independent")
    )
    lines = "; ".join(f"{r.group}: {r.measure} {r.shown}" for r in frame.itertuples())
    return finish(
        chart,
        title=title,
        note="Groups use different definitions and periods; compare within a group, not across groups.",
        source_ids=source_ids,
        as_of=as_of,
        description=f"Horizontal bar chart, one panel per group. {lines}.",
    )


def costs(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> alt.LayerChart:
    """Money Congress set aside next to ICE officials' estimate of the program's total cost."""
    title = "What the program cost: appropriations and an early estimate"
    if frame.empty:
        return nothing_yet(title, "figure on the program's cost", as_of=as_of)
    source_ids = source_ids_of(frame)
    frame = chartable(frame).assign(
        low=frame["value"] / 1e6,
        high=frame["value_high"].fillna(frame["value"]) / 1e6,
        shown=[
            number_text(v, "usd") if pd.isna(h) else f"{number_text(v, 'usd')} to {number_text(h, 'usd')}"
            for v, h in zip(frame["value"], frame["value_high"], strict=True)
        ],
    )
    y = alt.Y("item:N", title=None, sort=list(frame["item"]), axis=alt.Axis(labelLimit=300))
    x = alt.X("low:Q", title="US dollars (millions)")
    bars = alt.Chart(frame).mark_bar().encode(x=x, y=y, color=alt.Color("kind:N", title=None))
    ranges = (
        alt.Chart(frame[frame["high"] > frame["low"]])
        .mark_bar(opacity=0.45, color=PALETTE[1])
        .encode(x="low:Q", x2="high:Q", y=y)
    )
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(x="high:Q", y=y, text="shown:N")
    return finish(
        (bars + ranges + text).properties(width=WIDTH - 120, height=alt.Step(34)),
        title=title,
        note=_costs_note(frame),
        source_ids=source_ids,
        as_of=as_of,
        description="Bar chart in millions of US dollars: "
        + "; ".join(f"{r.item}: {r.shown}" for r in frame.itertuples())
        + ".",
    )


def _costs_note(frame: pd.DataFrame) -> str | None:
    """Whose the estimate was and that it was a range, in the words of its rows' labels."""
    ranges = frame[frame["high"] > frame["low"]]
    if ranges.empty:
        return None
    return "; ".join(f"{whose}: given as a range (pale extension)" for whose in ranges["whose"]) + "."
