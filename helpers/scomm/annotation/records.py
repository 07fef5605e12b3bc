"""An annotation: a tagged span of one version of one reading, checked field by field.

An annotation points at a span of a document's text by code-point offsets (``end`` exclusive,
the way Python slices ``str``) and also keeps the quoted text with up to ``CONTEXT`` characters
either side, so it can find its place again when the reading is edited
(``scomm.annotation.anchoring``):

>>> from types import SimpleNamespace
>>> doc = SimpleNamespace(doc_id="memo", text="ICE said participation is voluntary.", sha256="0" * 64)
>>> note = make_from_quote(doc, "participation is voluntary", annotator="s1", tag="claim", stance="voluntary")
>>> note.start, note.end, note.exact, note.prefix
(9, 35, 'participation is voluntary', 'ICE said ')

Comments and tags are data: a ``<script>`` in a comment is stored as those characters, checked
only for length. Nothing here renders HTML.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from scomm.course.layout import EXCERPT_CHARS, excerpt
from scomm.course.sheets import has_control
from scomm.errors import ScommError

TAGS = ("claim", "evidence", "actor", "date")
STANCES = ("voluntary", "mandatory", "ambiguous")
STATUSES = ("exact", "reanchored", "orphan")
ROLES = ("student", "instructor")
CONTEXT = 32  # code points of prefix and suffix kept around the quoted span
MAX_COMMENT = 2_000
#: The longest passage one annotation may quote: a long paragraph. Longer input is refused
#: where it comes in, so finding a passage again stays quick whatever a file holds.
MAX_QUOTE = 5_000
MAX_TAG = 64
MAX_NAME = 200

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AnnotationError(ScommError, ValueError):
    """An annotation, passage, tag or file the kit cannot use; the message names the field and what is allowed."""


class Doc(Protocol):
    """What annotations need of a document (``scomm.sources.Document`` has it)."""

    doc_id: str
    text: str
    sha256: str


class Loaded(list):
    """A list of annotations that also says what was skipped on the way in, and why, and which
    fields were given a default because the file lacked them."""

    def __init__(
        self, items: Iterable[Annotation] = (), skipped: Iterable[str] = (), defaulted: Iterable[str] = ()
    ) -> None:
        super().__init__(items)
        self.skipped: list[str] = list(skipped)
        self.defaulted: list[str] = list(defaulted)


# -- the record -----------------------------------------------------------------------------------


def check_field(ok: bool, field: str, value: object, allowed: str) -> None:
    if not ok:
        shown = excerpt(repr(value[: EXCERPT_CHARS + 1] if isinstance(value, str) else value))
        raise AnnotationError(f"{field} must be {allowed}, but {shown} was given.")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_text(
    field: str, value: object, *, most: int, empty: bool = False, lines: bool = False, quoted: bool = False
) -> None:
    """``quoted``: the reading's own text (prefix, suffix), which may hold whatever the reading does."""
    check_field(isinstance(value, str), field, value, "a string")
    check_field(empty or bool(value), field, value, "a non-empty string")
    check_field(len(value) <= most, field, f"<{len(value):,} characters>", f"at most {most:,} characters")
    allowed = "text without control characters" + (" (line breaks and tabs are fine)" if lines else "")
    check_field(quoted or not has_control(value, lines=lines), field, value, allowed)


def _check_created(value: object) -> None:
    check_field(isinstance(value, str), "created", value, "an ISO 8601 UTC time string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    utc = moment is not None and moment.utcoffset() == timedelta(0)
    check_field(utc, "created", value, "an ISO 8601 time in UTC, like '2026-11-22T10:00:00+00:00'")


def _check_span(start: object, end: object, exact: object) -> None:
    check_field(_is_int(start) and start >= 0, "start", start, "a whole number ≥ 0")
    check_field(_is_int(end) and end > start, "end", end, f"a whole number greater than start ({start})")
    check_field(isinstance(exact, str), "exact", exact, "a string")
    most = f"at most {MAX_QUOTE:,} characters"
    check_field(len(exact) <= MAX_QUOTE, "exact", f"<{len(exact):,} characters>", most)
    check_field(len(exact) == end - start, "exact", exact, f"{end - start} characters long (end - start)")


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
        check_field(
            isinstance(self.id, str) and bool(ID_PATTERN.fullmatch(self.id)),
            "id",
            self.id,
            "1-64 of A-Z a-z 0-9 _ -",
        )
        _check_text("doc_id", self.doc_id, most=MAX_NAME)
        ok = isinstance(self.doc_sha256, str) and bool(_SHA256.fullmatch(self.doc_sha256))
        check_field(ok, "doc_sha256", self.doc_sha256, "64 lowercase hexadecimal digits")
        _check_text("annotator", self.annotator, most=MAX_NAME)
        check_field(self.role in ROLES, "role", self.role, f"one of {', '.join(ROLES)}")
        _check_created(self.created)
        _check_span(self.start, self.end, self.exact)
        _check_text("prefix", self.prefix, most=CONTEXT, empty=True, quoted=True)
        _check_text("suffix", self.suffix, most=CONTEXT, empty=True, quoted=True)
        _check_text("tag", self.tag, most=MAX_TAG)
        check_field(
            self.stance in (None, *STANCES), "stance", self.stance, "None or one of " + ", ".join(STANCES)
        )
        _check_text("comment", self.comment, most=MAX_COMMENT, empty=True, lines=True)
        check_field(
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
        check_field(isinstance(record, Mapping), "record", record, "a dict of annotation fields")
        missing = [f.name for f in fields(cls) if f.name not in record]
        if missing:
            raise AnnotationError(
                f"The annotation record lacks the field {missing[0]!r}; it needs {', '.join(FIELDS)}."
            )
        return cls(**{f.name: record[f.name] for f in fields(cls)})


FIELDS = tuple(f.name for f in fields(Annotation))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    """A fresh annotation id, like ``an-3f2a9c0d1b7e``."""
    return "an-" + uuid.uuid4().hex[:12]


# -- making one -----------------------------------------------------------------------------------


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
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
    scomm.annotation.records.AnnotationError: tag must be one of claim, evidence, actor, date, but 'villain' was given.
    """
    text = doc.text
    check_field(
        _is_int(start) and 0 <= start < len(text), "start", start, f"a whole number from 0 to {len(text) - 1}"
    )
    check_field(
        _is_int(end) and start < end <= len(text),
        "end",
        end,
        f"a whole number from {start + 1} to {len(text)}",
    )
    allowed = tuple(tags)
    check_field(tag in allowed, "tag", tag, "one of " + ", ".join(allowed))
    prefix, suffix = context_of(text, start, end)
    return Annotation(
        id=new_id(),
        doc_id=doc.doc_id,
        doc_sha256=doc.sha256,
        annotator=annotator,
        role=role,
        created=now(),
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


_SINGLE_QUOTES, _DOUBLE_QUOTES = "'‘’‚‛′ʼ", '"“”„‟″'
#: Each quotation mark matches any of its kind: sources keep their typography, and a student
#: may paste or type either kind.
_FOLDED = {
    **dict.fromkeys(_SINGLE_QUOTES, f"[{_SINGLE_QUOTES}]"),
    **dict.fromkeys(_DOUBLE_QUOTES, f"[{_DOUBLE_QUOTES}]"),
}


def _word_pattern(word: str) -> str:
    return "".join(_FOLDED.get(char) or re.escape(char) for char in word)


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote`` occurs in ``text``, any run of spaces or line breaks
    in the quote matching any run in the text, quotation marks matching either typography, and
    both compared in Unicode NFC.

    >>> find_quote("is voluntary.\\nIs it voluntary?", "it  voluntary")
    [(17, 29)]
    >>> find_quote("ICE called it “voluntary”.", '"voluntary"')
    [(14, 25)]
    """
    words = unicodedata.normalize("NFC", quote).split()
    if not words:
        return []
    pattern = re.compile("(?=(" + r"\s+".join(map(_word_pattern, words)) + "))")  # overlapping matches
    return [(m.start(1), m.end(1)) for m in pattern.finditer(text)]


def make_from_quote(doc: Doc, quote: str, *, occurrence: int = 1, **options: Any) -> Annotation:
    """Tag the ``occurrence``-th place (1 = first) where ``quote`` appears in the document.

    For students who type or paste the words rather than select them; spacing and line breaks
    need not match. Takes the same keyword options as ``make``.
    """
    check_field(isinstance(quote, str), "quote", quote, "a string")
    shown = f"<{len(quote):,} characters>"
    check_field(len(quote) <= MAX_QUOTE, "quote", shown, f"at most {MAX_QUOTE:,} characters")
    spans = find_quote(doc.text, quote)
    if not spans:
        raise AnnotationError(
            f"The quote {excerpt(quote)!r} does not appear in document {doc.doc_id!r}; copy it exactly."
        )
    check_field(
        _is_int(occurrence) and 1 <= occurrence <= len(spans),
        "occurrence",
        occurrence,
        f"from 1 to {len(spans)}, the number of times {excerpt(quote)!r} appears",
    )
    start, end = spans[occurrence - 1]
    return make(doc, start, end, **options)
