"""Cleaning a raw copy: repairs on the whole text, plain-text paragraphs, and dropping what is not
the article (an image address, site furniture, a closing appeal).

>>> fix_mojibake("ICEâ€™s") == "ICE’s"
True
>>> drop_chrome(["Skip to content Skip to footer", "The story."])
['The story.']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scomm.course import lazy
from scomm.sources.documents import BLANK_LINE, PARAGRAPH_BREAK, Parsed

#: Loaded when a copy is first mended: the kit's own readings never are (``READING_REPAIRS``), so a
#: lesson showing one does not pay ftfy's import (a tenth of a CPU-second).
ftfy = lazy.module("ftfy")

# -- repairs on the whole raw text ------------------------------------------------------------


def fix_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, undone by ftfy, plus the sequences it leaves.

    >>> fix_mojibake('three states â€" Illinois, New York, and Massachusetts')
    'three states — Illinois, New York, and Massachusetts'
    >>> fix_mojibake("ICEâ€™s") == "ICE’s"
    True
    """
    # Markup stays as written (no entity unescaping): the parsers decode entities themselves.
    # Curly quotes stay curly: a student quoting the source pastes them (find_quote folds them).
    text = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False)
    # ftfy leaves a sequence alone when the copy also had its curly quotes straightened: the
    # last byte of an em dash (0x94) was read as ” and then turned into ".
    for bad, good in _LEFTOVER_MOJIBAKE:
        text = text.replace(bad, good)
    return _SURROGATE.sub("\ufffd", text)


_LEFTOVER_MOJIBAKE = (('â€"', "—"), ("â€˜", "‘"), ("â€™", "’"), ("â€œ", "“"), ("â€¦", "…"))
_SURROGATE = re.compile("[\ud800-\udfff]")

# A stray " n" stands for a lost newline ("policy. nThe idea"). Before a capital or an opening
# quote it is always a mark: no English word is "n" followed by a capital.
# A run of marks is matched only from its start (the lookbehinds): started again inside a long run
# that fails at its end, the search would cost the run's length at each of its positions.
_MARKS = re.compile(r"(?<![^\S\n])(?<![^\S\n]n)(?:[^\S\n]+n)+(?=[A-Z]|[\"'“‘][A-Za-z])")
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
    separator = "\n" if "\n" in text and not BLANK_LINE.search(text) else PARAGRAPH_BREAK
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


def unify_line_ends(text: str) -> str:
    """CRLF (Windows) and a lone CR (old Macs) become LF, so blank lines separate paragraphs.

    >>> unify_line_ends("One.\\r\\n\\r\\nTwo.\\rThree.")
    'One.\\n\\nTwo.\\nThree.'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Ordering: line ends first, as every later step reads lines; decoding damage next, since a
# mark can hide behind it ("policy.Â  nThe").
REPAIRS: tuple[Callable[[str], str], ...] = (unify_line_ends, fix_mojibake, split_paragraph_marks)
#: The kit's own readings (``sources/readings``) are written clean, not copied from a web page, so
#: they only get their line ends unified; ``tests/sources`` checks ``REPAIRS`` changes nothing more in them.
READING_REPAIRS: tuple[Callable[[str], str], ...] = (unify_line_ends,)


# -- plain text -------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•*·▪‣◦-]|\d{1,3}[.)])\s")


def parse_text(text: str) -> Parsed:
    """Blank lines separate paragraphs; lacking any, every line is one (as in web copies).

    Inside a paragraph, a hard-wrapped line joins the one before it, but a bullet starts anew.
    """
    if not BLANK_LINE.search(text):
        return Parsed(text.split("\n"))
    paragraphs: list[str] = []
    for block in BLANK_LINE.split(text):
        current: list[str] = []
        for line in block.split("\n"):
            if _BULLET.match(line) and current:
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        paragraphs.append(" ".join(current))
    return Parsed(paragraphs)


#: Looked for inside one token without spaces (``\S*`` on both sides of it backtracked quadratically).
_IMAGE_FRAGMENT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif)\b|/uploads/|https?://|^/", re.IGNORECASE)


def drop_image_fragment(paragraphs: list[str]) -> list[str]:
    """Drop a leftover image address at the very top ("/cdn.example.com/…/photo.jpg)")."""
    first = next((i for i, p in enumerate(paragraphs) if p.strip()), None)
    token = paragraphs[first].strip() if first is not None else ""
    if token and not any(c.isspace() for c in token) and _IMAGE_FRAGMENT.search(token):
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
#: One chrome phrase. Matched one at a time and removed, never repeated inside a pattern: the
#: earlier ``^(?:\W*(?:…)\W*)+$`` nested its quantifiers and backtracked for minutes on a menu.
CHROME = re.compile("|".join(_CHROME_PHRASES), re.IGNORECASE)
_WORD = re.compile(r"\w")
#: A chrome line is short; a longer text is never one, and is not read further.
CHROME_CHARS = 300


def is_chrome(text: str) -> bool:
    """Whether a line is site furniture rather than the article: chrome phrases and nothing else.

    >>> is_chrome("Skip to content Skip to footer"), is_chrome("Skip to content, then read on.")
    (True, False)
    """
    text = text.strip()
    if not text or len(text) > CHROME_CHARS or not CHROME.search(text):
        return False
    return not _WORD.search(CHROME.sub(" ", text))


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
