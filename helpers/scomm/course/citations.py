"""Source lines for captions, cut to what was published by the lesson's date.

A source's id and title often carry its year ("ice-2015-pep-brief"), so a caption at an earlier
``as_of`` must not name it: later sources are counted, never named.

>>> import pandas as pd
>>> caption(["ice-2009-sop", "wikipedia-scomm"], as_of=pd.Timestamp("2010-06-01"))
'Source: U.S. Immigration and Customs Enforcement (2009); and 1 source published later. Ids in data/sources.csv: ice-2009-sop.'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from scomm.course import data
from scomm.course.world import World


@lru_cache(maxsize=4)
def _named(_digest: str) -> dict[str, str]:
    # Each source as a caption names it, "Publisher (year)", once per data (a lesson shows dozens of captions).
    table = data.load("sources")
    return {
        row.source_id: f"{row.publisher}{'' if pd.isna(row.date) else f' ({row.date.year})'}"
        for row in table.itertuples()
    }


def split(source_ids: Iterable[str], *, as_of: pd.Timestamp | None) -> tuple[list[str], int]:
    """The ids published by ``as_of`` (in order, once each), and how many others were published later.

    ``as_of=None`` is for what does not depend on a date (a class's own annotations): all are public.
    """
    ids = list(dict.fromkeys(source_ids))
    if as_of is None:
        return ids, 0
    public = World(as_of).public_ids("sources")
    shown = [i for i in ids if i in public]
    return shown, len(ids) - len(shown)


def later_text(count: int) -> str:
    """'and 2 sources published later', or '' for none."""
    if not count:
        return ""
    return f"and {count} source{'' if count == 1 else 's'} published later"


def caption(source_ids: Iterable[str], *, as_of: pd.Timestamp | None) -> str:
    """A 'Source:' line naming each cited document's publisher and year, public ones only."""
    shown, later = split(source_ids, as_of=as_of)
    named = _named(data.digest())
    entries = list(dict.fromkeys(named[source_id] for source_id in shown))
    label = "Source" if len(entries) == 1 else "Sources"
    named = f"{label}: {'; '.join(entries)}" if entries else "No source published by then"
    parts = [named, later_text(later)] if later else [named]
    ids = f" Ids in data/sources.csv: {', '.join(shown)}." if shown else ""
    return "; ".join(parts) + "." + ids
