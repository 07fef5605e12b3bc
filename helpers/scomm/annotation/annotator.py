"""Annotate a reading: select a passage, tag it, give a stance and a comment; saved as you go.

What a notebook cell calls (``scomm.annotate``, which passes the lesson and student from ``p``)::

    scomm.annotate(p, stance=True)

A selection comes from the browser as ``{start, end, exact}`` (``scomm.annotation.reading_view``);
Python accepts it only if ``text[start:end] == exact``. Keyboard users type the words into
"Find a passage" instead. ``Annotator`` keeps the logic (the current selection, finding,
saving, deleting, restoring) apart from the layout, so tests drive it without a browser.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from scomm.annotation import records, store
from scomm.annotation.anchoring import reanchor
from scomm.annotation.reading_view import Controls, ReadingView, segments, short
from scomm.course.layout import excerpt
from scomm.exercises import responses
from scomm.sources import corpus, documents

# What ``records`` raises for a passage, tag or stance it cannot use; the message says why.
_REFUSALS = (ValueError, LookupError)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
        tags: Sequence[str] = records.TAGS,
        stance: bool = False,
    ) -> None:
        self.doc, self.log, self.role = doc, log, role
        self.tags = tuple(tags)
        self.asks_stance = stance
        self.selected: tuple[int, int] | None = None
        self.saved: list[records.Annotation] = []
        self.damaged = 0  # records in the log that could not be read
        self._last_find: tuple[str, int] | None = None
        self.view = ReadingView(
            "scomm-annotator-box",
            text=doc.text,
            title=doc.title,
            paragraph_starts=[p.start for p in doc.paragraphs],
        )
        self.view.observe(self._on_selection, names="selection")
        self.controls = Controls(self)
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
        self.widget = self.view  # one widget model: the reading and its controls

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
                f"The selected words did not match the reading at that place (selected “{short(exact, 60)}”, "
                f"the reading there has “{short(text[start:end], 60)}”), so nothing was selected. "
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
        if len(quote) > records.MAX_QUOTE:  # refused here, before any search: it stays quick
            return self._unselect(
                f"That is {len(quote):,} characters; a passage may be at most {records.MAX_QUOTE:,}. "
                "Type a few distinctive words of it instead."
            )
        again = self._last_find is not None and self._last_find[0] == quote
        occurrence = self._last_find[1] + 1 if again else 1
        found = self._search(quote, occurrence)
        if found is None and occurrence > 1:
            occurrence, found = 1, self._search(quote, 1)  # past the last one: back to the first
        if found is None:
            self._last_find = None
            return self._unselect(
                f"“{short(quote, 60)}” is not in the reading. Copy the words exactly, "
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
        # The same search that anchors quotes everywhere else in the kit (records.make_from_quote).
        try:
            found = records.make_from_quote(
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
            ann = records.make(
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
            store.save(ann, self.log)
        except responses.NotSaved as problem:  # the selection and comment stay, to copy or retry
            self._say(str(problem), "error")
            return False
        self.selected = None
        self.controls.selected.value = ""
        self.controls.comment.value = ""
        self.reload()
        self._say(f"Saved: {tag} — “{short(ann.exact, 60)}”.", "success")
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
            store.delete(ann_id, self.doc.doc_id, self.log)
        except responses.NotSaved as problem:
            self._say(f"The annotation was NOT deleted: {problem.cause}; tell your instructor.", "error")
            return False
        self.reload()
        self._say(f"Deleted: {gone.tag} — “{short(gone.exact, 60)}”.")
        return True

    def reload(self) -> None:
        """Read the student's annotations back from the log, placed on this version of the reading."""
        loaded = store.load(self.log, self.doc.doc_id)
        # Made on an earlier version of the reading? Find the words again (or mark them orphaned).
        placed = [reanchor(a, self.doc) for a in loaded]
        self.saved = sorted(placed, key=lambda a: (a.start, a.end))
        self.damaged = len(getattr(loaded, "skipped", ()))
        self.controls.show_saved(self)
        self._draw()

    def placed(self, ann: records.Annotation) -> bool:
        """Whether a saved annotation still sits on its words in this version of the reading."""
        return (
            0 <= ann.start < ann.end <= len(self.doc.text) and self.doc.text[ann.start : ann.end] == ann.exact
        )

    def _draw(self) -> None:
        spans = [(a.start, a.end, a.tag, a.id) for a in self.saved if self.placed(a)]
        paragraphs = [(p.start, p.end) for p in self.doc.paragraphs]
        self.view.segments = segments(self.doc.text, paragraphs, spans, self.selected)

    def _say(self, text: str, style: str = "info") -> None:
        self.view.say(text, style)


# -- entry points -----------------------------------------------------------------------------------


def annotator(
    lesson: str,
    *,
    student_id: str,
    role: str = "student",
    doc: documents.Document | None = None,
    tags: Sequence[str] = records.TAGS,
    stance: bool = False,
) -> Annotator:
    """The annotator for one student and one lesson's reading (their saved annotations restored)."""
    doc = corpus.reading(lesson) if doc is None else doc
    return Annotator(doc, responses.Log(student_id, lesson), role=role, tags=tags, stance=stance)
