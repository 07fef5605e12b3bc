"""Lesson 3's rows as they stood on ``p.as_of``: events, sources and free text cut to that day.

Every function here reads the kit's tables only through ``p.world`` (the tables as public on
``p.as_of``). Two extra cuts matter for this lesson:

- a Sources column names only documents published by ``as_of`` and counts the others;
- the engine's free-text columns (a regime's summary, what it leaves out, its note) were written
  with hindsight, so a sentence naming a year or date after ``as_of`` is left out and counted.

>>> import pandas as pd
>>> day = pd.Timestamp("2012-06-01")
>>> present("Cook County acted in 2011. The program ended in 2014.", day)
('Cook County acted in 2011.', 1)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

import pandas as pd

from scomm.course import citations, timeline
from scomm.course.params import Params
from scomm.course.tables import Table

#: A year (1900-2099) standing alone, as in "in 2014" or "FY2015"; ids such as vox-2014 are not years.
_YEAR = re.compile(r"(?<![\w-])(?:FY\s?)?((?:19|20)\d\d)(?![\w-])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")


def present(text: str, as_of: pd.Timestamp) -> tuple[str, int]:
    """The sentences of ``text`` that tell of nothing after ``as_of``, and how many were left out.

    A sentence is left out when it names a later year, or ``as_of``'s own year together with a
    month still to come (or "mid-"): the free text gives no finer date to decide by.
    """
    kept, dropped = [], 0
    for sentence in _SENTENCE_END.split(str(text or "").strip()):
        if sentence and _is_later(sentence, as_of):
            dropped += 1
        elif sentence:
            kept.append(sentence)
    return " ".join(kept), dropped


def _is_later(sentence: str, as_of: pd.Timestamp) -> bool:
    years = [int(y) for y in _YEAR.findall(sentence)]
    if any(y > as_of.year for y in years):
        return True
    # A sentence naming only this year may still tell of a later month: keep it only at year's end.
    return as_of.year in years and as_of.month < 12 and _names_later_month(sentence, as_of)


_MONTHS = tuple(calendar.month_name[1:])


def _names_later_month(sentence: str, as_of: pd.Timestamp) -> bool:
    later = _MONTHS[as_of.month :]
    return any(re.search(rf"\b{m}\b", sentence) for m in later) or "mid-" in sentence.lower()


def regime_name(name: str, regime_id: str, as_of: pd.Timestamp) -> str:
    """A regime's name, or its id when the name points to a later year ("... before the 2012 guidance").

    >>> regime_name("Secure Communities before the 2012 guidance", "scomm-practice", pd.Timestamp("2011-06-01"))
    'scomm-practice'
    """
    return regime_id if present(name, as_of)[1] else name


def sources_cell(ids: Iterable[str], p: Params) -> str:
    """One Sources cell: ids published by ``p.as_of`` and a count of the rest."""
    shown, later = citations.split(ids, as_of=p.as_of)
    return "; ".join([*shown, citations.later_text(later)] if later else shown)


def with_later(caption: str, count: int, what: str) -> str:
    """A caption, with "; 2 more events became public later" when ``count`` is not zero."""
    if not count:
        return caption
    return f"{caption}; {count} more {what}{'' if count == 1 else 's'} became public later"


def events(p: Params) -> pd.DataFrame:
    """The events public on ``p.as_of``, oldest first."""
    return p.world.table("events").sort_values(["date", "event_id"], ignore_index=True)


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
