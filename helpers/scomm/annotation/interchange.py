"""Annotations out of the kit and back: the W3C Web Annotation model (JSON-LD) and CSV.

- **W3C Web Annotation** JSON-LD (``to_w3c`` / ``from_w3c``), readable by other annotation
  tools. ``expand`` runs a JSON-LD expansion offline with the context in ``static/``.
- **CSV** (``to_csv`` / ``from_csv``) for spreadsheets, safe against formula injection.

>>> from types import SimpleNamespace
>>> from scomm.annotation.records import make
>>> doc = SimpleNamespace(doc_id="memo", text="ICE said participation is voluntary.", sha256="0" * 64)
>>> note = make(doc, 9, 35, annotator="s1", tag="claim", stance="voluntary")
>>> from_w3c(to_w3c([note])) == [note]
True
"""

from __future__ import annotations

import copy
import csv
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from scomm.annotation.records import FIELDS, Annotation, AnnotationError, Loaded, check_field
from scomm.course.sheets import csv_text, unsafe_cell

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCOMM_VOCAB = "urn:scomm:vocab#"
# Our two extension terms, declared beside the W3C context as the model's section 6 asks.
EXTENSION_CONTEXT = {"scomm": SCOMM_VOCAB, "role": "scomm:role", "anchorStatus": "scomm:anchorStatus"}
PURPOSES = ("tagging", "classifying", "commenting")  # body purposes, in the order bodies are written


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
        "created": ann.created,
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


def to_w3c(anns: Iterable[Annotation], *, base: str = "urn:scomm:") -> dict:
    """An ``AnnotationCollection`` (W3C Web Annotation Data Model, JSON-LD) of the annotations."""
    items = [_w3c_item(ann, base) for ann in anns]
    digest = uuid.uuid5(uuid.NAMESPACE_URL, " ".join(item["id"] for item in items)).hex[:12]
    collection = f"{base}collection:{digest}"  # the same annotations give the same collection id
    return {
        "@context": [ANNO_CONTEXT, EXTENSION_CONTEXT],
        "id": collection,
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"id": f"{collection}:page:1", "type": "AnnotationPage", "items": items},
    }


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _strip(value: object, head: str, field: str) -> str:
    check_field(isinstance(value, str) and value.startswith(head), field, value, f"an IRI starting {head!r}")
    return value[len(head) :]


def _selectors(target: Mapping) -> dict:
    found: dict[str, Any] = {"prefix": "", "suffix": ""}
    for selector in _as_list(target.get("selector")):
        kind = selector.get("type") if isinstance(selector, Mapping) else None
        if kind == "TextQuoteSelector":
            found.update({k: selector[k] for k in ("exact", "prefix", "suffix") if k in selector})
        elif kind == "TextPositionSelector":
            found.update({k: selector[k] for k in ("start", "end") if k in selector})
    missing = {"exact", "start", "end"} - set(found)
    check_field(not missing, "selector", sorted(missing), "a TextQuoteSelector and a TextPositionSelector")
    return found


def _body_values(item: Mapping) -> dict:
    motivations = _as_list(item.get("motivation"))
    values: dict[str, Any] = {"stance": None, "comment": ""}
    names = {"tagging": "tag", "classifying": "stance", "commenting": "comment"}
    for body in _as_list(item.get("body")):
        check_field(isinstance(body, Mapping), "body", body, "a TextualBody object")
        purpose = body.get("purpose", motivations[0] if len(motivations) == 1 else None)
        if purpose in names:
            values[names[purpose]] = body.get("value")
    check_field(
        "tag" in values, "body", item.get("body"), "a list holding a TextualBody with purpose 'tagging'"
    )
    return values


def _from_w3c_item(item: object, base: str) -> Annotation:
    check_field(
        isinstance(item, Mapping) and item.get("type") == "Annotation", "item", item, "an Annotation object"
    )
    target = item.get("target")
    check_field(isinstance(target, Mapping), "target", target, "an object with source and selector")
    source, _, sha = _strip(target.get("source"), f"{base}doc:", "target.source").partition("#sha256=")
    creator = item.get("creator")
    check_field(isinstance(creator, Mapping), "creator", creator, "a Person object with a nickname")
    return Annotation(
        id=_strip(item.get("id"), f"{base}annotation:", "id"),
        doc_id=unquote(source),
        doc_sha256=sha,
        annotator=creator.get("nickname"),
        role=creator.get("role", "student"),
        created=item.get("created"),
        anchor_status=item.get("anchorStatus", "exact"),
        **_selectors(target),
        **_body_values(item),
    )


def _w3c_items(data: object) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping) and data.get("type") == "AnnotationCollection":
        page = data.get("first", {"items": []})
        check_field(isinstance(page, Mapping), "first", page, "an AnnotationPage embedded in the collection")
        return _as_list(page.get("items"))
    if isinstance(data, Mapping) and data.get("type") == "AnnotationPage":
        return _as_list(data.get("items"))
    return [data]


def from_w3c(data: object, *, base: str = "urn:scomm:") -> Loaded:
    """Annotations from a collection, page, single annotation or list, as ``to_w3c`` writes them.

    Items that are not scomm annotations are skipped and listed in ``.skipped``.
    """
    found, skipped = [], []
    for number, item in enumerate(_w3c_items(data), start=1):
        try:
            found.append(_from_w3c_item(item, base))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            name = item.get("id", "") if isinstance(item, Mapping) else ""
            skipped.append(f"item {number} {name}: {error}".replace("  ", " "))
    return Loaded(found, skipped)


def jsonld_loader() -> Callable[..., dict]:
    """A pyld document loader that serves the Web Annotation context from this package, offline,
    and refuses every other URL."""
    context = json.loads(
        resources.files("scomm.annotation").joinpath("static/anno_context.jsonld").read_text("utf-8")
    )

    def load(url: str, options: object = None) -> dict:
        if url != ANNO_CONTEXT:
            raise AnnotationError(
                f"JSON-LD context {url!r} is not available offline; only {ANNO_CONTEXT} is."
            )
        return {
            "contextUrl": None,
            "documentUrl": url,
            "contentType": "application/ld+json",
            "document": copy.deepcopy(context),
        }

    return load


def expand(doc: Mapping) -> list:
    """The JSON-LD expansion of a document (every term written as its full IRI), offline."""
    from pyld import jsonld

    try:
        return jsonld.expand(copy.deepcopy(dict(doc)), {"documentLoader": jsonld_loader()})
    except jsonld.JsonLdError as error:
        if error.code not in ("loading remote context failed", "loading document failed"):
            raise
        url = (error.details or {}).get("url")
        raise AnnotationError(
            f"JSON-LD context {url!r} is not available offline; only {ANNO_CONTEXT} is."
        ) from error


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
    """Annotations from a CSV written by ``to_csv``; bad rows are skipped and listed in ``.skipped``."""
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in FIELDS if name not in (reader.fieldnames or [])]
        if missing:
            raise AnnotationError(
                f"{path} lacks the columns {', '.join(missing)}; write it with scomm.annotation.interchange.to_csv."
            )
        found, skipped = [], []
        for number, row in enumerate(reader, start=2):  # counted as a spreadsheet does: header = 1
            try:
                found.append(_from_row(row))
            except ValueError as error:
                skipped.append(f"row {number}: {error}")
    return Loaded(found, skipped)
