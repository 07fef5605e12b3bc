"""The lesson's terms as they stood on its date: a term appears only once the thing it names existed.

>>> from scomm.course.params import validate
>>> def has_i247a(day):
...     return any("I-247A" in term for term in terms(validate("04_pep_transition", as_of=day)).frame["Term"])
>>> has_i247a("2017-04-01"), has_i247a("2017-04-02")
(False, True)
"""

from __future__ import annotations

import pandas as pd

from scomm.course import citations, data, timeline
from scomm.course.params import Params
from scomm.course.tables import Table

TABLE = "glossary"


def terms(p: Params) -> Table:
    """The terms ``p``'s lesson introduces that existed on ``p.as_of``, with their sources."""
    number = p.kit_lesson.number
    public = p.world.table(TABLE)
    rows = public[public["first_lesson"] == number].sort_values("term", key=lambda s: s.str.casefold())
    everything = data.load(TABLE)
    waiting = int(((everything["first_lesson"] == number) & (p.world.public_from(TABLE) > p.as_of)).sum())
    shown, later = citations.split((s for ids in rows["source_ids"] for s in ids), as_of=p.as_of)
    frame = pd.DataFrame(
        {
            "Term": rows["term"],
            "What it means": rows["definition"],
            "Sources": ["; ".join(i for i in ids if i in shown) for ids in rows["source_ids"]],
        }
    )
    more = f"; {waiting} more came into use after this day" if waiting else ""
    caption = f"Terms of this lesson as of {timeline.when(p.as_of, 'day')}{more}"
    return Table(
        frame.reset_index(drop=True), caption + (f"; {citations.later_text(later)}" if later else "")
    )
