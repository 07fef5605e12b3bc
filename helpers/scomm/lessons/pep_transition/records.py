"""What the records show, beside what the rules say: real figures and both sides' evidence, as of ``p.as_of``.

Every figure here was counted by someone the table names (TRAC from ICE's own detainer records,
ICE and DHS, GAO) and is read from ``p.world``, so a figure appears only once a source reporting
it had been published.

>>> from scomm.course.params import validate
>>> early = monthly_detainers(validate("04_pep_transition", as_of="2014-11-20"))
>>> bool((early["end"] <= pd.Timestamp("2014-11-20")).all()), len(early) > 3
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from scomm.course import citations
from scomm.course.charts import alt, qualified
from scomm.course.drawings import drawn
from scomm.course.params import Params
from scomm.course.tables import SIDES, Table, words
from scomm.lessons.pep_transition.charts import detainers_per_month
from scomm.lessons.shared import dates

#: TRAC's shares of detainers by the records of the people who received them.
DETAINER_SHARES = (
    "share_detainers_no_conviction",
    "share_detainers_convicted",
    "share_detainers_felony",
    "share_detainers_serious",
    "share_detainer_forms",
)
#: The agency's own counts of whom the program found and removed, and all of ICE's removals.
AGENCY_FIGURES = (
    "identified_convicted",
    "identified_level1",
    "removals_level1",
    "removals_convicted",
    "ice_removals_all",
    "ice_removals_convicted",
    "share_ice_removals_convicted",
    "share_removals_convicted",
)


def sources_cell(ids: Iterable[str], as_of: pd.Timestamp) -> str:
    """A table's Sources cell: the ids published by ``as_of``; later ones only counted.

    >>> sources_cell(["truthout-2010", "wikipedia-scomm"], pd.Timestamp("2012-01-01"))
    'truthout-2010; and 1 source published later'
    >>> sources_cell(["wikipedia-scomm"], pd.Timestamp("2012-01-01"))
    '1 source published later'
    """
    shown, later = citations.split(ids, as_of=as_of)
    if not shown:  # nothing to name: say only how many came later
        return citations.later_text(later).removeprefix("and ") or "none"
    return "; ".join([*shown, citations.later_text(later)] if later else shown)


def _statistics(p: Params, metrics: Iterable[str]) -> pd.DataFrame:
    table = p.world.table("statistics")
    return table[table["metric"].isin(list(metrics))].sort_values(["period_end", "stat_id"])


def monthly_detainers(p: Params) -> pd.DataFrame:
    """TRAC's monthly detainer figures public on ``p.as_of``: single months and periods' monthly averages.

    Columns: start, end, middle, per_month, label, kind, source_ids.
    """
    table = p.world.table("statistics")
    one_month = (table["metric"] == "detainers_issued") & (
        table["period_start"].dt.to_period("M") == table["period_end"].dt.to_period("M")
    )
    rows = table[one_month | (table["metric"] == "detainers_per_month")].sort_values("period_start")
    return pd.DataFrame(
        {
            "start": rows["period_start"],
            "end": rows["period_end"],
            "middle": rows["period_start"] + (rows["period_end"] - rows["period_start"]) / 2,
            "per_month": rows["value"].astype(float),
            "label": rows["period_label"],
            "kind": ["one month" if m == "detainers_issued" else "monthly average" for m in rows["metric"]],
            "source_ids": rows["source_ids"],
        }
    ).reset_index(drop=True)


@drawn
def detainer_chart(p: Params) -> alt.LayerChart:
    """How many detainers ICE issued a month, by TRAC's counts, up to ``p.as_of`` (real figures)."""
    frame = monthly_detainers(p)
    ids = [source for cited in frame["source_ids"] for source in cited]
    return detainers_per_month(frame.drop(columns="source_ids"), as_of=p.as_of, source_ids=ids)


def _figures(p: Params, metrics: Iterable[str], caption: str) -> Table:
    rows = _statistics(p, metrics)
    frame = pd.DataFrame(
        {
            "Period": rows["period_label"],
            "What was counted": rows["label"],
            "Figure": [qualified(row) for _, row in rows.iterrows()],
            "Who counted, and how": rows["note"].fillna(""),
            "Sources": [sources_cell(ids, p.as_of) for ids in rows["source_ids"]],
        }
    )
    return Table(frame.reset_index(drop=True), caption)


def detainer_shares(p: Params) -> Table:
    """TRAC's reading of who received ICE's detainers: shares with no conviction, with a felony, and so on."""
    return _figures(p, DETAINER_SHARES, "Who received detainers, by TRAC's reading of ICE's records")


def agency_figures(p: Params) -> Table:
    """The figures ICE and DHS reported for the program: identifications, Level 1 removals, criminal removals."""
    return _figures(
        p,
        AGENCY_FIGURES,
        "The agency's figures: whom the program identified and removed",
    )


def _claims(p: Params, questions: Iterable[str], caption: str) -> Table:
    table = p.world.table("claims")
    rows = table[table["question"].isin(list(questions))].sort_values(["date", "claim_id"])
    frame = pd.DataFrame(
        {
            "Side": words(rows["side"], SIDES),
            "Who": rows["speaker"] + " (" + rows["role"] + ")",
            "When": dates(rows),
            "Claim": rows["claim"],
            "Evidence offered": rows["evidence"],
            "Sources": [sources_cell(ids, p.as_of) for ids in rows["source_ids"]],
        }
    )
    return Table(frame.reset_index(drop=True), caption)


def public_safety_debate(p: Params) -> Table:
    """Did the program make places safer? The agency's and supporters' case, and the critics', attributed."""
    return _claims(
        p,
        ["public-safety", "community-trust"],
        "Public safety and trust: each side's claims and evidence",
    )


def profiling_debate(p: Params) -> Table:
    """Did the program encourage racial profiling? Both sides' arguments and the research, attributed."""
    return _claims(p, ["profiling"], "Racial profiling: both sides' arguments and the research")
