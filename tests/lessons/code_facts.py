"""Figures and years a chart or table caption states in the kit's own words, and the rows it draws.

A chart's title and note, and a table's caption, are written in code; the rows come from the
data, cut to the lesson's ``as_of``. A figure or year the code writes into them must be one
the drawn rows hold (or ``as_of`` itself), so a fact cannot be typed into a caption, drift from
its row, or be shown before its row is public. The chart's description is written from its rows
and is checked as well; source captions (``Source: ... (2009)``) name documents, not facts.

What a chart draws counts as its rows where it comes from the data: numbers, dates, and text
found word for word in a cell of ``data/*.csv``. A label the code makes (``"Cost (1999)"``) is
the kit's words, so a year typed into it is not held by the rows. A step the kit describes in
its own words from a source (the booking flow's "hold up to 48 hours") is held by the rows that
cite a source the chart names, public at ``as_of`` (the regulation's excerpt says 48 hours).
Counts the kit makes of rows ("46 statements", "43 more became public later") are counts, not
facts typed in; invented data (``scomm.course.synthetic``) is not about the world.

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

from scomm.course import data, synthetic
from scomm.course.charts import SOURCES_KEY
from scomm.course.drawings import Drawing
from scomm.course.tables import Table
from scomm.course.world import World

#: A number as a caption writes it: 1,210; 47.7; 2008 (a day of the month or a count of 1-9 is a
#: word as often as a figure, so only numbers of two digits or more are held to the rows).
NUMBER = re.compile(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w-])")
#: Where the source caption starts in a chart's subtitle or a caption: documents' years, not facts.
SOURCES = re.compile(r"\b(?:Sources?: |No source)|\(data/")
#: A count of rows the kit makes: "43 more", "46 statements (16 voluntary, ...", "42 actions by 16".
COUNTED = re.compile(
    r"\b\d[\d,]* (?:more|statements?|actions?|jurisdictions?|voluntary|mandatory|ambiguous)\b"
)
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


@cache
def cited_rows(source_ids: tuple[str, ...], as_of: pd.Timestamp) -> tuple[dict, ...]:
    """Every row of every table public at ``as_of`` that cites one of ``source_ids``."""
    wanted, world, rows = set(source_ids), World(as_of), []
    for resource in data.descriptor()["resources"]:
        table = world.table(resource["name"])
        for column in ("source_ids", "source_id"):
            if column in table.columns:
                cites = [set(v) if isinstance(v, tuple | list) else {str(v)} for v in table[column]]
                keep = [bool(c & wanted) for c in cites]
                rows += table[keep].astype(str).to_dict("records")
    return tuple(rows)


def _cited(shown: object) -> list[str]:
    """The ids of the sources a chart's caption names (kept in its ``usermeta``: only the public ones)."""
    if not isinstance(shown, alt.TopLevelMixin):
        return []
    return list(shown.to_dict().get("usermeta", {}).get(SOURCES_KEY, []))


def _day_figures(as_of: pd.Timestamp) -> set[str]:
    return {str(as_of.year), f"{as_of.day:02d}", str(as_of.day), f"{as_of.month:02d}"}


def chart_text(chart: alt.TopLevelMixin) -> tuple[list[str], list[dict], str]:
    """A chart's own words (title, note, description), the rows it draws and its source caption."""
    spec = chart.to_dict()
    title = spec.get("title", {})
    lines = title.get("subtitle", []) if isinstance(title, dict) else []
    subtitle = " ".join([lines] if isinstance(lines, str) else lines)
    note = SOURCES.split(subtitle, maxsplit=1)[0]
    heading = title.get("text", "") if isinstance(title, dict) else str(title)
    rows = [r for values in spec.get("datasets", {}).values() for r in values]
    return [heading, note, spec.get("description", "")], rows, subtitle[len(note) :]


def unheld(shown: object, as_of: pd.Timestamp) -> list[str]:
    """The figures a chart's or table's own words state that its rows do not hold at ``as_of``."""
    if isinstance(shown, Drawing):
        shown = shown.chart()
    if isinstance(shown, Table):
        words = [SOURCES.split(shown.caption, maxsplit=1)[0]]
        known = held(shown.frame.astype(str).to_dict("records"), all_text=True)
    elif isinstance(shown, alt.TopLevelMixin) and not synthetic.in_chart(shown):
        words, rows, _ = chart_text(shown)
        known = held(rows)
    else:
        return []
    known |= _day_figures(as_of) | held(cited_rows(tuple(_cited(shown)), as_of), all_text=True)
    return [
        f"{f!r} in {text[:90]!r}" for text in words for f in figures(COUNTED.sub(" ", text)) if f not in known
    ]


#: Sentences of chart notes that state nothing about the world: how to read the chart.
READING_AIDS = (
    r"The dashed line marks the lesson's date\.",
    r"The data record no action by .+\.",
    r"Counts only the local rules the kit's data record, not every limiting policy in the country\.",
    r"Groups use different definitions and periods; compare within a group, not across groups\.",
    r"Diamonds: ICE's goals\.",
    r"\d+ more became public later and are not shown\.",
    r"Color and shape both mark the stance\.",
    r"A date known only to its month or year is drawn as a bar across the time it could fall in, its mark in the middle\.",
)

#: Sentences of chart notes that state a fact in the kit's words, with the rows that say it
#: (data/AUDIT.md, "Facts written in code"): shown only where one of those rows is public.
AUDITED = {
    "Real counts of every ICE detainer, from all ICE programs (not only Secure Communities or PEP).": (
        "statistics",
        ("st-trac-monthly-fy2012", "st-trac-oct-2011", "st-trac-detainers-fy2008-2012"),
    ),
    "A bar spans a period whose monthly average TRAC gave; a point marks one month's count.": (
        "statistics",
        ("st-trac-monthly-fy2012", "st-trac-oct-2011"),
    ),
}


def _row_text(rows: Iterable[dict]) -> set[str]:
    """The text values of drawn rows long enough to be words from the data (three words or more)."""
    return {str(v) for r in rows for v in r.values() if isinstance(v, str) and len(str(v).split()) >= 3}


def unsourced_notes(shown: object, as_of: pd.Timestamp) -> list[str]:
    """Sentences of a chart's note that are neither drawn from its rows (a figure the rows hold, a
    text of theirs) nor a reading aid, nor an audited fact whose rows are public at ``as_of``."""
    if isinstance(shown, Drawing):
        shown = shown.chart()
    if not isinstance(shown, alt.TopLevelMixin) or synthetic.in_chart(shown):
        return []
    (_, note, _), rows, _ = chart_text(shown)
    known, texts = held(rows) | _day_figures(as_of), _row_text(rows)
    found = []
    for sentence in filter(None, (s.strip() for s in re.split(r"(?<=\.)\s+", note))):
        if any(re.fullmatch(aid, sentence) for aid in READING_AIDS):
            continue
        if sentence in AUDITED:
            table, ids = AUDITED[sentence]
            if not set(ids) & set(World(as_of).table(table).iloc[:, 0]):
                found.append(f"{sentence!r}: none of its rows is public on {as_of.date()}")
            continue
        drawn = any(f in known for f in figures(sentence)) or any(t in sentence for t in texts)
        if not drawn:
            found.append(f"{sentence!r}: not drawn from the chart's rows, nor audited")
    return found
