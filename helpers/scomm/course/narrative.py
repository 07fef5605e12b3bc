"""Dated passages of a lesson's narrative, each shown only from the day it could have been written.

A sentence that tells of an event, a figure or a later development does not belong in a
notebook's fixed Markdown, which every student sees whatever ``as_of`` is. It lives in
``data/narrative.csv`` instead, one row per passage, with the day it describes and its sources,
and ``data/datapackage.json`` says when a row becomes public (its date, the day a private record
was released, and the first of its sources to be published). The front's ``narrative(p, section)``
shows the section's public passages in date order, with their sources:

>>> from scomm.course.params import validate
>>> first_day = passages(validate("01_program_mechanics", as_of="2008-03-28"), "announcement")
>>> first_day["date"].dt.date.astype(str).tolist()
['2008-03-28']
"""

from __future__ import annotations

import pandas as pd

from scomm.course import citations, data, timeline
from scomm.course.counts import count_of
from scomm.course.params import Params
from scomm.course.tables import Prose, markdown
from scomm.errors import ScommError

TABLE = "narrative"


class UnknownSection(ScommError, KeyError):
    """A narrative section a lesson does not have; the message lists the ones it has."""

    def __str__(self) -> str:  # KeyError would wrap the sentence in quotes
        return str(self.args[0])


def passages(p: Params, section: str) -> pd.DataFrame:
    """The rows of one section of ``p``'s lesson public on ``p.as_of``, in date order."""
    number = p.kit_lesson.number
    everything = data.load(TABLE)
    mine = everything[everything["lesson"] == number]
    if section not in set(mine["section"]):
        have = ", ".join(sorted(set(mine["section"]))) or "none"
        raise UnknownSection(
            f"lesson {p.kit_lesson.slug} has no narrative section {section!r}; it has {have}"
        )
    public = p.world.table(TABLE)
    rows = public[(public["lesson"] == number) & (public["section"] == section)]
    return rows.sort_values(["date", "narrative_id"]).reset_index(drop=True)


def later(p: Params, section: str) -> pd.Series:
    """The days on which the section's passages not yet public on ``p.as_of`` become public."""
    everything = data.load(TABLE)
    public_from = p.world.public_from(TABLE)
    wanted = (everything["lesson"] == p.kit_lesson.number) & (everything["section"] == section)
    days = public_from[wanted.to_numpy()]
    return days[days > p.as_of].sort_values().reset_index(drop=True)


def passage(p: Params, section: str, *, until: str | None = None) -> Prose | None:
    """The section as text for students: its public passages and one source line; ``None`` if none.

    ``until`` is what the section says while none of its passages is public yet, where the
    lesson's text leads a reader to expect one (``{day}`` reads as the lesson's day).
    An instructor also sees how many passages open later and from when, so a lesson set early
    can be planned without surprises; a student never does.

    >>> from scomm.course.params import validate
    >>> passage(validate("02_opt_out_dispute", as_of="2010-05-04"), "closed", until="Nothing by {day}.").data
    'Nothing by 4 May 2010.'
    """
    rows = passages(p, section)
    parts = list(rows["text"])
    if parts:
        ids = [source for cited in rows["source_ids"] for source in cited]
        parts.append(f"*{citations.caption(ids, as_of=p.as_of)}*")
    elif until:
        parts.append(until.replace("{day}", timeline.when(p.as_of, "day")))
    opening = later(p, section)
    if p.instructor and len(opening):
        first = opening.iloc[0].date().isoformat()
        parts.append(
            f"> **Instructor note.** {count_of(len(opening), 'more passage')} "
            f"of this section open after as_of, the first on {first} (data/narrative.csv)."
        )
    return markdown("\n\n".join(parts)) if parts else None
