"""Lesson 3's views, detainer law: what the courts said, how local limits spread, and the rules the
simulator applies, with what the engine leaves out.

The rules themselves live in ``scomm.policy.detainers``; these views turn them and the timeline
into the lesson's tables and charts. Every view takes the lesson's parameters ``p``:

>>> from scomm.course.params import validate
>>> p = validate("03_detainer_law", focus="Cook County, IL", as_of="2014-06-01")
>>> len(rules_table(p, regime_id="pep")) > 0
True
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course import timeline
from scomm.course.params import Params
from scomm.course.tables import Table
from scomm.lessons.detainer_law.charts import limits_timeline
from scomm.lessons.shared import disagreements, focus_events
from scomm.policy import detainers
from scomm.policy.detainers import catalogue
from scomm.policy.detainers.model import DetainerError, say_day, say_start

__all__ = [  # what lesson 3's notebook shows: its own views and the shared ones it uses
    "disagreements",
    "focus_events",
    "limits_chart",
    "regimes_table",
    "rulings",
    "trust_act",
]

FIRST_MONTH, LAST_MONTH = "2010-01-01", "2018-12-01"


def rulings(p: Params) -> Table:
    """The court decisions and the regulation the lesson turns on, as known on ``p.as_of``."""
    table = timeline.events(as_of=p.as_of, lesson=3)
    table = table[table["event_type"].isin(["ruling", "program", "lawsuit"])]
    return timeline.events_table(
        table, "The law of detainers: the regulation and the courts (data/events.csv)"
    )


def trust_act(p: Params) -> Table:
    """California's TRUST Act from passage to force, with what was public on ``p.as_of``."""
    table = timeline.events(as_of=p.as_of, public_only=True)
    table = table[(table["jurisdiction_id"] == "california") & (table["lesson"] == 3)]
    return timeline.events_table(
        table, "California's TRUST Act, as the public record stood (data/events.csv)"
    )


def limits_frame(p: Params) -> pd.DataFrame:
    """How many local limits were in force at the start of each month."""
    months = pd.date_range(FIRST_MONTH, LAST_MONTH, freq="MS")
    return pd.DataFrame(
        {"month": months, "in_force": [len(detainers.limits_in_force(m.date())) for m in months]}
    )


def limits_chart(p: Params) -> alt.LayerChart:
    """The spread of local limits over time, with ``p.as_of`` marked."""
    starts = pd.DataFrame(
        [
            {"starts": pd.Timestamp(r.starts), "name": r.name, "source_ids": r.source_ids}
            for r in detainers.limits_in_force(pd.Timestamp(LAST_MONTH).date())
        ]
    ).sort_values("starts", ignore_index=True)
    return limits_timeline(limits_frame(p), as_of=p.as_of, starts=starts)


# -- the rules, for students ---------------------------------------------------------------------------


def regimes_table(p: Params) -> Table:
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


def rules_table(p: Params, *, regime_id: str) -> Table:
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
