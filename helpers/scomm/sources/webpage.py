"""An HTML page to paragraphs: the main text only, without navigation, banners or asides.

>>> parse_html("<nav>Menu</nav><article><p>One</p><p>Two</p></article>").paragraphs
['One', 'Two']
"""

from __future__ import annotations

import warnings

from scomm.sources.cleanup import is_chrome
from scomm.sources.documents import Parsed

_NEVER_TEXT = ("script", "style", "noscript", "template", "nav", "aside", "form", "button", "iframe", "svg")
_PAGE_FURNITURE = ("header", "footer")  # dropped unless inside the article itself
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd")


def parse_html(text: str) -> Parsed:
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
    return Parsed(paragraphs, tables=[[r for r in t if any(c.strip() for c in r)] for t in tables])
