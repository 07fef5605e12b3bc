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

    # It logs pages it cannot read as errors (from child loggers): not ours to show a student.
    log = logging.getLogger("trafilatura")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
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
        log.setLevel(level)


def parse_by_rules(text: str) -> Parsed:
    """The kit's rules: landmarks, roles and chrome lines dropped; blocks in order; tables apart.

    Every walk goes down the tree once (never up from each element, never over a removed
    one), so a page nested thousands deep costs its size, not its size times its depth.
    """
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():  # a short copy can look like a file name or URL; it is text
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "html.parser")
    _drop_furniture(soup)
    articles = _outermost(soup, ("article", "main"))
    root = max(articles, key=lambda a: len(a.get_text()), default=None) or soup
    tables = []
    for table in _outermost(root, ("table",)):
        tables += _tables(table)
    blocks = _outermost(root, _BLOCKS)
    # with no paragraph markup at all, the page's lines are its paragraphs
    paragraphs = [b.get_text(" ") for b in blocks] if blocks else root.get_text("\n").split("\n")
    return Parsed(paragraphs, tables=[[r for r in t if any(c.strip() for c in r)] for t in tables])


def _children(element) -> list:
    return element.find_all(True, recursive=False)


def _drop_furniture(soup) -> None:
    """Remove what is never text, landmarks and roles of furniture, and chrome lines.

    A chrome line is short, so only elements light enough (``_weights``) have their text read:
    reading every element's text from <html> down would cost the page's size times its depth.
    """
    weight = _weights(soup)
    pending = [(soup, False)]
    while pending:
        element, in_article = pending.pop()
        for child in _children(element):
            role = str(child.get("role") or "").lower()
            furniture = child.name in _PAGE_FURNITURE and not in_article
            light = weight[id(child)] <= CHROME_CHARS
            if (
                child.name in _NEVER_TEXT
                or furniture
                or role in _FURNITURE_ROLES
                or (light and is_chrome(child.get_text(" ")))
            ):
                child.decompose()
            else:
                pending.append((child, in_article or child.name in ("article", "main")))


def _outermost(root, names: tuple[str, ...]) -> list:
    """The elements named ``names`` not inside another of them, in document order."""
    found, stack = [], [iter(_children(root))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.name in names:
            found.append(child)
        else:
            stack.append(iter(_children(child)))
    return found


def _tables(table) -> list[list[list[str]]]:
    """A data table's rows of cell texts, the table removed; a layout table (older sites) is
    unwrapped, its cells being the page, and the data tables inside it are returned."""
    if table.find(_LAYOUT_INSIDE):
        inner = _outermost(table, ("table",))
        table.unwrap()
        return [rows for nested in inner for rows in _tables(nested)]
    rows = [[c.get_text(" ") for c in tr.find_all(("td", "th"))] for tr in table.find_all("tr")]
    table.decompose()
    return [rows]


def _weights(root) -> dict[int, int]:
    """Each element's characters plus nodes, counted once from the leaves up and capped just
    above ``CHROME_CHARS``: only an element this light can be a chrome line."""
    weight: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        element, counted = stack.pop()
        if not counted:
            stack.append((element, True))
            stack.extend((child, False) for child in element.contents if not isinstance(child, str))
            continue
        total = 1
        for child in element.contents:
            total += len(child) + 1 if isinstance(child, str) else weight[id(child)]
        weight[id(element)] = min(total, CHROME_CHARS + 1)
    return weight
