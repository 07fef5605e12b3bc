"""Reading W3C Web Annotations: the kit's own export, and any annotation with a TextQuoteSelector.

Another tool's annotation (a target array as Hypothesis writes it, a creator given as an IRI,
``bodyValue``, the expanded JSON-LD form) becomes a kit annotation. Its position is computed
on the reading passed as ``doc`` from the quote and its context, and every field it lacks is
given a default that ``Loaded.defaulted`` lists, so nothing is filled in silently:

>>> from types import SimpleNamespace
>>> doc = SimpleNamespace(doc_id="memo", text="ICE said participation is voluntary.", sha256="0" * 64)
>>> hypothesis = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://hyp.is/a1",
...     "type": "Annotation", "creator": "acct:ana@hypothes.is", "bodyValue": "Says who?",
...     "target": [{"source": "https://example.org/memo", "selector": [{"type": "TextQuoteSelector",
...                 "exact": "participation is voluntary", "prefix": "ICE said "}]}]}
>>> loaded = read(hypothesis, doc=doc)
>>> (loaded[0].start, loaded[0].end, loaded[0].annotator, loaded[0].comment)
(9, 35, 'acct:ana@hypothes.is', 'Says who?')
>>> loaded.defaulted[0]
'item 1 https://hyp.is/a1: placed on the reading memo (its source was https://example.org/memo)'
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from scomm.annotation import anchoring
from scomm.annotation.records import (
    CONTEXT,
    ROLES,
    STANCES,
    STATUSES,
    Annotation,
    AnnotationError,
    Doc,
    Loaded,
    check_field,
    now,
)
from scomm.annotation.w3c_context import compacted

UNKNOWN_SHA = "0" * 64
_TEXT_PURPOSES = {"tagging": "tag", "classifying": "stance", "commenting": "comment", "describing": "comment"}


@dataclass
class _Reading:
    """One item being read: where the kit's export is recognised, and what was filled in."""

    item: Mapping
    base: str
    doc: Doc | None
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.notes.append(text)


def read(data: object, *, base: str = "urn:scomm:", doc: Doc | None = None) -> Loaded:
    """Annotations from a collection, page, single annotation or list, in any JSON-LD form.

    ``doc``: the reading the annotations are about; another tool's annotation is placed on it
    by its quote. Items that cannot be read are skipped and listed in ``.skipped``; defaults
    given are listed in ``.defaulted``.
    """
    found, skipped, defaulted = [], [], []
    for number, item in enumerate(_items(compacted(data)), start=1):
        name = item.get("id", "") if isinstance(item, Mapping) else ""
        where = f"item {number} {name}".rstrip() if isinstance(name, str) else f"item {number}"
        reading = _Reading(item, base, doc)
        try:
            found.append(_annotation(reading))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
            skipped.append(f"{where}: {error}")
            continue
        defaulted += [f"{where}: {text}" for text in reading.notes]
    return Loaded(found, skipped, defaulted)


def _items(data: object) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping) and "AnnotationCollection" in _as_list(data.get("type")):
        page = data.get("first", {"items": []})
        check_field(isinstance(page, Mapping), "first", page, "an AnnotationPage embedded in the collection")
        return _as_list(page.get("items"))
    if isinstance(data, Mapping) and "AnnotationPage" in _as_list(data.get("type")):
        return _as_list(data.get("items"))
    return [data]


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# -- one annotation ---------------------------------------------------------------------------------


def _annotation(r: _Reading) -> Annotation:
    item = r.item
    check_field(isinstance(item, Mapping), "item", item, "an Annotation object")
    check_field("Annotation" in _as_list(item.get("type")), "type", item.get("type"), "'Annotation'")
    target, quote, position = _target(item)
    exact = quote.get("exact")
    check_field(isinstance(exact, str) and bool(exact), "exact", exact, "the quoted text (non-empty)")
    if not _is_ours(r) and not _fits(position, exact):
        position = None  # another tool's offsets may count differently: the quote decides
    start, end = position or (0, len(exact))
    doc_id, sha = _document(r, target)
    annotator, role = _creator(r)
    ann = Annotation(
        id=_own_id(r),
        doc_id=doc_id,
        doc_sha256=sha,
        annotator=annotator,
        role=role,
        created=_created(r),
        start=start,
        end=end,
        exact=exact,
        prefix=_context(r, quote.get("prefix", ""), "prefix"),
        suffix=_context(r, quote.get("suffix", ""), "suffix"),
        anchor_status=_status(r),
        **_bodies(r),
    )
    return _placed(r, ann, position)


def _fits(position: tuple[object, object] | None, exact: str) -> bool:
    if position is None:
        return False
    start, end = position
    whole = all(isinstance(v, int) and not isinstance(v, bool) for v in position)
    return whole and start >= 0 and end - start == len(exact)


def _placed(r: _Reading, ann: Annotation, position: tuple[int, int] | None) -> Annotation:
    """The kit's own annotation as it was; another tool's placed on ``r.doc`` by its quote."""
    if _is_ours(r) or r.doc is None:
        if position is None:
            raise AnnotationError(
                "it has no TextPositionSelector; pass the reading (doc=...) to find its quote in"
            )
        return ann
    moved = anchoring.reanchor(replace(ann, doc_sha256=UNKNOWN_SHA), r.doc)
    if moved.anchor_status == "orphan":
        raise AnnotationError(f"its quote {ann.exact[:40]!r} is not in the reading {r.doc.doc_id!r}")
    status = "exact" if moved.exact == ann.exact else "reanchored"
    if position is None:
        r.note(f"position computed from the quote ({moved.start}-{moved.end})")
    return replace(moved, doc_id=r.doc.doc_id, anchor_status=status)


def _is_ours(r: _Reading) -> bool:
    ident = r.item.get("id")
    return isinstance(ident, str) and ident.startswith(f"{r.base}annotation:")


def _target(item: Mapping) -> tuple[Mapping, Mapping, tuple[int, int] | None]:
    """The first target with a TextQuoteSelector, the selector, and a position if one is given."""
    for target in _as_list(item.get("target")):
        if not isinstance(target, Mapping):
            continue
        quote, position = None, None
        for selector in _selectors(target.get("selector")):
            kind = selector.get("type")
            if kind == "TextQuoteSelector" and quote is None:
                quote = selector
            elif kind == "TextPositionSelector" and position is None:
                position = (selector.get("start"), selector.get("end"))
        if quote is not None:
            return target, quote, position
    raise AnnotationError("no target has a TextQuoteSelector (the quoted text), so it cannot be placed")


def _selectors(value: object, depth: int = 0) -> list[Mapping]:
    """Every selector object, those refining another included (a FragmentSelector's refinedBy)."""
    found = []
    for selector in _as_list(value):
        if isinstance(selector, Mapping) and depth < 8:
            found.append(selector)
            found += _selectors(selector.get("refinedBy"), depth + 1)
    return found


def _document(r: _Reading, target: Mapping) -> tuple[str, str]:
    source = target.get("source", target.get("id"))
    head = f"{r.base}doc:"
    if isinstance(source, str) and source.startswith(head):
        doc_id, _, sha = source[len(head) :].partition("#sha256=")
        return unquote(doc_id), sha
    if r.doc is not None:
        r.note(f"placed on the reading {r.doc.doc_id} (its source was {str(source)[:80]})")
        return r.doc.doc_id, r.doc.sha256
    check_field(isinstance(source, str) and bool(source), "target.source", source, "the IRI of a document")
    r.note("doc_sha256 unknown (the document's version is not recorded)")
    return source, UNKNOWN_SHA


def _own_id(r: _Reading) -> str:
    ident = r.item.get("id")
    if _is_ours(r):
        return ident[len(f"{r.base}annotation:") :]
    key = ident if isinstance(ident, str) else json.dumps(r.item, sort_keys=True, default=str)
    made = "w3c-" + uuid.uuid5(uuid.NAMESPACE_URL, key).hex[:16]
    r.note(
        f"id derived from the annotation's own id ({made})"
        if isinstance(ident, str)
        else f"id made up ({made})"
    )
    return made


def _creator(r: _Reading) -> tuple[str, str]:
    creator = next(iter(_as_list(r.item.get("creator"))), None)
    if isinstance(creator, str) and creator:
        name, role = creator, None
    elif isinstance(creator, Mapping):
        name = creator.get("nickname") or creator.get("name") or creator.get("id")
        role = creator.get("role")
    else:
        name, role = None, None
    if not isinstance(name, str) or not name:
        r.note("annotator unknown (no creator)")
        name = "unknown"
    if role not in ROLES:
        if not _is_ours(r) or role is not None:
            r.note(f"role {role!r} read as 'student'" if role is not None else "role defaulted to 'student'")
        role = "student"
    return name[:200], role


def _created(r: _Reading) -> str:
    """``created`` as the kit writes it: UTC with ``+00:00`` (the export writes ``Z``)."""
    value = r.item.get("created")
    if value is None:
        r.note("created unknown; the time of reading is recorded")
        return now()
    check_field(isinstance(value, str), "created", value, "an ISO 8601 time")
    moment = datetime.fromisoformat(value)  # its ValueError names the text
    if value.endswith("Z"):
        return value[:-1] + "+00:00"
    if moment.utcoffset() is None:
        r.note("created had no time zone; read as UTC")
        return moment.replace(tzinfo=UTC).isoformat()
    if moment.utcoffset():
        r.note(f"created {value} converted to UTC")
        return moment.astimezone(UTC).isoformat()
    return value


def _context(r: _Reading, text: object, name: str) -> str:
    check_field(isinstance(text, str), name, text, "a string")
    if len(text) > CONTEXT:
        r.note(f"{name} shortened to the {CONTEXT} characters the kit keeps")
        return text[-CONTEXT:] if name == "prefix" else text[:CONTEXT]
    return text


def _status(r: _Reading) -> str:
    status = r.item.get("anchorStatus", "exact")
    return status if status in STATUSES else "exact"


def _bodies(r: _Reading) -> dict[str, Any]:
    """tag, stance and comment from the bodies (``bodyValue`` is one text body)."""
    motivations = [m for m in _as_list(r.item.get("motivation")) if isinstance(m, str)]
    bodies = _as_list(r.item.get("body"))
    if isinstance(r.item.get("bodyValue"), str):
        bodies.append({"type": "TextualBody", "value": r.item["bodyValue"]})
    values: dict[str, list[str]] = {"tag": [], "stance": [], "comment": []}
    for body in bodies:
        _body(r, body, motivations, values)
    return _chosen(r, values, motivations)


def _body(r: _Reading, body: object, motivations: list[str], values: dict[str, list[str]]) -> None:
    if isinstance(body, str):
        r.note(f"the body {body[:80]} is a link to another resource; kept as the comment")
        values["comment"].append(body)
        return
    if not isinstance(body, Mapping) or not isinstance(body.get("value"), str):
        r.note(
            f"a body of type {body.get('type') if isinstance(body, Mapping) else type(body).__name__} was left out"
        )
        return
    purpose = body.get("purpose") or (motivations[0] if len(motivations) == 1 else "commenting")
    values[_TEXT_PURPOSES.get(purpose, "comment")].append(body["value"])


def _chosen(r: _Reading, values: dict[str, list[str]], motivations: list[str]) -> dict[str, Any]:
    tag = values["tag"][0] if values["tag"] else None
    if tag is None:  # the kit's own export always has one: without it, the file was damaged
        check_field(
            not _is_ours(r), "body", r.item.get("body"), "a list holding a TextualBody with purpose 'tagging'"
        )
        tag = next((m for m in motivations if m not in ("commenting", "tagging")), "highlighting")
        r.note(f"tag defaulted to {tag!r} (no tagging body)")
    stance = values["stance"][0] if values["stance"] else None
    if stance is not None and stance not in STANCES:
        r.note(f"stance {stance[:40]!r} is not one of {', '.join(STANCES)}; left out")
        stance = None
    return {"tag": tag, "stance": stance, "comment": "\n".join(values["comment"])}
