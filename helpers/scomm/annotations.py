"""Annotations: a student marks a span of a reading, tags it, and the mark survives edits.

An annotation points at a span of a document's text by code-point offsets (``end`` exclusive,
the way Python slices ``str``) and also keeps the quoted text with up to ``CONTEXT`` characters
either side, so it can find its place again when the reading is edited:

>>> from types import SimpleNamespace
>>> doc = SimpleNamespace(doc_id="memo", text="ICE said participation is voluntary.", sha256="0" * 64)
>>> note = make_from_quote(doc, "participation is voluntary", annotator="s1", tag="claim", stance="voluntary")
>>> note.start, note.end, note.exact, note.prefix
(9, 35, 'participation is voluntary', 'ICE said ')
>>> edited = SimpleNamespace(doc_id="memo", text="In 2010 ICE said participation is voluntary.", sha256="1" * 64)
>>> moved = reanchor(note, edited)
>>> moved.start, moved.anchor_status
(17, 'reanchored')

Where annotations go:

- **The student's answer log** (``scomm.exercises.responses``): ``save`` appends one record per
  annotation under ``annotation:<doc_id>:<id>``; ``delete`` appends ``None`` for that key;
  ``load`` reads the latest record per key. Nothing is rewritten, so re-opening a notebook
  restores every annotation a student made.
- **W3C Web Annotation** JSON-LD (``to_w3c`` / ``from_w3c``), readable by other annotation
  tools. ``expand`` runs a JSON-LD expansion offline with the context in ``static/``.
- **CSV** (``to_csv`` / ``from_csv``) for spreadsheets, safe against formula injection.

Comments and tags are data: a ``<script>`` in a comment is stored as those characters, checked
only for length. Nothing here renders HTML.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, unquote

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from scomm.course.layout import EXCERPT_CHARS, excerpt

TAGS = ("claim", "evidence", "actor", "date")
STANCES = ("voluntary", "mandatory", "ambiguous")
STATUSES = ("exact", "reanchored", "orphan")
ROLES = ("student", "instructor")
CONTEXT = 32  # code points of prefix and suffix kept around the quoted span
MAX_COMMENT = 2_000
MAX_TAG = 64
MAX_NAME = 200
FUZZY = 85  # minimum rapidfuzz ratio (0-100) for a span whose own words were edited
FUZZY_CONTEXT = 60  # ... and for the span with its context, to find where to look for it
KEY_PREFIX = "annotation"

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCOMM_VOCAB = "urn:scomm:vocab#"
# Our two extension terms, declared beside the W3C context as the model's section 6 asks.
EXTENSION_CONTEXT = {"scomm": SCOMM_VOCAB, "role": "scomm:role", "anchorStatus": "scomm:anchorStatus"}
PURPOSES = ("tagging", "classifying", "commenting")  # body purposes, in the order bodies are written

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Doc(Protocol):
    """What annotations need of a document (``scomm.sources.Document`` has it)."""

    doc_id: str
    text: str
    sha256: str


class Loaded(list):
    """A list of annotations that also says what was skipped on the way in, and why."""

    def __init__(self, items: Iterable[Annotation] = (), skipped: Iterable[str] = ()) -> None:
        super().__init__(items)
        self.skipped: list[str] = list(skipped)


# -- the record -----------------------------------------------------------------------------------


def _check(ok: bool, field: str, value: object, allowed: str) -> None:
    if not ok:
        shown = excerpt(repr(value[: EXCERPT_CHARS + 1] if isinstance(value, str) else value))
        raise ValueError(f"{field} must be {allowed}, but {shown} was given.")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_text(field: str, value: object, *, most: int, empty: bool = False) -> None:
    _check(isinstance(value, str), field, value, "a string")
    _check(empty or bool(value), field, value, "a non-empty string")
    _check(len(value) <= most, field, f"<{len(value):,} characters>", f"at most {most:,} characters")


def _check_created(value: object) -> None:
    _check(isinstance(value, str), "created", value, "an ISO 8601 UTC time string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    utc = moment is not None and moment.utcoffset() == timedelta(0)
    _check(utc, "created", value, "an ISO 8601 time in UTC, like '2026-11-22T10:00:00+00:00'")


def _check_span(start: object, end: object, exact: object) -> None:
    _check(_is_int(start) and start >= 0, "start", start, "a whole number ≥ 0")
    _check(_is_int(end) and end > start, "end", end, f"a whole number greater than start ({start})")
    _check(isinstance(exact, str), "exact", exact, "a string")
    _check(len(exact) == end - start, "exact", exact, f"{end - start} characters long (end - start)")


@dataclass(frozen=True)
class Annotation:
    """One tagged span of one version of one document."""

    id: str
    doc_id: str
    doc_sha256: str
    annotator: str
    role: str
    created: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    tag: str
    stance: str | None
    comment: str
    anchor_status: str

    def __post_init__(self) -> None:
        _check(
            isinstance(self.id, str) and bool(_ID.fullmatch(self.id)),
            "id",
            self.id,
            "1-64 of A-Z a-z 0-9 _ -",
        )
        _check_text("doc_id", self.doc_id, most=MAX_NAME)
        ok = isinstance(self.doc_sha256, str) and bool(_SHA256.fullmatch(self.doc_sha256))
        _check(ok, "doc_sha256", self.doc_sha256, "64 lowercase hexadecimal digits")
        _check_text("annotator", self.annotator, most=MAX_NAME)
        _check(self.role in ROLES, "role", self.role, f"one of {', '.join(ROLES)}")
        _check_created(self.created)
        _check_span(self.start, self.end, self.exact)
        _check_text("prefix", self.prefix, most=CONTEXT, empty=True)
        _check_text("suffix", self.suffix, most=CONTEXT, empty=True)
        _check_text("tag", self.tag, most=MAX_TAG)
        _check(self.stance in (None, *STANCES), "stance", self.stance, "None or one of " + ", ".join(STANCES))
        _check_text("comment", self.comment, most=MAX_COMMENT, empty=True)
        _check(
            self.anchor_status in STATUSES,
            "anchor_status",
            self.anchor_status,
            "one of " + ", ".join(STATUSES),
        )

    def to_record(self) -> dict:
        """A plain JSON-ready dict of every field."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: Mapping) -> Annotation:
        """The annotation a record describes; ValueError naming the field if it is malformed."""
        _check(isinstance(record, Mapping), "record", record, "a dict of annotation fields")
        missing = [f.name for f in fields(cls) if f.name not in record]
        if missing:
            raise ValueError(
                f"The annotation record lacks the field {missing[0]!r}; it needs {', '.join(FIELDS)}."
            )
        return cls(**{f.name: record[f.name] for f in fields(cls)})


FIELDS = tuple(f.name for f in fields(Annotation))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    """A fresh annotation id, like ``an-3f2a9c0d1b7e``."""
    return "an-" + uuid.uuid4().hex[:12]


# -- making one -----------------------------------------------------------------------------------


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def make(
    doc: Doc,
    start: int,
    end: int,
    *,
    annotator: str,
    role: str = "student",
    tag: str,
    stance: str | None = None,
    comment: str = "",
    tags: Iterable[str] = TAGS,
) -> Annotation:
    """Tag ``doc.text[start:end]`` (code points, end exclusive).

    >>> from types import SimpleNamespace
    >>> doc = SimpleNamespace(doc_id="d", text="ICE 👮 said <b>yes</b>", sha256="0" * 64)
    >>> make(doc, 6, 10, annotator="s1", tag="actor").exact
    'said'
    >>> make(doc, 6, 10, annotator="s1", tag="villain")
    Traceback (most recent call last):
    ValueError: tag must be one of claim, evidence, actor, date, but 'villain' was given.
    """
    text = doc.text
    _check(
        _is_int(start) and 0 <= start < len(text), "start", start, f"a whole number from 0 to {len(text) - 1}"
    )
    _check(
        _is_int(end) and start < end <= len(text),
        "end",
        end,
        f"a whole number from {start + 1} to {len(text)}",
    )
    allowed = tuple(tags)
    _check(tag in allowed, "tag", tag, "one of " + ", ".join(allowed))
    prefix, suffix = _context(text, start, end)
    return Annotation(
        id=new_id(),
        doc_id=doc.doc_id,
        doc_sha256=doc.sha256,
        annotator=annotator,
        role=role,
        created=_now(),
        start=start,
        end=end,
        exact=text[start:end],
        prefix=prefix,
        suffix=suffix,
        tag=tag,
        stance=stance,
        comment=comment,
        anchor_status="exact",
    )


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote`` occurs in ``text``, any run of spaces or line breaks
    in the quote matching any run in the text, and both compared in Unicode NFC.

    >>> find_quote("is voluntary.\\nIs it voluntary?", "it  voluntary")
    [(17, 29)]
    """
    words = unicodedata.normalize("NFC", quote).split()
    if not words:
        return []
    pattern = re.compile("(?=(" + r"\s+".join(map(re.escape, words)) + "))")  # overlapping matches
    return [(m.start(1), m.end(1)) for m in pattern.finditer(text)]


def make_from_quote(doc: Doc, quote: str, *, occurrence: int = 1, **options: Any) -> Annotation:
    """Tag the ``occurrence``-th place (1 = first) where ``quote`` appears in the document.

    For students who type or paste the words rather than select them; spacing and line breaks
    need not match. Takes the same keyword options as ``make``.
    """
    _check(isinstance(quote, str), "quote", quote, "a string")
    spans = find_quote(doc.text, quote)
    if not spans:
        raise ValueError(
            f"The quote {excerpt(quote)!r} does not appear in document {doc.doc_id!r}; copy it exactly."
        )
    _check(
        _is_int(occurrence) and 1 <= occurrence <= len(spans),
        "occurrence",
        occurrence,
        f"from 1 to {len(spans)}, the number of times {excerpt(quote)!r} appears",
    )
    start, end = spans[occurrence - 1]
    return make(doc, start, end, **options)


# -- storage in the student's answer log ----------------------------------------------------------


def _key(doc_id: str, ann_id: str) -> str:
    return f"{KEY_PREFIX}:{doc_id}:{ann_id}"


def save(ann: Annotation, log: Any) -> None:
    """Append the annotation to a ``responses.Log``; saving again with the same id replaces it."""
    log.record(_key(ann.doc_id, ann.id), ann.to_record())


def delete(ann_id: str, doc_id: str, log: Any) -> None:
    """Record that annotation ``ann_id`` on ``doc_id`` is deleted (the log keeps its history)."""
    _check(isinstance(ann_id, str) and bool(_ID.fullmatch(ann_id)), "ann_id", ann_id, "an annotation id")
    log.record(_key(doc_id, ann_id), None)


def load(log: Any, doc_id: str) -> Loaded:
    """The student's current annotations on ``doc_id``, in text order.

    Deleted ones are left out; malformed records are skipped and listed in ``.skipped``.
    """
    found, skipped = [], []
    for key, entry in log.latest().items():
        head, _, ann_id = key.rpartition(":")  # ids hold no ':', so this splits doc id from id
        if head != f"{KEY_PREFIX}:{doc_id}" or entry.get("answer") is None:
            continue
        try:
            ann = Annotation.from_record(entry["answer"])
            _check(ann.id == ann_id and ann.doc_id == doc_id, "record", key, "stored under its own key")
        except ValueError as error:
            skipped.append(f"{key}: {error}")
            continue
        found.append(ann)
    return Loaded(sorted(found, key=lambda a: (a.start, a.end, a.created, a.id)), skipped)


# -- finding the span again in an edited document -------------------------------------------------


def _common_head(one: str, other: str) -> int:
    """How many characters two strings share at their start."""
    shortest = min(len(one), len(other))
    return next((i for i in range(shortest) if one[i] != other[i]), shortest)


def _context_score(ann: Annotation, text: str, start: int, end: int) -> tuple[int, int]:
    """How well the stored prefix and suffix agree with the text around a span.

    Two counts of characters: those that agree touching the span, and those that agree in
    order anywhere in the context (the longest common subsequence).
    """
    before = text[max(0, start - len(ann.prefix)) : start]
    after = text[end : end + len(ann.suffix)]
    touching = _common_head(ann.prefix[::-1], before[::-1]) + _common_head(ann.suffix, after)
    return touching, LCSseq.similarity(ann.prefix, before) + LCSseq.similarity(ann.suffix, after)


def _by_position(ann: Annotation, text: str) -> tuple[int, int] | None:
    """The old offsets, if they still hold the quote in its old surroundings."""
    start, end = ann.start, ann.end
    if text[start:end] != ann.exact:
        return None
    same_context = _context_score(ann, text, start, end)[0] == len(ann.prefix) + len(ann.suffix)
    return (start, end) if same_context else None


def _by_quote(ann: Annotation, text: str) -> tuple[int, int] | None:
    """The occurrence of the exact quote whose surroundings match best (nearest on ties).

    Context touching the span counts twice, so words that merely recur nearby count for less.
    A short quote found in new surroundings is probably another mention of the same words, so
    unless the quote is at least ``CONTEXT`` long, half of the stored context must agree.
    """
    spans, at = [], text.find(ann.exact)
    while at >= 0:
        spans.append((at, at + len(ann.exact)))
        at = text.find(ann.exact, at + 1)
    if not spans:
        return None
    scores = {span: _context_score(ann, text, *span) for span in spans}
    start, end = max(spans, key=lambda span: (sum(scores[span]), -abs(span[0] - ann.start)))
    in_order = scores[start, end][1]
    needed = 0 if len(ann.exact) >= CONTEXT else (len(ann.prefix) + len(ann.suffix)) / 2
    return (start, end) if in_order >= needed else None


def _refine(exact: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Move each edge of a rough span a little while that makes it more like ``exact``."""
    slack = max(3, len(exact) // 5)
    for _ in range(2):
        start = max(
            range(max(0, start - slack), min(end, start + slack + 1)),
            key=lambda s: (fuzz.ratio(exact, text[s:end]), -abs(s - start)),
        )
        end = max(
            range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
            key=lambda e: (fuzz.ratio(exact, text[start:e]), -abs(e - end)),
        )
    return start, end


def _by_fuzzy(ann: Annotation, text: str) -> tuple[int, int] | None:
    """A span at least ``FUZZY`` % like the old quote, looked for where its old context is."""
    needle = ann.prefix + ann.exact + ann.suffix
    low, high = 0, len(text)
    if len(needle) <= len(text):
        place = fuzz.partial_ratio_alignment(needle, text, score_cutoff=FUZZY_CONTEXT)
        if place is None:
            return None
        low, high = place.dest_start, place.dest_end
    slack = max(3, len(ann.exact) // 5)
    low, high = max(0, low - slack), min(len(text), high + slack)
    if high <= low:
        return None
    start, end = low, high
    if len(ann.exact) <= high - low:
        inner = fuzz.partial_ratio_alignment(ann.exact, text[low:high])
        start, end = low + inner.dest_start, max(low + inner.dest_end, low + inner.dest_start + 1)
    start, end = _refine(ann.exact, text, start, end)
    return (start, end) if fuzz.ratio(ann.exact, text[start:end]) >= FUZZY else None


# Cheapest and surest first: a later strategy runs only when the earlier ones found nothing.
STRATEGIES: tuple[Callable[[Annotation, str], tuple[int, int] | None], ...] = (
    _by_position,
    _by_quote,
    _by_fuzzy,
)


def reanchor(ann: Annotation, doc: Doc) -> Annotation:
    """The annotation placed on ``doc``, which may be an edited version of the one it was made on.

    Status "exact" if nothing changed, "reanchored" (new offsets, text and context, the new
    document's sha256) if the span was found again, else "orphan" with everything else kept.
    """
    text = doc.text
    if doc.sha256 == ann.doc_sha256 and text[ann.start : ann.end] == ann.exact:
        return ann if ann.anchor_status == "exact" else replace(ann, anchor_status="exact")
    for strategy in STRATEGIES:
        span = strategy(ann, text)
        if span is not None:
            start, end = span
            prefix, suffix = _context(text, start, end)
            return replace(
                ann,
                doc_sha256=doc.sha256,
                start=start,
                end=end,
                exact=text[start:end],
                prefix=prefix,
                suffix=suffix,
                anchor_status="reanchored",
            )
    return replace(ann, anchor_status="orphan")


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
    _check(isinstance(value, str) and value.startswith(head), field, value, f"an IRI starting {head!r}")
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
    _check(not missing, "selector", sorted(missing), "a TextQuoteSelector and a TextPositionSelector")
    return found


def _body_values(item: Mapping) -> dict:
    motivations = _as_list(item.get("motivation"))
    values: dict[str, Any] = {"stance": None, "comment": ""}
    names = {"tagging": "tag", "classifying": "stance", "commenting": "comment"}
    for body in _as_list(item.get("body")):
        _check(isinstance(body, Mapping), "body", body, "a TextualBody object")
        purpose = body.get("purpose", motivations[0] if len(motivations) == 1 else None)
        if purpose in names:
            values[names[purpose]] = body.get("value")
    _check("tag" in values, "body", item.get("body"), "a list holding a TextualBody with purpose 'tagging'")
    return values


def _from_w3c_item(item: object, base: str) -> Annotation:
    _check(
        isinstance(item, Mapping) and item.get("type") == "Annotation", "item", item, "an Annotation object"
    )
    target = item.get("target")
    _check(isinstance(target, Mapping), "target", target, "an object with source and selector")
    source, _, sha = _strip(target.get("source"), f"{base}doc:", "target.source").partition("#sha256=")
    creator = item.get("creator")
    _check(isinstance(creator, Mapping), "creator", creator, "a Person object with a nickname")
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
        _check(isinstance(page, Mapping), "first", page, "an AnnotationPage embedded in the collection")
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
    context = json.loads(resources.files("scomm").joinpath("static/anno_context.jsonld").read_text("utf-8"))

    def load(url: str, options: object = None) -> dict:
        if url != ANNO_CONTEXT:
            raise ValueError(f"JSON-LD context {url!r} is not available offline; only {ANNO_CONTEXT} is.")
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
        raise ValueError(
            f"JSON-LD context {url!r} is not available offline; only {ANNO_CONTEXT} is."
        ) from error


# -- CSV ------------------------------------------------------------------------------------------

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")  # a spreadsheet may run a cell starting with these


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def to_csv(anns: Iterable[Annotation], path: Path | str) -> Path:
    """Write one row per annotation, every field a column; return the path.

    A cell that a spreadsheet could take for a formula gets a leading ``'``; ``from_csv`` removes it.
    """
    path = Path(path)
    path.write_bytes(csv_bytes(anns))
    return path


def csv_bytes(anns: Iterable[Annotation]) -> bytes:
    """What ``to_csv`` writes: UTF-8 with a byte-order mark (so Excel reads accents), CRLF rows."""
    with io.StringIO(newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        for ann in anns:
            writer.writerow([_cell(value) for value in ann.to_record().values()])
        return out.getvalue().encode("utf-8-sig")


def _from_row(row: Mapping[str, str]) -> Annotation:
    record: dict[str, Any] = {name: _uncell(row[name] or "") for name in FIELDS}
    for name in ("start", "end"):
        _check(record[name].isdigit(), name, record[name], "a whole number ≥ 0")
        record[name] = int(record[name])
    record["stance"] = record["stance"] or None
    return Annotation.from_record(record)


def from_csv(path: Path | str) -> Loaded:
    """Annotations from a CSV written by ``to_csv``; bad rows are skipped and listed in ``.skipped``."""
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in FIELDS if name not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                f"{path} lacks the columns {', '.join(missing)}; write it with annotations.to_csv."
            )
        found, skipped = [], []
        for number, row in enumerate(reader, start=2):  # counted as a spreadsheet does: header = 1
            try:
                found.append(_from_row(row))
            except ValueError as error:
                skipped.append(f"row {number}: {error}")
    return Loaded(found, skipped)


# -- instructor keys ------------------------------------------------------------------------------


def load_key(
    lesson: str, doc: object, *, keys_dir: Path | None = None, tags: tuple[str, ...] = TAGS
) -> list[Annotation]:
    """The instructor's key for a lesson's reading, from ``keys/annotations/<lesson>.toml``.

    Each passage is found in the reading by its quote, so the key survives edits to the reading
    as long as the quoted words remain; a quote no longer present is an error naming it.
    """
    import tomllib

    from scomm.exercises.definitions import KEYS_DIR

    path = Path(keys_dir or KEYS_DIR) / "annotations" / f"{lesson}.toml"
    if not path.exists():
        raise ValueError(f"lesson {lesson} has no annotation key at {path}")
    passages = tomllib.loads(path.read_text(encoding="utf-8")).get("passage", [])
    return [
        make_from_quote(
            doc,
            p["quote"],
            annotator="instructor-key",
            role="instructor",
            tag=p["tag"],
            stance=p.get("stance"),
            comment=p.get("comment", ""),
            tags=tags,
        )
        for p in passages
    ]
