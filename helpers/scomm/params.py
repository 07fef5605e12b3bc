"""Notebook parameters: check them and say, in one sentence, what is wrong and what is allowed.

papermill injects parameters without checking them, and a misspelt name only earns a
warning. Every lesson therefore calls ``validate`` in the cell after its ``parameters``
cell:

>>> p = validate("01_program_mechanics", focus="cook county", as_of="2011-03-31", role="student")
>>> p.focus, p.as_of.date().isoformat(), p.role
('Cook County, IL', '2011-03-31', 'student')
>>> validate("01_program_mechanics", focus="Cook Cnty")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
scomm.params.ParameterError: Parameter focus: unknown jurisdiction 'Cook Cnty'; did you mean 'Cook County, IL'? ...
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

EARLIEST = date(2008, 1, 1)
ROLES = ("student", "instructor")
#: Checked with ``fullmatch``: ``$`` in ``match`` would let a trailing newline through.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
STUDENT_ID_ALLOWED = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
MAX_SEED = 2**32 - 1
#: A message shows at most this many characters of a bad value or name.
SHOWN = 40


class ParameterError(ValueError):
    """A notebook parameter has a bad name or value. The message says which, and what is allowed."""

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a traceback: students see one sentence.
        return [f"ParameterError: {self}"]


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
    """Checked parameter values, ready to pass to the lesson's helpers."""

    focus: str | None = None
    as_of: pd.Timestamp | None = None
    role: str = "student"
    student_id: str | None = None
    seed: int | None = None

    @property
    def instructor(self) -> bool:
        return self.role == "instructor"


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
    from scomm import data

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


def _check_as_of(value: object) -> pd.Timestamp:
    import pandas as pd  # only when a date is checked: keeps `import scomm.params` light

    today = date.today()
    allowed = f"a date written YYYY-MM-DD from {EARLIEST.isoformat()} to {today.isoformat()}"
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise fail("as_of", "{value} is not a date", allowed, value) from None
    if not EARLIEST <= day <= today:
        raise fail("as_of", f"{day.isoformat()} is outside the period the kit covers", allowed)
    return pd.Timestamp(day)


def _check_role(value: object) -> str:
    if value not in ROLES:
        raise fail("role", "{value} is not a role", " or ".join(repr(r) for r in ROLES), value)
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
            f"a date written YYYY-MM-DD from {EARLIEST.isoformat()} to today",
            _check_as_of,
        ),
        Parameter("role", "Who the notebook is for.", "'student' or 'instructor'", _check_role),
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


def validate(lesson: str, **values: object) -> Params:
    """Check a lesson's parameter values and return them normalised.

    Also catches names papermill injected that the lesson does not take (papermill
    itself only warns), when running inside a kernel.
    """
    check_names(lesson, declared=values, given=_injected_names())
    checked = {}
    for name, value in values.items():
        if name not in PARAMETERS:
            raise fail(name, "the kit does not know it", ", ".join(PARAMETERS))
        checked[name] = PARAMETERS[name].check(value)
    return Params(**checked)


def add_option(parser: argparse.ArgumentParser) -> None:
    """Give a command ``-p NAME VALUE`` (repeatable), as papermill's own command line has."""
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a lesson parameter (repeat for more)",
    )


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
