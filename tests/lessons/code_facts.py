"""Figures and years a chart or table caption states in the kit's own words, and the rows it draws.

A chart's title and note, and a table's caption, are written in code; the rows come from the
data, cut to the lesson's ``as_of``. A figure or year the code writes into them must be one
the drawn rows hold (or ``as_of`` itself), so a fact cannot be typed into a caption, drift from
its row, or be shown before its row is public. The chart's description is written from its rows
and is checked as well; source captions (``Source: ... (2009)``) name documents, not facts.

What a chart draws counts as its rows where it comes from the data: numbers, dates, and text
found word for word in a cell of ``data/*.csv``. A label the code makes (``"Cost (1999)"``) is
the kit's words, so a year typed into it is not held by the rows.

>>> figures("ICE's estimate (2008): $930 million to $1,000 million; 82%")
['2008', '930', '1000', '82']
>>> sorted({"930", "2008", "11"} & held([{"value": 930000000.0, "period_end": "2008-11-16", "item": "Cost (1999)"}]))
['11', '2008', '930']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import altair as alt
import pandas as pd

from scomm.course import data
from scomm.course.tables import Table

#: A number as a caption writes it: 1,210; 47.7; 2008 (a day of the month or a count of 1-9 is a
#: word as often as a figure, so only numbers of two digits or more are held to the rows).
NUMBER = re.compile(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w-])")
#: Where the source caption starts in a chart's subtitle or a caption: documents' years, not facts.
SOURCES = re.compile(r"\b(?:Sources?: |No source)|\(data/")
#: A date as the data write it.
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:T[\d:.]+)?")
#: Columns of references, not facts (source ids carry years by design).
REFERENCE_COLUMNS = {"Sources", "Source", "Id", "source_ids", "source_id"}


def figures(text: str) -> list[str]:
    """The numbers of two digits or more in ``text``, without thousands separators."""
    found = [m.group(0).replace(",", "").rstrip(".") for m in NUMBER.finditer(text)]
    return [f.removesuffix(".0") for f in found if len(f.split(".")[0]) >= 2]


def _forms(value: float) -> set[str]:
    """How a figure may be written: as is, rounded, in millions or thousands."""
    forms = set()
    for scaled in (value, value / 1e6, value / 1e3, value * 100):
        for shown in (f"{scaled:.0f}", f"{scaled:g}", f"{scaled:.1f}"):
            forms.add(shown.removesuffix(".0"))
    return forms


@cache
def data_text() -> frozenset[str]:
    """Every text cell of every data table, as written."""
    cells: set[str] = set()
    for resource in data.descriptor()["resources"]:
        frame = data.load(resource["name"])
        for column in frame.columns:
            cells |= {v for v in frame[column] if isinstance(v, str)}
    return frozenset(cells)


def held(records: Iterable[dict], *, all_text: bool = False) -> set[str]:
    """Every figure the rows hold: numbers, dates, and the numbers in text from the data
    (``all_text``: in any text, as for a table's cells, which are what the student reads)."""
    found: set[str] = set()
    for record in records:
        for column, value in record.items():
            if column in REFERENCE_COLUMNS or value is None:
                continue
            if isinstance(value, bool):
                continue
            if isinstance(value, int | float):
                if value == value:  # not NaN
                    found |= _forms(float(value))
            elif all_text or ISO_DAY.fullmatch(str(value)) or str(value) in data_text():
                found |= set(figures(str(value))) | {f.lstrip("0") for f in re.findall(r"\d+", str(value))}
    return found


def _day_figures(as_of: pd.Timestamp) -> set[str]:
    return {str(as_of.year), f"{as_of.day:02d}", str(as_of.day), f"{as_of.month:02d}"}


def chart_text(chart: alt.TopLevelMixin) -> tuple[list[str], list[dict]]:
    """A chart's own words (title, note, description) and the rows it draws."""
    spec = chart.to_dict()
    title = spec.get("title", {})
    lines = title.get("subtitle", []) if isinstance(title, dict) else []
    subtitle = " ".join([lines] if isinstance(lines, str) else lines)
    note = SOURCES.split(subtitle, maxsplit=1)[0]
    heading = title.get("text", "") if isinstance(title, dict) else str(title)
    rows = [r for values in spec.get("datasets", {}).values() for r in values]
    return [heading, note, spec.get("description", "")], rows


def unheld(shown: object, as_of: pd.Timestamp) -> list[str]:
    """The figures a chart's or table's own words state that its rows do not hold at ``as_of``."""
    if isinstance(shown, Table):
        words = [SOURCES.split(shown.caption, maxsplit=1)[0]]
        known = held(shown.frame.astype(str).to_dict("records"), all_text=True)
    elif isinstance(shown, alt.TopLevelMixin):
        words, rows = chart_text(shown)
        known = held(rows)
    else:
        return []
    known |= _day_figures(as_of)
    return [f"{f!r} in {text[:90]!r}" for text in words for f in figures(text) if f not in known]
