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

Sources a student cites are checked against ``data/sources.csv``. A student cites a source as
the course shows it: by its publisher and date ("Vox, 6 June 2014", or "Vox (2014)" as a caption
has it), or a lesson's reading by its title. An id (``galarza-2014``, best in backticks), as
answers saved before students stopped seeing ids cite, is still read. A source published after the
day the answer is written on, an unknown id, or an answer that cites nothing the course knows gives
a warning under the box, with what a citation looks like (``CITE_HOW``). A warning never changes a
mark:

>>> memo = LongAnswer("m", "?", cite_sources=True)
>>> memo.sources_cited("As Vox, 6 June 2014, reported (and `galarza-2014`).")
['galarza-2014', 'vox-2014', 'vox-2014-mirror']
>>> memo.citation_warnings("Vox (2014) said so.", pd.Timestamp("2012-01-01"))
['“Vox (2014)” was not yet published on 1 January 2012; leave it out.']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TypeGuard

import pandas as pd

from scomm.course import citations, data
from scomm.course.counts import count_of
from scomm.course.days import when
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
#: The lessons' readings (``scomm.sources.corpus``, a floor this one may not import): each opens
#: with its title, which students see above the text and may cite.
READINGS = Path(__file__).parents[1] / "sources" / "readings"
#: What a citation looks like, in the box's prompt and under it when a citation is not read.
CITE_HOW = (
    "Cite each source as the course names it: its publisher and date, as in "
    "“U.S. Immigration and Customs Enforcement, 30 September 2009”, or a lesson's reading by its title."
)


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
        status = f"{count_of(n, 'word')}; {asked} asked"
        if n > high:
            return f"{status}: {n - high:,} over"
        return f"{status}: {low - n:,} to go" if 0 < n < low else status

    def sources_cited(self, text: str) -> list[str]:
        """The ids of the sources ``text`` cites, in any form ``citation_warnings`` reads, sorted."""
        known = _source_ids(None)
        named = {i for _words, ids in named_in(text) for i in ids}
        return sorted({i for i in cited(text, known) if i in known} | named)

    def citation_warnings(self, text: str, as_of: pd.Timestamp | None) -> list[str]:
        """One sentence per cited source not in data/sources.csv or not yet published on the day
        the answer is written on; one if ``text`` cites nothing the course knows."""
        if not self.cite_sources:
            return []
        day = _written_on(self.cite_by, as_of)
        known, public = _source_ids(None), _source_ids(day)
        # Only the day the answer is written on is named: a source's own date is later news.
        late = f"was not yet published on {when(day, 'day')}; leave it out" if day is not None else ""
        ids, named = cited(text, known), named_in(text)
        warnings = [
            f"`{i}` is not the id of any source the course lists; check its spelling."
            if i not in known
            else f"`{i}` {late}."
            for i in ids
            if i not in public
        ]
        warnings += [f"“{words}” {late}." for words, sources in named if not sources & public]
        if text.strip() and not ids and not named and not _reading_cited(text):
            warnings.append("No source is cited yet in a form the course knows.")
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


def named_in(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each source citation in ``text`` written as the course names sources, with the sources it may mean.

    The forms are a source's label ("Vox, 6 June 2014") and its publisher with the year, as a
    caption gives it ("Vox (2014)") or as a bibliography would ("Vox, 2014"); case and spacing aside.

    >>> [(words, sorted(ids)) for words, ids in named_in("See vox,  6 June 2014.")]
    [('Vox, 6 June 2014', ['vox-2014', 'vox-2014-mirror'])]
    """
    flat = " ".join(text.split()).casefold()
    return [
        (words, ids)
        for run, group in _forms_by_run(data.digest())
        if run in flat  # one scan per publisher's first word, not one per form: a memo is long
        for folded, words, ids in group
        if folded in flat
    ]


@cache
def _forms_by_run(digest: str) -> tuple[tuple[str, tuple[tuple[str, str, frozenset[str]], ...]], ...]:
    """The forms grouped by their first word, casefolded: a form can be in a text only if its first word is."""
    groups: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
    for words, ids in _forms(digest):
        folded = words.casefold()
        first = _FIRST_WORD.search(folded)
        groups.setdefault(first.group() if first else folded, []).append((folded, words, ids))
    return tuple((run, tuple(group)) for run, group in groups.items())


_FIRST_WORD = re.compile(r"\w+")


@cache
def _forms(_digest: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Every way the course names a source to a reader, and the sources each may mean (read once per data)."""
    forms: dict[str, set[str]] = {}
    for row in data.load("sources").itertuples():
        year = row.date.year
        for words in (
            citations.label(row.source_id),
            citations.label(row.source_id, titled=False),
            f"{row.publisher} ({year})",
            f"{row.publisher}, {year}",
        ):
            forms.setdefault(words, set()).add(row.source_id)
    return tuple((words, frozenset(ids)) for words, ids in forms.items())


@cache
def _reading_titles() -> tuple[str, ...]:
    return tuple(
        path.read_text(encoding="utf-8").partition("\n")[0].removeprefix("# ").strip().casefold()
        for path in sorted(READINGS.glob("*.md"))
    )


def _reading_cited(text: str) -> bool:
    flat = " ".join(text.split()).casefold()
    return any(title and title in flat for title in _reading_titles())


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
