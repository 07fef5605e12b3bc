"""Lesson 4's chart: the same SYNTHETIC bookings under three sets of federal rules.

The builder takes the counts it draws (``scomm.lessons.pep_transition.views.compare_regimes``)
and returns a chart finished in the course look, labelled synthetic in its title and description.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course.charts import HEIGHT, MUTED, PALETTE, WIDTH, finish

REQUEST_COLOURS = {"detainer": PALETTE[5], "notification": PALETTE[0], "none": MUTED}


def regime_comparison(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> alt.LayerChart:
    """The same SYNTHETIC bookings under several federal regimes: what ICE would request.

    ``frame``: regime, day, ice_request, bookings (see ``views.compare_regimes``).
    """
    order = list(dict.fromkeys(frame["regime"]))
    requests = [r for r in REQUEST_COLOURS if r in set(frame["ice_request"])]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("regime:N", sort=order, title="Federal rules in force", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "bookings:Q", title="Synthetic bookings matched to a removable person (count)", stack="zero"
            ),
            color=alt.Color(
                "ice_request:N",
                title="ICE would request",
                sort=requests,
                scale=alt.Scale(domain=requests, range=[REQUEST_COLOURS[r] for r in requests]),
            ),
            order=alt.Order("ice_request:N"),
        )
    )
    matched = int(frame.groupby("regime")["bookings"].sum().max())
    n = frame.attrs.get("n", matched)
    lines = "; ".join(
        f"{regime}: " + ", ".join(f"{r.bookings:,} {r.ice_request}" for r in part.itertuples())
        for regime, part in frame.groupby("regime", sort=False)
    )
    return finish(
        bars.properties(width=WIDTH - 100, height=HEIGHT),
        title="SYNTHETIC: the same bookings under three sets of federal rules",
        note=f"The {matched:,} of {n:,} invented bookings (scomm.policy.caseload) whose prints matched a removable non-citizen, "
        "run through scomm.policy.detainers in a county with no local limits. Not real cases: the record mix is calibrated "
        "to published shares (see the calibration table).",
        source_ids=frame.attrs.get("source_ids", ()),
        as_of=as_of,
        description=f"SYNTHETIC data. Stacked bar chart of the same {matched:,} invented matched bookings under each regime. {lines}.",
    )
