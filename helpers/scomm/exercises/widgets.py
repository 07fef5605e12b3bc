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
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from scomm.course import demo_id
from scomm.course.hub import DEMO_STUDENT
from scomm.course.layout import ROOT, excerpt
from scomm.course.params import Params, default_seed
from scomm.exercises import definitions, opening, responses, submissions, writing
from scomm.exercises.base import Exercise, ExerciseError
from scomm.exercises.controls import NO_CHOICE, note
from scomm.exercises.form_view import Button, FormView, Shown, chosen
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
        self.widget = _view(exercise)
        self.button = Button(self.widget.spec["button"], self.widget.click)
        self.feedback = Shown(self.widget, "feedback")
        self.widget.on_press(self.answer)
        saved = log.latest().get(exercise.id)
        if saved is not None:
            self.value = saved["answer"]
            self.feedback.value = note(
                f"Your saved answer from {saved['at'][:16].replace('T', ' ')} UTC is restored."
            )

    @property
    def value(self) -> object:
        """The answer on screen; whatever the page sent, each part is one the control offers (or none)."""
        controls = self.widget.spec["controls"]
        raw = self.widget.value if isinstance(self.widget.value, list) else []
        parts = _parts(controls, raw)
        ex = self.exercise
        if ex.kind in {"single_choice", "multiple_select"}:
            return parts[0]
        if ex.kind == "numeric":
            return parts[0].strip()
        if ex.kind == "ordering":
            return parts
        if ex.kind == "classification":
            return dict(zip(ex.items, parts, strict=True))
        answers = dict(zip(ex.questions, parts, strict=True))  # scenario
        return {**answers, "case": ex.case} if ex.case else answers

    @value.setter
    def value(self, answer: object) -> None:
        ex = self.exercise
        if ex.kind in {"single_choice", "multiple_select"}:
            parts = [answer]
        elif ex.kind == "numeric":
            parts = [str(answer)]
        elif ex.kind == "ordering":
            parts = list(answer)
        elif ex.kind == "classification":  # one part per item, by its words (an old wording read as new)
            parts = [ex.current(answer).get(name) for name in ex.items]
        else:  # scenario: one part per question, by its name
            parts = [answer.get(name) for name in ex.questions]
        controls = self.widget.spec["controls"]
        # An answer saved on another day may name an option this day does not offer: that part is left blank.
        self.widget.value = _parts(controls, parts)

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


def submit_button(
    lesson: str,
    *,
    student_id: str,
    seed: int | None = None,
    as_of: str | None = None,
    level: str | None = None,
) -> FormView:
    """A button that writes the student's submission file (worked at ``as_of`` and ``level``), then offers it to download.

    While ``student_id`` is the demo id, the panel says so in a warning above the button.
    """
    seed = default_seed(student_id) if seed is None else seed
    demo = student_id == DEMO_STUDENT
    spec = {"kind": "submit", "button": "Submit this lesson"}
    if demo:
        # Worded for where it is shown: the parameter cell in a notebook, ?student= in the app.
        spec["warning"] = note(demo_id.warning(), "warning")
    waiting = (
        "The Submit button: run this cell to hand in your answers (Run > Run All Cells runs the lesson)."
    )
    view = FormView(spec, "scomm-submit", waiting=waiting)

    def on_press() -> None:
        try:
            log = responses.Log(student_id, lesson)
            path = submissions.submit(log, seed=seed, as_of=as_of, level=level)
        except responses.NotSaved as problem:
            view.feedback = note(str(problem), "error")
            return
        view.feedback = _receipt(path, demo)

    view.on_press(on_press)
    return view


def _receipt(path: Path, demo: bool) -> str:
    """Where the submission is, as the file browser shows it, and a link that downloads it."""
    try:
        shown = path.resolve().relative_to(ROOT)  # `make lab` serves the kit's folder
        where = f"{shown} (in JupyterLab's file browser, from the kit's top folder)"
    except ValueError:
        where = str(path)
    text = f"Submitted. Hand in this file: {where}."
    if demo:
        text += " " + demo_id.submitted_as_demo()
    data = base64.b64encode(path.read_bytes()).decode()
    link = (
        f'<a download="{html.escape(path.name)}" href="data:application/json;base64,{data}">'
        f"Download {html.escape(path.name)}</a>"
    )
    return note(text, "warning" if demo else "success") + f"<p>{link}</p>"


# -- what the page draws ----------------------------------------------------------------------------


def _controls(ex: Exercise) -> list[dict]:
    """One entry per control ``static/form.js`` draws; the answer has one part per control."""
    if ex.kind == "single_choice":
        return [{"type": "radios", "label": "Answer:", "options": list(ex.options)}]
    if ex.kind == "multiple_select":
        return [
            {"type": "checkboxes", "label": "Answer (every one that applies):", "options": list(ex.options)}
        ]
    if ex.kind == "numeric":
        label = f"Answer ({ex.unit}):" if ex.unit else "Answer:"
        return [{"type": "text", "label": label, "placeholder": "a number"}]
    if ex.kind == "ordering":
        return [_select(f"{n}.", ex.items) for n in range(1, len(ex.items) + 1)]
    if ex.kind == "classification":
        # Each item is its drop-down's label: a screen reader reads the statement with its choice.
        return [_select(item, ex.categories) for item in ex.items]
    return [
        {"type": "radios", "label": text, "options": list(options)} for text, options in ex.questions.values()
    ]


def _select(label: str, options: Iterable[str]) -> dict:
    return {"type": "select", "label": label, "options": list(options), "blank": NO_CHOICE}


def _parts(controls: list[dict], raw: list) -> list:
    """One part per control, from ``raw`` (the page's or a saved answer): a missing part is blank."""
    return [_part(control, raw[n] if n < len(raw) else None) for n, control in enumerate(controls)]


def _part(control: dict, raw: object) -> object:
    """One control's part of an answer, as the checker may take it: only what the control offers."""
    options = control.get("options", [])
    if control["type"] == "checkboxes":
        ticked = raw if isinstance(raw, list) else [raw]
        return [option for option in options if option in ticked]  # in the order offered, once each
    if control["type"] == "text":
        return raw if isinstance(raw, str) else "" if raw is None else str(raw)
    return chosen(raw, options)


def _view(ex: Exercise) -> FormView:
    badge = "Practice" if ex.mode == "practice" else "Assessed"
    action = "Check answer" if ex.mode == "practice" else "Save answer"
    spec = {
        "kind": ex.kind,
        "badge": f"{badge} · {ex.worth}",
        "prompt": ex.prompt,
        "controls": _controls(ex),
        "button": action,
        "tooltip": f"{action}: {ex.prompt}",
    }
    if ex.kind == "scenario":
        spec["facts"] = [[name, str(fact)] for name, fact in ex.facts.items()]
    elif ex.kind == "ordering":
        spec["intro"] = "Choose the item for each position, first to last."
    waiting = (
        f"{badge} exercise: {ex.prompt} Run this cell to answer it (Run > Run All Cells runs the lesson)."
    )
    blank = _parts(spec["controls"], [])
    return FormView(spec, "scomm-exercise", f"scomm-ex-{ex.id}", waiting=waiting, value=blank)
