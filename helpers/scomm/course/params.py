"""Notebook parameters: check them and say, in one sentence, what is wrong and what is allowed.

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
scomm.course.params.ParameterError: Parameter focus: unknown jurisdiction 'Cook Cnty'; did you mean 'Cook County, IL'? ...
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

import pandas as pd

from scomm.course import data, hub
from scomm.course.layout import EARLIEST, Lesson, UnknownLesson, lesson
from scomm.course.world import World, horizon
from scomm.errors import ScommError

ROLES = ("student", "instructor")
#: A class's level: a written answer may ask a different length of each (lesson 4's memo does).
LEVELS = ("undergraduate", "high_school")
#: Checked with ``fullmatch``: ``$`` in ``match`` would let a trailing newline through.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
STUDENT_ID_ALLOWED = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
MAX_SEED = 2**32 - 1
#: A message shows at most this many characters of a bad value or name.
SHOWN = 40


class ParameterError(ScommError, ValueError):
    """A notebook parameter has a bad name or value. The message says which, and what is allowed."""


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


def default_seed(student_id: str) -> int:
    """A stable per-student seed when none was given: the same student always sees the same variant.

    >>> default_seed("s-042") == default_seed("s-042")
    True
    """
    return int(hashlib.sha256(student_id.encode()).hexdigest()[:8], 16)


def fail(name: str, problem: str, allowed: str, value: object = None) -> ParameterError:
    """The one sentence every bad parameter gets; ``{value}`` in ``problem`` shows ``value`` shortened.

    >>> str(fail("student_id", "{value} cannot name a student's files", "an id", "x" * 500))
    "Parameter student_id: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… cannot name a student's files (allowed: an id)"
    """
    problem = problem.replace("{value}", shown(value))
    return ParameterError(f"Parameter {_clip(name)}: {problem} (allowed: {allowed})")


def shown(value: object) -> str:
    """``value`` as a message shows it: its repr, cut after ``SHOWN`` characters (a pasted essay is not echoed).

    >>> shown("00123"), shown("ab" * 40)
    ("'00123'", "'abababababababababababababababababababab'…")
    """
    if isinstance(value, str) and len(value) > SHOWN:
        return f"{value[:SHOWN]!r}…"
    return _clip(repr(value))


def _clip(text: str) -> str:
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}…"


def _check_focus(value: object) -> str:
    allowed = PARAMETERS["focus"].allowed
    if not isinstance(value, str) or not value.strip():
        raise fail("focus", "{value} is not a jurisdiction name", allowed, value)
    names = _jurisdiction_names(data.load("jurisdictions"))
    key = " ".join(value.split()).casefold()
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    hint = f"; did you mean {names[close[0]]!r}?" if close else ""
    raise fail("focus", "unknown jurisdiction {value}" + hint, allowed, value)


def _jurisdiction_names(table: pd.DataFrame) -> dict[str, str]:
    """Every accepted spelling (casefolded) mapped to the jurisdiction's display name."""
    names: dict[str, str] = {}
    for name, aliases in zip(table["name"], table["aliases"], strict=True):
        for spelling in (name, *aliases):
            names[" ".join(spelling.split()).casefold()] = name
    return names


def last_day() -> date:
    """The last day any lesson may be set on: the kit's knowledge horizon, or today if it states none.

    Past the horizon the data would describe the program as it stood then while omitting all
    that followed, so such a date is refused rather than answered with a stale world.
    """
    known = horizon()
    return min(known.date(), date.today()) if known is not None else date.today()


def _check_as_of(value: object) -> pd.Timestamp:
    last = last_day()
    allowed = f"a date written YYYY-MM-DD from {EARLIEST.isoformat()} to {last.isoformat()}"
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value  # a pandas Timestamp is a datetime
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise fail("as_of", "{value} is not a date", allowed, value) from None
    if day > last:
        raise fail(
            "as_of",
            f"{day.isoformat()} is after {last.isoformat()}, the last day the kit's data describe "
            "(its knowledge horizon); what happened later is not in them",
            allowed,
        )
    if day < EARLIEST:
        raise fail("as_of", f"{day.isoformat()} is outside the period the kit covers", allowed)
    return pd.Timestamp(day)


def lesson_days(item: Lesson) -> tuple[date, date]:
    """The first and last day a lesson may be set on (its own range, cut at the knowledge horizon).

    >>> first, last = lesson_days(lesson(1))
    >>> first <= last
    True
    """
    last = last_day()
    return item.earliest, min(item.latest, last) if item.latest else last


def _check_lesson_day(item: Lesson, as_of: pd.Timestamp) -> None:
    first, last = lesson_days(item)
    if not first <= as_of.date() <= last:
        raise fail(
            "as_of",
            f"{as_of.date().isoformat()} is outside the days lesson {item.slug} is written for",
            f"a date from {first.isoformat()} to {last.isoformat()}",
        )


def _check_role(value: object) -> str:
    if value not in ROLES:
        raise fail("role", "{value} is not a role", " or ".join(repr(r) for r in ROLES), value)
    return str(value)


def _check_level(value: object) -> str:
    if value not in LEVELS:
        raise fail("level", "{value} is not a class level", " or ".join(repr(v) for v in LEVELS), value)
    return str(value)


def _check_student_id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # papermill's own -p turns 00123 into 123: refuse rather than save under another id
        raise fail(
            "student_id",
            "{value} is a number, and a number loses an id's leading zeros",
            f'{STUDENT_ID_ALLOWED}, written as text: student_id = "00123"; papermill keeps it text '
            "with -r student_id 00123",
            value,
        )
    if not isinstance(value, str) or not STUDENT_ID.fullmatch(value):
        raise fail("student_id", "{value} cannot name a student's files", STUDENT_ID_ALLOWED, value)
    return value


def _check_seed(value: object) -> int | None:
    if value is None:
        return None  # each student's own seed, derived from their student_id
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise fail(
            "seed", "{value} is not a usable seed", f"None or a whole number from 0 to {MAX_SEED}", value
        )
    return value


def _seed_from_text(text: str) -> object:
    """``None`` or a whole number as typed after ``-p seed``; anything else is left for the check to refuse."""
    if text.strip() == "None":
        return None
    try:
        return int(text)
    except ValueError:
        return text


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "focus",
            "The jurisdiction a lesson follows (highlighted in charts, its events listed).",
            "any name in data/jurisdictions.csv; run `scomm params` to list them",
            _check_focus,
        ),
        Parameter(
            "as_of",
            "The day whose state of the world the lesson shows.",
            f"a date written YYYY-MM-DD from {EARLIEST.isoformat()} to the kit's knowledge horizon "
            "(data/datapackage.json), within the lesson's own range",
            _check_as_of,
        ),
        Parameter("role", "Who the notebook is for.", "'student' or 'instructor'", _check_role),
        Parameter(
            "level",
            "The class's level: the length a written answer asks where the plan gives one per level.",
            " or ".join(repr(v) for v in LEVELS),
            _check_level,
        ),
        Parameter(
            "student_id",
            "Whose answers the notebook records.",
            f"{STUDENT_ID_ALLOWED}; an id of digits, such as 00123, keeps its zeros",
            _check_student_id,
        ),
        Parameter(
            "seed",
            "Chooses a student's variant of exercises; None derives it from student_id.",
            "None or a whole number ≥ 0",
            _check_seed,
            _seed_from_text,
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
        _check_lesson_day(known, checked["as_of"])
    return Params(lesson=known, jurisdiction=place, jurisdiction_id=jurisdiction_id(place), **checked)


def _known_lesson(name: str | Lesson) -> Lesson | None:
    if isinstance(name, Lesson):
        return name
    try:
        return lesson(name)
    except UnknownLesson:
        return None


def jurisdiction_id(name: str | None) -> str | None:
    """The id of a jurisdiction by its display name (as ``focus`` is checked into), else ``None``.

    >>> jurisdiction_id("District of Columbia")
    'district-of-columbia'
    """
    if name is None:
        return None
    places = data.load("jurisdictions")
    found = places.loc[places["name"] == name, "jurisdiction_id"]
    return str(found.iloc[0]) if len(found) else None


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
