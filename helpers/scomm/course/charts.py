"""The course's Altair charts: one look, a source on every chart, and a text description of each.

Every builder here returns an ``alt.Chart`` (or layer) whose title, axis titles (with
units), source caption and ``description`` (alt text) are made from the same rows it
draws. Nothing happens on import; a notebook turns the course look on with::

    from scomm import charts
    charts.enable()          # registers and enables the theme and the offline renderer
    charts.show(chart)       # the chart, then its text description

Why a renderer of our own: altair's default renderers load Vega from the internet or
emit a MIME type JupyterLab 4 cannot draw. vl-convert draws the chart offline, as SVG
(crisp, with ``<title>`` and ``<desc>`` for screen readers). JupyterLab and Voilà show an
``image/svg+xml`` output as an ``<img>`` with no alt text, and refuse it in a notebook they do
not trust yet; so the bundle leads with HTML, the same SVG as an ``<img>`` with alt text,
which both show trusted or not. The raw SVG stays for the course site, which inlines it,
and the description is there as text. Output is byte-identical across runs, so nbval can
compare it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import altair as alt
import pandas as pd

from scomm.course import data
from scomm.course.layout import cache_dir
from scomm.course.tables import markdown

THEME = "scomm"
RENDERER = "scomm"
WIDTH = 560
HEIGHT = 260
# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FOCUS_COLOUR = "#D55E00"
MUTED = "#9a9a9a"
CAPTION_WIDTH = 100  # characters per caption line, so captions never widen a chart


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


def _render(spec: dict, **_metadata: object) -> dict:
    """The display bundle for a spec, drawn once and then read back from the chart cache.

    Drawing is deterministic (same spec and vl-convert version, same bytes), so re-running a
    lesson, CI and per-student copies reuse earlier drawings instead of starting Vega again.
    """
    text = json.dumps(spec, sort_keys=True)
    key = hashlib.sha256(f"{_drawing_version()}\n{text}".encode()).hexdigest()
    folder = cache_dir("charts")
    path = None if folder is None else folder / f"{key}.json"
    if path is not None and path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # a damaged entry is simply drawn again
    bundle = _draw(spec)
    if path is not None:
        _write_atomically(path, json.dumps(bundle))
    return bundle


@functools.cache
def _drawing_version() -> str:
    """What the drawing depends on besides the spec: vl-convert and this module's own code."""
    from importlib.metadata import version

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"vl-convert {version('vl-convert-python')}; charts.py {code}"


def _write_atomically(path: Path, text: str) -> None:
    # Kernels running in parallel may draw the same chart; os.replace makes the last write win whole.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache only costs time


def _draw(spec: dict) -> dict:
    import vl_convert as vlc

    title, description = _title_text(spec), spec.get("description", "")
    drawn = vlc.vegalite_to_svg(spec)
    # Rasterise the SVG already drawn rather than running Vega a second time for the PNG.
    svg = _accessible_svg(drawn, title, description)
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    # The alt text names the chart; its full description is the paragraph shown under it.
    alt_text = html.escape(f"Chart: {title}. Its description follows it.")
    picture = f'<img class="scomm-chart" alt="{alt_text}" src="data:image/svg+xml;base64,{encoded}">'
    return {"text/html": picture, "image/svg+xml": svg, "text/plain": f"{title}. {description}"}


def enable() -> None:
    """Register and switch on the course theme and the offline renderer (safe to call twice)."""
    if THEME not in alt.theme.names():
        alt.theme.register(THEME, enable=False)(_theme)
    alt.theme.enable(THEME)
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _render)
    alt.renderers.enable(RENDERER)


def show(chart: alt.TopLevelMixin) -> None:
    """Display a chart and, under it, its text description for readers who cannot see it.

    Call ``enable()`` first: the course theme is applied when the chart is turned into a spec.
    """
    from IPython.display import display

    spec = chart.to_dict()  # validated once here; displaying the chart itself would do it again
    display(_render(spec), raw=True)
    display(markdown(f"*Chart description:* {spec.get('description', '')}"))


def _title_text(spec: dict) -> str:
    title = spec.get("title", "")
    return title.get("text", "") if isinstance(title, dict) else str(title)


def _accessible_svg(svg: str, title: str, description: str) -> str:
    head_end = svg.index(">") + 1
    # aria-label carries the description too: HTML sanitizers (nbconvert's among them) drop <desc>.
    head = svg[: head_end - 1] + f' role="img" aria-label="{html.escape(f"{title}. {description}")}">'
    body = f"<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>"
    return head + body + svg[head_end:]


# -- captions and descriptions ----------------------------------------------------------------


def source_caption(source_ids: Iterable[str]) -> str:
    """A short 'Source:' line naming each cited document's publisher and year."""
    table = data.load("sources").set_index("source_id")
    seen: list[str] = []
    for source_id in source_ids:
        row = table.loc[source_id]
        year = "" if pd.isna(row["date"]) else f" ({row['date'].year})"
        entry = f"{row['publisher']}{year}"
        if entry not in seen:
            seen.append(entry)
    label = "Source" if len(seen) == 1 else "Sources"
    return f"{label}: {'; '.join(seen)}. Ids in data/sources.csv: {', '.join(dict.fromkeys(source_ids))}."


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
    note: str | None = None,
) -> alt.TopLevelMixin:
    """Give a chart its title, source caption (and optional note) and text description."""
    lines = [note] if note else []
    lines += source_caption(source_ids).split(" Ids in ")
    lines[-1] = lines[-1] if lines[-1].startswith("Source") else "Ids in " + lines[-1]
    subtitle = [part for line in lines for part in textwrap.wrap(line, CAPTION_WIDTH)]
    return chart.properties(title=alt.Title(title, subtitle=subtitle), description=description)


def _number(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:g}%"
    if unit == "usd":
        return f"${value / 1e6:,.0f} million"
    return f"{value:,.0f}"


def qualified(row: pd.Series) -> str:
    """A figure with its qualifier in words, e.g. 'more than 1,210'."""
    words = {"about": "about ", "more_than": "more than ", "less_than": "less than ", "at_least": "at least "}
    return words.get(str(row["qualifier"]), "") + _number(row["value"], str(row["unit"]))


def as_of_rule(as_of: pd.Timestamp) -> alt.LayerChart:
    frame = pd.DataFrame({"date": [as_of], "label": [f"as_of {as_of.date().isoformat()}"]})
    base = alt.Chart(frame)
    rule = base.mark_rule(color="black", strokeDash=[4, 3]).encode(x="date:T")
    text = base.mark_text(align="left", dx=4, dy=-6, fontSize=11).encode(
        x="date:T", y=alt.value(8), text="label"
    )
    return rule + text


# -- the charts ---------------------------------------------------------------------------------


def booking_flow(
    steps: pd.DataFrame, *, as_of: pd.Timestamp, colour_by: str | None = None, title: str | None = None
) -> alt.LayerChart:
    """A swim-lane diagram of one booking's path, one lane per agency, as it stood on ``as_of``.

    ``steps`` has columns step (1, 2, ...), lane, action and source_ids
    (see ``scomm.policy.flow.booking_flow``).
    """
    lanes = list(dict.fromkeys(steps["lane"]))
    source_ids = source_ids_of(steps)
    frame = chartable(steps.assign(next_step=steps["step"].shift(-1), next_lane=steps["lane"].shift(-1)))
    x = alt.X("step:Q", axis=None, scale=alt.Scale(domain=[0.5, len(steps) + 0.5]))
    y = alt.Y(
        "lane:N", title=None, scale=alt.Scale(domain=lanes), axis=alt.Axis(labelFontSize=12, labelLimit=220)
    )
    base = alt.Chart(frame)
    links = (
        alt.Chart(frame.dropna(subset=["next_lane"]))
        .mark_rule(color=MUTED, strokeWidth=2)
        .encode(x=x, y=y, x2="next_step:Q", y2="next_lane:N")
    )
    if colour_by:
        boxes = base.mark_square(size=2600, opacity=0.35).encode(
            x=x, y=y, color=alt.Color(f"{colour_by}:N", title="Who controls this step", sort=None)
        )
    else:
        boxes = base.mark_square(size=2600, color=PALETTE[0], opacity=0.15).encode(x=x, y=y)
    numbers = base.mark_text(fontWeight="bold", dy=-14).encode(x=x, y=y, text="step:Q")
    labels = base.mark_text(fontSize=10, dy=4, lineBreak="\n").encode(x=x, y=y, text="short:N")
    chart = (links + boxes + numbers + labels).properties(width=WIDTH + 120, height=60 * len(lanes))
    walk = "; ".join(
        f"{s.step}. {s.lane}: {s.action}" + (f" (controlled by {getattr(s, colour_by)})" if colour_by else "")
        for s in steps.itertuples()
    )
    return finish(
        chart,
        title=title or f"One booking's path, as the rules stood on {as_of.date().isoformat()}",
        source_ids=source_ids,
        description=f"Diagram in {len(lanes)} lanes ({', '.join(lanes)}) with {len(steps)} steps. {walk}.",
    )


def rollout(
    counts: pd.DataFrame, *, as_of: pd.Timestamp, starts: pd.DataFrame, focus: str, focus_events: pd.DataFrame
) -> alt.LayerChart:
    """Jurisdictions active over time, with the disputed start dates, the focus's events and ``as_of``.

    ``counts``: statistics rows (period_end, value, qualifier, metric, source_ids);
    ``starts`` and ``focus_events``: events rows (date, title, source_ids).
    """
    frame = chartable(counts).assign(
        kind=[
            "goal" if q == "target" else "reported" if u == "jurisdictions" else "other unit"
            for q, u in zip(counts["qualifier"], counts["unit"], strict=True)
        ],
        shown=[
            f"{qualified(r)} {r['unit']}" if r["unit"] != "jurisdictions" else qualified(r)
            for _, r in counts.iterrows()
        ],
    )
    reported = frame[frame["kind"] == "reported"]
    other = frame[frame["kind"] == "other unit"]
    x = alt.X("period_end:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("value:Q", title="Jurisdictions active (count)")
    line = alt.Chart(reported).mark_line(point=True, color=PALETTE[0]).encode(x=x, y=y)
    labels = (
        alt.Chart(reported).mark_text(align="right", dx=-6, dy=-8, fontSize=10).encode(x=x, y=y, text="shown")
    )
    goal = (
        alt.Chart(frame[frame["kind"] == "goal"])
        .mark_point(shape="diamond", size=90, color=MUTED)
        .encode(x=x, y=y)
    )
    counted_otherwise = (
        alt.Chart(other).mark_point(shape="square", size=60, color=PALETTE[1]).encode(x=x, y=y)
    )
    other_labels = (
        alt.Chart(other)
        .mark_text(align="left", dx=6, dy=10, fontSize=10, color=PALETTE[1])
        .encode(x=x, y=y, text="shown")
    )
    start_rules = (
        alt.Chart(chartable(starts))
        .mark_rule(color=PALETTE[2], strokeDash=[2, 2])
        .encode(x="date:T", tooltip=["title:N"])
    )
    focus_marks = (
        alt.Chart(chartable(focus_events))
        .mark_tick(color=FOCUS_COLOUR, thickness=3, size=18)
        .encode(x="date:T", y=alt.value(HEIGHT - 9))
    )
    chart = alt.layer(
        line, labels, goal, counted_otherwise, other_labels, start_rules, focus_marks, as_of_rule(as_of)
    ).properties(width=WIDTH, height=HEIGHT)
    points = "; ".join(f"{r.period_end:%B %Y}: {r.shown}" for r in reported.itertuples())
    if len(other):
        points += ". Counted in other units (yellow squares): " + "; ".join(
            f"{r.period_end:%B %Y}: {r.shown}" for r in other.itertuples()
        )
    goals = "; ".join(
        f"goal of {r.value:,.0f} by {r.period_end:%Y}" for r in frame[frame["kind"] == "goal"].itertuples()
    )
    start_text = " and ".join(f"{d:%B %Y}" for d in starts["date"])
    focus_text = (
        f"Orange ticks on the time axis mark {len(focus_events)} event(s) in {focus}: "
        + "; ".join(f"{e.date:%b %Y} {e.title}" for e in focus_events.itertuples())
        if len(focus_events)
        else f"The timeline records no event in {focus}, so no orange ticks are drawn"
    )
    return finish(
        chart,
        title="Secure Communities spreads: jurisdictions active over time",
        note=f"Green dashed lines: the two start dates the sources give ({start_text}). Diamonds: ICE's goals.",
        source_ids=source_ids_of(counts) + source_ids_of(starts) + source_ids_of(focus_events),
        description=(
            f"Line chart of jurisdictions where the program was active. {points}. {goals}. "
            f"{focus_text}. A dashed black line marks as_of, {as_of.date().isoformat()}."
        ),
    )


def submissions(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> alt.LayerChart:
    """Fingerprint submissions to ICE by federal fiscal year; years reported after ``as_of`` are pale."""
    source_ids = source_ids_of(frame)
    frame = chartable(frame).assign(
        reported=["by as_of" if end <= as_of else "after as_of" for end in frame["period_end"]],
        shown=[_number(v, "submissions") for v in frame["value"]],
    )
    x = alt.X(
        "period_label:N",
        title="Federal fiscal year (October to September)",
        sort=list(frame["period_label"]),
        axis=alt.Axis(labelAngle=0, labelLimit=200),
    )
    y = alt.Y("value:Q", title="Fingerprint submissions to ICE (count)")
    opacity = alt.Opacity(
        "reported:N",
        title="Figure published",
        scale=alt.Scale(domain=["by as_of", "after as_of"], range=[1, 0.35]),
    )
    bars = alt.Chart(frame).mark_bar(color=PALETTE[0]).encode(x=x, y=y, opacity=opacity)
    text = alt.Chart(frame).mark_text(dy=-6).encode(x=x, y=y, text="shown:N")
    later = frame[frame["reported"] == "after as_of"]["period_label"].tolist()
    pale = f" Pale bars ({', '.join(later)}) cover periods ending after as_of." if later else ""
    return finish(
        (bars + text).properties(width=WIDTH, height=HEIGHT),
        title="Fingerprints checked against immigration records, by fiscal year",
        note="The last bar covers only the first five months of its fiscal year.",
        source_ids=source_ids,
        description="Bar chart of submissions to ICE: "
        + "; ".join(f"{r.period_label} {r.shown}" for r in frame.itertuples())
        + f".{pale}",
    )


def removal_shares(frame: pd.DataFrame) -> alt.LayerChart:
    """Shares of people removed, by how serious their record was, for each place and period reported.

    ``frame``: rows with group (where and when), measure (what share), value (percent),
    qualifier and source_ids (see ``scomm.figures.removal_makeup``).
    """
    source_ids = source_ids_of(frame)
    frame = chartable(frame).assign(shown=[qualified(r) for _, r in frame.iterrows()])
    y = alt.Y("measure:N", title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("value:Q", title="Share of people removed (%)", scale=alt.Scale(domain=[0, 100]))
    colour = alt.Color("measure:N", legend=None)
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=colour)
    text = alt.Chart().mark_text(align="left", dx=4).encode(x=x, y=y, text="shown:N")
    chart = (
        alt.layer(bars, text, data=frame)
        .properties(width=WIDTH - 160, height=alt.Step(22))
        .facet(
            row=alt.Row(
                "group:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=12)
            )
        )
        .resolve_scale(y="independent")
    )
    lines = "; ".join(f"{r.group}: {r.measure} {r.shown}" for r in frame.itertuples())
    return finish(
        chart,
        title="Who was removed? Shares by criminal record, as each source reports them",
        note="Groups use different definitions and periods; compare within a group, not across groups.",
        source_ids=source_ids,
        description=f"Horizontal bar chart, one panel per group. {lines}.",
    )


def costs(frame: pd.DataFrame) -> alt.LayerChart:
    """Money Congress set aside next to ICE officials' estimate of the program's total cost."""
    source_ids = source_ids_of(frame)
    frame = chartable(frame).assign(
        low=frame["value"] / 1e6,
        high=frame["value_high"].fillna(frame["value"]) / 1e6,
        shown=[
            _number(v, "usd") if pd.isna(h) else f"{_number(v, 'usd')} to {_number(h, 'usd')}"
            for v, h in zip(frame["value"], frame["value_high"], strict=True)
        ],
    )
    y = alt.Y("item:N", title=None, sort=list(frame["item"]), axis=alt.Axis(labelLimit=300))
    x = alt.X("low:Q", title="US dollars (millions)")
    bars = alt.Chart(frame).mark_bar().encode(x=x, y=y, color=alt.Color("kind:N", title=None))
    ranges = (
        alt.Chart(frame[frame["high"] > frame["low"]])
        .mark_bar(opacity=0.45, color=PALETTE[1])
        .encode(x="low:Q", x2="high:Q", y=y)
    )
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(x="high:Q", y=y, text="shown:N")
    return finish(
        (bars + ranges + text).properties(width=WIDTH - 120, height=alt.Step(34)),
        title="What the program cost: appropriations and an early estimate",
        note="ICE officials gave the estimate as a range (pale extension); localities were not reimbursed.",
        source_ids=source_ids,
        description="Bar chart in millions of US dollars: "
        + "; ".join(f"{r.item}: {r.shown}" for r in frame.itertuples())
        + ".",
    )
