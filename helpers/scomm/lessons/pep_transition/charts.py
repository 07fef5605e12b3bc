"""Lesson 4's charts: what the rules SAY (SYNTHETIC bookings) and what the records show (TRAC's counts).

Each builder takes a frame its view made from ``p.world`` and returns a chart finished in the
course look. The synthetic chart is labelled SYNTHETIC by ``finish``, from its data's flag; the records chart
ends its time axis at ``as_of``.
"""

from __future__ import annotations

import pandas as pd

from scomm.course.charts import HEIGHT, MUTED, PALETTE, WIDTH, alt, as_of_rule, finish
from scomm.course.timeline import when
from scomm.policy.detainers import REQUESTS

#: Known requests get fixed colours; any other kind the engine names gets the next free one.
REQUEST_COLOURS = {"detainer": PALETTE[5], "notification": PALETTE[0], "none": MUTED}


def _colours(requests: list[str]) -> list[str]:
    spare = iter(c for c in PALETTE if c not in REQUEST_COLOURS.values())
    return [REQUEST_COLOURS.get(r) or next(spare) for r in requests]


def _on_form(form: object) -> str:
    return f" (Form {form})" if isinstance(form, str) and form else ""


def regime_comparison(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> alt.LayerChart:
    """The same SYNTHETIC bookings under several federal regimes: what ICE would request.

    ``frame``: regime, ice_request, bookings (see ``comparison.compare_regimes``).
    """
    order = list(dict.fromkeys(frame["regime"]))
    present = list(dict.fromkeys(frame["ice_request"]))
    requests = [r for r in REQUESTS if r in present] + [r for r in present if r not in REQUESTS]
    # What a screen reader is told of each bar, in words (Vega would name the data's columns).
    said = [
        f"{r.regime}: {r.bookings:,} bookings, the rules ask for {r.ice_request}{_on_form(r.form)}"
        for r in frame.itertuples()
    ]
    bars = (
        alt.Chart(frame.assign(said=said))
        .mark_bar()
        .encode(
            # No axis title: the regimes' names are long, and the description says they run oldest first.
            y=alt.Y("regime:N", sort=order, title=None, axis=alt.Axis(labelLimit=420)),
            x=alt.X("bookings:Q", title="Synthetic matched bookings (count)", stack="zero"),
            color=alt.Color(
                "ice_request:N",
                title="The rules ask for",
                sort=requests,
                scale=alt.Scale(domain=requests, range=_colours(requests)),
            ),
            order=alt.Order("ice_request:N"),
            description=alt.Description("said:N"),
            # Titled: a tooltip, and the label a screen reader is given, would name the columns.
            tooltip=[
                alt.Tooltip("regime:N", title="Rules"),
                alt.Tooltip("ice_request:N", title="The rules ask for"),
                alt.Tooltip("form:N", title="Form"),
                alt.Tooltip("bookings:Q", title="Bookings", format=","),
            ],
        )
    )
    matched = int(frame.groupby("regime")["bookings"].sum().max())
    n = frame.attrs.get("n", matched)
    lines = "; ".join(
        f"{regime}: "
        + ", ".join(f"{r.bookings:,} {r.ice_request}{_on_form(r.form)}" for r in part.itertuples())
        for regime, part in frame.groupby("regime", sort=False)
    )
    no_rule = frame.attrs.get("no_rule", ())
    if no_rule:
        lines += ". The kit's sources give no rule for: " + "; ".join(no_rule)
    return finish(
        bars.properties(width=WIDTH - 260, height=28 * len(order)),
        title="what each set of rules asks for, on the same invented bookings",
        note=f"The {matched:,} of {n:,} invented bookings whose prints matched a removable non-citizen, "
        "run through the kit's model of the detainer rules in a county with no local limits. What the written rules "
        "SAY, not what happened: no real case, hold or removal is counted here.",
        source_ids=frame.attrs.get("source_ids", ()),
        as_of=as_of,
        description=f"Stacked bar chart of the same {matched:,} invented matched bookings under "
        f"each set of federal rules, oldest first. {lines}.",
    )


def detainers_per_month(frame: pd.DataFrame, *, as_of: pd.Timestamp, source_ids: list[str]) -> alt.LayerChart:
    """TRAC's counts of the detainers ICE issued in a month, or a period's monthly average.

    ``frame``: start, end, per_month, label, kind ("one month" or "monthly average").
    """
    base = alt.Chart(frame).encode(
        y=alt.Y("per_month:Q", title="Detainers issued per month (TRAC's counts)"),
        tooltip=[
            alt.Tooltip("label:N", title="Period"),
            alt.Tooltip("per_month:Q", title="Per month", format=","),
        ],
    )
    days = alt.Scale(domain=[pd.Timestamp("2010-10-01"), as_of])
    # One tick a year: with "%Y" alone Vega ticks every quarter and writes each year four times.
    years = alt.Axis(format="%Y", tickCount="year")
    spans = base.mark_rule(strokeWidth=4, color=PALETTE[0]).encode(
        x=alt.X("start:T", title="Year", scale=days, axis=years), x2="end:T"
    )
    points = base.mark_point(filled=True, size=60, color=PALETTE[0]).encode(
        x=alt.X("middle:T", title="Year", scale=days, axis=years),
        shape=alt.Shape("kind:N", title="Figure"),
    )
    lines = "; ".join(f"{r.label}: {r.per_month:,.0f}" for r in frame.itertuples())
    return finish(
        (spans + points + as_of_rule(as_of)).properties(width=WIDTH, height=HEIGHT),
        title="Detainers ICE issued per month, as TRAC counted them from ICE's records",
        note="Real counts of every ICE detainer, from all ICE programs (not only Secure Communities or PEP). "
        "A bar spans a period whose monthly average TRAC gave; a point marks one month's count.",
        source_ids=source_ids,
        as_of=as_of,
        description=f"Chart of detainers ICE issued per month, up to {when(as_of, 'day')}. {lines}.",
    )
