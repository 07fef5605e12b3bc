"""The course look for Altair charts: one theme, a source on every chart, a text description of each.

Every chart of the kit (the lessons' in ``scomm.lessons.*.charts``) is finished here: its title,
source caption and ``description`` (alt text) are made from the same rows it draws
(``finish``). Nothing happens on import; a notebook turns the course look on with
``scomm.start`` (which calls ``enable``) and shows a chart with ``scomm.show``::

    enable()          # registers and enables the theme and the offline renderer
    show(chart)       # the chart, then its text description

Why a renderer of our own: altair's default renderers load Vega from the internet or
emit a MIME type JupyterLab 4 cannot draw. vl-convert draws the chart offline, as SVG
(crisp, with ``<title>`` and ``<desc>`` for screen readers). JupyterLab and Voilà show an
``image/svg+xml`` output as an ``<img>`` with no alt text, and refuse it in a notebook they do
not trust yet; so the bundle leads with HTML, the same SVG as an ``<img>`` with alt text,
which both show trusted or not. The picture keeps its drawn size on every screen (no label
under ``SMALL_TEXT`` px): where the page is narrower, it scrolls sideways in its own box and a
line above it says so (``scomm.course.scrolling``). The raw SVG stays for the course site, which inlines it,
and the description is there as text. Output is byte-identical across runs, so nbval can
compare it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd

from scomm.course import citations, durable, lazy, synthetic
from scomm.course.layout import CHART_TITLE_KEY, SOURCES_ATTRIBUTE, cache_dir
from scomm.course.scrolling import CHART_CUE, scrolling
from scomm.course.tables import markdown

# Loaded on first use: a lesson whose charts all come from the cache (scomm.course.drawings) never needs it.
alt = lazy.module("altair")

THEME = "scomm"
RENDERER = "scomm"
WIDTH = 560
HEIGHT = 260
# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FOCUS_COLOUR = "#D55E00"
MUTED = "#9a9a9a"
#: Where a chart keeps the ids of the sources its caption names: in its spec's ``usermeta``, and
#: in an attribute of its drawn SVG (the course site links them); a reader sees names, not ids.
SOURCES_KEY = "scomm_source_ids"
CAPTION_WIDTH = 100  # characters per caption line, so captions never widen a chart
#: The smallest text a chart draws (px): a chart is shown at its drawn size, so this is what a reader gets.
SMALL_TEXT = 11


# -- switching the look on -----------------------------------------------------------------


def _theme() -> alt.theme.ThemeConfig:
    label = {"labelFontSize": 12, "titleFontSize": 13, "titleFontWeight": "normal"}
    return alt.theme.ThemeConfig(
        config={
            "background": "white",
            "font": "DejaVu Sans, Verdana, sans-serif",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {"anchor": "start", "fontSize": 16, "subtitleFontSize": 12, "subtitleColor": "#555"},
            "axis": {**label, "grid": True, "gridColor": "#e6e6e6"},
            "legend": {**label, "orient": "bottom"},
            "range": {"category": PALETTE},
        }
    )


def _render(spec: dict, validate: Callable[[], object] | None = None, **_metadata: object) -> dict:
    """The display bundle for a spec, drawn once and then read back from the chart cache.

    Drawing is deterministic (same spec and vl-convert version, same bytes), so re-running a
    lesson, CI and per-student copies reuse earlier drawings instead of starting Vega again.
    ``validate`` (checking the spec against Vega-Lite's schema) runs only when the spec is not in
    the cache: an entry there was validated when it was drawn.
    """
    text = json.dumps(spec, sort_keys=True)
    key = hashlib.sha256(f"{drawing_version()}\n{text}".encode()).hexdigest()
    folder = cache_dir("charts")

    def draw() -> dict:
        if validate is not None:
            validate()
        return _draw(spec)

    return framed(durable.kept_json(None if folder is None else folder / f"{key}.json", draw), spec)


def framed(drawing: dict, spec: dict) -> dict:
    """A drawing as shown: its picture at its drawn size, in a frame that scrolls sideways on a narrow screen.

    Scaled down to a phone's width, a chart's 11-16 px labels would come out at 4-7 px.
    """
    if "text/html" not in drawing:
        return drawing
    picture = scrolling(drawing["text/html"], label=f"Chart: {_title_text(spec)}", cue=CHART_CUE)
    return {**drawing, "text/html": picture}


@functools.cache
def drawing_version() -> str:
    """What the drawing depends on besides the spec: vl-convert and this module's own code.

    The frame a picture is shown in (``course/scrolling.py``) is not part of the drawing: ``_render``
    puts it round the picture after the cache, so an edit to the frame needs no new drawings.
    """
    from importlib.metadata import version

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"vl-convert {version('vl-convert-python')}; charts.py {code}"


def _draw(spec: dict) -> dict:
    import vl_convert as vlc

    title, description = _title_text(spec), spec.get("description", "")
    drawn = vlc.vegalite_to_svg(spec)
    # Rasterise the SVG already drawn rather than running Vega a second time for the PNG.
    svg = _accessible_svg(drawn, title, description, spec.get("usermeta", {}).get(SOURCES_KEY, ()))
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    # The alt text names the chart; its full description is the paragraph shown under it.
    alt_text = html.escape(f"Chart: {title}. Its description follows it.")
    # At its drawn size: `framed` puts it in a frame that scrolls on a narrow screen.
    picture = (
        f'<img class="scomm-chart" alt="{alt_text}" style="display: block; max-width: none" '
        f'src="data:image/svg+xml;base64,{encoded}">'
    )
    return {"text/html": picture, "image/svg+xml": svg, "text/plain": f"{title}. {description}"}


def enable() -> None:
    """Register and switch on the course theme and the offline renderer (safe to call twice).

    If altair has not loaded yet, this happens the moment it does (``lazy.when_loaded``): a lesson
    whose charts all come from the cache never loads it, and any chart made later still gets the look.
    """
    lazy.when_loaded("altair", _switch_on)


def _switch_on() -> None:
    if THEME not in alt.theme.names():
        alt.theme.register(THEME, enable=False)(_theme)
    alt.theme.enable(THEME)
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _displayed)
    alt.renderers.enable(RENDERER)


def _displayed(spec: dict, **_metadata: object) -> tuple[dict, dict]:
    """What a bare Altair chart as a cell's last line displays: its bundle, and its title as metadata."""
    return _render(spec), title_metadata(_title_text(spec))


def title_metadata(title: str) -> dict:
    """A chart output's metadata: its title, passed along to pages made from the stored output.

    >>> title_metadata("Fingerprints checked")
    {'scomm-chart-title': 'Fingerprints checked'}
    """
    return {CHART_TITLE_KEY: title}


def svg(chart: alt.TopLevelMixin) -> str:
    """The chart drawn in the course look as SVG, for pages the kit writes (a class summary, say)."""
    enable()
    return _render(chart.to_dict())["image/svg+xml"]


def drawn(chart: alt.TopLevelMixin) -> dict:
    """What showing ``chart`` displays: ``{"bundle": <its display bundle>, "title": <its title>,
    "description": <its text>}``."""
    # Built without the schema check; _render runs it only for a spec it has not drawn before.
    spec = chart.to_dict(validate=False)
    bundle = _render(spec, validate=chart.to_dict)
    return {"bundle": bundle, "title": _title_text(spec), "description": spec.get("description", "")}


def show_drawn(entry: dict) -> None:
    """Display what ``drawn`` made: the picture, then its text description for readers who cannot see it."""
    from IPython.display import display

    display(entry["bundle"], raw=True, metadata=title_metadata(entry["title"]))
    display(markdown(f"*Chart description:* {entry['description']}"))


def show(chart: alt.TopLevelMixin) -> None:
    """Display a chart and, under it, its text description for readers who cannot see it.

    Call ``enable()`` first: the course theme is applied when the chart is turned into a spec.
    """
    show_drawn(drawn(chart))


def _title_text(spec: dict) -> str:
    title = spec.get("title", "")
    return title.get("text", "") if isinstance(title, dict) else str(title)


def _accessible_svg(svg: str, title: str, description: str, cited: Sequence[str] = ()) -> str:
    head_end = svg.index(">") + 1
    # aria-label carries the description too: HTML sanitizers (nbconvert's among them) drop <desc>.
    head = svg[: head_end - 1] + f' role="img" aria-label="{html.escape(f"{title}. {description}")}"'
    head += f' {SOURCES_ATTRIBUTE}="{html.escape(" ".join(cited))}">' if cited else ">"
    body = f"<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>"
    return head + body + svg[head_end:]


# -- captions and descriptions ----------------------------------------------------------------


def source_caption(source_ids: Iterable[str], *, as_of: pd.Timestamp | None) -> str:
    """A short 'Source:' line naming each cited document published by ``as_of`` (see ``citations``)."""
    return citations.caption(source_ids, as_of=as_of)


def source_ids_of(frame: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(i for ids in frame["source_ids"] for i in ids))


def chartable(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with list cells (e.g. source_ids) joined into text, so the spec is plain JSON."""
    lists = [c for c in frame.columns if any(isinstance(v, tuple | list) for v in frame[c])]
    return frame.assign(**{c: frame[c].map("; ".join) for c in lists})


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    source_ids: Sequence[str],
    description: str,
    as_of: pd.Timestamp | None,
    note: str | None = None,
) -> alt.TopLevelMixin:
    """Give a chart its title, source caption (and optional note) and text description.

    ``as_of`` is required: the caption names only sources published by then and counts the rest.
    Pass ``None`` only for a chart that does not depend on a date (a class's own annotations).
    A chart whose data is flagged synthetic (``scomm.course.synthetic``) is labelled SYNTHETIC here.
    """
    if synthetic.in_chart(chart):
        # Invented data says so first, in the title and the description a screen reader reads.
        title, description = synthetic.labelled(title), f"{synthetic.LABEL} data. {description}"
    lines = [*([note] if note else []), source_caption(source_ids, as_of=as_of)]
    subtitle = [part for line in lines for part in textwrap.wrap(line, CAPTION_WIDTH)]
    # The ids a grader or the course site needs stay with the chart, out of what a reader sees.
    cited = citations.split(source_ids, as_of=as_of)[0]
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle), description=description, usermeta={SOURCES_KEY: cited}
    )


def number_text(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:g}%"
    if unit == "usd":
        return f"${value / 1e6:,.0f} million"
    return f"{value:,.0f}"


def qualified(row: pd.Series) -> str:
    """A figure with its qualifier in words, e.g. 'more than 1,210'."""
    words = {"about": "about ", "more_than": "more than ", "less_than": "less than ", "at_least": "at least "}
    return words.get(str(row["qualifier"]), "") + number_text(row["value"], str(row["unit"]))


def as_of_rule(as_of: pd.Timestamp) -> alt.LayerChart:
    # Labelled with the lesson's date in words: ``as_of`` is the kit's name for it, not a reader's.
    frame = pd.DataFrame({"date": [as_of], "label": [f"{as_of.day} {as_of:%B %Y}"]})
    base = alt.Chart(frame)
    rule = base.mark_rule(color="black", strokeDash=[4, 3]).encode(x="date:T")
    text = base.mark_text(align="left", dx=4, dy=-6, fontSize=SMALL_TEXT).encode(
        x="date:T", y=alt.value(8), text="label"
    )
    return rule + text
