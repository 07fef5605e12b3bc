"""Written answers: short and long answers in the student's own words, marked with a rubric.

A written exercise has a prompt, a word range and, for the closing memo, ``cite_sources``. It
has no key: a person marks it against a rubric (``keys/rubrics/``), so the grader records it as
*pending* with its maximum points until then, never as 0. ``is_written`` is the one question
every part of the kit asks to tell such an exercise from one the kit checks itself.

>>> ex = LongAnswer("demo-memo", "Advise the board.", words=(3, 10), mode="assessment", points=28)
>>> ex.count("Answer every request, on stated terms."), is_written(ex)
(6, True)
>>> ex.problem(123)
'a written answer must be text, not int'

Sources a student cites (``galarza-2014``, best in backticks) are checked against
``data/sources.csv``: an unknown id, or one published after the day the answer is written on,
gives a warning under the box. A warning never changes a mark.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import TypeGuard

import pandas as pd

from scomm.course import data
from scomm.course.params import LEVELS
from scomm.course.world import World
from scomm.exercises.base import Exercise, ExerciseError

#: The most characters a long answer may hold (about 3,000 words): a student controls the text.
MAX_CHARS = 20_000
#: A run of lower-case letters, digits and hyphens, with the backticks around it if any: one pass
#: over the text, so even 20,000 characters of hyphens and digits are read in linear time.
_TOKEN = re.compile(r"(?<![\w`])(`?)([a-z0-9][a-z0-9-]*)(`?)")
#: The longest token read as a possible id (the kit's ids are far shorter).
_LONGEST_ID = 80
_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")


@dataclass(frozen=True)
class WrittenAnswer(Exercise):
    """An answer in words, within ``words = (min, max)``; ``cite_sources`` checks the ids it cites.

    ``words_by_level`` gives another range for a class level (``{"high_school": (600, 900)}``);
    ``for_level`` is the answer as a class of that level is asked it.
    """

    words: tuple[int, int] = (1, 150)
    #: (level, (min, max)) pairs, from ``words_by_level = { high_school = [600, 900] }`` in a set.
    words_by_level: tuple[tuple[str, tuple[int, int]], ...] = ()
    cite_sources: bool = False
    #: The day the answer is written as of (the memo's 1 December 2015); citations are checked
    #: against the earlier of it and the lesson's ``as_of``.
    cite_by: str = ""
    points: float = 0.0
    kind = "written"
    #: The most characters an answer may hold; a lesson's answers together stay well under the
    #: submission's size limit (``submission_check.MAX_BYTES``).
    max_chars = 5_000

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", _word_range(self.id, self.words, self.max_chars))
        object.__setattr__(self, "words_by_level", self._ranges_by_level())
        if self.answer is not None:
            raise ExerciseError(
                f"exercise {self.id}: a written answer has no 'answer' key; it is marked with a rubric"
            )
        if self.points < 0 or (self.mode == "assessment" and self.points <= 0):
            raise ExerciseError(
                f"exercise {self.id}: points {self.points!r} must be the rubric's maximum, above 0 when assessed"
            )

    def check(self, response: object) -> object:
        raise ExerciseError(f"exercise {self.id}: a written answer is marked with its rubric, not checked")

    def for_level(self, level: str) -> WrittenAnswer:
        """This answer as a class of ``level`` is asked it: its word range for that level, if it has one.

        >>> memo = LongAnswer("m", "?", words=(800, 1200), words_by_level={"high_school": (600, 900)})
        >>> memo.for_level("high_school").words, memo.for_level("undergraduate").words
        ((600, 900), (800, 1200))
        """
        words = dict(self.words_by_level).get(level)
        return replace(self, words=words, words_by_level=()) if words else self

    def _ranges_by_level(self) -> tuple[tuple[str, tuple[int, int]], ...]:
        given = self.words_by_level
        pairs = given.items() if isinstance(given, Mapping) else given
        try:
            found = {str(level): words for level, words in pairs}  # type: ignore[misc]
        except (TypeError, ValueError):
            raise ExerciseError(
                f"exercise {self.id}: words_by_level must be a table of level = [min, max], not {given!r}"
            ) from None
        unknown = sorted(set(found) - set(LEVELS))
        if unknown:
            raise ExerciseError(
                f"exercise {self.id}: words_by_level names {unknown[0]!r}, which is not a level "
                f"(allowed: {', '.join(LEVELS)})"
            )
        return tuple(
            (level, _word_range(self.id, words, self.max_chars, f"words_by_level.{level}"))
            for level, words in sorted(found.items())
        )

    def count(self, text: str) -> int:
        """How many words ``text`` holds (runs of non-space characters)."""
        return len(text.split())

    def problem(self, answer: object) -> str | None:
        """Why ``answer`` cannot be this exercise's answer (not text, over ``MAX_CHARS``); None if it can."""
        if not isinstance(answer, str):
            return f"a written answer must be text, not {type(answer).__name__}"
        if len(answer) > self.max_chars:
            return f"a written answer may hold {self.max_chars:,} characters; this one has {len(answer):,}"
        return None

    def word_status(self, text: str) -> str:
        """'112 words; 150-400 asked: 38 to go' (or '1 word; up to 150 asked'); the page's counter
        (``static/form.js``) says the same as the student types. A check, never a mark."""
        n = self.count(text)
        low, high = self.words
        asked = f"up to {high:,}" if low <= 1 else f"{low:,}-{high:,}"
        status = f"{n:,} word{'' if n == 1 else 's'}; {asked} asked"
        if n > high:
            return f"{status}: {n - high:,} over"
        return f"{status}: {low - n:,} to go" if 0 < n < low else status

    def citation_warnings(self, text: str, as_of: pd.Timestamp | None) -> list[str]:
        """One sentence per cited id that is not in data/sources.csv or was not yet published."""
        if not self.cite_sources:
            return []
        day = _written_on(self.cite_by, as_of)
        known = _source_ids(None)
        public = _source_ids(day)
        warnings = []
        for source_id in cited(text, known):
            if source_id not in known:
                warnings.append(
                    f"`{source_id}` is not the id of any source the course lists; check its spelling."
                )
            elif source_id not in public:
                # Only the day the answer is written on is named: the source's own date is later news.
                warnings.append(
                    f"`{source_id}` was not yet published on {day.date().isoformat()}; leave it out."
                )
        return warnings


@dataclass(frozen=True)
class ShortAnswer(WrittenAnswer):
    """A few sentences (1-150 words unless the set says otherwise)."""

    kind = "short_answer"


@dataclass(frozen=True)
class LongAnswer(WrittenAnswer):
    """An essay or memo; its set gives the word range."""

    words: tuple[int, int] = (150, 1_200)
    kind = "long_answer"
    max_chars = MAX_CHARS


def is_written(exercise: object) -> TypeGuard[WrittenAnswer]:
    """Whether ``exercise`` is answered in words and marked by a person with a rubric, never
    checked by the kit: the grader records it as pending until marked, the desk shows it, the
    course site shows its prompt instead of a form.

    >>> is_written(ShortAnswer("q", "Why?")), is_written(Exercise("n", "How many?", answer=3))
    (True, False)
    """
    return isinstance(exercise, WrittenAnswer)


def cited(text: str, known: set[str]) -> list[str]:
    """The source ids ``text`` cites, once each in order: any word in backticks shaped like an id, and known ids.

    >>> cited("As `galarza-2014` held (not `galarza-2041`), post-2014, see cfr-287-7.", {"galarza-2014", "cfr-287-7"})
    ['galarza-2014', 'galarza-2041', 'cfr-287-7']
    """
    found = []
    for match in _TOKEN.finditer(text):
        opened, token, closed = match.groups()
        token = token.rstrip("-")
        if len(token) > _LONGEST_ID:
            continue
        quoted = bool(opened and closed) and token == match.group(2)
        # Only an id in backticks is taken as meant for one: prose has "pre-2014" and "case-by-case".
        if token in known or (quoted and _ID.fullmatch(token)):
            found.append(token)
    return list(dict.fromkeys(found))


@cache
def _source_ids(day: pd.Timestamp | None) -> frozenset[str]:
    """Every source id in data/sources.csv, or those published by ``day`` (read once per day: an
    answer is checked each time it is saved)."""
    if day is None:
        return frozenset(data.load("sources")["source_id"])
    return frozenset(World(day).table("sources")["source_id"])


def _written_on(cite_by: str, as_of: pd.Timestamp | None) -> pd.Timestamp | None:
    days = [d for d in (pd.Timestamp(cite_by) if cite_by else None, as_of) if d is not None]
    return min(days) if days else None


def _word_range(exercise_id: str, words: object, max_chars: int, field: str = "words") -> tuple[int, int]:
    """``words`` as (min, max); a word takes at least two characters with its space."""
    try:
        low, high = (int(n) for n in words)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        low = high = -1
    if not 0 <= low <= high or high > max_chars // 2:
        raise ExerciseError(
            f"exercise {exercise_id}: {field} {words!r} must be [min, max] whole numbers, "
            f"0 <= min <= max <= {max_chars // 2:,}"
        )
    return low, high
