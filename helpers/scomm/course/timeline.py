"""The program's timeline: which phase it was in on a given day, what had happened by then, and
dates written only as precisely as the sources give them.

>>> phase("2011-03-31").name
'rollout'
>>> phase("2016-01-01").name
'pep'
>>> when(pd.Timestamp("2010-09-07"), "day"), when(pd.Timestamp("2011-08-01"), "month")
('7 September 2010', 'August 2011')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scomm.course import data
from scomm.course.days import when
from scomm.course.tables import Table, cited
from scomm.course.world import certain_by


@dataclass(frozen=True)
class Phase:
    """A stretch of the program's history with one set of federal rules."""

    name: str
    label: str
    starts: str  # ISO date the phase begins (inclusive)
    source_ids: tuple[str, ...]


# Boundaries are the dates of the documents that changed the rules; each cites its source.
PHASES = (
    Phase(
        "before",
        "Before Secure Communities: jails' fingerprints went to the FBI only",
        "1900-01-01",
        ("wikipedia-scomm",),
    ),
    Phase(
        "rollout",
        "Secure Communities: pilot and rollout, jail by jail",
        "2008-03-28",
        ("wikipedia-scomm", "ice-2009-strategic-plan"),
    ),
    Phase(
        "guidance-2012",
        "Secure Communities under ICE's December 2012 detainer guidance",
        "2012-12-21",
        ("ice-2012-detainer-guidance",),
    ),
    Phase(
        "discontinued",
        "Secure Communities ordered discontinued; the Priority Enforcement Program announced but not yet running",
        "2014-11-20",
        ("dhs-2014-scomm-memo",),
    ),
    Phase(
        "pep",
        "Priority Enforcement Program: requests for notification",
        "2015-07-01",
        ("dhs-2014-scomm-memo", "wikipedia-scomm"),
    ),
    Phase(
        "restored", "Secure Communities restored by Executive Order 13768", "2017-01-25", ("eo-13768-2017",)
    ),
)


def phase(as_of: str | pd.Timestamp) -> Phase:
    """The phase in force on ``as_of`` (the latest phase that had started by that day)."""
    day = pd.Timestamp(as_of)
    current = PHASES[0]
    for item in PHASES:
        if pd.Timestamp(item.starts) <= day:
            current = item
    return current


def events(
    *, as_of: str | pd.Timestamp | None = None, lesson: int | None = None, public_only: bool = False
) -> pd.DataFrame:
    """Timeline events in date order, optionally only those up to ``as_of`` or for one ``lesson``.

    With ``public_only``, an event counts only once it was public (internal emails count
    from their release under FOIA, not from the day they were written).
    """
    table = data.load("events").sort_values(["date", "event_id"], ignore_index=True)
    if lesson is not None:
        table = table[table["lesson"] == lesson]
    if as_of is not None:
        day = pd.Timestamp(as_of)
        happened = certain_by(table["date"], table["date_precision"])
        known = table["became_public"].fillna(happened) if public_only else happened
        table = table[known <= day]
    return table.reset_index(drop=True)


def for_jurisdiction(name: str, *, as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Events about one jurisdiction (by display name, as ``scomm.course.params`` returns it)."""
    places = data.load("jurisdictions")
    ids = set(places.loc[places["name"] == name, "jurisdiction_id"])
    table = events(as_of=as_of)
    return table[table["jurisdiction_id"].isin(ids)].reset_index(drop=True)


def conflict_sides(conflict_id: str) -> pd.DataFrame:
    """The events that take each side of one recorded disagreement."""
    table = events()
    return table[table["conflict_id"] == conflict_id].reset_index(drop=True)


def events_table(table: pd.DataFrame, caption: str) -> Table:
    """Events as a table for students: when (as precisely as known), what happened, sources."""
    frame = pd.DataFrame(
        {
            "When": [when(d, p) for d, p in zip(table["date"], table["date_precision"], strict=True)],
            "What happened": table["title"],
            "Details": table["description"],
            "Sources": cited(table["source_ids"]),
        }
    )
    return Table(frame, caption)
