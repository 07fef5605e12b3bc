"""Turn source documents and the kit's readings into Documents that students annotate.

>>> doc = ingest("First paragraph.\\n\\nSecond  one,\\nwrapped.", doc_id="demo")
>>> doc.text
'First paragraph.\\n\\nSecond one, wrapped.'
>>> [doc.text[p.start : p.end] for p in doc.paragraphs]
['First paragraph.', 'Second one, wrapped.']
>>> doc.paragraph_at(20).pid == doc.paragraphs[1].pid
True

A Document's ``text`` is NFC Unicode, its paragraphs are separated by exactly one blank line
(``"\\n\\n"``), and every offset counts code points, as Python's ``str`` does, so an annotation
``(start, end)`` always satisfies ``doc.text[start:end] == exact``. Paragraph ids come from
the paragraph's own words, so correcting one paragraph leaves every other id, and the notes
anchored to it, where they were.

``ingest`` cleans a raw copy in an ordered list of steps (``_REPAIRS``, then one parser per
format, then ``_CLEANUPS``); each step is a small function and the order is explained beside
the lists. It never raises on the text it is given: the worst a broken copy can do is produce
an empty Document.

The default corpus is the kit's own short readings, one per lesson, in ``readings/``:

>>> sorted(corpus())
['01_program_mechanics', '02_opt_out_dispute', '03_detainer_law', '04_pep_transition']
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import hashlib
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import ftfy

from scomm.course import layout as course

FORMATS = ("auto", "text", "mediawiki", "html")
KINDS = ("reading", "source")
READINGS_DIR = Path(__file__).parent / "readings"
#: CI points this at its copy of the source documents.
SOURCES_ENV = "SCOMM_SOURCES"
PARAGRAPH_BREAK = "\n\n"


# -- the documents ----------------------------------------------------------------------------


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
    texts = [t for t in (_final_form(p) for p in paragraphs) if t]
    spans, offset = [], 0
    for pid, text in zip(paragraph_ids(texts), texts, strict=True):
        spans.append(Paragraph(pid, offset, offset + len(text)))
        offset += len(text) + len(PARAGRAPH_BREAK)
    text = PARAGRAPH_BREAK.join(texts)
    cleaned = (tuple(tuple(_final_form(cell) for cell in row) for row in table) for table in tables)
    clean_tables = tuple(table for table in cleaned if table)
    return Document(
        doc_id=doc_id,
        title=_final_form(title),
        text=text,
        paragraphs=tuple(spans),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_id=source_id,
        kind=kind,
        references=tuple(r for r in (_final_form(r) for r in references) if r),
        tables=clean_tables,
    )


# -- ingest -----------------------------------------------------------------------------------


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
    text = _decode(raw)
    for repair in _REPAIRS:
        text = repair(text)
    if fmt == "auto":
        fmt = detect_format(text)
    parsed = _PARSERS[fmt](text)
    paragraphs = parsed.paragraphs
    for cleanup in _CLEANUPS[fmt]:
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
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, but {value!r} was given")


@dataclass
class _Parsed:
    paragraphs: list[str]
    references: list[str] = dataclasses.field(default_factory=list)
    tables: list[list[list[str]]] = dataclasses.field(default_factory=list)


# -- repairs on the whole raw text ------------------------------------------------------------


def _decode(raw: str | bytes) -> str:
    if isinstance(raw, bytes | bytearray):
        return bytes(raw).decode("utf-8", errors="replace")
    return str(raw)


def fix_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, undone by ftfy, plus the sequences it leaves.

    >>> fix_mojibake('three states â€" Illinois, New York, and Massachusetts')
    'three states — Illinois, New York, and Massachusetts'
    >>> fix_mojibake("ICEâ€™s") == "ICE's"
    True
    """
    # Markup stays as written (no entity unescaping): the parsers decode entities themselves.
    text = ftfy.fix_text(text, unescape_html=False)
    # ftfy leaves a sequence alone when the copy also had its curly quotes straightened: the
    # last byte of an em dash (0x94) was read as ” and then turned into ".
    for bad, good in _LEFTOVER_MOJIBAKE:
        text = text.replace(bad, good)
    return _SURROGATE.sub("\ufffd", text)


_LEFTOVER_MOJIBAKE = (('â€"', "—"), ("â€˜", "'"), ("â€™", "'"), ("â€œ", '"'), ("â€¦", "…"))
_SURROGATE = re.compile("[\ud800-\udfff]")

# A stray " n" stands for a lost newline ("policy. nThe idea"). Before a capital or an opening
# quote it is always a mark: no English word is "n" followed by a capital.
_MARKS = re.compile(r"(?:[^\S\n]+n)+(?=[A-Z]|[\"'“‘][A-Za-z])")
# Before a lowercase letter ("immigration. nover 100 states") it is a mark only after a sentence
# that ends in a whole lowercase word, so "U.S. now" and "Dec. nine" survive, and only in a copy
# that already shows several marks of the first kind.
_LOWER_MARK = re.compile(r"\b[a-z]{2,}[)\"'”’]?[.?!][)\"'”’]?([^\S\n]+n)(?=[a-z])")
_MIN_MARKS = 3
_PULL_QUOTE_WORDS = 4


def split_paragraph_marks(text: str) -> str:
    """Turn stray " n" paragraph marks into paragraph breaks, leaving words such as "in" whole.

    >>> split_paragraph_marks("It began in 2008. nThe plan was new. nIn an office, nothing moved.")
    'It began in 2008.\\n\\nThe plan was new.\\n\\nIn an office, nothing moved.'

    Web copies damaged this way also carry the page's pull-quotes, which repeat the article's
    own sentences in a lower-case display style: a marked paragraph with no capital letter in
    it ("over 100 states … have limited …") is dropped.
    """
    marks = [m.span() for m in _MARKS.finditer(text)]
    if len(marks) >= _MIN_MARKS:
        marks = sorted(marks + [m.span(1) for m in _LOWER_MARK.finditer(text)])
    # a copy that separates paragraphs by single newlines gets one more, not a blank line
    # (which would make the text parser join its lines)
    separator = "\n" if "\n" in text and not _BLANK_LINE.search(text) else PARAGRAPH_BREAK
    pieces, position = [], 0
    for i, (start, end) in enumerate(marks):
        pieces += [text[position:start], separator]
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        newline = text.find("\n", end, stop)
        segment_end = stop if newline == -1 else newline
        position = segment_end if _is_pull_quote(text[end:segment_end]) else end
    pieces.append(text[position:])
    return "".join(pieces)


def _is_pull_quote(segment: str) -> bool:
    return len(segment.split()) >= _PULL_QUOTE_WORDS and not any(c.isupper() for c in segment)


# Ordering: decoding damage first, since a mark can hide behind it ("policy.Â  nThe").
_REPAIRS: tuple[Callable[[str], str], ...] = (fix_mojibake, split_paragraph_marks)


# -- plain text -------------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_BULLET = re.compile(r"^\s*(?:[•*·▪‣◦-]|\d{1,3}[.)])\s")


def _parse_text(text: str) -> _Parsed:
    """Blank lines separate paragraphs; lacking any, every line is one (as in web copies).

    Inside a paragraph, a hard-wrapped line joins the one before it, but a bullet starts anew.
    """
    if not _BLANK_LINE.search(text):
        return _Parsed(text.split("\n"))
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(text):
        current: list[str] = []
        for line in block.split("\n"):
            if _BULLET.match(line) and current:
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        paragraphs.append(" ".join(current))
    return _Parsed(paragraphs)


_IMAGE_FRAGMENT = re.compile(
    r"^\S*(?:\.(?:jpe?g|png|gif|webp|svg|avif)\b|/uploads/|https?://|^/)\S*$", re.IGNORECASE
)


def drop_image_fragment(paragraphs: list[str]) -> list[str]:
    """Drop a leftover image address at the very top ("/cdn.example.com/…/photo.jpg)")."""
    first = next((i for i, p in enumerate(paragraphs) if p.strip()), None)
    if first is not None and _IMAGE_FRAGMENT.match(paragraphs[first].strip()):
        return paragraphs[:first] + paragraphs[first + 1 :]
    return paragraphs


# -- site chrome and appeals (text and HTML) --------------------------------------------------

_CHROME_PHRASES = (
    r"skip to (?:the )?(?:main )?(?:content|footer|navigation|search|menu)",
    r"jump to (?:navigation|search|content)",
    r"toggle (?:navigation|menu)",
    r"(?:main )?menu",
    r"search",
    r"share(?: this)?(?: article| story| page)?",
    r"advertisement",
    r"(?:sign|log) (?:in|up)",
    r"subscribe",
    r"close",
    r"back to top",
)
CHROME = re.compile(r"^(?:\W*(?:" + "|".join(_CHROME_PHRASES) + r")\W*)+$", re.IGNORECASE)


def is_chrome(text: str) -> bool:
    """Whether a line is site furniture rather than the article.

    >>> is_chrome("Skip to content Skip to footer"), is_chrome("Skip to content, then read on.")
    (True, False)
    """
    return bool(text.strip()) and bool(CHROME.match(text.strip()))


def drop_chrome(paragraphs: list[str]) -> list[str]:
    """Drop navigation lines such as "Skip to content Skip to footer"."""
    return [p for p in paragraphs if not is_chrome(p)]


_ASKS_FOR_MONEY = re.compile(r"\b(?:donat(?:e|es|ed|ing|ion|ions)|fundrais\w*)\b", re.IGNORECASE)
_ADDRESSES_READER = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
_APPEAL_OPENER = re.compile(r"\b(?:we|us|our|you|your|help|support|journalism|donat\w*|contribut\w*)\b", re.I)
_APPEAL_TAIL = 5  # an appeal sits among the last paragraphs
_APPEAL_LEAD = 2  # and opens at most this far above its first request for money
_HEADING_WORDS = 15


def drop_appeal(paragraphs: list[str]) -> list[str]:
    """Drop a fundraising appeal closing the page.

    An appeal is recognised, not listed: among the last five paragraphs, the first one that asks
    the reader ("you") for a donation. It usually opens a paragraph or two earlier with a short
    heading-like line that speaks to the reader ("We need your help…"), so the cut moves up to
    such a line when there is one within two paragraphs; everything from the cut to the end goes.

    >>> drop_appeal(["Story.", "More story.", "Help us", "Please donate if you can."])
    ['Story.', 'More story.']
    """
    visible = [i for i, p in enumerate(paragraphs) if p.strip()]
    tail = visible[-_APPEAL_TAIL:]
    asking = next(
        (
            i
            for i in tail
            if _ASKS_FOR_MONEY.search(paragraphs[i]) and _ADDRESSES_READER.search(paragraphs[i])
        ),
        None,
    )
    if asking is None:
        return paragraphs
    cut = asking
    for i in reversed(visible[: visible.index(asking)][-_APPEAL_LEAD:]):
        if _opens_appeal(paragraphs[i]):
            cut = i
            break
    if cut == visible[0]:  # never the whole document: then it is about donations, not an appeal
        return paragraphs
    return paragraphs[:cut]


def _opens_appeal(text: str) -> bool:
    """A short heading-like line that speaks to the reader or asks for support."""
    text = text.strip()
    short = 0 < len(text.split()) <= _HEADING_WORDS and text[-1] not in ".,;:"
    return short and bool(_APPEAL_OPENER.search(text))


# -- MediaWiki --------------------------------------------------------------------------------

_LIST_MARKUP = {"*", "#", ";", ":"}
_HIDDEN_NAMESPACES = {"category", "file", "image", "media"}
_FOOTNOTE_TAGS = {"ref", "references"}
_HEADING = "\ue001"  # marks a heading paragraph until empty sections are dropped
_MAGIC_WORD = re.compile(r"__[A-Z]+__")


def _parse_mediawiki(text: str) -> _Parsed:
    """Templates dropped, [[a|b]] → b, <ref> → references, {| |} → tables, headings kept alone."""
    import mwparserfromhell

    text = text.replace(_HEADING, "")
    code = mwparserfromhell.parse(text)
    footnotes = [tag for tag in code.filter_tags(recursive=True) if _tag_name(tag) in _FOOTNOTE_TAGS]
    references = [_reference_text(tag.contents) for tag in footnotes if tag.contents]
    found_tables = [tag for tag in code.filter_tags(recursive=True) if _tag_name(tag) == "table"]
    tables = [_wiki_table(tag) for tag in found_tables]
    # Footnotes and tables leave the text wherever they sit, even inside bold or a link; a table
    # (and a footnote inside one, already gone with it) is then a paragraph break.
    for tag, replacement in [*((t, "") for t in footnotes), *((t, PARAGRAPH_BREAK) for t in found_tables)]:
        with contextlib.suppress(ValueError):
            code.replace(tag, replacement)
    plain = "".join(_wiki_plain(node) for node in code.nodes)
    blocks = [" ".join(block.split("\n")) for block in _BLANK_LINE.split(_MAGIC_WORD.sub("", plain))]
    return _Parsed(_drop_empty_sections(blocks), references, tables)


def _tag_name(tag) -> str:
    return str(tag.tag).strip().lower()


def _wiki_plain(node) -> str:
    from mwparserfromhell.nodes import Heading, Tag, Wikilink

    if isinstance(node, Heading):
        title = node.title.strip_code(normalize=True, collapse=True).strip()
        return f"{PARAGRAPH_BREAK}{_HEADING}{node.level}{_HEADING}{title}{PARAGRAPH_BREAK}"
    if isinstance(node, Tag):
        if _tag_name(node) in _FOOTNOTE_TAGS:  # collected into references instead
            return ""
        if _tag_name(node) == "br":
            return " "
        if _tag_name(node) == "table" or node.wiki_markup in _LIST_MARKUP or _tag_name(node) in {"li", "p"}:
            # each list item, and the place of each table, is a paragraph break
            inner = "" if _tag_name(node) == "table" else _strip(node)
            return f"{PARAGRAPH_BREAK}{inner}{PARAGRAPH_BREAK}" if inner else PARAGRAPH_BREAK
    if isinstance(node, Wikilink):
        namespace = str(node.title).strip().split(":", 1)[0].lower()
        if ":" in str(node.title) and namespace in _HIDDEN_NAMESPACES:
            return ""
    return _strip(node)


def _strip(node) -> str:
    # strip_code's per-node rule: templates and comments give nothing.
    return node.__strip__(normalize=True, collapse=True, keep_template_params=False) or ""


def _drop_empty_sections(blocks: list[str]) -> list[str]:
    """Keep headings as paragraphs, except those with nothing under them ("References").

    Read from the end: a heading stays when what follows it is text or a deeper heading that
    itself stayed.
    """
    kept: list[str] = []
    below: int | None = 0  # level of the next kept block; None for text, 0 for the end
    for block in reversed(blocks):
        if not block.strip():
            continue
        level = _heading_level(block)
        if level is None:
            kept.append(block)
            below = None
        elif below is None or below > level:
            kept.append(block.split(_HEADING, 2)[2])
            below = level
    return kept[::-1]


def _heading_level(block: str) -> int | None:
    parts = block.strip().split(_HEADING)
    if len(parts) == 3 and parts[0] == "" and parts[1].isdigit():
        return int(parts[1])
    return None


def _reference_text(contents) -> str:
    """A footnote as words: cite templates rendered briefly, external links with their address."""
    from mwparserfromhell.nodes import ExternalLink, Template

    pieces = []
    for node in contents.nodes:
        if isinstance(node, Template) and str(node.name).strip().lower().startswith(("cite", "citation")):
            pieces.append(_citation(node))
        elif isinstance(node, ExternalLink):
            url = str(node.url).strip()
            title = node.title.strip_code().strip() if node.title else ""
            pieces.append(f"{title} ({url})" if title else url)
        else:
            pieces.append(_strip(node))
    return " ".join("".join(pieces).split())


_AUTHOR_PARAMS = (("last", "first"), ("last1", "first1"), ("last2", "first2"), ("last3", "first3"))
_CITE_PARTS = (
    ("title",),
    ("journal", "work", "newspaper", "website", "publisher"),
    ("date", "year"),
    ("url", "doi"),
)


def _citation(template) -> str:
    """``{{cite news |last=Preston |first=Julia |title=…}}`` → 'Preston, Julia. Title. Work. Date. URL'."""

    def value(name: str) -> str:
        return template.get(name).value.strip_code().strip() if template.has(name) else ""

    authors = [", ".join(x for x in (value(last), value(first)) if x) for last, first in _AUTHOR_PARAMS]
    authors += [value(name) for name in ("author", "author1", "author2", "author3")]
    parts = ["; ".join(a for a in authors if a)]
    parts += [next((value(n) for n in names if value(n)), "") for names in _CITE_PARTS]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def _wiki_table(table) -> list[list[str]]:
    """Rows of cell texts; the caption (``|+``) is not a row."""
    rows: list[list[str]] = []
    loose: list[str] = []  # cells before the first "|-" form the first row
    for node in table.contents.filter_tags(recursive=False):
        name = _tag_name(node)
        if _is_cell(node):
            loose.append(_cell_text(node))
        elif name == "tr":
            rows.append([_cell_text(c) for c in node.contents.filter_tags(recursive=False) if _is_cell(c)])
    rows = ([loose] if loose else []) + rows
    return [row for row in rows if any(cell for cell in row)]


def _is_cell(node) -> bool:
    return _tag_name(node) in {"td", "th"} and not str(node).lstrip().startswith("|+")


def _cell_text(cell) -> str:
    return " ".join(cell.contents.strip_code(normalize=True, collapse=True).split())


# -- HTML -------------------------------------------------------------------------------------

_NEVER_TEXT = ("script", "style", "noscript", "template", "nav", "aside", "form", "button", "iframe", "svg")
_PAGE_FURNITURE = ("header", "footer")  # dropped unless inside the article itself
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd")


def _parse_html(text: str) -> _Parsed:
    """The main text of a page: paragraphs from <p>, <h1>…<h6> and <li>; tables set aside."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():  # a short copy can look like a file name or URL; it is text
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(_NEVER_TEXT):
        element.decompose()
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        role = str(element.get("role") or "").lower()
        furniture = element.name in _PAGE_FURNITURE and not element.find_parent(("article", "main"))
        if furniture or role in _FURNITURE_ROLES or is_chrome(element.get_text(" ")):
            element.decompose()
    articles = soup.find_all(("article", "main"))
    root = max(articles, key=lambda a: len(a.get_text()), default=None) or soup
    tables = []
    for table in root.find_all("table"):
        tables.append([[c.get_text(" ") for c in tr.find_all(("td", "th"))] for tr in table.find_all("tr")])
        table.decompose()
    blocks = [b for b in root.find_all(_BLOCKS) if not b.find_parent(_BLOCKS)]
    # with no paragraph markup at all, the page's lines are its paragraphs
    paragraphs = [b.get_text(" ") for b in blocks] if blocks else root.get_text("\n").split("\n")
    return _Parsed(paragraphs, tables=[[r for r in t if any(c.strip() for c in r)] for t in tables])


_PARSERS: dict[str, Callable[[str], _Parsed]] = {
    "text": _parse_text,
    "mediawiki": _parse_mediawiki,
    "html": _parse_html,
}

# Ordering: the image fragment is recognised only as the first line, so it goes before anything
# else can shift what "first" means; chrome lines go before the appeal, so that a menu line after
# the appeal does not hide it from the five-paragraph tail.
_CLEANUPS: dict[str, tuple[Callable[[list[str]], list[str]], ...]] = {
    "text": (drop_image_fragment, drop_chrome, drop_appeal),
    "html": (drop_chrome, drop_appeal),
    "mediawiki": (),
}


def _final_form(text: str) -> str:
    """One line, single spaces, NFC (normalised last; repeated because NFC can expose spaces)."""
    for _ in range(3):
        collapsed = " ".join(text.split())
        text = unicodedata.normalize("NFC", collapsed)
        if text == collapsed:
            break
    return text


# -- seeds and readings -----------------------------------------------------------------------


def seeds_dir() -> Path | None:
    """The folder of source documents: $SCOMM_SOURCES, else ``../shared/seeds`` beside the kit."""
    configured = os.environ.get(SOURCES_ENV)
    if configured:
        return Path(configured)
    beside = course.ROOT.parent / "shared" / "seeds"
    return beside if beside.is_dir() else None


def from_seed(filename: str) -> Document:
    """Ingest one source document by file name, with its ``source_id`` and title from sources.csv."""
    folder = seeds_dir()
    if folder is None:
        raise FileNotFoundError(
            f"no folder of source documents: set {SOURCES_ENV} to the folder holding the seed files"
        )
    path = folder / filename
    if not path.is_file():
        present = ", ".join(sorted(p.name for p in folder.glob("*.txt"))) or "no .txt files"
        raise FileNotFoundError(f"{path} does not exist; {folder} holds {present}")
    from scomm.course import data

    sources = data.load("sources")
    rows = sources[sources["seed_file"] == filename]
    source_id = str(rows["source_id"].iloc[0]) if len(rows) else None
    title = str(rows["title"].iloc[0]) if len(rows) else path.stem
    return ingest(path.read_bytes(), doc_id=source_id or path.stem, title=title, source_id=source_id)


_SOURCE_IDS = re.compile(r"^\s*<!--\s*source_ids:(.*?)-->\s*$", re.MULTILINE)


def reading(lesson_slug: str) -> Document:
    """The kit's own reading for one lesson, with the ``source_id``s it rests on as references."""
    path = READINGS_DIR / f"{lesson_slug}.md"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in READINGS_DIR.glob("*.md")))
        raise KeyError(f"no reading for lesson {lesson_slug!r}; readings exist for {known}")
    text = path.read_text(encoding="utf-8")
    ids = [s.strip() for m in _SOURCE_IDS.findall(text) for s in m.split(";") if s.strip()]
    text = _SOURCE_IDS.sub("", text)
    title = ""
    first, _, rest = text.lstrip().partition("\n")
    if first.startswith("# "):
        title, text = first[2:].strip(), rest
    doc = ingest(text, doc_id=lesson_slug, fmt="text", title=title, kind="reading")
    return dataclasses.replace(doc, references=tuple(ids))


def corpus() -> dict[str, Document]:
    """The default corpus: one reading per lesson, by lesson slug."""
    return {lesson.slug: reading(lesson.slug) for lesson in course.LESSONS}
