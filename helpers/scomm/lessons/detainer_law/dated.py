"""Lesson 3's rows as they stood on ``p.as_of``: events, sources and free text cut to that day.

Every function here reads the kit's tables only through ``p.world`` (the tables as public on
``p.as_of``). Two extra cuts matter for this lesson:

- a Sources column names only documents published by ``as_of`` and counts the others;
- the engine's free-text columns (a regime's summary, what it leaves out, its note) were written
  with hindsight, so a sentence naming a year or date after ``as_of`` is left out and counted.

The free-text cut is ``scomm.course.hindsight`` (shared with the engine's explanations).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from scomm.course import timeline
from scomm.course.counts import count_of
from scomm.course.hindsight import present, regime_name
from scomm.course.params import Params
from scomm.course.tables import Table
from scomm.lessons.shared import events, sources_cells

__all__ = ["events", "events_table", "present", "regime_name", "sources_cell", "with_later"]


def sources_cell(ids: Iterable[str], p: Params) -> str:
    """One Sources cell: ids published by ``p.as_of`` and a count of the rest (``shared.sources_cells``)."""
    return sources_cells([ids], as_of=p.as_of)[0]


def with_later(caption: str, count: int, what: str) -> str:
    """A caption, with "; 2 more events became public later" when ``count`` is not zero."""
    if not count:
        return caption
    return f"{caption}; {count_of(count, 'more ' + what)} became public later"


def events_table(p: Params, rows: pd.DataFrame, caption: str, *, later: int = 0) -> Table:
    """Events as a table for students: when (as precisely as known), what happened, public sources."""
    frame = pd.DataFrame(
        {
            "When": [timeline.when(d, x) for d, x in zip(rows["date"], rows["date_precision"], strict=True)],
            "What happened": rows["title"],
            "Details": [present(text, p.as_of)[0] for text in rows["description"]],
            "Sources": [sources_cell(ids, p) for ids in rows["source_ids"]],
        }
    )
    return Table(frame.reset_index(drop=True), with_later(caption, later, "event"))
