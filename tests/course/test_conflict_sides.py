"""A disagreement is shown only when every side it tells of could be read that day.

A conflict's summary retells its sources; one that names a source (by publisher or by kind,
"an encyclopedia account") while every cited source of that name was still unpublished would
tell a student of a document from the future.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from scomm.course import data
from scomm.course.world import World

EVERY_DAY = World("2100-01-01")


def _named_but_hidden(summary: str, cited: tuple[str, ...], day: pd.Timestamp) -> list[str]:
    """The publishers or kinds of source the summary names whose every cited source is later than ``day``."""
    sources = data.load("sources").set_index("source_id")
    published = EVERY_DAY.public_days("sources")
    by_name: dict[str, list[str]] = {}
    for source_id in cited:
        for name in {str(sources.at[source_id, "publisher"]), str(sources.at[source_id, "kind"])}:
            by_name.setdefault(name, []).append(source_id)
    return [
        name
        for name, ids in by_name.items()
        if re.search(rf"\b{re.escape(name)}\b", summary, re.IGNORECASE)
        and all(published[s] > day for s in ids)
    ]


def test_no_shown_disagreement_names_a_source_still_unpublished() -> None:
    conflicts = data.load("conflicts")
    shown_from = EVERY_DAY.public_from("conflicts")
    found = {
        row.conflict_id: _named_but_hidden(row.summary, tuple(row.source_ids), shown_from[n])
        for n, row in conflicts.iterrows()
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_each_side_of_a_shown_disagreement_has_a_public_source() -> None:
    published = EVERY_DAY.public_days("sources")
    for n, row in data.load("conflicts").iterrows():
        day = EVERY_DAY.public_from("conflicts")[n]
        for member in row.members:
            table, _, row_id = member.partition(":")
            frame = data.load(table)
            cited = frame.loc[frame[data.primary_key(table)] == row_id, "source_ids"].iloc[0]
            assert any(published[s] <= day for s in cited), (row.conflict_id, member)


@pytest.mark.parametrize(
    ("day", "shown"), [("2011-03-31", False), ("2012-06-30", False), ("2019-01-01", True)]
)
def test_the_mandate_dispute_waits_for_the_encyclopedia_account_it_retells(day: str, shown: bool) -> None:
    assert ("congressional-mandate" in World(day).public_ids("conflicts")) is shown
