"""Lesson 2's tables as it shows them: each row with the sources published by the lesson's day."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from scomm.course import citations
from scomm.course.params import Params
from scomm.course.tables import Table


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
