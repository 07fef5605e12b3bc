"""Documents: a cleaned text, its paragraphs and where it came from, with offsets that always hold.

A Document's ``text`` is NFC Unicode, its paragraphs are separated by exactly one blank line
(``"\\n\\n"``), and every offset counts code points, as Python's ``str`` does, so an annotation
``(start, end)`` always satisfies ``doc.text[start:end] == exact``. Paragraph ids come from
the paragraph's own words, so correcting one paragraph leaves every other id, and the notes
anchored to it, where they were:

>>> doc = make_document(["First paragraph.", "Second  one,\\nwrapped."], doc_id="demo")
>>> doc.text
'First paragraph.\\n\\nSecond one, wrapped.'
>>> [doc.text[p.start : p.end] for p in doc.paragraphs]
['First paragraph.', 'Second one, wrapped.']
>>> doc.paragraph_at(20).pid == doc.paragraphs[1].pid
True
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from scomm.errors import ScommError

KINDS = ("reading", "source")
PARAGRAPH_BREAK = "\n\n"
#: A blank line (spaces allowed in it): what separates paragraphs in plain text.
BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


class SourceError(ScommError, ValueError):
    """A document option the kit does not know (a format, a kind); the message lists the choices."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a Document: ``text[start:end]``, in code points, end exclusive."""

    pid: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A cleaned text, its paragraphs and where it came from.

    ``references`` are a source's own references in order (a Wikipedia article's footnotes)
    or, for a kit reading, the ``source_id``s it rests on. ``tables`` are the tables taken
    out of the text, each a tuple of rows of cell texts.
    """

    doc_id: str
    title: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    sha256: str
    source_id: str | None
    kind: str
    references: tuple[str, ...] = ()
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()

    @cached_property
    def _starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding the character at ``offset``; ``None`` between paragraphs or outside."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        paragraph = self.paragraphs[index]
        return paragraph if paragraph.start <= offset < paragraph.end else None

    def paragraph_text(self, paragraph: Paragraph) -> str:
        """The words of one paragraph."""
        return self.text[paragraph.start : paragraph.end]


def paragraph_ids(texts: Iterable[str]) -> list[str]:
    """Stable ids: ``p-`` and 10 hex digits of the paragraph's sha256, ``-2``, ``-3`` for repeats.

    >>> paragraph_ids(["Same.", "Other.", "Same."])
    ['p-30b5061f94', 'p-053a32f025', 'p-30b5061f94-2']
    """
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        base = "p-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def make_document(
    paragraphs: Iterable[str],
    *,
    doc_id: str,
    title: str = "",
    source_id: str | None = None,
    kind: str = "source",
    references: Iterable[str] = (),
    tables: Iterable[Iterable[Iterable[str]]] = (),
) -> Document:
    """A Document from paragraph texts, which are normalised here: whitespace collapsed, NFC last."""
    texts = [t for t in (final_form(p) for p in paragraphs) if t]
    spans, offset = [], 0
    for pid, text in zip(paragraph_ids(texts), texts, strict=True):
        spans.append(Paragraph(pid, offset, offset + len(text)))
        offset += len(text) + len(PARAGRAPH_BREAK)
    text = PARAGRAPH_BREAK.join(texts)
    cleaned = (tuple(tuple(final_form(cell) for cell in row) for row in table) for table in tables)
    clean_tables = tuple(table for table in cleaned if table)
    return Document(
        doc_id=doc_id,
        title=final_form(title),
        text=text,
        paragraphs=tuple(spans),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_id=source_id,
        kind=kind,
        references=tuple(r for r in (final_form(r) for r in references) if r),
        tables=clean_tables,
    )


@dataclass
class Parsed:
    """What a parser makes of a raw copy: paragraph texts, references and tables, not yet cleaned."""

    paragraphs: list[str]
    references: list[str] = dataclasses.field(default_factory=list)
    tables: list[list[list[str]]] = dataclasses.field(default_factory=list)


def final_form(text: str) -> str:
    """One line, single spaces, NFC (normalised last; repeated because NFC can expose spaces)."""
    for _ in range(3):
        collapsed = " ".join(text.split())
        text = unicodedata.normalize("NFC", collapsed)
        if text == collapsed:
            break
    return text
