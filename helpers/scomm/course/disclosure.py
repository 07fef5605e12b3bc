"""Rows dated before anyone outside could read them: each must say when the public could.

A row public from its own date (``x-scomm-public: date``) is shown to a lesson from that day. That
is right for a public act (an announcement, a hearing, a vote, a court filing) and wrong for a
private document (a letter between agencies, an internal email) that the kit knows only through a
later publication. The data cannot tell the two apart by themselves, so the rule asks the row to
say which: when every source of a row was published more than ``GRACE`` after the row's date, the
row must carry an explicit ``became_public`` (its own date for a public act, the day of release or
publication otherwise, the earliest source's day where nothing is known).

A table whose rows are public only once a source is (``sources: true``) cannot show a row early
and is not checked. Nor, since, can any row be shown before its first source: a public act whose
every source came out later waits for the first one (``scomm.course.world``), and ``waiting`` lists
those rows, so a student never meets a row with nothing of its day to read. ``scomm validate`` runs the check; a lesson reads the same dates from
``scomm.course.world``.

>>> list(find_problems())
[]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from scomm.course import data
from scomm.course.csvfiles import Problem
from scomm.course.world import PUBLIC, World, certain_by, cited

#: How long after a row's date its first source may appear before the row must say when it became public:
#: a month covers a report of a meeting or a release printed days or weeks later.
GRACE = pd.Timedelta(days=31)


def find_problems(data_dir: Path | None = None) -> Iterator[Problem]:
    """Every row dated more than ``GRACE`` before all of its sources that does not say when it became public.

    Each problem names the file, the row (the header is row 1) and the column to fill.
    """
    folder = data.data_folder(data_dir)
    published = World("1900-01-01", data_dir=folder).public_days("sources")
    for name in _dated_tables(folder):
        yield from _table_problems(folder, name, data.resource(name, data_dir=folder)[PUBLIC], published)


def check(data_dir: Path | None = None) -> None:
    """Raise ``data.DataError`` naming the first rows that break the rule (see ``find_problems``)."""
    data.refuse(list(find_problems(data_dir)))


def waiting(data_dir: Path | None = None) -> Iterator[tuple[str, str, pd.Timestamp, pd.Timestamp]]:
    """Rows public on their own day whose every source came out later: ``(table, id, own day, shown from)``.

    A lesson shows each from its first source's day (``World.public_from``), not its own.

    >>> ("events", "ev-2012-06-daca-announced") in {(t, i) for t, i, *_ in waiting()}
    False
    """
    folder = data.data_folder(data_dir)
    world = World("1900-01-01", data_dir=folder)
    for name in _dated_tables(folder):
        frame, rule = data.load(name, data_dir=folder), data.resource(name, data_dir=folder)[PUBLIC]
        dated, declared = _own_days(frame, rule)
        own = pd.concat([dated, declared.astype("datetime64[ns]")], axis=1).max(axis=1)
        shown = world.public_from(name)
        ids = frame[data.primary_key(name, data_dir=folder)]
        for n in frame.index[(shown > own).to_numpy()]:
            yield name, ids[n], own[n], shown[n]


def _dated_tables(folder: Path) -> Iterator[str]:
    for name in data.tables(folder):
        rule = data.resource(name, data_dir=folder).get(PUBLIC) or {}
        if rule.get("date") and not rule.get("sources") and name != "sources":
            yield name


def _own_days(frame: pd.DataFrame, rule: dict) -> tuple[pd.Series, pd.Series]:
    """Each row's own date (certain by its precision) and its declared ``became_public`` (NaT where none)."""
    precision = frame[rule["precision"]] if rule.get("precision") else None
    dated = certain_by(frame[rule["date"]], precision)
    declared = (
        frame[rule["became_public"]] if rule.get("became_public") else pd.Series(pd.NaT, index=frame.index)
    )
    return dated, declared


def _table_problems(folder: Path, name: str, rule: dict, published: Mapping) -> Iterator[Problem]:
    frame = data.load(name, data_dir=folder)
    dated, declared = _own_days(frame, rule)
    sources = cited(frame)
    path = f"data/{data.resource(name, data_dir=folder)['path']}"
    ids = frame[data.primary_key(name, data_dir=folder)]
    for n in frame.index:
        first = min((published[s] for s in sources[n]), default=pd.NaT)
        if pd.isna(dated[n]) or pd.isna(first) or pd.notna(declared[n]) or first - dated[n] <= GRACE:
            continue
        column = rule.get("became_public") or "source_ids"
        yield Problem(path, n + 2, column, f"{ids[n]}: {_advice(dated[n], first, column)}")


def _advice(dated: pd.Timestamp, first: pd.Timestamp, column: str) -> str:
    gap = (
        f"dated {dated.date().isoformat()} but its first source was published on {first.date().isoformat()}, "
        "more than a month later"
    )
    if column == "source_ids":
        return f"{gap}; cite a source published within a month of the date"
    return (
        f"{gap}; give the day the public could read it: the row's own date for a public act its source shows "
        "was public then, else the day it was released or published, else the first source's day"
    )
