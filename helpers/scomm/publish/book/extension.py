"""The Sphinx extension for the course site: what Sphinx and myst-nb do not do by themselves.

- Each glossary term is linked where it first appears in a lesson's narrative (a ``:term:``
  cross-reference Sphinx resolves to the glossary page).
- Source ids become links to their entry on the sources page, wherever they appear: in the
  tables and chart captions of a lesson's outputs (marked by ``steps``) and as ``code`` in prose.
- Data files and rows named in a table's caption link to the data dictionary.
- The ``scomm-sources`` directive writes the bibliography, one anchor per ``source_id``.
- The site's stylesheet (print, dark mode, practice forms) and the practice checker are added.

Settings come from ``conf.py``: ``scomm_glossary`` (terms), ``scomm_source_ids``,
``scomm_lessons_prefix`` (docs whose narrative gets glossary links).
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from scomm.publish.book.steps import DATA_REF_CLASS, SOURCE_ID_CLASS

STATIC = Path(__file__).parent / "static"
SOURCES_DOC = "sources"
DATA_DOC = "data"
#: Where a term is never linked: headings, code, links already there, raw HTML.
_SKIP = (
    nodes.title,
    nodes.literal,
    nodes.reference,
    nodes.raw,
    nodes.FixedTextElement,
    addnodes.pending_xref,
)
_SOURCE_MARK = re.compile(
    rf'<span class="{SOURCE_ID_CLASS}" data-source-id="([a-z0-9][a-z0-9-]*)">[^<]*</span>'
)
_DATA_MARK = re.compile(rf'<span class="{DATA_REF_CLASS}" data-resource="([\w-]+)">([^<]*)</span>')


def _term_pattern(term: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)


def _skipped(node: nodes.Node) -> bool:
    """Inside a heading, code, a link, raw HTML or a cell's outputs (myst-nb keeps every
    representation of an output until the builder picks one, so a link there may vanish)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIP) or "cell_output" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def link_first(text_node: nodes.Text, term: str, patterns: list[re.Pattern]) -> bool:
    """Replace the earliest use of any of ``patterns`` in ``text_node`` by a ``:term:`` link; True if done."""
    text = str(text_node)
    found = min((m for m in (p.search(text) for p in patterns) if m), key=lambda m: m.start(), default=None)
    if found is None:
        return False
    shown = nodes.inline(found[0], found[0], classes=["xref", "std", "std-term"])
    xref = addnodes.pending_xref(
        "", shown, refdomain="std", reftype="term", reftarget=term.lower(), refexplicit=True, refwarn=True
    )
    parts = [nodes.Text(text[: found.start()]), xref, nodes.Text(text[found.end() :])]
    text_node.parent.replace(text_node, [p for p in parts if not isinstance(p, nodes.Text) or str(p)])
    return True


class GlossaryFirstUse(SphinxTransform):
    """Link each glossary term (or one of its other names) where it first appears in a lesson."""

    default_priority = 800

    def apply(self, **_kwargs: Any) -> None:
        if not self.env.docname.startswith(self.config.scomm_lessons_prefix):
            return
        for term, *others in self.config.scomm_glossary:
            patterns = [_term_pattern(name) for name in (term, *others)]
            for text_node in list(self.document.findall(nodes.Text)):
                if not _skipped(text_node) and link_first(text_node, term, patterns):
                    break


def link_markup(markup: str, sources_uri: str, data_uri: str) -> str:
    """Turn the citation marks of ``steps`` into links to the sources page and data dictionary.

    >>> link_markup('<span class="scomm-source-id" data-source-id="vox-2014">Vox, 6 June 2014</span>', "../sources.html", "../data.html")
    '<a class="scomm-source-link" href="../sources.html#vox-2014"><span class="scomm-source-id" data-source-id="vox-2014">Vox, 6 June 2014</span></a>'
    """
    markup = _SOURCE_MARK.sub(
        lambda m: f'<a class="scomm-source-link" href="{sources_uri}#{m[1]}">{m[0]}</a>', markup
    )
    return _DATA_MARK.sub(
        lambda m: f'<a class="scomm-data-link" href="{data_uri}#{nodes.make_id(m[1])}">{m[2]}</a>', markup
    )


def _link_literals(doctree: nodes.document, sources_uri: str, known: set[str]) -> None:
    for literal in list(doctree.findall(nodes.literal)):
        key = literal.astext()
        if key in known and not _skipped(literal):
            link = nodes.reference("", "", refuri=f"{sources_uri}#{key}", classes=["scomm-source-link"])
            literal.replace_self(link)
            link += literal


def resolve_links(app: Any, doctree: nodes.document, docname: str) -> None:
    """Point every source id and data reference of a page at the right page, relative to it."""
    if app.builder.format != "html":
        return
    sources_uri = app.builder.get_relative_uri(docname, SOURCES_DOC)
    data_uri = app.builder.get_relative_uri(docname, DATA_DOC)
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and (
            SOURCE_ID_CLASS in raw.astext() or DATA_REF_CLASS in raw.astext()
        ):
            markup = link_markup(raw.astext(), sources_uri, data_uri)
            raw.replace_self(nodes.raw("", markup, format="html"))
    if docname != SOURCES_DOC:
        _link_literals(doctree, sources_uri, set(app.config.scomm_source_ids))


def _entry(row: dict[str, str]) -> nodes.list_item:
    """One bibliography entry; its id is the source_id, exactly as other tables cite it."""
    item = nodes.list_item(ids=[row["source_id"]])
    para = nodes.paragraph()
    para += nodes.literal(row["source_id"], row["source_id"])
    author = f"{row['author']}. " if row.get("author") else ""
    para += nodes.Text(f": {author}")
    para += nodes.emphasis(row["title"], row["title"])
    para += nodes.Text(f". {row['publisher']}, {row.get('date', '')} ({row['kind']}). ")
    if row.get("url"):
        para += nodes.reference(row["url"], row["url"], refuri=row["url"])
    item += para
    for key in ("note", "licence_note"):
        if row.get(key):
            item += nodes.paragraph(row[key], row[key])
    return item


class SourcesDirective(SphinxDirective):
    """``{scomm-sources} path/to/sources.csv``: the bibliography as a list, one anchor per source."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        self.env.note_dependency(str(path))
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        listing = nodes.bullet_list(classes=["scomm-sources"])
        # conf.py's scomm_source_ids: the documents published by the site's latest lesson day
        wanted = set(self.config.scomm_source_ids)
        listing += [_entry(row) for row in rows if row["source_id"] in wanted]
        return [listing]


def edition_banner(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Name the edition in every page's title so a tab or printout says which site it is."""
    label = app.config.scomm_edition_label
    if label and context.get("title"):
        context["title"] = f"{context['title']} ({html.escape(label)})"


def _static(app: Any) -> None:
    app.config.html_static_path.append(str(STATIC))


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("scomm_glossary", [], "env")
    app.add_config_value("scomm_source_ids", [], "env")
    app.add_config_value("scomm_lessons_prefix", "lessons/", "env")
    app.add_config_value("scomm_edition_label", "", "html")
    app.add_transform(GlossaryFirstUse)
    app.add_directive("scomm-sources", SourcesDirective)
    app.connect("builder-inited", _static)
    app.connect("doctree-resolved", resolve_links)
    app.connect("html-page-context", edition_banner)
    app.add_css_file("scomm-book.css")
    app.add_js_file("scomm-practice.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
