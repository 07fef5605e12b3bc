"""An HTML page to paragraphs: the main text only, without navigation, banners or asides.

The kit's own rules split the page into blocks (paragraphs, headings, list items) and drop
what HTML5 landmarks and roles mark as furniture. Pages older than those landmarks (the
2010-2011 news sites the course cites) mark nothing, so a kept main-text extractor,
trafilatura, decides which blocks are the article: a block stays when most of its words line
up with trafilatura's text. When trafilatura finds nothing, the kit's rules alone decide.

>>> parse_html("<nav>Menu</nav><article><p>One</p><p>Two</p></article>").paragraphs
['One', 'Two']
"""

from __future__ import annotations

import logging
import warnings
from difflib import SequenceMatcher

from scomm.sources.cleanup import CHROME_CHARS, is_chrome
from scomm.sources.documents import Parsed

_NEVER_TEXT = ("script", "style", "noscript", "template", "nav", "aside", "form", "button", "iframe", "svg")
_PAGE_FURNITURE = ("header", "footer")  # dropped unless inside the article itself
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd")
#: A table holding any of these lays out a page rather than tabulating data.
_LAYOUT_INSIDE = ("table", "p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")


def parse_html(text: str) -> Parsed:
    """The main text of a page: paragraphs from <p>, <h1>…<h6> and <li>; tables set aside."""
    parsed = parse_by_rules(text)
    main = main_blocks(text, parsed.paragraphs)
    return Parsed(main, tables=parsed.tables) if main else parsed


def main_blocks(page: str, blocks: list[str]) -> list[str] | None:
    """The blocks most of whose words are in trafilatura's main text, in order; None if it found none."""
    main = _main_text(page)
    if not main:
        return None
    words, owner = [], []
    for number, block in enumerate(blocks):
        for word in block.split():
            words.append(word)
            owner.append(number)
    matched = [0] * len(blocks)
    for start, _other, size in SequenceMatcher(None, words, main.split()).get_matching_blocks():
        for position in range(start, start + size):
            matched[owner[position]] += 1
    kept = [block for number, block in enumerate(blocks) if 2 * matched[number] > len(block.split())]
    return kept or None


def _main_text(page: str) -> str | None:
    import trafilatura

    log = logging.getLogger("trafilatura")  # it logs, as warnings, pages it cannot read: not ours to show
    was_disabled, log.disabled = log.disabled, True
    try:
        return trafilatura.extract(
            page,
            output_format="txt",
            fast=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception:  # a page trafilatura cannot read is left to the kit's rules
        return None
    finally:
        log.disabled = was_disabled


def parse_by_rules(text: str) -> Parsed:
    """The kit's rules: landmarks, roles and chrome lines dropped; blocks in order; tables apart."""
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
        if furniture or role in _FURNITURE_ROLES or is_chrome(_short_text(element)):
            element.decompose()
    articles = soup.find_all(("article", "main"))
    root = max(articles, key=lambda a: len(a.get_text()), default=None) or soup
    tables = []
    for table in root.find_all("table"):
        if table.decomposed:
            continue
        if table.find(_LAYOUT_INSIDE):  # a layout table (older sites): its cells are the page
            table.unwrap()
            continue
        tables.append([[c.get_text(" ") for c in tr.find_all(("td", "th"))] for tr in table.find_all("tr")])
        table.decompose()
    blocks = [b for b in root.find_all(_BLOCKS) if not b.find_parent(_BLOCKS)]
    # with no paragraph markup at all, the page's lines are its paragraphs
    paragraphs = [b.get_text(" ") for b in blocks] if blocks else root.get_text("\n").split("\n")
    return Parsed(paragraphs, tables=[[r for r in t if any(c.strip() for c in r)] for t in tables])


def _short_text(element) -> str:
    """The element's text if it is short enough to be a chrome line, else "" (read no further).

    Reading the whole text of every element from <html> down costs the page's length times its
    depth; a chrome line is short, so each element is read only up to ``CHROME_CHARS``.
    """
    pieces, length = [], 0
    for piece in element.strings:
        pieces.append(piece)
        length += len(piece) + 1
        if length > CHROME_CHARS:
            return ""
    return " ".join(pieces)
