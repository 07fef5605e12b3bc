"""The exercises as ipywidgets: labelled controls, a button, feedback that explains.

``Form`` keeps the logic (current answer, restoring the last saved answer, checking,
recording) apart from the layout, so tests drive it without a browser:

>>> import os, tempfile; os.environ["SCOMM_RESPONSES"] = tempfile.mkdtemp()
>>> form = exercise("01_program_mechanics", "l1-ident", student_id="doctest")
>>> form.value = "IDENT (DHS)"
>>> form.button.click()
>>> "Correct" in form.feedback.value
True

Every answer is recorded by ``scomm.exercises.responses`` before any feedback is shown, so a
kernel killed a moment later loses nothing, and the next time the cell runs the form
comes back with the student's last answer in it.
"""

from __future__ import annotations

import base64
import html
from functools import cache
from pathlib import Path

import ipywidgets as w
import pandas as pd

from scomm.course.layout import ROOT, excerpt
from scomm.course.params import Params, default_seed
from scomm.exercises import definitions, opening, responses, submissions, writing
from scomm.exercises.controls import button, dropdown, note, panel
from scomm.exercises.definitions import Exercise, ExerciseError
from scomm.exercises.written import is_written


@cache
def _public_set(lesson: str) -> dict[str, Exercise]:
    return {k: v.public() for k, v in definitions.load_set(lesson).items()}


class Form:
    """One exercise on screen. ``value`` is the answer as the checker takes it."""

    def __init__(
        self,
        exercise: Exercise,
        log: responses.Log,
        as_of: pd.Timestamp | None = None,
        seed: int | None = None,
    ) -> None:
        self.exercise, self.log, self.as_of, self.seed = exercise, log, as_of, seed
        self.controls = _controls(exercise)
        action = "Check answer" if exercise.mode == "practice" else "Save answer"
        self.button = button(action, button_style="primary", tooltip=f"{action}: {exercise.prompt}")
        self.feedback = w.HTML(value="")
        self.button.on_click(lambda _button: self.answer())
        saved = log.latest().get(exercise.id)
        if saved is not None:
            self.value = saved["answer"]
            self.feedback.value = note(
                f"Your saved answer from {saved['at'][:16].replace('T', ' ')} UTC is restored."
            )
        self.widget = _layout(self)

    @property
    def value(self) -> object:
        kind = self.exercise.kind
        c = self.controls
        if kind == "single_choice":
            return c[0].value
        if kind == "multiple_select":
            return [box.description for box in c if box.value]
        if kind == "numeric":
            return c[0].value.strip()
        if kind == "ordering":
            return [d.value for d in c]
        if kind == "classification":
            return {item: d.value for item, d in zip(self.exercise.items, c, strict=True)}
        answers = {q: r.value for q, r in zip(self.exercise.questions, c, strict=True)}  # scenario
        return {**answers, "case": self.exercise.case} if self.exercise.case else answers

    @value.setter
    def value(self, answer: object) -> None:
        kind = self.exercise.kind
        c = self.controls
        if kind in {"single_choice", "numeric"}:
            c[0].value = str(answer) if kind == "numeric" else answer
        elif kind == "multiple_select":
            for box in c:
                box.value = box.description in set(answer)
        elif kind == "ordering":
            for dropdown, item in zip(c, answer, strict=False):
                dropdown.value = item
        elif kind == "classification":
            for item, dropdown in zip(self.exercise.items, c, strict=True):
                dropdown.value = answer.get(item)
        else:
            for q, radio in zip(self.exercise.questions, c, strict=True):
                # An answer saved on another day may name an option this day does not offer.
                radio.value = answer.get(q) if answer.get(q) in radio.options else None

    def answer(self) -> None:
        """Record the current answer, then show feedback (practice) or a receipt (assessment)."""
        problem = self._incomplete()
        if problem:
            self.feedback.value = note(problem, "warning")
            return
        value = self.value
        if self.exercise.kind == "numeric":
            value = float(value)
        try:
            self.log.record(self.exercise.id, value, seed=self.seed)
        except responses.NotSaved as problem:  # replaces any earlier "Saved." on screen
            self.feedback.value = note(str(problem), "error")
            return
        if self.exercise.mode == "assessment":
            self.feedback.value = note("Saved. This is an assessed question: feedback comes after grading.")
            return
        result = self.exercise.check(value)
        cites = definitions.rests_on_text(result.rests_on, as_of=self.as_of)
        style = "success" if result.correct else "info"
        self.feedback.value = note(
            f"{result.message} ({result.score:g} of {result.points:g} points.) Evidence: {cites}.", style
        )

    def _incomplete(self) -> str:
        value = self.value
        kind = self.exercise.kind
        if kind == "numeric":
            try:
                float(value)
            except ValueError:
                return f"Type a number (for example 2.5), not “{excerpt(value)}”."
            return ""
        if kind == "ordering" and (None in value or len(set(value)) != len(value)):
            return "Place every item exactly once before checking."
        if kind in {"classification", "scenario"} and None in value.values():
            return "Answer every part before checking."
        if kind == "single_choice" and value is None:
            return "Choose an option first."
        return ""


def exercise(
    lesson: str,
    exercise_id: str,
    *,
    student_id: str,
    seed: int | None = None,
    as_of: str | None = None,
    p: Params | None = None,
) -> Form | writing.WrittenForm:
    """The form for one exercise of a lesson, for one student on ``as_of`` (their saved answer restored).

    With the lesson's ``p``, the exercise as it could be asked on ``p.as_of`` (``opening.asked_on``:
    a scenario offers only the cases booked by then), its feedback naming only sources published by then,
    and a written answer asks the length set for the class's ``p.level``.
    """
    exercises_by_id = _public_set(lesson)
    if exercise_id not in exercises_by_id:
        raise ExerciseError(
            f"lesson {lesson} has no exercise {exercise_id!r}; it has {', '.join(exercises_by_id)}"
        )
    seed = default_seed(student_id) if seed is None else seed
    current = exercises_by_id[exercise_id]
    as_shown = None if p is None else p.as_of
    log = responses.Log(student_id, lesson)
    if is_written(current):  # marked with a rubric: a text box saved as it is written
        asked = current if p is None else opening.worded_on(p, current).for_level(p.level)
        return writing.WrittenForm(asked, log, as_of=as_shown, seed=seed)
    shown = current.variant(seed, as_of) if p is None else opening.as_asked(p, current, seed)
    return Form(shown, log, as_of=as_shown, seed=seed)


#: The parameter cell's student_id: answers saved under it are nobody's.
DEMO_STUDENT = "demo-student"
DEMO_WARNING = (
    f"You are answering as {DEMO_STUDENT}, the example id: your instructor cannot tell these answers "
    "from anyone else's. Set student_id to your own id in the parameter cell (the first code cell), "
    "then run the lesson again (Run > Run All Cells) before you submit."
)


def submit_button(
    lesson: str,
    *,
    student_id: str,
    seed: int | None = None,
    as_of: str | None = None,
    level: str | None = None,
) -> w.Widget:
    """A button that writes the student's submission file (worked at ``as_of`` and ``level``), then offers it to download.

    While ``student_id`` is the demo id, the panel says so in a warning above the button.
    """
    seed = default_seed(student_id) if seed is None else seed
    submit = button("Submit this lesson", button_style="success")  # no icon: its font would need a CDN
    receipt = w.HTML()
    demo = student_id == DEMO_STUDENT
    warning = [w.HTML(note(DEMO_WARNING, "warning"))] if demo else []

    def on_click(_button: w.Button) -> None:
        try:
            log = responses.Log(student_id, lesson)
            path = submissions.submit(log, seed=seed, as_of=as_of, level=level)
        except responses.NotSaved as problem:
            receipt.value = note(str(problem), "error")
            return
        receipt.value = _receipt(path, demo)

    submit.on_click(on_click)
    waiting = (
        "The Submit button: run this cell to hand in your answers (Run > Run All Cells runs the lesson)."
    )
    return panel([*warning, submit, receipt], "scomm-submit", waiting=waiting)


def _receipt(path: Path, demo: bool) -> str:
    """Where the submission is, as the file browser shows it, and a link that downloads it."""
    try:
        shown = path.resolve().relative_to(ROOT)  # `make lab` serves the kit's folder
        where = f"{shown} (in JupyterLab's file browser, from the kit's top folder)"
    except ValueError:
        where = str(path)
    text = f"Submitted. Hand in this file: {where}."
    if demo:
        text += f" It was saved as {DEMO_STUDENT}: set your own student_id and submit again."
    data = base64.b64encode(path.read_bytes()).decode()
    link = (
        f'<a download="{html.escape(path.name)}" href="data:application/json;base64,{data}">'
        f"Download {html.escape(path.name)}</a>"
    )
    return note(text, "warning" if demo else "success") + f"<p>{link}</p>"


# -- layout -----------------------------------------------------------------------------------------


def _controls(ex: Exercise) -> list[w.Widget]:
    # Widths and wrapping come from static/panel.css: a label is never cut, at any screen width.
    full = {"style": {"description_width": "initial"}, "layout": w.Layout(width="auto")}
    if ex.kind == "single_choice":
        return [w.RadioButtons(options=list(ex.options), value=None, description="Answer:", **full)]
    if ex.kind == "multiple_select":
        return [w.Checkbox(description=option, value=False, indent=False, **full) for option in ex.options]
    if ex.kind == "numeric":
        label = f"Answer ({ex.unit}):" if ex.unit else "Answer:"
        return [w.Text(placeholder="a number", description=label, **full)]
    if ex.kind == "ordering":
        return [dropdown([(i, i) for i in ex.items], f"{n}.", **full) for n in range(1, len(ex.items) + 1)]
    if ex.kind == "classification":
        # Each item is its drop-down's label: a screen reader reads the statement with its choice.
        return [dropdown([(c, c) for c in ex.categories], item, **full) for item in ex.items]
    return [
        w.RadioButtons(options=list(options), value=None, description=text, **full)
        for text, options in ex.questions.values()
    ]


def _layout(form: Form) -> w.VBox:
    ex = form.exercise
    badge = "Practice" if ex.mode == "practice" else "Assessed"
    header = w.HTML(f"<b>{badge} · {ex.points:g} point(s)</b><br>{html.escape(ex.prompt)}")
    body: list[w.Widget] = [header]
    if ex.kind == "scenario":
        facts = "".join(
            f"<li><b>{html.escape(k)}:</b> {html.escape(str(v))}</li>" for k, v in ex.facts.items()
        )
        body += [w.HTML(f"<ul>{facts}</ul>"), *form.controls]
    elif ex.kind == "ordering":
        body += [w.HTML("Choose the item for each position, first to last."), *form.controls]
    else:
        body += form.controls
    waiting = (
        f"{badge} exercise: {ex.prompt} Run this cell to answer it (Run > Run All Cells runs the lesson)."
    )
    return panel([*body, form.button, form.feedback], "scomm-exercise", f"scomm-ex-{ex.id}", waiting=waiting)
