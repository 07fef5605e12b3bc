"""What a lesson's executed build becomes on the course site: pure steps from notebook to notebook.

Each step returns a new notebook and leaves its input alone; running one twice changes nothing
more than running it once. The site's pages are made from the executed student (or instructor)
builds, so no step runs code: Sphinx shows the outputs the kit's own run stored.

>>> from nbformat.v4 import new_code_cell, new_notebook, new_output
>>> svg = '<svg role="img" aria-label="A chart" data-source-ids="vox-2014"><text>Source: Vox (2014).</text></svg>'
>>> chart = new_output("display_data", data={"image/svg+xml": svg, "text/html": "<img>", "text/plain": "A"})
>>> nb = new_notebook(cells=[new_code_cell("scomm.show(v.flow_chart(p))", outputs=[chart])])
>>> page = inline_charts(nb)
>>> page.cells[0].outputs[0].data["text/html"].startswith('<figure class="scomm-chart">')
True
>>> inline_charts(page) == page
True
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from scomm.course import citations
from scomm.course.layout import (
    CELL_KEY,
    CHART_TITLE_KEY,
    PARAMETERS_TAG,
    REMOVE_CELL_TAG,
    REMOVE_INPUT_TAG,
    SOURCES_ATTRIBUTE,
)
from scomm.course.scrolling import CHART_CUE, scrolling

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
SVG_MIME = "image/svg+xml"
#: myst-nb's cell tags: the input is left out of the page, the outputs stay.
REMOVE_INPUT = REMOVE_INPUT_TAG
REMOVE_CELL = REMOVE_CELL_TAG
CHART_CLASS = "scomm-chart"
SOURCE_ID_CLASS = "scomm-source-id"
#: Where a drawn chart keeps the ids of the sources its caption names (scomm.course.charts.finish).
_IDS_ATTRIBUTE = re.compile(rf'<svg[^>]*\s{SOURCES_ATTRIBUTE}="([^"]*)"')
_SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")

#: A step takes a notebook and returns a new one.
Step = Callable[[Any], Any]
#: What replaces a widget output: given what the cell says it shows (its ``scomm`` metadata, e.g.
#: ``{"exercise": "l1-ident"}``), the HTML to show (None keeps looking).
WidgetReplacer = Callable[[Mapping], "str | None"]


def chart_source_ids(svg: str) -> list[str]:
    """The source ids a chart's caption cites, read from the drawn SVG's ``data-source-ids``.

    >>> chart_source_ids('<svg role="img" data-source-ids="vox-2014 dc-2012-detainer-act"><text>…</text></svg>')
    ['vox-2014', 'dc-2012-detainer-act']
    """
    found = _IDS_ATTRIBUTE.search(svg)
    return [part for part in (found[1].split() if found else []) if _SOURCE_ID.fullmatch(part)]


def source_mark(source_id: str) -> str:
    """A cited source as a reader meets it (publisher and date), marked with its id for the site to link.

    >>> source_mark("vox-2014")
    '<span class="scomm-source-id" data-source-id="vox-2014">Vox, 6 June 2014</span>'
    """
    shown = html.escape(citations.label(source_id))
    return f'<span class="{SOURCE_ID_CLASS}" data-source-id="{source_id}">{shown}</span>'


def chart_figure(svg: str, title: str) -> str:
    """A chart as the site shows it: the SVG inline (keeping its title, description and role="img")
    in a figure whose caption lists the sources it cites, each marked for the site to link;
    ``title`` (as the chart's output passed it along) names the region it scrolls in.

    On screen the chart keeps its drawn size and scrolls sideways where the page is narrower, as
    in the app and JupyterLab (``scomm.course.scrolling``); on paper it is fitted to the page.
    """
    ids = chart_source_ids(svg)
    label = "Source" if len(ids) == 1 else "Sources"
    cited = "; ".join(source_mark(i) for i in ids)
    caption = f'<figcaption class="scomm-chart-sources">{label}: {cited}.</figcaption>' if ids else ""
    framed = scrolling(svg, label=f"Chart: {title}", cue=CHART_CUE)
    return f'<figure class="{CHART_CLASS}">{framed}{caption}</figure>'


def inline_charts(nb: Any) -> Any:
    """Replace each chart's output bundle by the chart inline, so it prints and themes as text."""
    result = copy.deepcopy(nb)
    for cell in result.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SVG_MIME in data:
                title = output.get("metadata", {}).pop(CHART_TITLE_KEY, "")
                output["data"] = {
                    "text/html": chart_figure(data[SVG_MIME], title),
                    "text/plain": data["text/plain"],
                }
    return result


def replace_widgets(nb: Any, replacers: list[WidgetReplacer]) -> Any:
    """Put static HTML where a widget was (a stored notebook keeps no widget state to draw).

    The first replacer that recognises the cell's ``scomm`` metadata gives the HTML ("" shows
    nothing); a widget no replacer recognises is dropped. The cell's code is never read.
    """
    from nbformat.v4 import new_output

    result = copy.deepcopy(nb)
    result.metadata.pop("widgets", None)
    for cell in result.cells:
        if cell.cell_type != "code" or not any(WIDGET_MIME in o.get("data", {}) for o in cell.outputs):
            continue
        marks = cell.metadata.get(CELL_KEY, {})
        shown = next((h for h in (r(marks) for r in replacers) if h is not None), None)
        cell.outputs = [o for o in cell.outputs if WIDGET_MIME not in o.get("data", {})]
        if shown:
            cell.outputs.append(new_output("display_data", data={"text/html": shown}))
    return result


def _tag(nb: Any, tag: str, where: Callable[[Any], bool]) -> Any:
    result = copy.deepcopy(nb)
    for cell in result.cells:
        if where(cell):
            tags = cell.metadata.setdefault("tags", [])
            if tag not in tags:
                tags.append(tag)
    return result


def hide_code(nb: Any) -> Any:
    """Students read narrative and outputs: every code cell's input is left out of the page."""
    return _tag(nb, REMOVE_INPUT, lambda cell: cell.cell_type == "code")


def drop_parameters(nb: Any) -> Any:
    """The parameters cell sets defaults for a run; on a page it says nothing."""
    return _tag(nb, REMOVE_CELL, lambda cell: PARAMETERS_TAG in cell.metadata.get("tags", []))


def drop_empty_code(nb: Any) -> Any:
    """A code cell with no output (an import, a setting) shows nothing on a student's page."""
    return _tag(nb, REMOVE_CELL, lambda cell: cell.cell_type == "code" and not cell.outputs)


# -- citations in tables --------------------------------------------------------------------------

DATA_REF_CLASS = "scomm-data-ref"
_DATA_FILE = re.compile(r"data/([\w-]+)\.csv")
_ROW_REF = re.compile(r"\b([a-z_]+):([\w-]+)")


def _mark_text(soup: Any, text: str, source_ids: frozenset[str], tables: frozenset[str]) -> list:
    """``text`` as a list of strings and marked elements: known source ids, data files, table rows."""
    pieces: list = []
    pattern = re.compile(rf"{_DATA_FILE.pattern}|{_ROW_REF.pattern}|[a-z0-9][a-z0-9-]*")
    last = 0
    for found in pattern.finditer(text):
        word = found[0]
        if found[1] or (found[2] and found[2] in tables):
            mark = soup.new_tag(
                "span", attrs={"class": DATA_REF_CLASS, "data-resource": found[1] or found[2]}
            )
        elif word in source_ids:
            mark = soup.new_tag("span", attrs={"class": SOURCE_ID_CLASS, "data-source-id": word})
            word = citations.label(word)
        else:
            continue
        mark.string = word
        pieces += [text[last : found.start()], mark]
        last = found.end()
    return [*pieces, text[last:]] if pieces else [text]


def _citing_cells(table: Any) -> list:
    """The table's caption, and every cell under a header that names sources or data rows."""
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    columns = {i for i, name in enumerate(headers) if name in {"Sources", "Source", "Rows taking a side"}}
    cells = [
        cell
        for row in table.select("tbody tr")
        for i, cell in enumerate(row.find_all(["td", "th"]))
        if i in columns
    ]
    return [*table.find_all("caption"), *cells]


def mark_citations(markup: str, source_ids: frozenset[str], tables: frozenset[str]) -> str:
    """Mark in an HTML table each cited source id and data file or row, for the site to link.

    A source a lesson's table links to its document (``citations.linked``) is linked to the site's
    sources page instead, where the reader finds the document and its link.

    >>> mark_citations('<table><caption>Events (data/events.csv)</caption><thead><tr><th>Sources</th>'
    ...                '</tr></thead><tbody><tr><td>vox-2014; nope</td></tr></tbody></table>',
    ...                frozenset({"vox-2014"}), frozenset({"events"}))  # doctest: +NORMALIZE_WHITESPACE
    '<table><caption>Events (<span class="scomm-data-ref" data-resource="events">data/events.csv</span>)</caption>\
<thead><tr><th>Sources</th></tr></thead><tbody><tr><td><span class="scomm-source-id" data-source-id="vox-2014">\
Vox, 6 June 2014</span>; nope</td></tr></tbody></table>'
    >>> mark_citations('<table><tbody><tr><td><a class="scomm-source" data-source-id="vox-2014" href="https://v">'
    ...                'Vox, 6 June 2014</a></td></tr></tbody></table>', frozenset({"vox-2014"}), frozenset())
    '<table><tbody><tr><td><span class="scomm-source-id" data-source-id="vox-2014">Vox, 6 June 2014</span></td></tr></tbody></table>'
    """
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(markup, "html.parser")
    for link in soup.select("a.scomm-source[data-source-id]"):
        link.replace_with(BeautifulSoup(source_mark(link["data-source-id"]), "html.parser"))
    for table in soup.find_all("table"):
        for cell in _citing_cells(table):
            for text in [t for t in cell.descendants if isinstance(t, NavigableString)]:
                pieces = _mark_text(soup, str(text), source_ids, tables)
                if len(pieces) > 1:
                    text.replace_with(*[NavigableString(p) if isinstance(p, str) else p for p in pieces])
    return str(soup)


def cite_tables(nb: Any, source_ids: frozenset[str], tables: frozenset[str]) -> Any:
    """Mark the citations of every table a notebook shows (see ``mark_citations``)."""
    result = copy.deepcopy(nb)
    for cell in result.cells:
        for output in cell.get("outputs", []):
            markup = output.get("data", {}).get("text/html")
            if markup and "<table" in markup and SOURCE_ID_CLASS not in markup:
                output["data"]["text/html"] = mark_citations(markup, source_ids, tables)
    return result


# -- the order ----------------------------------------------------------------------------------------


def pipeline(
    *, student: bool, replacers: list[WidgetReplacer], source_ids: frozenset[str], tables: frozenset[str]
) -> tuple[Step, ...]:
    """The steps for one edition, in order.

    Ordering rule: ``replace_widgets`` runs before ``drop_empty_code``, since a cell whose only
    output was a widget is empty once the widget is gone and should go unless something
    replaced it. The other steps commute.
    """
    steps: list[Step] = [
        inline_charts,
        lambda nb: cite_tables(nb, source_ids, tables),
        lambda nb: replace_widgets(nb, replacers),
        drop_parameters,
    ]
    if student:
        steps += [hide_code, drop_empty_code]
    return tuple(steps)


def apply(steps: tuple[Step, ...], nb: Any) -> Any:
    """Pass ``nb`` through ``steps`` in order."""
    for step in steps:
        nb = step(nb)
    return nb
