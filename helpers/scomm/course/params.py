"""Notebook parameters: check them and say, in one sentence, what is wrong and what is allowed.

This module holds the table of parameters and checks a lesson's values against it; what each
parameter accepts is ``scomm.course.param_checks``, the days a lesson may be set on
``scomm.course.param_dates``. Every name callers use is importable from here.

papermill injects parameters without checking them, and a misspelt name only earns a
warning. Every lesson therefore validates its parameters in the cell after its ``parameters``
cell (``scomm.start`` calls ``validate``), and hands the result, ``p``, to every view:

>>> p = validate("01_program_mechanics", focus="cook county", as_of="2011-03-31", role="student")
>>> p.lesson.number, p.jurisdiction, p.jurisdiction_id, p.as_of.date().isoformat(), p.role
(1, 'Cook County, IL', 'cook-county-il', '2011-03-31', 'student')
>>> p.world.as_of == p.as_of  # the kit's tables as they were public that day
True
>>> validate("01_program_mechanics", focus="Cook Cnty")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
scomm.course.param_checks.ParameterError: Parameter focus: unknown jurisdiction 'Cook Cnty'; did you mean 'Cook County, IL'? ...
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from scomm.course import hub
from scomm.course.layout import EARLIEST, Lesson, UnknownLesson, lesson
from scomm.course.param_checks import (
    FOCUS_ALLOWED,
    LEVELS,
    MAX_SEED,
    ROLES,
    SHOWN,
    STUDENT_ID,
    STUDENT_ID_ALLOWED,
    ParameterError,
    check_focus,
    check_level,
    check_role,
    check_seed,
    check_student_id,
    default_seed,
    fail,
    jurisdiction_id,
    seed_from_text,
    shown,
)
from scomm.course.param_dates import check_as_of, check_lesson_day, last_day, lesson_days
from scomm.course.world import World

#: What callers have always imported from here; each is defined with the part of the work it does.
__all__ = [
    "LEVELS",
    "MAX_SEED",
    "PARAMETERS",
    "ROLES",
    "SHOWN",
    "STUDENT_ID",
    "STUDENT_ID_ALLOWED",
    "Parameter",
    "ParameterError",
    "Params",
    "check_names",
    "default_seed",
    "fail",
    "from_options",
    "from_text",
    "jurisdiction_id",
    "last_day",
    "lesson_days",
    "shown",
    "validate",
]


@dataclass(frozen=True)
class Parameter:
    """One teaching parameter: what it means, what is allowed, and how to check a value."""

    name: str
    description: str
    allowed: str
    check: Callable[[object], object]
    #: How a value typed on a command line (``-p NAME VALUE``) becomes a Python value.
    from_text: Callable[[str], object] = str


@dataclass(frozen=True)
class Params:
    """Checked parameter values: what every view, exercise and tool of a lesson takes first, as ``p``.

    ``lesson`` is ``None`` only for a notebook that is not one of the kit's lessons.
    """

    lesson: Lesson | None = None
    jurisdiction: str | None = None  # the display name, as data/jurisdictions.csv writes it
    jurisdiction_id: str | None = None
    as_of: pd.Timestamp | None = None
    role: str = "student"
    student_id: str | None = None
    seed: int | None = None
    level: str = LEVELS[0]

    @property
    def focus(self) -> str | None:
        """The jurisdiction's display name under the notebook parameter's own name (an alias)."""
        return self.jurisdiction

    @property
    def instructor(self) -> bool:
        return self.role == "instructor"

    @property
    def kit_lesson(self) -> Lesson:
        """The lesson, for what only the kit's lessons have (views, notes, exercises); a refusal otherwise."""
        if self.lesson is None:
            raise fail(
                "lesson",
                "this notebook is not one of the kit's lessons, so it has no views, notes or exercises",
                "01_program_mechanics, 02_opt_out_dispute, 03_detainer_law or 04_pep_transition",
            )
        return self.lesson

    @cached_property
    def world(self) -> World:
        """The kit's tables as they were public on ``as_of`` (made once, then kept)."""
        if self.as_of is None:
            raise fail("as_of", "the lesson was started without a date, so it has no world", "a date")
        return World(self.as_of)


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "focus",
            "The jurisdiction a lesson follows (highlighted in charts, its events listed).",
            FOCUS_ALLOWED,
            check_focus,
        ),
        Parameter(
            "as_of",
            "The day whose state of the world the lesson shows.",
            f"a date written YYYY-MM-DD from {EARLIEST.isoformat()} to the kit's knowledge horizon "
            "(data/datapackage.json), within the lesson's own range",
            check_as_of,
        ),
        Parameter("role", "Who the notebook is for.", "'student' or 'instructor'", check_role),
        Parameter(
            "level",
            "The class's level: the length a written answer asks where the plan gives one per level.",
            " or ".join(repr(v) for v in LEVELS),
            check_level,
        ),
        Parameter(
            "student_id",
            "Whose answers the notebook records.",
            f"{STUDENT_ID_ALLOWED}; an id of digits, such as 00123, keeps its zeros",
            check_student_id,
        ),
        Parameter(
            "seed",
            "Chooses a student's variant of exercises; None derives it from student_id.",
            "None or a whole number ≥ 0",
            check_seed,
            seed_from_text,
        ),
    )
}


def validate(lesson_name: str | Lesson, **values: object) -> Params:
    """Check a lesson's parameter values and return them normalised.

    ``lesson_name`` is one of the kit's lessons (its slug or ``Lesson``); any other name, such as
    a notebook of your own, is used only in messages and gives ``p.lesson`` = None. Also catches
    names papermill injected that the lesson does not take (papermill itself only warns), when
    running inside a kernel.
    """
    known = _known_lesson(lesson_name)
    label = known.slug if known else str(lesson_name)
    check_names(label, declared=values, given=_injected_names())
    if "student_id" in values:  # under JupyterHub the demo default becomes the hub user
        values["student_id"] = hub.student_id(values["student_id"])
    checked: dict[str, object] = {}
    for name, value in values.items():
        if name not in PARAMETERS:
            raise fail(name, "the kit does not know it", ", ".join(PARAMETERS))
        checked[name] = PARAMETERS[name].check(value)
    place = checked.pop("focus", None)
    if known is not None and checked.get("as_of") is not None:
        check_lesson_day(known, checked["as_of"])
    return Params(lesson=known, jurisdiction=place, jurisdiction_id=jurisdiction_id(place), **checked)


def _known_lesson(name: str | Lesson) -> Lesson | None:
    if isinstance(name, Lesson):
        return name
    try:
        return lesson(name)
    except UnknownLesson:
        return None


def from_text(name: str, text: str) -> object:
    """A value typed after ``-p NAME``, read as that parameter reads text (not guessed from the text).

    >>> from_text("student_id", "00123"), from_text("seed", "None"), from_text("seed", "7")
    ('00123', None, 7)
    """
    known = PARAMETERS.get(name)
    return known.from_text(text) if known else text  # an unknown name is refused by check_names


def from_options(pairs: Iterable[tuple[str, str]]) -> dict[str, object]:
    """The values of every ``-p NAME VALUE`` given (``add_option``), each read by its parameter."""
    return {name: from_text(name, text) for name, text in pairs}


def check_names(lesson: str, *, declared: Iterable[str], given: Iterable[str]) -> None:
    """Raise if any ``given`` parameter name is not one the lesson ``declared``."""
    declared = list(declared)
    for name in given:
        if name not in declared:
            close = difflib.get_close_matches(name, declared, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise fail(name, f"{lesson} takes no parameter of that name{hint}", ", ".join(declared) or "none")


def _injected_names() -> list[str]:
    """Names assigned in papermill's injected cell, read back from the kernel's input history."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always installed with the kit
        return []
    shell = get_ipython()
    history = getattr(shell, "user_ns", {}).get("In", []) if shell else []
    for source in reversed(history):
        # papermill writes its injected cell starting with this comment line
        if source.lstrip().startswith("# Parameters"):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return []
            return [
                t.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for t in node.targets
                if isinstance(t, ast.Name)
            ]
    return []
