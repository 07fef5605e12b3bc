"""Detainer holds (lesson 3): what the courts said, what holds cost, and how local limits spread.

The rules themselves live in ``scomm.detainers``; this module turns them and the timeline
into the lesson's tables and charts.
"""

from __future__ import annotations

import pandas as pd

from scomm import timeline
from scomm.tables import Table

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
    from scomm import detainers

    months = pd.date_range(FIRST_MONTH, LAST_MONTH, freq="MS")
    return pd.DataFrame(
        {"month": months, "in_force": [len(detainers.limits_in_force(m.date())) for m in months]}
    )


def limits_chart(as_of: pd.Timestamp):
    """The spread of local limits over time."""
    from scomm import charts, detainers

    starts = pd.DataFrame(
        [
            {"starts": pd.Timestamp(r.starts), "name": r.name, "source_ids": r.source_ids}
            for r in detainers.limits_in_force(pd.Timestamp(LAST_MONTH).date())
        ]
    ).sort_values("starts", ignore_index=True)
    return charts.limits_timeline(limits_frame(), as_of=as_of, starts=starts)
