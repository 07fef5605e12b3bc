"""Exercises on the static site: practice items to try without a kernel, notes for the rest.

A practice exercise becomes an HTML form with its controls and, in a JSON block beside it,
the exercise's public definition (``Exercise.public()``: practice items carry their key in
``exercise_sets/``, as they do in every student build). ``static/scomm-practice.js`` checks an
answer in the page with the same rules and words as ``Exercise.check``. An assessed item shows
its prompt and says where it is answered: its definition on the site has no answer and no
explanation, and nothing is read from ``keys/``.

>>> from scomm.exercises.kinds import SingleChoice
>>> item = SingleChoice("q", "Which?", options=("A", "B"), answer="B", explanation="Because.")
>>> form = practice_form(item, evidence="")
>>> 'type="radio"' in form and '"answer": "B"' in form
True
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields

from scomm.course import citations, data
from scomm.course.layout import EXERCISE, TOOL
from scomm.course.params import Params
from scomm.exercises import definitions, opening
from scomm.exercises.base import Exercise
from scomm.exercises.written import is_written
from scomm.publish.book.steps import source_mark

FORM_CLASS = "scomm-practice"
NOTE_CLASS = "scomm-interactive"
#: The case a generated or shuffled exercise shows on the site (each student gets their own in JupyterLab).
SITE_SEED = 0
NO_CHOICE = "(choose)"
#: Interactive tools a static page cannot run, by the name their cell's metadata gives them
#: (``{"scomm": {"tool": "annotate"}}``), and what to say instead.
TOOLS = {
    "annotate": "Annotating this reading is interactive: open the lesson notebook in JupyterLab.",
    "explore": "The simulator runs the rules engine: open the lesson notebook in JupyterLab to use it.",
    "submit": "",  # handing in a lesson only makes sense in the student's own notebook
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _choice(kind: str, name: str, value: str, index: int) -> str:
    box = f"{name}-{index}"
    return (
        f'<div class="scomm-choice"><input type="{kind}" id="{box}" name="{name}" value="{_e(value)}">'
        f'<label for="{box}">{_e(value)}</label></div>'
    )


def _choices(kind: str, name: str, legend: str, options: Iterable[str], *, part: str = "") -> str:
    rows = "".join(_choice(kind, name, option, i) for i, option in enumerate(options))
    data = f' data-part="{_e(part)}"' if part else ""
    return f'<fieldset class="scomm-part"{data}><legend>{_e(legend)}</legend>{rows}</fieldset>'


def _select(name: str, label: str, options: Iterable[str], part: str) -> str:
    listed = "".join(f'<option value="{_e(o)}">{_e(o)}</option>' for o in options)
    return (
        f'<div class="scomm-part" data-part="{_e(part)}"><label for="{name}">{_e(label)}</label> '
        f'<select id="{name}" name="{name}"><option value="">{NO_CHOICE}</option>{listed}</select></div>'
    )


def _controls(item: Exercise, base: str) -> str:
    kind = item.kind
    if kind in {"single_choice", "multiple_select"}:
        control = "radio" if kind == "single_choice" else "checkbox"
        return _choices(control, base, "Your answer", item.options)
    if kind == "numeric":
        unit = f" ({item.unit})" if item.unit else ""
        return (
            f'<div class="scomm-part"><label for="{base}-n">Your answer{_e(unit)}</label> '
            f'<input type="text" inputmode="decimal" id="{base}-n" name="{base}" autocomplete="off"></div>'
        )
    if kind == "ordering":
        order = item.items or item.answer
        return "".join(_select(f"{base}-{i}", f"Position {i + 1}", order, str(i)) for i in range(len(order)))
    if kind == "classification":
        return "".join(
            _select(f"{base}-{i}", name, item.categories, name) for i, name in enumerate(item.items)
        )
    facts = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in item.facts.items())
    parts = "".join(
        _choices("radio", f"{base}-{q}", text, options, part=q)
        for q, (text, options) in item.questions.items()
    )
    return f'<dl class="scomm-facts">{facts}</dl>{parts}'


def definition(item: Exercise) -> dict:
    """What the page's checker needs: the public definition as plain JSON (no Python objects)."""
    keep = {f.name for f in fields(item)} - {"rests_on", "cases", "generator", "mode"}
    found = {name: getattr(item, name) for name in sorted(keep)}
    if "questions" in found:
        found["questions"] = [[q, text, list(options)] for q, (text, options) in item.questions.items()]
    return {"kind": item.kind, **json.loads(json.dumps(found, default=list))}


def _json_block(value: dict) -> str:
    # Key order is kept: the checker lists wrong items in the definition's order, as Python does.
    text = json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" class="scomm-practice-data">{text}</script>'


def evidence_html(evidence: str, source_ids: Iterable[str]) -> str:
    """The evidence line under feedback, each cited source id marked for the site to link."""
    text = _e(evidence)
    for source_id in sorted(set(source_ids), key=len, reverse=True):
        text = re.sub(
            rf"(?<![\w-]){re.escape(source_id)}(?![\w-])",
            source_mark(source_id),
            text,
        )
    return text


def practice_form(item: Exercise, *, evidence: str, source_ids: Iterable[str] = ()) -> str:
    """A practice exercise as a form a reader answers in the page; the check runs in the browser."""
    if item.mode != "practice":
        raise ValueError(f"exercise {item.id} is assessed; only practice items are checked in the page")
    base = f"ex-{item.id}"
    return (
        f'<form class="{FORM_CLASS}" id="{base}" data-exercise="{_e(item.id)}" aria-labelledby="{base}-prompt">'
        f'<p class="scomm-practice-label">Practice · <code>{_e(item.id)}</code></p>'
        f'<p id="{base}-prompt" class="scomm-prompt">{_e(item.prompt)}</p>'
        f"{_controls(item, base)}"
        '<button type="submit" class="scomm-check">Check answer</button>'
        '<div class="scomm-feedback" role="status" aria-live="polite"></div>'
        f'<p class="scomm-evidence" hidden>Evidence: {evidence_html(evidence, source_ids)}.</p>'
        '<noscript><p class="scomm-noscript">Checking an answer needs JavaScript; '
        "the lesson notebook checks it in JupyterLab.</p></noscript>"
        f"{_json_block(definition(item))}</form>"
    )


def note(text: str, *, prompt: str = "", exercise_id: str = "", what: str = "Assessed exercise") -> str:
    """A box standing in for something a static page cannot do (``what``: the exercise it stands for)."""
    label = f" <code>{_e(exercise_id)}</code>" if exercise_id else ""
    body = f"<p><strong>{what + label if exercise_id else 'Interactive'}:</strong> {_e(text)}</p>"
    if prompt:
        body += f'<p class="scomm-prompt">{_e(prompt)}</p>'
    return f'<div class="{NOTE_CLASS}">{body}</div>'


def assessed_note(item: Exercise) -> str:
    """An assessed item: its prompt and where it is answered; never its options' key."""
    return note(
        "answer it in the lesson notebook in JupyterLab; it is saved there and feedback comes after grading.",
        prompt=item.prompt,
        exercise_id=item.id,
    )


def written_note(item: Exercise) -> str:
    """A written answer: its prompt and where it is written (a static page has nowhere to save it)."""
    practice = item.mode == "practice"
    graded = "it carries no points" if practice else "it is marked with a rubric after you submit"
    return note(
        "write your answer in the lesson notebook in JupyterLab, where it is saved as you type and "
        f"handed in with your submission; {graded}.",
        prompt=item.prompt,
        exercise_id=item.id,
        what="Written answer" if practice else "Assessed written answer",
    )


def replacers(
    lesson: str, *, seed: int = SITE_SEED, p: Params | None = None
) -> list[Callable[[Mapping], str | None]]:
    """What stands in for each widget of ``lesson`` on the site (see ``steps.replace_widgets``).

    ``p``: the parameters the lesson's page was executed with; an exercise that had not opened by
    its ``as_of`` stays the note the lesson showed, never a form with a later fact in it.
    """
    public = {key: item.public() for key, item in definitions.load_set(lesson).items()}
    source_ids = _source_ids()

    def exercise(marks: Mapping) -> str | None:
        if marks.get(EXERCISE) not in public:
            return None
        closed = opening.closed(p, marks[EXERCISE]) if p is not None else None
        if closed is not None:
            return note(closed)
        item = public[marks[EXERCISE]]
        # As the lesson's own form asks it on the page's day: that day's cases, options and case.
        item = item.variant(seed) if p is None else opening.as_asked(p, item, seed)
        if is_written(item):
            return written_note(item)
        if item.mode != "practice":
            return assessed_note(item)
        # The ids, each marked by ``evidence_html`` to show as its publisher and date, linked.
        shown, later = definitions.evidence(item.rests_on, as_of=None if p is None else p.as_of)
        cited = "; ".join([*shown, *([citations.later_text(later)] if later else [])])
        return practice_form(item, evidence=cited, source_ids=source_ids)

    def tool(marks: Mapping) -> str | None:
        name = marks.get(TOOL)
        if name not in TOOLS:
            return None
        return note(TOOLS[name]) if TOOLS[name] else ""

    def anything_else(_marks: Mapping) -> str:
        return note("This part of the lesson is interactive: open the lesson notebook in JupyterLab.")

    return [exercise, tool, anything_else]


def _source_ids() -> list[str]:
    return list(data.load("sources")["source_id"])
