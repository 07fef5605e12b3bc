"""Annotations out of the kit and back: the W3C Web Annotation model (JSON-LD) and CSV.

- **W3C Web Annotation** JSON-LD (``to_w3c`` / ``from_w3c``), readable by other annotation
  tools. ``w3c_context.expand`` runs a JSON-LD expansion offline with the context in ``static/``.
- **CSV** (``to_csv`` / ``from_csv``) for spreadsheets, safe against formula injection.

>>> from types import SimpleNamespace
>>> from scomm.annotation.records import make
>>> doc = SimpleNamespace(doc_id="memo", text="ICE said participation is voluntary.", sha256="0" * 64)
>>> note = make(doc, 9, 35, annotator="s1", tag="claim", stance="voluntary")
>>> from_w3c(to_w3c([note])) == [note]
True
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from scomm.annotation.records import FIELDS, Annotation, AnnotationError, Doc, Loaded, check_field
from scomm.annotation.w3c_context import ANNO_CONTEXT, EXTENSION_CONTEXT
from scomm.annotation.w3c_read import read
from scomm.course.sheets import csv_text, unsafe_cell

PURPOSES = ("tagging", "classifying", "commenting")  # body purposes, in the order bodies are written
EMPTY_LABEL = "No annotations: this collection is empty."
#: The longest cell ``from_csv`` reads: far above any field an annotation may have (``MAX_QUOTE``).
MAX_CELL = 64 * 1024


# -- W3C Web Annotation ---------------------------------------------------------------------------


def _bodies(ann: Annotation) -> list[dict]:
    values = {"tagging": ann.tag, "classifying": ann.stance, "commenting": ann.comment or None}
    return [
        {"type": "TextualBody", "purpose": purpose, "value": values[purpose], "format": "text/plain"}
        for purpose in PURPOSES
        if values[purpose] is not None
    ]


def _w3c_item(ann: Annotation, base: str) -> dict:
    bodies = _bodies(ann)
    motivations = [body["purpose"] for body in bodies]
    return {
        "id": f"{base}annotation:{ann.id}",
        "type": "Annotation",
        "created": utc_z(ann.created),
        "creator": {"type": "Person", "nickname": ann.annotator, "role": ann.role},
        "motivation": motivations[0] if len(motivations) == 1 else motivations,
        "body": bodies,
        "target": {
            "source": f"{base}doc:{quote(ann.doc_id, safe='')}#sha256={ann.doc_sha256}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": ann.exact, "prefix": ann.prefix, "suffix": ann.suffix},
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
        "anchorStatus": ann.anchor_status,
    }


def utc_z(created: str) -> str:
    """A UTC time as the W3C model writes it (3.3.1), with ``Z`` rather than ``+00:00``.

    >>> utc_z("2026-11-22T10:00:00+00:00")
    '2026-11-22T10:00:00Z'
    """
    return created[: -len("+00:00")] + "Z" if created.endswith("+00:00") else created


def to_w3c(anns: Iterable[Annotation], *, base: str = "urn:scomm:") -> dict:
    """An ``AnnotationCollection`` (W3C Web Annotation Data Model, JSON-LD) of the annotations.

    With none, the collection says so in its label and has no page (the model asks for a
    first page only when there are annotations).
    """
    items = [_w3c_item(ann, base) for ann in anns]
    digest = uuid.uuid5(uuid.NAMESPACE_URL, " ".join(item["id"] for item in items)).hex[:12]
    collection = f"{base}collection:{digest}"  # the same annotations give the same collection id
    found: dict[str, Any] = {
        "@context": [ANNO_CONTEXT, EXTENSION_CONTEXT],
        "id": collection,
        "type": "AnnotationCollection",
        "total": len(items),
    }
    if not items:
        return {**found, "label": EMPTY_LABEL}
    return {**found, "first": {"id": f"{collection}:page:1", "type": "AnnotationPage", "items": items}}


#: The largest W3C file ``read_w3c`` opens: a class's export is a few megabytes.
MAX_W3C_BYTES = 32 * 1024 * 1024


def read_w3c(path: Path | str, *, doc: Doc | None = None) -> Loaded:
    """The annotations in a W3C JSON-LD file (``from_w3c``); ``AnnotationError`` if it is not JSON.

    >>> read_w3c("/nowhere.jsonld")
    Traceback (most recent call last):
    ...
    scomm.annotation.records.AnnotationError: /nowhere.jsonld cannot be read (No such file or directory).
    """
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_W3C_BYTES + 1)
    except OSError as error:
        raise AnnotationError(f"{path} cannot be read ({error.strerror}).") from None
    if len(raw) > MAX_W3C_BYTES:
        raise AnnotationError(f"{path} is larger than the {MAX_W3C_BYTES:,} bytes an annotation file may be.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise AnnotationError(f"{path} is not UTF-8 text (byte {error.start}).") from None
    except RecursionError:
        raise AnnotationError(f"{path} is nested too deeply to be an annotation file.") from None
    except ValueError as error:
        raise AnnotationError(f"{path} is not JSON ({error}).") from None
    return from_w3c(data, doc=doc)


def from_w3c(data: object, *, base: str = "urn:scomm:", doc: Doc | None = None) -> Loaded:
    """Annotations from a collection, page, single annotation or list: the kit's export, or any
    W3C annotation with a TextQuoteSelector, placed on ``doc`` (``scomm.annotation.w3c_read``).

    Items that cannot be read are listed in ``.skipped``, defaults given in ``.defaulted``.
    """
    return read(data, base=base, doc=doc)


# -- CSV ------------------------------------------------------------------------------------------


def to_csv(anns: Iterable[Annotation], path: Path | str) -> Path:
    """Write one row per annotation, every field a column; return the path.

    A cell that a spreadsheet could take for a formula gets a leading ``'``; ``from_csv`` removes it.
    """
    path = Path(path)
    path.write_bytes(csv_bytes(anns))
    return path


def csv_bytes(anns: Iterable[Annotation]) -> bytes:
    """What ``to_csv`` writes: UTF-8 with a byte-order mark (so Excel reads accents), CRLF rows."""
    rows = [FIELDS, *(ann.to_record().values() for ann in anns)]
    return csv_text(rows, verbatim=True).encode("utf-8-sig")


def _from_row(row: Mapping[str, str]) -> Annotation:
    record: dict[str, Any] = {name: unsafe_cell(row[name] or "") for name in FIELDS}
    for name in ("start", "end"):
        check_field(record[name].isdigit(), name, record[name], "a whole number ≥ 0")
        record[name] = int(record[name])
    record["stance"] = record["stance"] or None
    return Annotation.from_record(record)


def from_csv(path: Path | str) -> Loaded:
    """Annotations from a CSV written by ``to_csv``; bad rows are skipped and listed in ``.skipped``.

    ``AnnotationError`` when the file cannot be read as a whole: columns missing, text that is
    not UTF-8, or a cell longer than ``MAX_CELL`` (the CSV reader stops there).
    """
    limit = csv.field_size_limit(MAX_CELL)  # a global setting: frictionless raises it to 2 GB
    try:
        return _read_csv(Path(path))
    except UnicodeDecodeError as error:
        raise AnnotationError(
            f"{path} is not UTF-8 text (byte {error.start}); save it as CSV UTF-8."
        ) from None
    finally:
        csv.field_size_limit(limit)


def _read_csv(path: Path) -> Loaded:
    found, skipped, number = [], [], 1
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        try:
            missing = [name for name in FIELDS if name not in (reader.fieldnames or [])]
            if missing:
                raise AnnotationError(
                    f"{path} lacks the columns {', '.join(missing)}; write it with scomm.annotation.interchange.to_csv."
                )
            for number, row in enumerate(reader, start=2):  # counted as a spreadsheet does: header = 1
                try:
                    found.append(_from_row(row))
                except ValueError as error:
                    skipped.append(f"row {number}: {error}")
        except csv.Error as error:  # a cell over the limit, a NUL byte...
            raise AnnotationError(f"{path}, row {number + 1}: the CSV cannot be read ({error}).") from None
    return Loaded(found, skipped)
