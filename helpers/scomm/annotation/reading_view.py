"""The reading on screen and the controls under it: what the annotator shows, not what it decides.

The reading is drawn by a small anywidget (``static/annotator.js``) that puts the text on
the page as text nodes only, so nothing in a reading, a tag or a comment can ever become
HTML. A mouse selection is measured in code points (what Python's ``str`` counts, so an
emoji is one character) and sent as ``{start, end, exact}``. Which parts of the text are
highlighted is worked out here (``segments``), so the front end never computes overlaps:

>>> [(s["start"], s["end"], s["ids"]) for s in segments("ab cd", [(0, 5)], [(1, 4, "claim", "a1")])]
[(0, 1, []), (1, 4, ['a1']), (4, 5, [])]
"""

from __future__ import annotations

import html
import itertools
import pathlib
from bisect import bisect_right
from collections.abc import Sequence
from typing import Protocol

import anywidget
import ipywidgets as w
import traitlets

from scomm.annotation.records import STANCES, Annotation
from scomm.exercises.controls import button, dropdown, panel

STATIC = pathlib.Path(__file__).parent / "static"
QUOTE_CHARS = 90  # how much of a passage the list of annotations shows


class Annotating(Protocol):
    """What the controls need of the annotator behind them (``scomm.annotation.annotator.Annotator``)."""

    tags: tuple[str, ...]
    asks_stance: bool
    saved: list[Annotation]
    view: ReadingView
    controls: Controls

    def find(self, quote: str) -> bool: ...
    def save(self, tag: str | None, stance: str | None = None, comment: str = "") -> bool: ...
    def delete(self, ann_id: str) -> bool: ...
    def placed(self, ann: Annotation) -> bool: ...


class ReadingView(anywidget.AnyWidget):
    """The reading on screen. Python sets everything but ``selection``, which the browser sets."""

    _esm = STATIC / "annotator.js"
    _css = STATIC / "annotator.css"

    text = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    paragraph_starts = traitlets.List(traitlets.Int()).tag(sync=True)
    segments = traitlets.List(traitlets.Dict()).tag(sync=True)
    selection = traitlets.Dict().tag(sync=True)  # {start, end, exact} from the browser; {} when handled


def segments(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int, str, str]],
    selected: tuple[int, int] | None = None,
) -> list[dict]:
    """Cut ``text`` into pieces that each lie in one paragraph and under one set of annotations.

    ``paragraphs``: (start, end) of each paragraph; ``spans``: (start, end, tag, id) of each
    annotation. The pieces cover the text end to end; a piece between paragraphs has
    ``paragraph`` None and is not drawn. ``selected`` marks the current selection.
    """
    cuts = {0, len(text)}
    for start, end in paragraphs:
        cuts.update((start, end))
    for start, end, _tag, _id in spans:
        cuts.update((start, end))
    if selected:
        cuts.update(selected)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    starts = [start for start, _ in paragraphs]
    pieces = []
    for a, b in itertools.pairwise(points):
        under = [s for s in spans if s[0] < b and s[1] > a]
        k = bisect_right(starts, a) - 1
        inside = k >= 0 and a < paragraphs[k][1]
        pieces.append(
            {
                "start": a,
                "end": b,
                "paragraph": k if inside else None,
                "tags": sorted({s[2] for s in under}),
                "ids": [s[3] for s in under],
                "selected": bool(selected) and selected[0] <= a and b <= selected[1],
            }
        )
    return pieces


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Controls:
    """The labelled ipywidgets under the reading."""

    def __init__(self, ann: Annotating) -> None:
        wide = {"description_width": "initial"}
        self.selected = w.Textarea(
            description="Selected passage:", disabled=True, style=wide, layout=w.Layout(width="95%")
        )
        self.quote = w.Text(
            description="Find a passage (type the exact words):",
            placeholder="e.g. a few distinctive words",
            style=wide,
            layout=w.Layout(width="70%"),
        )
        self.find = button("Find", tooltip="Select the passage with these exact words")
        self.tag = dropdown([(t, t) for t in ann.tags], "Tag:")
        self.stance = dropdown([(s, s) for s in STANCES], "Stance:")
        self.comment = w.Textarea(
            description="Comment:", placeholder="Why you marked this passage", layout=w.Layout(width="95%")
        )
        self.save = button("Save annotation", button_style="primary")
        self.saved = w.VBox()
        self.status = w.HTML(value="")
        self.find.on_click(lambda _b: ann.find(self.quote.value))
        self.save.on_click(
            lambda _b: ann.save(
                self.tag.value, self.stance.value if ann.asks_stance else None, self.comment.value
            )
        )

    def show_saved(self, ann: Annotating) -> None:
        rows: list[w.Widget] = []
        for n, a in enumerate(ann.saved, start=1):
            stance = f" · {html.escape(a.stance)}" if a.stance else ""
            comment = f"<br><i>{html.escape(a.comment)}</i>" if a.comment else ""
            lost = "" if ann.placed(a) else " <b>(these words are no longer in the reading)</b>"
            label = w.HTML(
                f"<b>{n}. {html.escape(a.tag)}</b>{stance}: “{html.escape(short(a.exact))}”{lost}{comment}"
            )
            delete = button(f"Delete {n}", tooltip=f"Delete annotation {n}: {short(a.exact, 60)}")
            delete.on_click(lambda _b, ann_id=a.id: ann.delete(ann_id))
            rows.append(w.HBox([delete, label]))
        heading = f"Your annotations ({len(rows)})" if rows else "Your annotations: none yet"
        self.saved.children = [w.HTML(f"<b>{heading}</b>"), *rows]


def layout(ann: Annotating) -> w.VBox:
    c = ann.controls
    stance = [c.stance] if ann.asks_stance else []
    return panel(
        [
            ann.view,
            w.HBox([c.quote, c.find]),
            c.selected,
            c.tag,
            *stance,
            c.comment,
            c.save,
            c.status,
            c.saved,
        ],
        "scomm-annotator-box",
    )
