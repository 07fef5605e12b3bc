"""Detainer holds (lesson 3): what the courts said, what holds cost, and how local limits spread.

The rules themselves live in ``scomm.policy.detainers``; this module turns them and the timeline
into the lesson's tables and charts.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course import timeline
from scomm.course.charts import HEIGHT, PALETTE, WIDTH, as_of_rule, chartable, finish, source_ids_of
from scomm.course.tables import Table
from scomm.policy import detainers
from scomm.policy.detainers import catalogue
from scomm.policy.detainers.model import DetainerError, say_day, say_start

FIRST_MONTH, LAST_MONTH = "2010-01-01", "2018-12-01"


def rulings(as_of: pd.Timestamp) -> Table:
    """The court decisions and the regulation the lesson turns on, as known on ``as_of``."""
    table = timeline.events(as_of=as_of, lesson=3)
    table = table[table["event_type"].isin(["ruling", "program", "lawsuit"])]
    return timeline.events_table(
        table, "The law of detainers: the regulation and the courts (data/events.csv)"
    )


def trust_act(as_of: pd.Timestamp) -> Table:
    """California's TRUST Act from passage to force, with what was public on ``as_of``."""
    table = timeline.events(as_of=as_of, public_only=True)
    table = table[(table["jurisdiction_id"] == "california") & (table["lesson"] == 3)]
    return timeline.events_table(
        table, "California's TRUST Act, as the public record stood (data/events.csv)"
    )


def limits_frame() -> pd.DataFrame:
    """How many local limits were in force at the start of each month."""
    months = pd.date_range(FIRST_MONTH, LAST_MONTH, freq="MS")
    return pd.DataFrame(
        {"month": months, "in_force": [len(detainers.limits_in_force(m.date())) for m in months]}
    )


def limits_chart(as_of: pd.Timestamp):
    """The spread of local limits over time."""
    starts = pd.DataFrame(
        [
            {"starts": pd.Timestamp(r.starts), "name": r.name, "source_ids": r.source_ids}
            for r in detainers.limits_in_force(pd.Timestamp(LAST_MONTH).date())
        ]
    ).sort_values("starts", ignore_index=True)
    return limits_timeline(limits_frame(), as_of=as_of, starts=starts)


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
        description=f"Step chart of local limits on detainers in force, from {frame['in_force'].min()} to {frame['in_force'].max()}. "
        f"Dashed orange lines mark when each began: {listing}. A dashed black line marks as_of, {as_of.date().isoformat()}.",
    )


# -- the rules, for students ---------------------------------------------------------------------------


def regimes_table() -> Table:
    """Every regime with its dates, what it did, what the engine leaves out, and its sources."""
    rules_now = catalogue.loaded()
    rows = []
    for regime in (*rules_now.federal, *rules_now.local):
        rows.append(
            {
                "Regime": regime.name,
                "Level": regime.level,
                "Where": ", ".join(rules_now.places[j]["name"] for j in regime.jurisdiction_ids),
                "From": say_start(regime),
                "Until": say_day(regime.ends) if regime.ends else "(no end in the kit's sources)",
                "What it did": regime.summary,
                "What the engine leaves out": regime.simplifications,
                "Sources": "; ".join(regime.source_ids),
                "Note": regime.note,
            }
        )
    return Table(
        pd.DataFrame(rows), "Detainer rules the engine applies: federal, then local (data/regimes.csv)"
    )


def rules_table(regime_id: str) -> Table:
    """One regime's rules in the order the engine tries them."""
    rules = catalogue.loaded().rules.get(regime_id)
    if rules is None:
        raise DetainerError(
            f"Unknown regime {regime_id!r}; choose one of {', '.join(catalogue.loaded().rules)}."
        )
    frame = pd.DataFrame(
        {
            "Order": [r.order for r in rules],
            "Answers": [r.request or "(any case)" for r in rules],
            "If": [r.condition.replace("_", " ") for r in rules],
            "Then": [r.outcome for r in rules],
            "Why": [r.reason.text for r in rules],
            "Sources": ["; ".join(r.reason.source_ids) for r in rules],
        }
    )
    return Table(frame, f"Rules of {regime_id}, first match wins (data/regime_rules.csv)")
