"""The kit's tables as they were public on one day: the only data a lesson's views may read.

A lesson run with ``as_of`` must show a student nothing that was not public that day. Rather
than trusting every view to remember a filter, views read their tables from a ``World``,
which has already cut them:

>>> world = World("2010-06-01")
>>> events = world.table("events")
>>> bool((events["date"] <= world.as_of).all())
True
>>> "st-2010-09-07-napolitano-lofgren-letter" in set(world.table("statements")["statement_id"])
False
>>> world.later("statements") > 0
True

When a row became public is declared in ``data/datapackage.json``, table by table, under the
resource property ``x-scomm-public`` (so the rule sits beside the fields it reads):

- ``date`` (and ``precision``): the row's own date. A month- or year-precision date counts only
  once its whole month or year has passed: an event the sources date only to "2010" is not
  known on 1 March 2010.
- ``became_public``: for documents written in private and released later (internal emails
  released under FOIA), the day the public could read them.
- ``sources: true``: the row is a finding or figure, known only once a source reporting it had
  been published (the earliest of its ``source_ids``).
- Every row that cites sources is also shown no earlier than its first source: an event public on
  its own day but reported only later waits for the report, so a student never meets a row whose
  only citation is "1 source published later" (``scomm.course.disclosure.waiting`` lists them).
- ``parent``: rows public with the row they belong to (a regime's rules, with the regime).
- ``members``: rows about other rows (a conflict between sources), public once all of them are
  (and, with ``became_public`` beside it, not before that day: a side told only in a later account).

A table with no ``x-scomm-public`` holds no dated facts (the names of places) and is public
throughout. A field may carry ``x-scomm-known-from: <column>`` (or a list of columns): its value is withheld
(blank) until that column's date (the latest of them), so a regime in force shows no end date
before it ended, nor before a source reporting the end could be read.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from scomm.course import data, days
from scomm.course.kept import kept

PUBLIC = "x-scomm-public"
KNOWN_FROM = "x-scomm-known-from"
HORIZON = "x-scomm-knowledge-horizon"
#: Before any date the kit knows: the public-from date of rows that were always public.
ALWAYS = pd.Timestamp("1900-01-01")


def certain_by(dates: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """The first day each date is certainly past: a 'month' date at its month's end, a 'year' at 31 December.

    >>> days = pd.Series(pd.to_datetime(["2010-01-01", "2010-03-01", "2010-03-15"]))
    >>> [d.date().isoformat() for d in certain_by(days, pd.Series(["year", "month", "day"]))]
    ['2010-12-31', '2010-03-31', '2010-03-15']
    """
    if precision is None:
        return pd.Series(dates, dtype="datetime64[ns]")
    return pd.Series(
        [days.latest(d, p) if pd.notna(d) else d for d, p in zip(dates, precision, strict=True)],
        index=dates.index,
        dtype="datetime64[ns]",
    )


def horizon(data_dir: Path | None = None) -> pd.Timestamp | None:
    """The last day the data package claims to describe (``x-scomm-knowledge-horizon``), if it says."""
    value = data.descriptor(data_dir).get(HORIZON)
    return pd.Timestamp(value) if value else None


@dataclass(frozen=True)
class World:
    """Every table of the kit cut to what was public on ``as_of``."""

    as_of: pd.Timestamp
    data_dir: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "as_of", pd.Timestamp(self.as_of).normalize())

    def table(self, name: str) -> pd.DataFrame:
        """The rows of one table public on ``as_of``, with fields not yet known left blank."""
        folder = _folder(self.data_dir)
        return _cut(folder, name, data.digest(folder), self.as_of).copy()

    def later(self, name: str, **equal: object) -> int:
        """How many rows of one table became public after ``as_of`` (their content stays hidden).

        ``equal`` counts only rows whose columns hold those values, e.g. ``later("excerpts", lesson=1)``.
        """
        folder = _folder(self.data_dir)
        waiting = (_public_from(folder, name, data.digest(folder)) > self.as_of).to_numpy().copy()
        if equal:
            frame = data.load(name, data_dir=folder)
            for column, value in equal.items():
                waiting &= (frame[column] == value).to_numpy()
        return int(waiting.sum())

    def csv_text(self, name: str) -> str:
        """The table's CSV file as public on ``as_of``: the rows ``table`` holds, in the file's own
        spelling (unparsed), each field not yet known left blank, as a download offers them.

        >>> text = World("2010-06-01").csv_text("events")
        >>> text.splitlines()[0].startswith("event_id,"), "2017-01-25" in text
        (True, False)
        """
        folder = _folder(self.data_dir)
        frame = data.load(name, data_dir=folder)
        public = (_public_from(folder, name, data.digest(folder)) <= self.as_of).to_numpy()
        unknown = _unknown(frame, _fields(folder, name), self.as_of)
        path = folder / data.resource(name, data_dir=folder)["path"]
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header, *rows = list(csv.reader(handle))
        if len(rows) != len(frame):  # load() read the same file: a mismatch means it changed meanwhile
            raise data.DataError(f"{path} changed while it was read; build again")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        hidden = [unknown.get(column) for column in header]
        for n, row in enumerate(rows):
            if public[n]:
                writer.writerow(
                    ["" if m is not None and m[n] else cell for m, cell in zip(hidden, row, strict=True)]
                )
        return out.getvalue()

    def public_from(self, name: str) -> pd.Series:
        """The day each row of ``name`` became public, aligned with ``data.load(name)``."""
        folder = _folder(self.data_dir)
        return _public_from(folder, name, data.digest(folder)).copy()

    def public_days(self, name: str) -> Mapping[str, pd.Timestamp]:
        """The day each row of ``name`` became public, by its id (read-only; asked without copying a table).

        >>> World("2010-06-01").public_days("statements")["st-2010-09-07-napolitano-lofgren-letter"].date()
        datetime.date(2010, 9, 7)
        """
        folder = _folder(self.data_dir)
        return _days_by_id(folder, name, data.digest(folder))

    def public_ids(self, name: str) -> frozenset[str]:
        """The ids of the rows of ``name`` public on ``as_of``: those ``table(name)`` holds."""
        folder = _folder(self.data_dir)
        return _ids_by(folder, name, data.digest(folder), self.as_of)


def _folder(data_dir: Path | None) -> Path:
    return data.data_folder(data_dir)


def _fields(folder: Path, name: str) -> list[dict]:
    return data.resource(name, data_dir=folder)["schema"]["fields"]


def _unknown(frame: pd.DataFrame, fields: list[dict], as_of: pd.Timestamp) -> dict:
    """For each field withheld until a date (``x-scomm-known-from``), the rows not yet knowing it."""
    return {spec["name"]: _not_yet(frame, spec[KNOWN_FROM], as_of) for spec in fields if spec.get(KNOWN_FROM)}


def _not_yet(frame: pd.DataFrame, columns: str | list[str], as_of: pd.Timestamp) -> np.ndarray:
    """Rows where any of ``columns`` (one name or a list) holds a day after ``as_of``."""
    names = [columns] if isinstance(columns, str) else columns
    return frame[names].gt(as_of).any(axis=1).to_numpy()


def _withhold(frame: pd.DataFrame, fields: list[dict], as_of: pd.Timestamp) -> pd.DataFrame:
    # Every mask is taken before any field is blanked, so a field that withholds itself (a
    # regime's `ends`) cannot un-withhold the fields that depend on it, whatever their order.
    masks = _unknown(frame, fields, as_of)
    for column, unknown in masks.items():
        if unknown.any():
            frame.loc[unknown, column] = "" if frame[column].dtype == object else None
    return frame


@lru_cache(maxsize=256)
def _cut(folder: Path, name: str, digest: str, as_of: pd.Timestamp) -> pd.DataFrame:
    # Keyed on the day as well as the files: a kernel re-cuts nothing it has cut for that day,
    # and no other day's rows can reach it. Callers get a copy, so this one stays as cut.
    frame = data.load(name, data_dir=folder)
    public = _public_from(folder, name, digest) <= as_of
    frame = frame[public.to_numpy()].reset_index(drop=True)
    return _withhold(frame, _fields(folder, name), as_of)


@cache
def _days_by_id(folder: Path, name: str, digest: str) -> Mapping[str, pd.Timestamp]:
    # The latest day for an id the table holds twice, as a lookup by id would find it.
    ids = data.load(name, data_dir=folder)[data.primary_key(name, data_dir=folder)]
    days = pd.Series(_public_from(folder, name, digest).to_numpy(), index=ids.to_numpy())
    return MappingProxyType(days.groupby(level=0).max().to_dict())


@lru_cache(maxsize=256)
def _ids_by(folder: Path, name: str, digest: str, as_of: pd.Timestamp) -> frozenset[str]:
    public = (_public_from(folder, name, digest) <= as_of).to_numpy()
    ids = data.row_ids(name, data_dir=folder)  # once, not once a row: each call checks the files
    return frozenset(ids[n] for n in public.nonzero()[0])


@cache
def _public_from(folder: Path, name: str, digest: str) -> pd.Series:
    # `digest` keys the cache to the files' content; the dates do not depend on as_of.
    every = _every_public(folder, digest)
    return every[name] if name in every else _work_out(folder, name, digest)


#: Each data folder's public days of every table, as read from the cache or worked out (by content).
_EVERY: dict[tuple[Path, str], dict[str, pd.Series]] = {}
#: Held while a thread fills ``_EVERY`` (re-entrant: filling asks ``_public_from``): another waits.
_FILLING = threading.RLock()
#: The code the kept public days are worked out by (``scomm.course.kept``).
KEPT_CODE = (Path(__file__), Path(data.__file__), Path(days.__file__))


def _every_public(folder: Path, digest: str) -> dict[str, pd.Series]:
    """Every table's public days, as the last process to work them out kept them (``scomm.course.kept``)."""
    key = (folder, digest)
    with _FILLING:
        if key not in _EVERY:
            # Empty while this thread works them out: a table's days that need another's work that one out alone.
            _EVERY[key] = {}
            every = kept("public", digest, KEPT_CODE, lambda: _all_public_from(folder, digest))
            _EVERY[key] = every or {}
        return _EVERY[key]


def _all_public_from(folder: Path, digest: str) -> dict[str, pd.Series]:
    return {name: _public_from(folder, name, digest) for name in data.tables(folder)}


def _work_out(folder: Path, name: str, digest: str) -> pd.Series:
    rule = data.resource(name, data_dir=folder).get(PUBLIC)
    frame = data.load(name, data_dir=folder)
    if not rule:
        return pd.Series(ALWAYS, index=frame.index, dtype="datetime64[ns]")
    if "parent" in rule:
        return _from_parent(folder, frame, rule["parent"], digest)
    if "members" in rule:
        known = _from_members(folder, frame[rule["members"]], digest)
        # A summary may retell a side no member stands on (a later account): it waits for that too.
        return _later_of(known, frame[rule["became_public"]]) if rule.get("became_public") else known
    return _from_dates(folder, frame, rule, digest, None if name == "sources" else cited(frame))


def _from_dates(
    folder: Path, frame: pd.DataFrame, rule: dict, digest: str, sources: pd.Series | None
) -> pd.Series:
    known = pd.Series(ALWAYS, index=frame.index, dtype="datetime64[ns]")
    if rule.get("date"):
        precision = frame[rule["precision"]] if rule.get("precision") else None
        known = _later_of(known, certain_by(_as_dates(frame[rule["date"]]), precision))
    if rule.get("became_public"):
        known = _later_of(known, frame[rule["became_public"]])
    if sources is not None:
        # Whatever the row's own day, a student is shown it only once a source of it could be read
        # (so no row stands on "1 source published later" alone): see the module's docstring.
        known = _later_of(known, _earliest_source(folder, sources, digest))
    return known


def cited(frame: pd.DataFrame) -> pd.Series | None:
    """Each row's cited source ids as a tuple (``source_ids``, or a one-source ``source_id``), if it cites any.

    >>> cited(pd.DataFrame({"source_id": ["ice-2009-sop"]})).tolist()
    [('ice-2009-sop',)]
    """
    if "source_ids" in frame:
        return frame["source_ids"]
    if "source_id" in frame:
        return frame["source_id"].map(lambda s: (s,))
    return None


def _as_dates(column: pd.Series) -> pd.Series:
    if pd.api.types.is_integer_dtype(column):  # a bare year: known once the year is over
        return pd.to_datetime(column.astype("string") + "-12-31", errors="coerce").astype("datetime64[ns]")
    return column


def _later_of(first: pd.Series, second: pd.Series) -> pd.Series:
    return pd.concat([first, second.astype("datetime64[ns]")], axis=1).max(axis=1).astype("datetime64[ns]")


def _earliest_source(folder: Path, source_ids: pd.Series, digest: str) -> pd.Series:
    by_id = _days_by_id(folder, "sources", digest)
    return pd.Series(
        [min((by_id[s] for s in ids), default=ALWAYS) for ids in source_ids],
        index=source_ids.index,
        dtype="datetime64[ns]",
    )


def _from_parent(folder: Path, frame: pd.DataFrame, parent: str, digest: str) -> pd.Series:
    table, _, key = parent.partition(".")
    parents = data.load(table, data_dir=folder)
    by_key = dict(zip(parents[key], _public_from(folder, table, digest), strict=True))
    return pd.Series([by_key[k] for k in frame[key]], index=frame.index, dtype="datetime64[ns]")


def _from_members(folder: Path, members: pd.Series, digest: str) -> pd.Series:
    def known(member: str) -> pd.Timestamp:
        table, _, row_id = member.partition(":")
        return _days_by_id(folder, table, digest).get(row_id, pd.NaT)

    return pd.Series(
        [max((known(m) for m in row), default=ALWAYS) for row in members],
        index=members.index,
        dtype="datetime64[ns]",
    )
