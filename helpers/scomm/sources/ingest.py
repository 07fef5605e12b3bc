"""Ingest: one raw copy (plain text, MediaWiki or HTML) cleaned into a Document.

>>> doc = ingest("First paragraph.\\n\\nSecond  one,\\nwrapped.", doc_id="demo")
>>> doc.text
'First paragraph.\\n\\nSecond one, wrapped.'

``ingest`` cleans a raw copy in an ordered list of steps (``REPAIRS``, then one parser per
format, then ``CLEANUPS``; the kit's own readings, written clean, need only ``READING_REPAIRS``); each step is a small function and the order is explained beside
the lists. It never raises on the text it is given: the worst a broken copy can do is produce
an empty Document.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scomm.course.csvfiles import CsvFileError, decode_any
from scomm.sources.cleanup import (
    READING_REPAIRS,
    REPAIRS,
    drop_appeal,
    drop_chrome,
    drop_image_fragment,
    parse_text,
)
from scomm.sources.documents import KINDS, Document, Parsed, SourceError, make_document
from scomm.sources.mediawiki import parse_mediawiki
from scomm.sources.webpage import parse_html

FORMATS = ("auto", "text", "mediawiki", "html")


def ingest(
    raw: str | bytes,
    *,
    doc_id: str,
    fmt: str = "auto",
    title: str = "",
    source_id: str | None = None,
    kind: str = "source",
) -> Document:
    """Clean one raw copy (plain text, MediaWiki or HTML) into a Document.

    >>> doc = ingest("'''S-Comm''' is a [[program|programme]].<ref>ICE, 2009.</ref>", doc_id="w")
    >>> doc.text, doc.references
    ('S-Comm is a programme.', ('ICE, 2009.',))

    ``fmt`` is one of ``FORMATS``; ``"auto"`` asks ``detect_format``. Nothing in ``raw`` makes
    this raise: a copy no step can read becomes an empty Document.
    """
    _check_choice("fmt", fmt, FORMATS)
    _check_choice("kind", kind, KINDS)
    try:
        return _ingest(raw, doc_id=doc_id, fmt=fmt, title=title, source_id=source_id, kind=kind)
    except Exception:  # a promise to notebooks: a damaged copy must not stop a lesson
        return make_document([], doc_id=doc_id, title=title, source_id=source_id, kind=kind)


def detect_format(text: str) -> str:
    """Guess the markup of a raw copy: 'html', 'mediawiki' or 'text'.

    >>> detect_format("<!DOCTYPE html><html><p>Hi</p></html>"), detect_format("See [[ICE]].")
    ('html', 'mediawiki')
    >>> detect_format("Plain words.")
    'text'
    """
    lowered = text.lower()
    if "<html" in lowered or "<!doctype html" in lowered:  # a whole page, whatever it quotes
        return "html"
    if any(mark in lowered for mark in ("'''", "[[", "{{", "<ref")):
        return "mediawiki"
    if re.search(r"<(?:p|div|body|article|h[1-6])[\s>]", lowered):
        return "html"
    return "text"


def _ingest(raw: str | bytes, *, doc_id: str, fmt: str, title: str, source_id: str | None, kind: str):
    text = decode(raw)
    for repair in READING_REPAIRS if kind == "reading" else REPAIRS:
        text = repair(text)
    if fmt == "auto":
        fmt = detect_format(text)
    parsed = PARSERS[fmt](text)
    paragraphs = parsed.paragraphs
    for cleanup in CLEANUPS[fmt]:
        paragraphs = cleanup(paragraphs)
    return make_document(
        paragraphs,
        doc_id=doc_id,
        title=title,
        source_id=source_id,
        kind=kind,
        references=parsed.references,
        tables=parsed.tables,
    )


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise SourceError(f"{name} must be one of {', '.join(map(repr, choices))}, but {value!r} was given")


def decode(raw: str | bytes) -> str:
    """A copy's text: UTF-8 when it is (a byte-order mark dropped), else the encoding bs4's
    UnicodeDammit finds (a UTF-16 byte-order mark, then Windows-1252, as instructors' files are).

    >>> decode("• “Secure Communities”".encode("cp1252")), decode("\ufeffS-Comm".encode("utf-8"))
    ('• “Secure Communities”', 'S-Comm')

    Bytes neither explains are replaced (U+FFFD) rather than guessed at (a statistical guess
    reads Western text as Hebrew or Cyrillic code pages), so nothing here raises.
    """
    if not isinstance(raw, bytes | bytearray):
        return str(raw)
    try:
        text, encoding = decode_any(bytes(raw), "the copy")
    except CsvFileError:
        encoding = ""
    if encoding.lower().replace("_", "-") in _KNOWN_ENCODINGS:
        return text
    return bytes(raw).decode("utf-8", errors="replace").removeprefix("\ufeff")


#: What instructors' files are in: UTF-8, Windows-1252, and UTF-16 or UTF-32 with a byte-order mark.
_KNOWN_ENCODINGS = {
    "utf-8",
    "ascii",
    "windows-1252",
    "utf-16",
    "utf-16le",
    "utf-16be",
    "utf-32",
    "utf-32le",
    "utf-32be",
}


PARSERS: dict[str, Callable[[str], Parsed]] = {
    "text": parse_text,
    "mediawiki": parse_mediawiki,
    "html": parse_html,
}

# Ordering: the image fragment is recognised only as the first line, so it goes before anything
# else can shift what "first" means; chrome lines go before the appeal, so that a menu line after
# the appeal does not hide it from the five-paragraph tail.
CLEANUPS: dict[str, tuple[Callable[[list[str]], list[str]], ...]] = {
    "text": (drop_image_fragment, drop_chrome, drop_appeal),
    "html": (drop_chrome, drop_appeal),
    "mediawiki": (),
}
