"""A written answer on screen: a labelled text box saved at each pause in typing and on leaving it.

``WrittenBox`` is the whole exercise in the page (``static/form.js``): label, text, live word count and
save state. The page sends the text after a second's pause or when the box loses focus;
``WrittenForm`` then records it in the student's answer log, as every other answer is, so it
survives a killed kernel, comes back when the cell runs again and goes in with the submission:

>>> import os, tempfile; os.environ["SCOMM_RESPONSES"] = tempfile.mkdtemp()
>>> from scomm.exercises.written import ShortAnswer
>>> log = responses.Log("doctest", "01_program_mechanics")
>>> form = WrittenForm(ShortAnswer("demo", "Who decides?", words=(10, 80)), log)
>>> form.box.value = "The jail decides only whether to hold someone."
>>> form.box.status_style, log.latest()["demo"]["answer"]
('saved', 'The jail decides only whether to hold someone.')
"""

from __future__ import annotations

import html

import pandas as pd
import traitlets

from scomm.exercises import responses
from scomm.exercises.controls import note
from scomm.exercises.form_view import FormView, Shown
from scomm.exercises.written import CITE_HOW, LongAnswer, WrittenAnswer

#: Rows the box shows: a few for a short answer, a page for a long one.
ROWS = {"short_answer": 4, "long_answer": 16}


class WrittenBox(FormView):
    """The whole written exercise in one model (``static/form.js``): its heading, the labelled text
    box, the live word count and save state, the citation warnings (``feedback``) and a line of help."""

    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Your answer").tag(sync=True)
    rows = traitlets.Int(4).tag(sync=True)
    words_min = traitlets.Int(1).tag(sync=True)
    words_max = traitlets.Int(150).tag(sync=True)
    max_chars = traitlets.Int(5_000).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    status_style = traitlets.Unicode("info").tag(sync=True)


class WrittenForm:
    """One written exercise for one student: saved on each change of ``box.value``, restored on re-open."""

    def __init__(
        self,
        exercise: WrittenAnswer,
        log: responses.Log,
        as_of: pd.Timestamp | None = None,
        seed: int | None = None,
    ) -> None:
        self.exercise, self.log, self.as_of, self.seed = exercise, log, as_of, seed
        self.box = self.widget = _box(exercise)
        self.warnings = Shown(self.box, "feedback")
        saved = log.latest().get(exercise.id)
        if saved is not None and exercise.problem(saved["answer"]) is None:
            self.box.value = saved["answer"]
            self._status(f"Your answer saved at {_time(saved['at'])} UTC is restored.", "saved")
            self._check_citations(saved["answer"])
        else:
            self._status("Nothing saved yet.", "info")
        self.box.observe(self._save, names="value")

    @property
    def value(self) -> str:
        return self.box.value

    def _save(self, change: dict) -> None:
        text = change["new"]
        problem = self.exercise.problem(text)
        if problem:  # the page caps the text; a page that was tampered with is refused here
            self._status(f"Your answer was NOT saved: {problem}. Shorten it and it saves again.", "error")
            return
        try:
            record = self.log.record(self.exercise.id, text, seed=self.seed)
        except responses.NotSaved as failure:
            self._status(str(failure), "error")
            return
        self._status(f"Saved at {_time(record['at'])} UTC.", "saved")
        self._check_citations(text)

    def _status(self, text: str, style: str) -> None:
        self.box.status, self.box.status_style = text, style

    def _check_citations(self, text: str) -> None:
        found = self.exercise.citation_warnings(text, self.as_of)
        heading = "About the sources you cite (a check, not a mark):"
        items = "".join(f"<li>{html.escape(one)}</li>" for one in found)
        # Each time, what a citation looks like: a warning alone does not say how to mend it.
        how = f"<p>{html.escape(CITE_HOW)}</p>"
        self.warnings.value = note(heading, "warning") + f"<ul>{items}</ul>{how}" if found else ""


def _time(at: str) -> str:
    return at[:19].replace("T", " ")


def _box(ex: WrittenAnswer) -> WrittenBox:
    badge = "Practice" if ex.mode == "practice" else "Assessed"
    points = f" · {ex.worth}, marked with a rubric" if ex.points else ""
    what = "long answer" if isinstance(ex, LongAnswer) else "short answer"
    cite = CITE_HOW if ex.cite_sources else ""
    spec = {
        "kind": "written",
        "badge": f"{badge} · {what}{points}",
        "prompt": cite,
        "help": "Your answer is saved as you write; it goes in with your submission.",
    }
    waiting = f"{badge} {what}: {ex.prompt} Run this cell to answer it (Run > Run All Cells runs the lesson)."
    low, high = ex.words
    return WrittenBox(
        spec,
        "scomm-exercise",
        "scomm-written-answer",
        f"scomm-ex-{ex.id}",
        waiting=waiting,
        label=ex.prompt,  # the question is the box's visible label
        rows=ROWS.get(ex.kind, 4),
        words_min=low,
        words_max=high,
        max_chars=ex.max_chars,
    )
