"""Lesson 1's views: the sourced numbers behind each chart and table, ready to show.

Each ``*_frame`` function returns tidy rows of ``statistics`` (with their ``source_ids``); each
``*_chart`` function passes them to ``charts``. Tables for students come back as ``Table``s
with readable column names. Every view takes the lesson's parameters ``p`` and reads its rows
from ``p.world``, so a figure published after ``p.as_of`` is not there to show:

>>> from scomm.course.params import validate
>>> p = validate("01_program_mechanics", focus="Harris County, TX", as_of="2011-03-31")
>>> submissions_frame(p)["period_label"].tolist()[:2]
['FY2009', 'FY2010']
>>> len(submissions_frame(validate("01_program_mechanics", as_of="2010-06-01")))
0
"""

from __future__ import annotations

import pandas as pd

from scomm.course import citations, timeline
from scomm.course.charts import alt, qualified
from scomm.course.counts import count_of
from scomm.course.drawings import drawn
from scomm.course.params import Params
from scomm.course.tables import Prose, Table, markdown, words
from scomm.lessons.program_mechanics import charts, rollout
from scomm.lessons.program_mechanics.evidence import agency_figures, claims, excerpts
from scomm.lessons.shared import (
    disagreements,
    events,
    flow_chart,
    focus_events,
    jurisdiction_events,
    lesson_day,
    sources_cells,
)

__all__ = [  # what lesson 1's notebook shows: its own views and the shared ones it uses
    "agency_figures",
    "claims",
    "costs_chart",
    "disagreements",
    "excerpts",
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


def _stats(p: Params, *metrics: str) -> pd.DataFrame:
    table = p.world.table("statistics")
    return table[table["metric"].isin(metrics)].sort_values(["period_end", "stat_id"], ignore_index=True)


# -- rollout ----------------------------------------------------------------------------------------


def rollout_frame(p: Params) -> pd.DataFrame:
    """National counts of jurisdictions active, and ICE's stated goal."""
    table = _stats(p, "jurisdictions_active", "jurisdictions_planned")
    return table[table["scope"] == "national"].reset_index(drop=True)


@drawn
def rollout_chart(p: Params) -> alt.LayerChart:
    """Jurisdictions active over time, with both start dates, the lesson's jurisdiction and ``as_of``."""
    starts = events(p)
    return rollout.rollout(
        rollout_frame(p),
        as_of=p.as_of,
        starts=starts[starts["conflict_id"] == "program-start"].reset_index(drop=True),
        focus=p.jurisdiction,
        focus_events=jurisdiction_events(p),
    )


# -- submissions ------------------------------------------------------------------------------------


def submissions_frame(p: Params) -> pd.DataFrame:
    """Fingerprint submissions to ICE by federal fiscal year, national."""
    table = _stats(p, "submissions_to_ice")
    return table[table["scope"] == "national"].reset_index(drop=True)


@drawn
def submissions_chart(p: Params) -> alt.LayerChart:
    """Fingerprint submissions by fiscal year, as far as counts had been published by ``as_of``."""
    return charts.submissions(submissions_frame(p), as_of=p.as_of)


# -- who was removed --------------------------------------------------------------------------------


def removal_frame(p: Params) -> pd.DataFrame:
    """Shares of people removed by criminal record, one group per place and period.

    Where a source gives only counts (removals and non-criminal removals for the same
    period), the share is computed here and the row says so in ``note``.
    """
    places = p.world.table("jurisdictions").set_index("jurisdiction_id")["name"]
    shares = _stats(p, *SHARE_MEASURES).assign(note="")
    derived = _derived_noncriminal_share(p)
    frame = pd.concat([derived, shares], ignore_index=True) if len(derived) else shares
    if frame.empty:
        return frame.assign(group=[], measure=[])
    labels = frame["period_label"] if "period_label" in frame else pd.Series("", index=frame.index)
    group = [
        f"{places.get(j, 'United States')}, {_period(s, e, label)}"
        for j, s, e, label in zip(
            frame["jurisdiction_id"], frame["period_start"], frame["period_end"], labels, strict=True
        )
    ]
    return frame.assign(group=group, measure=[SHARE_MEASURES[m] for m in frame["metric"]])


#: Period labels of figures whose source gives no period: the row's dates are the kit's stand-in.
PERIOD_NOT_GIVEN = ("as reported", "as cited")


def _period(start: pd.Timestamp, end: pd.Timestamp, label: object) -> str:
    """A figure's period as its source gives it: months from and to, or the source's own words
    where it gives no period ("as reported in 2010").

    >>> _period(pd.Timestamp("2008-10-01"), pd.Timestamp("2010-09-01"), "as reported in 2010")
    'as reported in 2010'
    """
    if isinstance(label, str) and label.startswith(PERIOD_NOT_GIVEN):
        return label
    return f"{timeline.when(start, 'month')} to {timeline.when(end, 'month')}"


def _derived_noncriminal_share(p: Params) -> pd.DataFrame:
    counts = _stats(p, "removals", "removals_noncriminal")
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


@drawn
def removals_chart(p: Params) -> alt.FacetChart:
    """Who was removed, by how serious their record was, as each source reports it."""
    return charts.removal_shares(removal_frame(p), as_of=p.as_of)


def offense_levels(p: Params) -> Table:
    """How each source defines ICE's offense levels, side by side (they differ)."""
    table = p.world.table("offense_levels").sort_values(["level", "definition_id"])
    frame = pd.DataFrame(
        {
            # The level's code as a reader says it: level-1 is "Level 1", non-criminal "Non-criminal".
            "Level": table["level"].astype(str).str.replace("level-", "Level ").str.capitalize(),
            "Defined by": table["defined_by"],
            "Definition": table["definition"],
            "Sources": sources_cells(table["source_ids"], as_of=p.as_of),
        }
    )
    return Table(frame, _caption(p, "offense_levels", "Offense levels as each source defines them"))


# -- costs --------------------------------------------------------------------------------------------


def costs_frame(p: Params) -> pd.DataFrame:
    """Appropriations and ICE officials' cost estimate; a range becomes value to value_high.

    Who made the estimate and when it was reported are the rows' (``label``, ``period_end``), so
    the chart cannot say more than its rows, or say it before they are public.
    """
    table = _stats(p, "appropriation", "estimated_cost")
    rows = []
    for metric, part in table.groupby("metric", sort=False):
        if metric == "estimated_cost":
            reported = part["period_end"].max()
            rows.append(
                {
                    "item": f"Estimate of total cost, reported {reported:%B %Y}",
                    "reported": reported,
                    # "ICE officials' estimate of the program's total cost: low end of their range"
                    "whose": part["label"].iloc[0].split(":")[0],
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
                    "reported": r.period_end,
                    "kind": "appropriation",
                    "value": r.value,
                    "value_high": float("nan"),
                    "source_ids": r.source_ids,
                }
                for r in part.itertuples()
            )
    return pd.DataFrame(rows)


@drawn
def costs_chart(p: Params) -> alt.LayerChart:
    """What the program cost: money Congress set aside and, once reported, ICE officials' estimate."""
    return charts.costs(costs_frame(p), as_of=p.as_of)


# -- studies and disagreements -------------------------------------------------------------------


def findings(p: Params) -> Table:
    """What studies published by ``p.as_of`` found, with the program each one studied."""
    table = p.world.table("findings").sort_values(["year", "finding_id"])
    frame = pd.DataFrame(
        {
            "Year": table["year"],
            "Program studied": table["program"].map(PROGRAMS).fillna(table["program"]),
            "Outcome": words(table["outcome"]),
            "Finding": table["summary"],
            "Sources": sources_cells(table["source_ids"], as_of=p.as_of),
        }
    )
    return Table(frame, _caption(p, "findings", "What studies had found"))


#: How ``findings.program`` reads in a table.
PROGRAMS = {
    "secure-communities": "Secure Communities",
    "287g": "287(g) agreements",
    "cap": "Criminal Alien Program",
    "pep": "Priority Enforcement Program",
}


def _caption(p: Params, table: str, title: str) -> str:
    """'<title> by <day> (data/<table>.csv)', counting the rows published later."""
    later = p.world.later(table)
    more = f"; {later} more became public later" if later else ""
    return f"{title} by {lesson_day(p)}{more}"


# -- the day's status ---------------------------------------------------------------------------


def status(p: Params) -> Prose:
    """A short summary of where the program stood on ``p.as_of``, for the lesson's opening."""
    as_of, focus = p.as_of, p.jurisdiction
    current = timeline.phase(as_of)
    counts = rollout_frame(p)
    known = counts[(counts["qualifier"] != "target") & (counts["unit"] == "jurisdictions")]
    if len(known):
        latest = known.iloc[-1]
        count = (
            f"the latest published count was {qualified(latest)} jurisdictions "
            f"({timeline.when(latest['period_end'], 'month')}; {citations.caption(latest['source_ids'], as_of=as_of).rstrip('.')})"
        )
    else:
        count = "no count of active jurisdictions had been published by that day"
    happened = len(jurisdiction_events(p))
    # The phase's name is hindsight until a source describing it is public (ICE's plan was
    # announced on 28 March 2008; the sources naming its rollout came later).
    shown, _later = citations.split(current.source_ids, as_of=as_of)
    named = (
        f"{current.label} ({citations.caption(current.source_ids, as_of=as_of).rstrip('.')}); "
        if shown
        else ""
    )
    return markdown(
        f"**On {timeline.when(as_of, 'day')}:** {named}{count}. "
        f"The timeline records {count_of(happened, 'event')} in **{focus}** by then."
    )
