"""Lesson 3's chart: how local limits on detainers spread, month by month, up to ``as_of``.

The builder takes the rows it draws (``scomm.lessons.detainer_law.views`` makes them from
``p.world``) and returns a chart finished in the course look, its description written from the
same rows. Each limit has its own row, labelled on the axis, so no two labels can overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from scomm.course.charts import HEIGHT, PALETTE, WIDTH, alt, as_of_rule, chartable, finish

#: Height of one limit's row in the lower panel, in pixels: room for one line of label.
ROW = 22


def limits_timeline(
    frame: pd.DataFrame, *, as_of: pd.Timestamp, starts: pd.DataFrame, source_ids: Sequence[str]
) -> alt.VConcatChart:
    """How many local limits were in force, month by month, and when each began (one row each).

    ``frame``: month, in_force (count); ``starts``: name, starts, until (its end, or ``as_of``).
    """
    first, last = frame["month"].min(), as_of
    # nice=False: a "nice" time scale would round the axis out past as_of (to a later year's ticks).
    scale = alt.Scale(domain=[first.isoformat(), last.isoformat()], nice=False)
    years = alt.Axis(format="%Y", tickCount="year")
    x = alt.X("month:T", title=None, scale=scale, axis=years)
    steps = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", color=PALETTE[0])
        .encode(x=x, y=alt.Y("in_force:Q", title="Limits in force", axis=alt.Axis(tickMinStep=1)))
    )
    top = alt.layer(steps, as_of_rule(as_of)).properties(width=WIDTH, height=HEIGHT // 2)
    panels = [top]
    if len(starts):
        bars = (
            alt.Chart(chartable(starts))
            .mark_bar(color=PALETTE[1], height=ROW - 8)
            .encode(
                x=alt.X("starts:T", title="Date", scale=scale, axis=years),
                x2="until:T",
                y=alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
                tooltip=["name:N", alt.Tooltip("starts:T", title="began")],
            )
            .properties(width=WIDTH, height=ROW * len(starts))
        )
        panels.append(bars)
    listing = "; ".join(f"{r.starts:%B %Y}: {r.name}" for r in starts.itertuples())
    shape = (
        f"from {frame['in_force'].min()} to {frame['in_force'].max()}, up to {as_of.day} {as_of:%B %Y}, "
        f"with a bar per limit from its start. Limits that had begun: {listing}."
        if listing  # "from 0 to 0 ... a bar per limit" read as a broken chart where none had begun
        else f"up to {as_of.day} {as_of:%B %Y}: none had begun, so the count is zero throughout."
    )
    return finish(
        alt.vconcat(*panels, spacing=8),
        title="Local limits on holding people for ICE, month by month up to the lesson's date",
        note="Counts only the local rules the kit's data record, not every limiting policy in the country.",
        source_ids=source_ids,
        as_of=as_of,
        description=f"Step chart of local limits on detainers in force, {shape}",
    )
