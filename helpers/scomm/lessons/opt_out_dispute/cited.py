"""Lesson 2's tables as it shows them: each row with the sources published by the lesson's day.

>>> from scomm.course.params import validate
>>> day(validate("02_opt_out_dispute", as_of="2010-09-15"))
'15 September 2010'
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from scomm.course import citations, timeline
from scomm.course.params import Params
from scomm.course.tables import Table


def day(p: Params) -> str:
    """The lesson's day, as its captions write it."""
    return timeline.when(p.as_of, "day")


def when(table: pd.DataFrame) -> list[str]:
    """Each row's date as the lesson writes it, to the precision the row gives."""
    return [timeline.when(d, s) for d, s in zip(table["date"], table["date_precision"], strict=True)]


def _cite(source_ids: Iterable[tuple[str, ...]], p: Params) -> tuple[list[str], str]:
    """Each row's sources published by ``p.as_of``, and a caption clause counting the later ones."""
    rows = [tuple(ids) for ids in source_ids]
    shown, later = citations.split((i for ids in rows for i in ids), as_of=p.as_of)
    public = set(shown)
    cells = ["; ".join(i for i in ids if i in public) for ids in rows]
    return cells, (f"; {citations.later_text(later)}" if later else "")


def cited_table(p: Params, columns: dict[str, Iterable], source_ids: Iterable, caption: str) -> Table:
    """A table of ``columns`` and a Sources column naming what was published by ``p.as_of``.

    The caption counts the sources published later, without naming them.
    """
    sources, later = _cite(source_ids, p)
    frame = pd.DataFrame({**{name: list(values) for name, values in columns.items()}, "Sources": sources})
    return Table(frame, caption + later)
