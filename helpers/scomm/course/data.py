"""Load the kit's tables as typed DataFrames, checked against ``data/datapackage.json``.

>>> events = load("events")
>>> str(events["date"].dtype)
'datetime64[ns]'
>>> "wikipedia-scomm" in set(load("sources")["source_id"])
True

The Frictionless Table Schema in ``datapackage.json`` is the one description of every
field: its type, whether it is required, its allowed values, and the keys between
tables. ``validate()`` checks the files against it with the ``frictionless`` library,
then checks what a Table Schema cannot say (every id in a ``source_ids`` list resolves;
each conflict and the rows it names point at each other). Validation takes about a
second, so its success is remembered, keyed by the sha256 of the files; a changed or
corrupted file is checked again on the next load.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import pandas as pd

from scomm.course import csvfiles
from scomm.course.conflict_links import conflict_problems
from scomm.course.csvfiles import Problem
from scomm.course.kept import kept
from scomm.course.layout import DATA_DIR, cache_dir
from scomm.errors import ScommError

DESCRIPTOR = "datapackage.json"
LIST_DELIMITER = ";"


class DataError(ScommError, ValueError):
    """A data file breaks its schema. The message names the file, row, column and problem."""


class UnknownTable(ScommError, KeyError):
    """A table name the data package does not have; the message lists the tables."""


def data_folder(data_dir: Path | None = None) -> Path:
    """The data folder (``data_dir``, else the kit's own) as an absolute path without links.

    An absolute spelling is resolved once: a lesson asks hundreds of times, and each ``resolve``
    reads every part of the path again (about a tenth of a second of a course's CPU).

    >>> data_folder() == data_folder(DATA_DIR) == Path(DATA_DIR).resolve()
    True
    """
    path = Path(data_dir or DATA_DIR)
    return _resolved(path) if path.is_absolute() else path.resolve()  # a relative one follows the cwd


@cache
def _resolved(path: Path) -> Path:
    return path.resolve()


def descriptor(data_dir: Path | None = None) -> dict:
    """The parsed ``datapackage.json``."""
    path = Path(data_dir or DATA_DIR) / DESCRIPTOR
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _descriptor(folder: Path, digest: str) -> dict:
    # Parsed once per content (`digest` covers datapackage.json): a lesson asks for it hundreds of
    # times. Shared, so the kit's own readers only read it.
    return descriptor(folder)


def tables(data_dir: Path | None = None) -> list[str]:
    """Names of the tables the data package describes, e.g. ``['sources', 'jurisdictions', ...]``."""
    return [resource["name"] for resource in descriptor(data_dir)["resources"]]


def load(name: str, *, data_dir: Path | None = None) -> pd.DataFrame:
    """Load one table, validated, with dates parsed, enums as categoricals and lists as tuples.

    Raises ``DataError`` naming file, row, column and problem when any table is corrupt,
    and ``KeyError`` listing the tables when ``name`` is not one of them.
    """
    folder = data_folder(data_dir)
    digest = _current_digest(folder)  # once: a lesson loads tables hundreds of times
    _validate(folder, digest)
    return _typed(folder, name, digest).copy()


def validate(data_dir: Path | None = None) -> None:
    """Check every table against the data package; raise ``DataError`` on the first problems."""
    folder = data_folder(data_dir)
    _validate(folder, _current_digest(folder))


def refuse(problems: Sequence[object], shown: int = 5) -> None:
    """Raise ``DataError`` naming the first ``shown`` problems and counting the rest; nothing if none.

    >>> refuse([])
    >>> refuse(["a.csv row 2", "a.csv row 3"], shown=1)
    Traceback (most recent call last):
    ...
    scomm.course.data.DataError: a.csv row 2 (and 1 more)
    """
    if problems:
        more = f" (and {len(problems) - shown} more)" if len(problems) > shown else ""
        raise DataError("; ".join(str(p) for p in problems[:shown]) + more)


def _validate(folder: Path, digest: str) -> None:
    if (folder, digest) in _VALID:
        return
    stamp = _stamp_path(digest)
    if stamp is not None and stamp.exists():
        _VALID.add((folder, digest))
        return
    refuse(list(find_problems(folder)))
    _VALID.add((folder, digest))
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass  # a read-only cache only costs time, never correctness


#: Data folders (with their content hash) this process has found valid: checked once, not per load.
_VALID: set[tuple[Path, str]] = set()


def find_problems(data_dir: Path | None = None) -> Iterator[Problem]:
    """Every problem in the data package: each file's shape, then the schema, then the kit's own checks.

    Each stage runs only when the one before found nothing: a file saved with semicolons, or
    a row with a stray quote, is named as such rather than as a dozen wrong values.
    """
    folder = data_folder(data_dir)
    for stage in (_shape_problems, _frictionless_problems, _reference_problems):
        problems = list(stage(folder))
        if problems:
            yield from problems
            return


def _shape_problems(folder: Path) -> Iterator[Problem]:
    """What a spreadsheet can do to a CSV file: its encoding, delimiter, header and row shapes."""
    try:
        resources = descriptor(folder)["resources"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # the schema stage names a descriptor it cannot read
    for resource in resources:
        yield from _file_shape(folder, resource)


def _file_shape(folder: Path, resource: dict) -> Iterator[Problem]:
    name = f"data/{resource.get('path', '?')}"
    try:
        rows = csvfiles.lines(csvfiles.decode_utf8((folder / resource["path"]).read_bytes(), name))
    except (OSError, KeyError):
        return  # a missing file is the schema stage's to name
    except csvfiles.CsvFileError as exc:
        yield Problem(name, None, None, str(exc).removeprefix(f"{name} "))
        return
    if not rows:
        return  # so is an empty one
    wrong_delimiter = csvfiles.delimiter_problem(name, rows[0])
    if wrong_delimiter:
        yield Problem(name, None, None, wrong_delimiter.removeprefix(f"{name} "))
        return
    header = csvfiles.header_cells(rows[0])
    fields = [field["name"] for field in resource.get("schema", {}).get("fields", [])]
    problems = list(csvfiles.header_problems(name, header, fields))
    yield from problems or csvfiles.row_problems(name, rows, header)


# -- validation -------------------------------------------------------------------------------


def _frictionless_problems(folder: Path) -> Iterator[Problem]:
    from frictionless import Package, system  # slow to import: only when files changed

    try:
        with system.use_context(trusted=True):
            report = Package(str(folder / DESCRIPTOR)).validate()
    except Exception as exc:  # frictionless raises on a descriptor it cannot read at all
        yield Problem(f"data/{DESCRIPTOR}", None, None, f"cannot be read as a data package: {exc}")
        return
    for error in report.errors:  # package-level: the descriptor itself is wrong
        yield Problem(f"data/{DESCRIPTOR}", None, None, error.message)
    for task in report.tasks:
        for error in task.errors:
            cell = getattr(error, "cell", None)
            problem = f"{error.type.replace('-', ' ')}: {error.note}"
            if cell not in (None, ""):
                problem = f"value {cell!r} fails ({problem})"
            yield Problem(
                f"data/{Path(task.place).name}",
                getattr(error, "row_number", None),
                getattr(error, "field_name", None) or None,
                problem,
            )


def _reference_problems(folder: Path) -> Iterator[Problem]:
    """What Table Schema cannot express: list-valued keys and two-way conflict links."""
    frames = {name: _raw(folder, name) for name in tables(folder)}
    known_sources = set(frames["sources"]["source_id"])
    keys = {name: _primary_key(folder, name) for name in frames}
    for name, frame in frames.items():
        if "source_ids" not in frame:
            continue
        for index, value in frame["source_ids"].items():
            for source_id in _split(value):
                if source_id not in known_sources:
                    yield Problem(
                        f"data/{name}.csv",
                        index + 2,
                        "source_ids",
                        f"source id {source_id!r} is not in data/sources.csv",
                    )
    yield from conflict_problems(frames, keys, _split)


# -- loading ----------------------------------------------------------------------------------


def _resource(folder: Path, name: str) -> dict:
    for resource in _descriptor(folder, _current_digest(folder))["resources"]:
        if resource["name"] == name:
            return resource
    raise UnknownTable(f"no table named {name!r}; the tables are {', '.join(tables(folder))}")


def _primary_key(folder: Path, name: str) -> str:
    return _resource(folder, name)["schema"]["primaryKey"][0]


def _raw(folder: Path, name: str) -> pd.DataFrame:
    path = folder / _resource(folder, name)["path"]
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@cache
def _typed(folder: Path, name: str, digest: str) -> pd.DataFrame:
    # `digest` is part of the cache key: edited files are re-read, unchanged ones are not.
    every = _every_typed(folder, digest)
    return every[name] if every and name in every else _parse(folder, name)


@cache
def _every_typed(folder: Path, digest: str) -> dict[str, pd.DataFrame] | None:
    # Every table, as the last process to parse these files left them (scomm.course.kept).
    return kept(
        _KEPT, digest, (Path(__file__),), lambda: {name: _parse(folder, name) for name in tables(folder)}
    )


#: The name of the typed tables in the cache (``scomm.course.kept``).
_KEPT = "tables"


def _parse(folder: Path, name: str) -> pd.DataFrame:
    frame = _raw(folder, name)
    for field in _resource(folder, name)["schema"]["fields"]:
        column = field["name"]
        kind = field.get("type", "string")
        enum = field.get("constraints", {}).get("enum")
        values = frame[column].replace("", None)
        if kind == "date":
            frame[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[ns]")
        elif kind == "integer":
            frame[column] = pd.to_numeric(values).astype("Int64")
        elif kind == "number":
            frame[column] = pd.to_numeric(values).astype("float64")
        elif kind == "list":
            frame[column] = [_split(v) for v in frame[column]]
        elif enum:
            frame[column] = pd.Categorical(values, categories=enum)
        else:
            frame[column] = frame[column].fillna("")
    return frame


def _split(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(value)
    return tuple(part.strip() for part in str(value or "").split(LIST_DELIMITER) if part.strip())


def _current_digest(folder: Path) -> str:
    """The content hash of the data files, recomputed only when a file's size or mtime changed."""
    with os.scandir(folder) as entries:  # one stat a file: a lesson asks hundreds of times
        stats = tuple(
            sorted(
                (e.name, *_size_and_time(e.stat()))
                for e in entries
                if e.name.endswith((".csv", ".json")) and not e.name.startswith(".")
            )
        )
    return _digest_for(folder, stats)


def _size_and_time(status: os.stat_result) -> tuple[int, int]:
    return status.st_size, status.st_mtime_ns


@cache
def _digest_for(folder: Path, stats: tuple) -> str:
    # `stats` is only the cache key: any edit changes a size or mtime and so forces a fresh hash.
    return _digest(folder)


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        if path.suffix in {".csv", ".json"}:
            sha.update(path.name.encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


def _stamp_path(digest: str) -> Path | None:
    folder = cache_dir("validated")
    return None if folder is None else folder / digest


# -- for the world as of a date (scomm.course.world) -------------------------------------------------


def resource(name: str, *, data_dir: Path | None = None) -> dict:
    """The descriptor of one table in ``datapackage.json`` (its fields and the kit's rules)."""
    return _resource(data_folder(data_dir), name)


def primary_key(name: str, *, data_dir: Path | None = None) -> str:
    """The column that names each row of one table, e.g. ``'event_id'``."""
    return _primary_key(data_folder(data_dir), name)


def row_ids(name: str, *, data_dir: Path | None = None) -> tuple[str, ...]:
    """The primary key of every row of one table, in ``load(name)`` order, without copying the table.

    >>> row_ids("sources")[:1] == tuple(load("sources")["source_id"][:1])
    True
    """
    folder = data_folder(data_dir)
    digest = _current_digest(folder)
    _validate(folder, digest)
    return _ids(folder, name, digest)


@cache
def _ids(folder: Path, name: str, digest: str) -> tuple[str, ...]:
    return tuple(_typed(folder, name, digest)[_primary_key(folder, name)])


def digest(data_dir: Path | None = None) -> str:
    """The content hash of the data files: anything cached from them is keyed by it."""
    return _current_digest(data_folder(data_dir))
