"""When a question or a reading may be shown: once every record it rests on was public.

An exercise names the data rows it rests on (``rests_on``: ``"statements:st-..."``, ``"sources:..."``)
and a reading the sources it retells. Shown at an ``as_of`` before one of them was public, it would
hand a student a later fact (or a key built on one), so the lesson shows a short note instead;
only an instructor is told the day it opens:

>>> from scomm.course.params import validate
>>> rows = ["statements:st-2010-09-07-napolitano-lofgren-letter"]
>>> opens_on(validate("02_opt_out_dispute", as_of="2010-09-15"), rows).date().isoformat()
'2010-09-07'
>>> waiting(validate("02_opt_out_dispute", as_of="2010-06-01"), opens_on(validate("02_opt_out_dispute", as_of="2010-06-01"), rows), "This question")
'This question rests on records made public after 1 June 2010; it opens when the lesson is set on a later date.'
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from scomm.course import timeline
from scomm.course.params import Params
from scomm.course.world import ALWAYS


def opens_on(p: Params, rows: Iterable[str]) -> pd.Timestamp:
    """The first day every row (``"table:id"``) was public; a row the data lack counts as never."""
    by_table: dict[str, list[str]] = {}
    for row in rows:
        table, _, row_id = row.partition(":")
        by_table.setdefault(table, []).append(row_id)
    day = ALWAYS
    for table, ids in by_table.items():  # each table asked once, however many of its rows are named
        days = p.world.public_days(table)
        day = max(day, *(days.get(row_id, pd.Timestamp.max) for row_id in ids))
    return day


def waiting(p: Params, day: pd.Timestamp, what: str) -> str:
    """The note shown instead of ``what`` before ``day``; the day itself only to an instructor."""
    text = f"{what} rests on records made public after {timeline.when(p.as_of, 'day')}; it opens when the lesson is set on a later date."
    if p.instructor and day < pd.Timestamp.max:
        text += f" Instructor: it opens from {timeline.when(day, 'day')}."
    return text
