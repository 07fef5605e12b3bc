"""Lesson 3's chart: how local limits on detainers spread, month by month.

The builder takes the rows it draws (``scomm.lessons.detainer_law.views`` makes them) and returns
a chart finished in the course look, its description written from the same rows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course.charts import HEIGHT, PALETTE, WIDTH, as_of_rule, chartable, finish, source_ids_of


def limits_timeline(frame: pd.DataFrame, *, as_of: pd.Timestamp, starts: pd.DataFrame) -> alt.LayerChart:
    """How many local limits on detainers were in force, month by month, with each one's start labelled.

    ``frame``: month, in_force (count); ``starts``: regime rows (starts, name, source_ids).
    """
    source_ids = source_ids_of(starts)
    steps = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", color=PALETTE[0])
        .encode(
            x=alt.X("month:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(
                "in_force:Q",
                title="Local limits in force (count of regimes in the data)",
                axis=alt.Axis(tickMinStep=1),
            ),
        )
    )
    marked = chartable(starts).assign(label=[str(n)[:38] for n in starts["name"]])
    ticks = alt.Chart(marked).mark_rule(color=PALETTE[1], strokeDash=[2, 2]).encode(x="starts:T")
    labels = (
        alt.Chart(marked)
        .mark_text(angle=270, align="left", dx=4, dy=-3, fontSize=10, color="#444")
        .encode(x="starts:T", y=alt.value(HEIGHT - 4), text="label:N")
    )
    chart = alt.layer(steps, ticks, labels, as_of_rule(as_of)).properties(width=WIDTH, height=HEIGHT)
    listing = "; ".join(f"{r.starts:%B %Y}: {r.name}" for r in starts.itertuples())
    return finish(
        chart,
        title="Jails that stopped holding people for ICE: local limits over time",
        note="Counts only the local rules the kit's data record, not every limiting policy in the country.",
        source_ids=source_ids,
        as_of=as_of,
        description=f"Step chart of local limits on detainers in force, from {frame['in_force'].min()} to {frame['in_force'].max()}. "
        f"Dashed orange lines mark when each began: {listing}. A dashed black line marks as_of, {as_of.date().isoformat()}.",
    )
