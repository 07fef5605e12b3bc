"""What each notebook parameter accepts, and the one sentence a bad value gets.

Each ``check_*`` takes a value as a notebook or a command line gave it and returns it normalised,
or raises ``ParameterError`` naming the parameter, the value (shortened) and what is allowed.
``scomm.course.params`` puts them together in its table of parameters and checks a lesson's
values with them; the days a lesson may be set on are ``scomm.course.param_dates``.

>>> check_focus("cook county"), check_seed(7), check_level("high_school")
('Cook County, IL', 7, 'high_school')
>>> check_role("teacher")
Traceback (most recent call last):
...
scomm.course.param_checks.ParameterError: Parameter role: 'teacher' is not a role (allowed: 'student' or 'instructor')
"""

from __future__ import annotations

import difflib
import hashlib
import re

import pandas as pd

from scomm.course import data
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

    #: What is wrong with the value and what is allowed, as ``fail`` worded them.
    problem: str = ""
    allowed: str = ""

    def as_option(self, option: str, purpose: str = "") -> ParameterError:
        """The same refusal for a command-line option that takes the parameter's values.

        >>> try:
        ...     check_level("college")
        ... except ParameterError as problem:
        ...     print(problem.as_option("--level", "it sets the level of old submissions"))
        --level 'college' is not a class level (allowed: 'undergraduate' or 'high_school'); it sets the level of old submissions
        """
        said = f"{option} {self.problem} (allowed: {self.allowed})" + (f"; {purpose}" if purpose else "")
        return _worded(said, self.problem, self.allowed)


#: What ``focus`` accepts, as its messages and ``scomm params`` say it.
FOCUS_ALLOWED = "any name in data/jurisdictions.csv; run `scomm params` to list them"


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
    return _worded(f"Parameter {_clip(name)}: {problem} (allowed: {allowed})", problem, allowed)


def _worded(said: str, problem: str, allowed: str) -> ParameterError:
    found = ParameterError(said)
    found.problem, found.allowed = problem, allowed
    return found


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


def check_focus(value: object) -> str:
    allowed = FOCUS_ALLOWED
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


def check_role(value: object) -> str:
    if value not in ROLES:
        raise fail("role", "{value} is not a role", " or ".join(repr(r) for r in ROLES), value)
    return str(value)


def check_level(value: object) -> str:
    if value not in LEVELS:
        raise fail("level", "{value} is not a class level", " or ".join(repr(v) for v in LEVELS), value)
    return str(value)


def check_student_id(value: object) -> str:
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


def check_seed(value: object) -> int | None:
    if value is None:
        return None  # each student's own seed, derived from their student_id
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise fail(
            "seed", "{value} is not a usable seed", f"None or a whole number from 0 to {MAX_SEED}", value
        )
    return value


def seed_from_text(text: str) -> object:
    """``None`` or a whole number as typed after ``-p seed``; anything else is left for the check to refuse."""
    if text.strip() == "None":
        return None
    try:
        return int(text)
    except ValueError:
        return text
