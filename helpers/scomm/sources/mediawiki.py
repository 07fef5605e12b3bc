"""MediaWiki markup to paragraphs: inline templates rendered, other templates dropped, ``[[a|b]]``
to b, ``<ref>`` to references, ``{| |}`` to tables, headings kept as paragraphs of their own.

Inline templates carry words (``{{nowrap|October 27, 2008}}``, ``{{lang|es|Comunidades
Seguras}}``); they are rendered, in body text and citations alike, before anything else.
Infoboxes, navigation boxes and maintenance tags are not the article and are dropped.

>>> parsed = parse_mediawiki("See the [[program|programme]].<ref>ICE, 2009.</ref>")
>>> parsed.paragraphs, parsed.references
(['See the programme.'], ['ICE, 2009.'])
"""

from __future__ import annotations

import contextlib
import re

from scomm.sources.documents import BLANK_LINE, PARAGRAPH_BREAK, Parsed

_LIST_MARKUP = {"*", "#", ";", ":"}
_HIDDEN_NAMESPACES = {"category", "file", "image", "media"}
_FOOTNOTE_TAGS = {"ref", "references"}
_HEADING = "\ue001"  # marks a heading paragraph until empty sections are dropped
_MAGIC_WORD = re.compile(r"__[A-Z]+__")


def parse_mediawiki(text: str) -> Parsed:
    """Templates dropped, [[a|b]] → b, <ref> → references, {| |} → tables, headings kept alone."""
    import mwparserfromhell

    text = close_markup(text.replace(_HEADING, ""))
    code = mwparserfromhell.parse(text)
    render_inline_templates(code)
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
    blocks = [" ".join(block.split("\n")) for block in BLANK_LINE.split(_MAGIC_WORD.sub("", plain))]
    return Parsed(_drop_empty_sections(blocks), references, tables)


#: Pairs whose opener the parser tries to the end of the page when nothing closes it, backing
#: out afterwards: a few thousand unclosed openers (a copy cut short, a damaged file) cost it
#: seconds each time. What no closer matches is written as text, as MediaWiki itself shows it.
_PAIRS = re.compile(r"\{\{|\}\}|\[\[|\]\]|<(/?)([A-Za-z][\w-]{0,30})(?=[\s/>])[^<>]{0,500}?(/?)>")
_AS_TEXT = {"{{": "&#123;&#123;", "[[": "&#91;&#91;"}
_VOID = {"br", "hr", "img", "wbr", "references", "nowiki"}


def close_markup(text: str) -> str:
    """``{{``, ``[[`` and tags that nothing closes written as text (entities), others kept.

    >>> close_markup("{{nowrap|1}} and {{ left open, <ref>cut")
    '{{nowrap|1}} and &#123;&#123; left open, &lt;ref>cut'
    """
    open_at: dict[str, list[int]] = {}
    for found in _PAIRS.finditer(text):
        token, closing, name, alone = found[0], found[1], (found[2] or "").lower(), found[3]
        if token in ("{{", "[["):
            open_at.setdefault(token, []).append(found.start())
        elif token in ("}}", "]]"):
            opened = open_at.get("{{" if token == "}}" else "[[")
            if opened:
                opened.pop()
        elif closing:
            if open_at.get(name):
                open_at[name].pop()
        elif not alone and name not in _VOID:
            open_at.setdefault(name, []).append(found.start())
    unclosed = sorted((at, key) for key, starts in open_at.items() for at in starts)
    pieces, last = [], 0
    for at, key in unclosed:
        pieces += [text[last:at], _AS_TEXT.get(key, "&lt;")]
        last = at + (2 if key in _AS_TEXT else 1)
    return "".join([*pieces, text[last:]])


#: Templates that only style their words: rendered as the positional parameter named here.
_STYLING = {
    **dict.fromkeys(("nowrap", "nobr", "small", "smaller", "big", "larger", "em", "strong", "abbr"), "1"),
    **dict.fromkeys(("tooltip", "sic", "mvar", "var", "code", "kbd", "samp", "smallcaps", "sc"), "1"),
    **dict.fromkeys(("visible anchor", "vanchor", "nowrap begin", "keypress", "resize"), "1"),
    "lang": "2",
    "transliteration": "2",
}
#: Templates that stand for one character or a short fixed text.
_SYMBOLS = {
    "ndash": "–", "mdash": "—", "snd": " – ", "spaced ndash": " – ", "nbsp": "\xa0", "'": "'",
    "'s": "'s", "pipe": "|", "!": "|", "=": "=", "sfn whitespace": " ",
}  # fmt: skip


def _inline_text(template) -> str | None:
    """What an inline template shows, as markup; None for any other template (dropped later)."""
    name = " ".join(str(template.name).replace("_", " ").split()).lower()
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    param = "1" if name.startswith("lang-") else _STYLING.get(name)
    if param is None:
        return None
    return str(template.get(param).value) if template.has(param) else ""


def render_inline_templates(code) -> None:
    """Replace, in place, every inline template by the words it shows (innermost first).

    >>> import mwparserfromhell
    >>> code = mwparserfromhell.parse("On {{nowrap|October {{small|27}}, 2008}} it began.{{Infobox x}}")
    >>> render_inline_templates(code)
    >>> str(code)
    'On October 27, 2008 it began.{{Infobox x}}'
    """
    # filter_templates lists an outer template before those inside it: reversed, the inner
    # ones are rendered first, so an outer one's parameter already holds their words.
    for template in reversed(code.filter_templates(recursive=True)):
        shown = _inline_text(template)
        if shown is not None:
            with contextlib.suppress(ValueError):
                code.replace(template, shown)


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
