"""The reading on screen and the controls under it: what the annotator shows, not what it decides.

The reading and its controls are one widget model (``ReadingView``) drawn by ``static/annotator.js``
(after the controls the exercises share, ``scomm/exercises/static/parts.js``). It puts the text,
title, tags, comments and messages on the page as text nodes only, so nothing in a reading, a tag
or a comment can ever become HTML. A mouse selection is measured in code points (what Python's
``str`` counts, so an emoji is one character) and sent as ``{start, end, exact}``. Which parts of
the text are highlighted is worked out here (``segments``), so the front end never computes overlaps:

>>> [(s["start"], s["end"], s["ids"]) for s in segments("ab cd", [(0, 5)], [(1, 4, "claim", "a1")])]
[(0, 1, []), (1, 4, ['a1']), (4, 5, [])]
"""

from __future__ import annotations

import itertools
import pathlib
from bisect import bisect_right
from collections.abc import Sequence
from typing import Protocol

import traitlets

from scomm.annotation.records import STANCES, Annotation
from scomm.exercises.controls import NO_CHOICE, module
from scomm.exercises.controls import STATIC as PANEL_STATIC
from scomm.exercises.form_view import Button, OneView, Shown, chosen

STATIC = pathlib.Path(__file__).parent / "static"
QUOTE_CHARS = 90  # how much of a passage the list of annotations shows
#: The words on each control; the page labels every control with them.
LABELS = {
    "quote": "Find a passage (type the exact words):",
    "find": "Find",
    "selected": "Selected passage:",
    "tag": "Tag:",
    "stance": "Stance:",
    "comment": "Comment:",
    "save": "Save annotation",
}


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


class ReadingView(OneView):
    """The reading and its controls. Python sets everything but ``selection`` and ``fields``, which the page sets.

    The page sends ``{"event": "find" | "save", "fields": ...}`` for the buttons (the fields go with
    the press) and ``{"event": "delete", "id": ...}`` for a saved annotation's Delete button.
    """

    _esm = traitlets.Unicode(module(STATIC / "annotator.js")).tag(sync=True)
    _css = traitlets.Unicode(
        "\n".join(
            path.read_text(encoding="utf-8")
            for path in (PANEL_STATIC / "panel.css", STATIC / "annotator.css")
        )
    ).tag(sync=True)
    _anywidget_id = traitlets.Unicode("scomm.annotation.reading_view.ReadingView").tag(sync=True)

    text = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    paragraph_starts = traitlets.List(traitlets.Int()).tag(sync=True)
    segments = traitlets.List(traitlets.Dict()).tag(sync=True)
    selection = traitlets.Dict().tag(sync=True)  # {start, end, exact} from the browser; {} when handled
    spec = traitlets.Dict().tag(sync=True)  # the controls' labels, the tags and stances offered
    fields = traitlets.Dict().tag(sync=True)  # {quote, tag, stance, comment} as typed and chosen
    selected_text = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    status_style = traitlets.Unicode("info").tag(sync=True)
    saved = traitlets.List(traitlets.Dict()).tag(sync=True)  # the student's annotations, as listed
    notice = traitlets.Unicode("").tag(sync=True)  # a line above the reading (paragraphs still to open)

    def say(self, text: str, style: str = "info") -> None:
        """Show ``text`` in the status line, in ``style`` (info, success, warning or error)."""
        with self.hold_sync():
            self.status, self.status_style = text, style


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


class Entry(Shown):
    """One field the student types or chooses in, read and set as ``.value``; a choice only from ``offered``."""

    def __init__(self, view: ReadingView, key: str, offered: Sequence[str] | None = None) -> None:
        super().__init__(view, "fields", key)
        self._offered = offered

    def decode(self, raw: object) -> str | None:
        if self._offered is not None:
            return chosen(raw, self._offered)
        return raw if isinstance(raw, str) else ""


class Controls:
    """The controls under the reading, as the kernel reads and sets them."""

    def __init__(self, ann: Annotating) -> None:
        view = ann.view
        stances = list(STANCES) if ann.asks_stance else []
        view.spec = {"labels": LABELS, "tags": list(ann.tags), "stances": stances, "blank": NO_CHOICE}
        self.selected = Shown(view, "selected_text")
        self.status = Shown(view, "status")
        self.quote = Entry(view, "quote")
        self.tag = Entry(view, "tag", ann.tags)
        self.stance = Entry(view, "stance", STANCES)
        self.comment = Entry(view, "comment")
        self.find = Button(LABELS["find"], lambda: ann.find(self.quote.value))
        self.save = Button(
            LABELS["save"],
            lambda: ann.save(
                self.tag.value, self.stance.value if ann.asks_stance else None, self.comment.value
            ),
        )
        view.on_event("find", lambda content: self._pressed(content, self.find))
        view.on_event("save", lambda content: self._pressed(content, self.save))
        view.on_event("delete", lambda content: ann.delete(str(content.get("id", ""))))
        self._view = view

    def _pressed(self, content: dict, button: Button) -> None:
        if isinstance(content.get("fields"), dict):
            self._view.fields = content["fields"]
        button.click()

    def show_saved(self, ann: Annotating) -> None:
        """List the student's annotations (the page draws each with its Delete button)."""
        self._view.saved = [
            {
                "id": a.id,
                "n": n,
                "tag": a.tag,
                "stance": a.stance or "",
                "quote": short(a.exact),
                "comment": a.comment,
                "lost": not ann.placed(a),
                "title": f"Delete annotation {n}: {short(a.exact, 60)}",
            }
            for n, a in enumerate(ann.saved, start=1)
        ]
