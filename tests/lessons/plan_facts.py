"""The data rows behind the dates and figures the instructor pages state about the history.

Instructors repeat what the plans say, so every historical date and figure in them must agree
with a row of ``data/`` (``lessons/AUDIT.md`` records the reading behind this check). A mention
(``plan_mentions``) is looked up among the rows that cite a source the same sentence (or, failing
that, the same table row or paragraph) cites; a sentence that cites nothing is looked up among all
rows, and the row must share a telling word with the words around the mention. A date matches a
row's own dates or a date its text states, at the precision the page gives: "May 2010" is matched
by 4 May 2010, "4 May 2010" only by that day. A figure matches a number the row holds or states,
rounded as the page rounds it ("3.4 million" for 3,376,753); a share matches only a share.

>>> [m.text for m in unsupported(mentions("Program switched on in Santa Clara County on 5 May 2010.", "x.md"))]
['5 May 2010']
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd
from plan_mentions import (
    PAGES,
    YEAR_PATTERN,
    Mention,
    all_mentions,
    dates_in,
    figures_in,
    mentions,
    page_units,
    source_ids,
    words,
)

from scomm.course import data


@dataclass(frozen=True)
class Row:
    """One data row as this check sees it: its sources, its dates and its figures."""

    table: str
    row_id: str
    sources: frozenset[str]
    dates: frozenset[tuple]
    figures: tuple[float, ...]
    public_from: pd.Timestamp
    percents: frozenset[float] = frozenset()
    words: frozenset[str] = frozenset()


@cache
def rows() -> tuple[Row, ...]:
    """Every row of every dated table, as sources, dates and figures."""
    found: list[Row] = []
    from scomm.course.world import World

    world = World("2025-01-20")
    for table in data.tables():
        frame = data.load(table)
        key = data.primary_key(table)
        public = world.public_from(table)
        for (_, row), day in zip(frame.iterrows(), public, strict=True):
            found.append(_row(table, str(row[key]) if key else "", row, day))
    return tuple(found)


def _row(table: str, row_id: str, row: pd.Series, public: pd.Timestamp) -> Row:
    sources = set(row.get("source_ids", ()) or ())
    if table == "sources":
        sources.add(row_id)
    dates: set[tuple] = set()
    figures: list[float] = []
    for column, value in row.items():
        if isinstance(value, pd.Timestamp) and pd.notna(value):
            dates.add((value.year, value.month, value.day))
        elif isinstance(value, float | int) and not isinstance(value, bool) and pd.notna(value):
            figures.append(float(value))
        elif isinstance(value, str) and column not in ("url", "seed_file"):
            dates.update(dates_in(value))
            figures.extend(figures_in(value))
            dates.update((int(y), 0, 0) for y in re.findall(rf"\b{YEAR_PATTERN}\b", value))
    texts = " ".join(str(v) for c, v in row.items() if isinstance(v, str) and c not in ("url", "seed_file"))
    percents = {float(n.replace(",", "")) for n in re.findall(r"(\d[\d,.]*)(?:%| percent)", texts)}
    if row.get("unit") == "percent":
        percents.update(float(row[c]) for c in ("value", "magnitude") if c in row and pd.notna(row[c]))
    return Row(
        table,
        row_id,
        frozenset(sources),
        frozenset(dates),
        tuple(figures),
        public,
        percents=frozenset(percents),
        words=frozenset(words(texts)),
    )


def candidates(mention: Mention) -> list[Row]:
    """The rows a mention must agree with: those citing a source its sentence cites, else all."""
    every = rows()
    if not mention.cited:
        return list(every)
    cited = set(mention.cited)
    return [row for row in every if row.sources & cited]


def holds(row: Row, mention: Mention) -> bool:
    """Whether one row holds the mention's date or figure, at the precision the page gives."""
    if mention.kind == "figure":
        # A share matches only a share: 26 counties do not support "26%".
        pool = row.percents if mention.text.endswith(("%", "percent")) else row.figures
        return any(_same_figure(value, mention.value) for value in pool)
    return any(_same_date(have, mention.value) for have in row.dates)


def supports(row: Row, mention: Mention) -> bool:
    """Whether one row holds the mention's date or figure and, if nothing is cited, shares a telling word."""
    held = holds(row, mention) and (mention.partner is None or holds(row, mention.partner))
    if mention.cited:
        return held
    # Uncited, the mention may match any row: it must also share a telling word with it.
    telling = {w for w in mention.near if _rare(w)}
    return held and (not telling or bool(telling & row.words))


def _rare(word: str) -> bool:
    # A word in more than one row in twelve ("county", "detainer") ties a mention to nothing.
    return _frequency().get(word, 0) * 12 < len(rows())


@cache
def _frequency() -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows():
        for word in row.words:
            counts[word] = counts.get(word, 0) + 1
    return counts


def _same_date(have: tuple, wanted: tuple) -> bool:
    if len(have) == 2:  # a month the row's text names
        return len(wanted) == 2 and have == wanted
    if have[1] == 0:  # a year the row's text names
        return len(wanted) == 1 and have[0] == wanted[0]
    return have[: len(wanted)] == wanted


def _same_figure(have: float, wanted: tuple) -> bool:
    number, decimals, scale = wanted
    if math.isclose(have, number, rel_tol=1e-9):
        return True
    step = scale * 10 ** (-decimals) if scale > 1 else None
    return step is not None and abs(have - number) <= step / 2 + 1e-6


def unsupported(mentions_: Iterable[Mention]) -> list[Mention]:
    """The mentions no candidate row supports."""
    checked = [_paired(m) for m in mentions_]
    return [m for m in checked if not any(supports(row, m) for row in candidates(m))]


def _paired(mention: Mention) -> Mention:
    # A partner no row states (a share the plan computes) binds nothing.
    if mention.partner is None:
        return mention
    if any(holds(row, mention.partner) for row in candidates(mention.partner)):
        return mention
    return dataclasses.replace(mention, partner=None)


__all__ = [
    "PAGES",
    "Mention",
    "Row",
    "all_mentions",
    "candidates",
    "holds",
    "mentions",
    "page_units",
    "rows",
    "source_ids",
    "supports",
    "unsupported",
]
