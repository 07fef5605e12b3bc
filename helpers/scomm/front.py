"""The notebook front: the few words a lesson's code cells use, each taking the lesson's ``p``.

A lesson starts with its parameters, gets its views, and then shows one thing per cell::

    import scomm

    p = scomm.start("01_program_mechanics", focus=focus, as_of=as_of, role=role,
                    student_id=student_id, seed=seed)
    v = scomm.views(p)
    scomm.show(v.flow_chart(p))          # a chart, with its written description under it
    scomm.note(p, "flow")                # the instructor's note (nothing for a student)
    scomm.narrative(p, "announcement")   # passages dated in data/narrative.csv, shown from their day
    scomm.glossary(p)                    # the lesson's terms that existed on as_of
    scomm.exercise(p, "l1-ident")        # an exercise, the student's saved answer restored
    scomm.submit_button(p)

``import scomm`` loads none of this (``scomm/__init__.py`` resolves these names on first use),
and only ``start`` changes anything in the session: it switches on the course's chart look.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

import ipywidgets as w
from IPython.display import display

from scomm.course import charts, drawings, lazy, notes, opening, params
from scomm.course import glossary as glossary_terms
from scomm.course import narrative as narrative_text
from scomm.course.layout import Lesson
from scomm.course.params import Params
from scomm.course.tables import markdown
from scomm.exercises import definitions, widgets
from scomm.exercises import opening as exercise_opening
from scomm.exercises.controls import note as status_note
from scomm.exercises.form_view import FormView
from scomm.lessons import index

#: Loaded by the word that needs them, not with the front: the annotator (the readings and their
#: parsers) and the simulator cost time that lessons without them need not pay. The kit's own
#: readings never load ftfy (``sources.cleanup.READING_REPAIRS``).
ANNOTATOR = "scomm.annotation.annotator"
CORPUS = "scomm.sources.corpus"
SIMULATOR = "scomm.lessons.detainer_law.simulator"


def start(lesson: str | Lesson, **values: object) -> Params:
    """Check the lesson's parameters (one sentence if one is wrong) and turn on the course's chart look.

    Returns ``p``, what every other word of the front takes: ``p.lesson``, ``p.jurisdiction`` and
    ``p.jurisdiction_id``, ``p.as_of``, ``p.role``, ``p.level``, ``p.student_id``, ``p.seed`` and ``p.world``
    (the kit's tables as they were public on ``as_of``).
    """
    p = params.validate(lesson, **values)
    charts.enable()
    return p


def views(p: Params) -> ModuleType:
    """The lesson's views: ``v = scomm.views(p)``, then ``v.status(p)``, ``scomm.show(v.flow_chart(p))``."""
    return index.views(p)


def show(item: object) -> None:
    """Display a chart (its text description under it) or a table or passage of prose."""
    if isinstance(item, drawings.Drawing) or _is_chart(item):
        drawings.show(item)
    else:
        display(item)


def _is_chart(item: object) -> bool:
    # Asked without loading altair: a chart of one's own means altair has loaded already.
    return lazy.loaded("altair") and isinstance(item, charts.alt.TopLevelMixin)


def note(p: Params, key: str) -> None:
    """The instructor's note ``key`` for this lesson; a student's notebook shows nothing."""
    notes.show(p.kit_lesson.slug, key, role=p.role)


def narrative(p: Params, section: str, *, until: str | None = None) -> None:
    """The lesson's dated passages for ``section`` that were public on ``p.as_of`` (data/narrative.csv).

    When none was public yet, ``until`` is shown if given (``{day}`` reads as the lesson's day),
    else nothing; an instructor also sees how many open later.
    """
    text = narrative_text.passage(p, section, until=until)
    if text is not None:
        display(text)


def discussion(p: Params) -> None:
    """What the discussion section has open on ``p.as_of``: every question, some, or none yet."""
    display(markdown(exercise_opening.discussion(p)))


def glossary(p: Params) -> None:
    """The terms this lesson introduces, as they stood on ``p.as_of`` (data/glossary.csv)."""
    display(glossary_terms.terms(p))


def exercise(p: Params, exercise_id: str) -> w.Widget:
    """One exercise of the lesson for the student in ``p``, their saved answer restored, as asked on ``p.as_of``.

    Before the records the question needs were public (its ``opens_with``, and in a set marked
    ``dated = true`` every row it ``rests_on``), a short note stands in its place. A generated
    case is drawn for ``p.as_of`` (the submission records it, so the grader draws the same one).
    """
    slug = p.kit_lesson.slug
    text = exercise_opening.closed(p, exercise_id)
    if text is not None:
        return _waiting(text, "scomm-exercise", f"scomm-ex-{exercise_id}")
    form = widgets.exercise(slug, exercise_id, student_id=p.student_id, seed=p.seed, as_of=_day(p), p=p)
    return form.widget


def _day(p: Params) -> str | None:
    return None if p.as_of is None else p.as_of.date().isoformat()


def submit_button(p: Params) -> w.Widget:
    """The button that writes the student's submission file for this lesson."""
    slug = p.kit_lesson.slug
    return widgets.submit_button(slug, student_id=p.student_id, seed=p.seed, as_of=_day(p), level=p.level)


def annotate(p: Params, **options: object) -> w.Widget:
    """The lesson's reading to annotate (options: ``stance=True``, ``tags``, ``doc``).

    Only the paragraphs whose sources were all published by ``p.as_of`` are shown; an
    instructor is told how many open later. In a lesson whose exercise set is dated, the reading
    opens once every source it retells was published; a lesson whose views name ``READING_NEEDS``
    (lesson 3: the sources its reading tells of, not the later encyclopedia it also draws on)
    names them itself. Before any paragraph that retells a source is public, a note stands in.
    """
    if "doc" not in options and p.as_of is not None:
        day = opening.opens_on(p, [f"sources:{s}" for s in _reading_needs(p)])
        cut = import_module(CORPUS).dated(p)
        if day <= p.as_of and not cut.tells and cut.later:
            day = cut.later[0]
        if day > p.as_of:
            return _waiting(opening.waiting(p, day, "This reading"), "scomm-annotator-waiting")
        options["doc"] = cut.doc
        widget = _annotator(p, **options)
        widget.notice = cut.note(p) or ""  # how many paragraphs open later (an instructor is told)
        return widget
    return _annotator(p, **options)


def _annotator(p: Params, **options: object) -> w.Widget:
    return (
        import_module(ANNOTATOR)
        .annotator(p.kit_lesson.slug, student_id=p.student_id, role=p.role, **options)
        .widget
    )


def _reading_needs(p: Params) -> tuple[str, ...]:
    slug = p.kit_lesson.slug
    if definitions.dated(slug):
        return import_module(CORPUS).reading(slug).references
    return tuple(getattr(index.views(p), "READING_NEEDS", ()))


def _waiting(text: str, *classes: str) -> FormView:
    return FormView({"kind": "note", "note": status_note(text)}, "scomm-waiting", *classes)


def explore(p: Params) -> w.Widget:
    """The detainer simulator (lesson 3), starting on the lesson's ``as_of`` day."""
    return import_module(SIMULATOR).explore(p)
