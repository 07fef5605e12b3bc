"""Lesson 1's charts: how many prints were checked, who was removed, what it cost (how it spread: ``rollout``).

Each builder takes the tidy rows it draws (``scomm.lessons.program_mechanics.views`` makes them)
and returns a chart finished in the course look, its description written from the same rows.
"""

from __future__ import annotations

import pandas as pd

from scomm.course import timeline
from scomm.course.charts import (
    HEIGHT,
    PALETTE,
    WIDTH,
    alt,
    chartable,
    finish,
    number_text,
    qualified,
    source_ids_of,
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


#: What each kind of cost row is, as the cost chart's title names it (in this order).
COST_KINDS = {"appropriation": "money set aside by Congress", "estimate": "an estimate of the total"}


def costs(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> alt.LayerChart:
    """Money Congress set aside next to ICE officials' estimate of the program's total cost.

    The title names only the kinds of figure drawn: before the estimate was reported, the chart
    has no estimate to announce.
    """
    drawn = [words for kind, words in COST_KINDS.items() if kind in set(frame.get("kind", ()))]
    title = "What the program cost" + (": " + " and ".join(drawn) if drawn else "")
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
