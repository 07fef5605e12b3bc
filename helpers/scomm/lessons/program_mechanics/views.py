"""Lesson 1's views: the sourced numbers behind each chart and table, ready to show.

Each ``*_frame`` function returns tidy rows from ``data/statistics.csv`` (with their
``source_ids``); each ``*_chart`` function passes them to ``charts``. Tables for students come
back as ``Table``s with readable column names. Every view takes the lesson's parameters ``p``:

>>> from scomm.course.params import validate
>>> p = validate("01_program_mechanics", focus="Harris County, TX", as_of="2011-03-31")
>>> submissions_frame(p)["period_label"].tolist()[:2]
['FY2009', 'FY2010']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course import data, timeline
from scomm.course.charts import qualified
from scomm.course.params import Params
from scomm.course.tables import Prose, Table, cited, markdown
from scomm.lessons.program_mechanics import charts
from scomm.lessons.shared import disagreements, flow_chart, focus_events

__all__ = [  # what lesson 1's notebook shows: its own views and the shared ones it uses
    "costs_chart",
    "disagreements",
    "findings",
    "flow_chart",
    "focus_events",
    "offense_levels",
    "removals_chart",
    "rollout_chart",
    "status",
    "submissions_chart",
]

# How each share metric reads on the chart.
SHARE_MEASURES = {
    "share_noncriminal": "classed 'non-criminal' by ICE",
    "share_no_conviction": "not convicted of any crime",
    "share_not_convicted_serious": "never convicted of a serious crime",
    "share_convicted_serious": "convicted of a serious crime",
}


def _stats(*metrics: str) -> pd.DataFrame:
    table = data.load("statistics")
    return table[table["metric"].isin(metrics)].sort_values(["period_end", "stat_id"], ignore_index=True)


# -- rollout ----------------------------------------------------------------------------------------


def rollout_frame(p: Params) -> pd.DataFrame:
    """National counts of jurisdictions active, and ICE's stated goal."""
    table = _stats("jurisdictions_active", "jurisdictions_planned")
    return table[table["scope"] == "national"].reset_index(drop=True)


def rollout_chart(p: Params) -> alt.LayerChart:
    """Jurisdictions active over time, with both start dates, the lesson's jurisdiction and ``as_of``."""
    return charts.rollout(
        rollout_frame(p),
        as_of=p.as_of,
        starts=timeline.conflict_sides("program-start"),
        focus=p.jurisdiction,
        focus_events=timeline.for_jurisdiction(p.jurisdiction),
    )


# -- submissions ------------------------------------------------------------------------------------


def submissions_frame(p: Params) -> pd.DataFrame:
    """Fingerprint submissions to ICE by federal fiscal year, national."""
    table = _stats("submissions_to_ice")
    return table[table["scope"] == "national"].reset_index(drop=True)


def submissions_chart(p: Params) -> alt.LayerChart:
    """Fingerprint submissions by fiscal year; years reported after ``as_of`` are pale."""
    return charts.submissions(submissions_frame(p), as_of=p.as_of)


# -- who was removed --------------------------------------------------------------------------------


def removal_frame(p: Params) -> pd.DataFrame:
    """Shares of people removed by criminal record, one group per place and period.

    Where a source gives only counts (removals and non-criminal removals for the same
    period), the share is computed here and the row says so in ``note``.
    """
    places = data.load("jurisdictions").set_index("jurisdiction_id")["name"]
    shares = _stats(*SHARE_MEASURES).assign(note="")
    derived = _derived_noncriminal_share()
    frame = pd.concat([derived, shares], ignore_index=True) if len(derived) else shares
    group = [
        f"{places.get(j, 'United States')}, {timeline.when(s, 'month')} to {timeline.when(e, 'month')}"
        for j, s, e in zip(frame["jurisdiction_id"], frame["period_start"], frame["period_end"], strict=True)
    ]
    return frame.assign(group=group, measure=[SHARE_MEASURES[m] for m in frame["metric"]])


def _derived_noncriminal_share() -> pd.DataFrame:
    counts = _stats("removals", "removals_noncriminal")
    rows = []
    for (start, end, place), part in counts.groupby(["period_start", "period_end", "jurisdiction_id"]):
        by_metric = part.set_index("metric")
        if {"removals", "removals_noncriminal"} <= set(by_metric.index):
            total, non = by_metric.loc["removals"], by_metric.loc["removals_noncriminal"]
            rows.append(
                {
                    "stat_id": f"derived-{non['stat_id']}",
                    "metric": "share_noncriminal",
                    "value": round(100 * non["value"] / total["value"], 1),
                    "qualifier": "about",
                    "unit": "percent",
                    "period_start": start,
                    "period_end": end,
                    "jurisdiction_id": place,
                    "source_ids": tuple(dict.fromkeys(total["source_ids"] + non["source_ids"])),
                    "note": f"computed by the kit: {non['value']:,.0f} of {total['value']:,.0f} removals",
                }
            )
    return pd.DataFrame(rows)


def removals_chart(p: Params) -> alt.FacetChart:
    """Who was removed, by how serious their record was, as each source reports it."""
    return charts.removal_shares(removal_frame(p), as_of=p.as_of)


def offense_levels(p: Params) -> Table:
    """How each source defines ICE's offense levels, side by side (they differ)."""
    table = data.load("offense_levels").sort_values(["level", "definition_id"])
    frame = pd.DataFrame(
        {
            "Level": table["level"].astype(str),
            "Defined by": table["defined_by"],
            "Definition": table["definition"],
            "Sources": cited(table["source_ids"]),
        }
    )
    return Table(frame, "Offense levels as each source defines them (data/offense_levels.csv)")


# -- costs --------------------------------------------------------------------------------------------


def costs_frame(p: Params) -> pd.DataFrame:
    """Appropriations and ICE officials' cost estimate; a range becomes value to value_high."""
    table = _stats("appropriation", "estimated_cost")
    rows = []
    for metric, part in table.groupby("metric", sort=False):
        if metric == "estimated_cost":
            rows.append(
                {
                    "item": "ICE officials' estimate of total cost (2008)",
                    "kind": "estimate",
                    "value": part["value"].min(),
                    "value_high": part["value"].max() if len(part) > 1 else float("nan"),
                    "source_ids": tuple(dict.fromkeys(i for ids in part["source_ids"] for i in ids)),
                }
            )
        else:
            rows.extend(
                {
                    "item": f"Set aside by Congress, {r.period_label}",
                    "kind": "appropriation",
                    "value": r.value,
                    "value_high": float("nan"),
                    "source_ids": r.source_ids,
                }
                for r in part.itertuples()
            )
    return pd.DataFrame(rows)


def costs_chart(p: Params) -> alt.LayerChart:
    """What the program cost: appropriations and ICE officials' early estimate."""
    return charts.costs(costs_frame(p), as_of=p.as_of)


# -- studies and disagreements -------------------------------------------------------------------


def findings(p: Params) -> Table:
    """What later studies found, as a table for students."""
    table = data.load("findings").sort_values(["year", "finding_id"])
    frame = pd.DataFrame(
        {
            "Year": table["year"],
            "Outcome": table["outcome"].astype(str).str.replace("_", " "),
            "Finding": table["summary"],
            "Sources": cited(table["source_ids"]),
        }
    )
    return Table(frame, "What later studies found (data/findings.csv)")


# -- the day's status ---------------------------------------------------------------------------


def status(p: Params) -> Prose:
    """A short summary of where the program stood on ``p.as_of``, for the lesson's opening."""
    as_of, focus = p.as_of, p.jurisdiction
    current = timeline.phase(as_of)
    counts = rollout_frame(p)
    known = counts[(counts["period_end"] <= as_of) & (counts["qualifier"] != "target")]
    if len(known):
        latest = known.iloc[-1]
        count = (
            f"the latest count before that day was {qualified(latest)} jurisdictions "
            f"({timeline.when(latest['period_end'], 'month')}; {', '.join(latest['source_ids'])})"
        )
    else:
        count = "no count of active jurisdictions had been published by that day"
    events = timeline.for_jurisdiction(focus, as_of=as_of)
    return markdown(
        f"**On {timeline.when(as_of, 'day')}:** {current.label} ({', '.join(current.source_ids)}); {count}. "
        f"The timeline records {len(events)} event(s) in **{focus}** by then."
    )
