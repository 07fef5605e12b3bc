"""Annotate a reading: select a passage, tag it, give a stance and a comment; saved as you go.

What a notebook cell calls::

    from scomm import annotator
    annotator.annotate(L, p, stance=True)

The reading is drawn by a small anywidget (``static/annotator.js``) that puts the text on
the page as text nodes only, so nothing in a reading, a tag or a comment can ever become
HTML. A mouse selection is measured in code points (what Python's ``str`` counts, so an
emoji is one character) and sent as ``{start, end, exact}``; Python accepts it only if
``text[start:end] == exact``. Keyboard users type the words into "Find a passage" instead.

``Annotator`` keeps the logic (the current selection, finding, saving, deleting, restoring)
apart from the layout, so tests drive it without a browser. Which parts of the text are
highlighted is worked out here (``segments``), so the front end never computes overlaps:

>>> [(s["start"], s["end"], s["ids"]) for s in segments("ab cd", [(0, 5)], [(1, 4, "claim", "a1")])]
[(0, 1, []), (1, 4, ['a1']), (4, 5, [])]
"""

from __future__ import annotations

import html
import itertools
import pathlib
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

import anywidget
import ipywidgets as w
import traitlets

from scomm import annotations
from scomm.course.layout import excerpt
from scomm.exercises import responses
from scomm.exercises.controls import button, dropdown, note, panel
from scomm.sources import corpus, documents

STATIC = pathlib.Path(__file__).parent / "static"
QUOTE_CHARS = 90  # how much of a passage the list of annotations shows
# What ``annotations`` raises for a passage, tag or stance it cannot use; the message says why.
_REFUSALS = (ValueError, LookupError)


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


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Annotator:
    """One student's annotations of one reading: the logic behind the widget.

    ``select``, ``find``, ``save`` and ``delete`` are what the browser and the buttons call;
    tests call them directly. Every outcome is written to ``status`` in plain words.
    """

    def __init__(
        self,
        doc: documents.Document,
        log: responses.Log,
        *,
        role: str = "student",
        tags: Sequence[str] = annotations.TAGS,
        stance: bool = False,
    ) -> None:
        self.doc, self.log, self.role = doc, log, role
        self.tags = tuple(tags)
        self.asks_stance = stance
        self.selected: tuple[int, int] | None = None
        self.saved: list[annotations.Annotation] = []
        self.damaged = 0  # records in the log that could not be read
        self._last_find: tuple[str, int] | None = None
        self.view = ReadingView(
            text=doc.text,
            title=doc.title,
            paragraph_starts=[p.start for p in doc.paragraphs],
        )
        self.view.observe(self._on_selection, names="selection")
        self.controls = _Controls(self)
        self.reload()
        if self.saved or self.damaged:
            damaged = (
                f" {self.damaged} damaged record(s) could not be read and were left out."
                if self.damaged
                else ""
            )
            self._say(
                f"{len(self.saved)} saved annotation(s) restored.{damaged}", "warning" if damaged else "info"
            )
        self.widget = _layout(self)

    # -- selecting -------------------------------------------------------------------------------

    def _on_selection(self, change: dict) -> None:
        value = change["new"]
        if not value:
            return  # our own reset below
        try:
            start, end, exact = int(value["start"]), int(value["end"]), str(value["exact"])
        except (KeyError, TypeError, ValueError):
            self._unselect(
                f"The browser sent a selection this widget cannot read ({excerpt(repr(value))}). Select again."
            )
        else:
            self.select(start, end, exact=exact)
        self.view.selection = {}  # ready for the next one, even if it is the same passage

    def select(self, start: int, end: int, *, exact: str | None = None) -> bool:
        """Make text[start:end] the current selection; with ``exact``, only if the text there is ``exact``.

        Leading and trailing spaces are left out. Returns whether a selection was made.
        """
        text = self.doc.text
        if not 0 <= start < end <= len(text):
            return self._unselect(
                f"The selection {start}–{end} is outside the reading ({len(text)} characters). Select again."
            )
        if exact is not None and _nfc(text[start:end]) != _nfc(exact):
            return self._unselect(
                f"The selected words did not match the reading at that place (selected “{_short(exact, 60)}”, "
                f"the reading there has “{_short(text[start:end], 60)}”), so nothing was selected. "
                "Select again, or type the words into “Find a passage”."
            )
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return self._unselect("Only spaces were selected. Select some words.")
        self.selected = (start, end)
        self.controls.selected.value = text[start:end]
        self._draw()
        self._say(f"Selected {end - start} characters. Choose a tag, then press “Save annotation”.")
        return True

    def _unselect(self, problem: str) -> bool:
        self.selected = None
        self.controls.selected.value = ""
        self._draw()
        self._say(problem, "warning")
        return False

    def find(self, quote: str) -> bool:
        """Select the passage whose exact words are ``quote``; asking again finds the next occurrence."""
        quote = quote.strip()
        if not quote:
            return self._unselect("Type the exact words of the passage into “Find a passage” first.")
        again = self._last_find is not None and self._last_find[0] == quote
        occurrence = self._last_find[1] + 1 if again else 1
        found = self._search(quote, occurrence)
        if found is None and occurrence > 1:
            occurrence, found = 1, self._search(quote, 1)  # past the last one: back to the first
        if found is None:
            self._last_find = None
            return self._unselect(
                f"“{_short(quote, 60)}” is not in the reading. Copy the words exactly, "
                "or type fewer of them (a few distinctive words are enough)."
            )
        self._last_find = (quote, occurrence)
        self.select(*found)
        where = " (occurrence 1)" if occurrence == 1 else f" (occurrence {occurrence})"
        self._say(
            f"Found{where}. Press “Find” again for the next occurrence, or choose a tag and save.", "success"
        )
        return True

    def _search(self, quote: str, occurrence: int) -> tuple[int, int] | None:
        # The same search that anchors quotes everywhere else in the kit (annotations.make_from_quote).
        try:
            found = annotations.make_from_quote(
                self.doc,
                quote,
                occurrence=occurrence,
                annotator=self.log.student_id,
                role=self.role,
                tag=self.tags[0],
                stance=None,
                comment="",
                tags=self.tags,
            )
        except _REFUSALS:
            return None
        return found.start, found.end

    # -- saving ----------------------------------------------------------------------------------

    def save(self, tag: str | None, stance: str | None = None, comment: str = "") -> bool:
        """Save the current selection with ``tag`` (and ``stance``, ``comment``) to the student's log."""
        if self.selected is None:
            return self._refuse("Select a passage first: drag across it with the mouse, or use “Find”.")
        if tag is None:
            return self._refuse(f"Choose a tag first ({', '.join(self.tags)}).")
        if self.asks_stance and stance is None:
            return self._refuse("Choose a stance first.")
        start, end = self.selected
        try:
            ann = annotations.make(
                self.doc,
                start,
                end,
                annotator=self.log.student_id,
                role=self.role,
                tag=tag,
                stance=stance if self.asks_stance else None,
                comment=comment.strip(),
                tags=self.tags,
            )
        except _REFUSALS as problem:
            return self._refuse(f"Not saved: {problem}")
        try:
            annotations.save(ann, self.log)
        except responses.NotSaved as problem:  # the selection and comment stay, to copy or retry
            self._say(str(problem), "error")
            return False
        self.selected = None
        self.controls.selected.value = ""
        self.controls.comment.value = ""
        self.reload()
        self._say(f"Saved: {tag} — “{_short(ann.exact, 60)}”.", "success")
        return True

    def _refuse(self, problem: str) -> bool:
        self._say(problem, "warning")
        return False

    def delete(self, ann_id: str) -> bool:
        """Delete one of the student's annotations by its id."""
        gone = next((a for a in self.saved if a.id == ann_id), None)
        if gone is None:
            return self._refuse(f"There is no saved annotation “{excerpt(ann_id)}” to delete.")
        try:
            annotations.delete(ann_id, self.doc.doc_id, self.log)
        except responses.NotSaved as problem:
            self._say(f"The annotation was NOT deleted: {problem.cause}; tell your instructor.", "error")
            return False
        self.reload()
        self._say(f"Deleted: {gone.tag} — “{_short(gone.exact, 60)}”.")
        return True

    def reload(self) -> None:
        """Read the student's annotations back from the log, placed on this version of the reading."""
        loaded = annotations.load(self.log, self.doc.doc_id)
        # Made on an earlier version of the reading? Find the words again (or mark them orphaned).
        placed = [annotations.reanchor(a, self.doc) for a in loaded]
        self.saved = sorted(placed, key=lambda a: (a.start, a.end))
        self.damaged = len(getattr(loaded, "skipped", ()))
        self.controls.show_saved(self)
        self._draw()

    def placed(self, ann: annotations.Annotation) -> bool:
        """Whether a saved annotation still sits on its words in this version of the reading."""
        return (
            0 <= ann.start < ann.end <= len(self.doc.text) and self.doc.text[ann.start : ann.end] == ann.exact
        )

    def _draw(self) -> None:
        spans = [(a.start, a.end, a.tag, a.id) for a in self.saved if self.placed(a)]
        paragraphs = [(p.start, p.end) for p in self.doc.paragraphs]
        self.view.segments = segments(self.doc.text, paragraphs, spans, self.selected)

    def _say(self, text: str, style: str = "info") -> None:
        self.controls.status.value = note(text, style)


# -- layout -----------------------------------------------------------------------------------------


class _Controls:
    """The labelled ipywidgets under the reading."""

    def __init__(self, ann: Annotator) -> None:
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
        self.stance = dropdown([(s, s) for s in annotations.STANCES], "Stance:")
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

    def show_saved(self, ann: Annotator) -> None:
        rows: list[w.Widget] = []
        for n, a in enumerate(ann.saved, start=1):
            stance = f" · {html.escape(a.stance)}" if a.stance else ""
            comment = f"<br><i>{html.escape(a.comment)}</i>" if a.comment else ""
            lost = "" if ann.placed(a) else " <b>(these words are no longer in the reading)</b>"
            label = w.HTML(
                f"<b>{n}. {html.escape(a.tag)}</b>{stance}: “{html.escape(_short(a.exact))}”{lost}{comment}"
            )
            delete = button(f"Delete {n}", tooltip=f"Delete annotation {n}: {_short(a.exact, 60)}")
            delete.on_click(lambda _b, ann_id=a.id: ann.delete(ann_id))
            rows.append(w.HBox([delete, label]))
        heading = f"Your annotations ({len(rows)})" if rows else "Your annotations: none yet"
        self.saved.children = [w.HTML(f"<b>{heading}</b>"), *rows]


def _layout(ann: Annotator) -> w.VBox:
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


# -- entry points -----------------------------------------------------------------------------------


def annotator(
    lesson: str,
    *,
    student_id: str,
    role: str = "student",
    doc: documents.Document | None = None,
    tags: Sequence[str] = annotations.TAGS,
    stance: bool = False,
) -> Annotator:
    """The annotator for one student and one lesson's reading (their saved annotations restored)."""
    doc = corpus.reading(lesson) if doc is None else doc
    return Annotator(doc, responses.Log(student_id, lesson), role=role, tags=tags, stance=stance)


def annotate(
    lesson: str,
    p: object,
    *,
    doc: documents.Document | None = None,
    tags: Sequence[str] = annotations.TAGS,
    stance: bool = False,
) -> w.Widget:
    """What a notebook cell calls: the annotation widget for the student (or instructor) named in ``p``."""
    role = getattr(p, "role", "student")
    return annotator(lesson, student_id=p.student_id, role=role, doc=doc, tags=tags, stance=stance).widget
