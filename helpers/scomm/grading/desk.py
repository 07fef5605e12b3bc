"""The marking desk: a lesson's written answers in order, beside their rubrics, and one marker's marks.

``scomm mark`` serves it (``scomm.grading.marking``); this module holds no web code, so the
order, the pseudonyms and the saving of a mark are tested without a browser.

- **Order.** By question (every student's answer to the first written exercise, then the
  next) or by student (each student's written answers together). Students are ordered by
  pseudonym, so the order says nothing about who they are.
- **Pseudonyms.** ``Student`` and six hex digits of an HMAC of the student id with a key kept in
  the marking folder (made once, at random): the same for every marker sharing the folder,
  and not something a marker can turn back into a name.
- **Resuming.** The first answer this marker has not marked, or has marked on an answer that has
  since changed, is where ``/`` opens.
- **The class's level.** A submission records the ``level`` its lesson ran at (the notebook's
  parameter, as ``scomm release`` handed it out); each answer is shown against the length asked
  at that level (``WrittenAnswer.for_level``). A submission that records none (written before
  levels were recorded) is marked at the level ``scomm mark --level`` gives, else at the default
  level; the page says which.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from scomm.course import durable
from scomm.course.params import LEVELS
from scomm.exercises.submission_check import Submission
from scomm.exercises.written import WrittenAnswer, is_written
from scomm.grading.asked import asked_on
from scomm.grading.marks import Given, MarkError, Store, digest
from scomm.grading.rubrics import Rubric

ORDERS = {"q": "by question", "s": "by student"}
_KEY_FILE = ".pseudonym-key"


def pseudonym_key(folder: Path) -> bytes:
    """The marking folder's pseudonym key, made (at random, durably) the first time it is asked for.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> pseudonym_key(folder) == pseudonym_key(folder), len(pseudonym_key(folder))
    (True, 64)
    """
    path = Path(folder) / _KEY_FILE
    if not path.exists():
        try:
            durable.replace(path, os.urandom(32).hex().encode())
        except OSError as problem:
            raise MarkError(f"the marking folder {folder} cannot be written ({problem.strerror})") from None
    return path.read_bytes().strip()


def pseudonym(key: bytes, student: str, digits: int = 6) -> str:
    """A student's name on the marking page while names are hidden.

    >>> pseudonym(b"k", "kim")
    'Student 3028E0'
    """
    return "Student " + hmac.new(key, student.encode(), hashlib.sha256).hexdigest()[:digits].upper()


def pseudonyms(key: bytes, students: Sequence[str]) -> dict[str, str]:
    """Each student's pseudonym, all different: six hex digits, more in the rare class where two collide."""
    for digits in (6, 8, 12, 64):
        found = {s: pseudonym(key, s, digits) for s in students}
        if len(set(found.values())) == len(found):
            break
    return found


@dataclass(frozen=True)
class Item:
    """One written answer to mark."""

    student: str
    alias: str
    exercise: WrittenAnswer
    rubric: Rubric
    answer: str
    digest: str
    level: str | None = None  # as the submission recorded it; None: not recorded

    def marked_at(self, assumed: str | None = None) -> str:
        """The level the answer is marked at: its submission's, else ``assumed`` (the desk's
        ``--level``), else the default."""
        return self.level or assumed or LEVELS[0]

    def asked(self, assumed: str | None = None) -> WrittenAnswer:
        """The exercise as this student's class was asked it: the word range of the level it is marked at."""
        return self.exercise.for_level(self.marked_at(assumed))

    @property
    def key(self) -> str:
        """What the page sends back with a mark: the pseudonym's digits and the exercise (never the name)."""
        return f"{self.alias.removeprefix('Student ')}:{self.exercise.id}"


def items(
    submissions: Sequence[Submission],
    exercises: Mapping[str, object],
    rubrics: Mapping[str, Rubric],
    key: bytes,
) -> list[Item]:
    """Every written answer that has a rubric, by question then pseudonym (empty answers left out)."""
    written = [ex for ex in exercises.values() if is_written(ex) and ex.id in rubrics]
    aliases = pseudonyms(key, [s.student_id for s in submissions])
    people = sorted(submissions, key=lambda s: aliases[s.student_id])
    found = []
    for ex in written:
        for s in people:
            answer = s.answers.get(ex.id)
            if isinstance(answer, str) and answer.strip():
                day = asked_on(s.lesson, s.as_of)  # the question as the notebook worded it that day
                asked = ex if day is None else day.worded(ex)
                alias = aliases[s.student_id]
                found.append(
                    Item(s.student_id, alias, asked, rubrics[ex.id], answer, digest(answer), s.level)
                )
    return found


def class_level(answers: Sequence[Item], assumed: str | None = None) -> str:
    """One sentence on the level of the class being marked, as its submissions record it (and, where
    they record none, as ``assumed``, ``scomm mark --level``, gives it).

    >>> class_level([])
    ''
    """
    if not answers:
        return ""
    levels = {i.level for i in answers}
    if len(levels) > 1:
        none = f"none recorded: marked at {assumed}, from --level" if assumed else "none recorded"
        named = ", ".join(sorted(level or none for level in levels))
        return f"These submissions record different class levels ({named}): each answer says the length it was asked."
    (level,) = levels
    if level is None and assumed:
        return (
            f"No class level is recorded in these submissions: they are marked at {assumed}, "
            f"as scomm mark --level says{_lengths(answers, assumed)}."
        )
    if level is None:
        return (
            f"No class level is recorded in these submissions: they are marked at the default level, "
            f"{LEVELS[0]}{_lengths(answers, assumed)}; scomm mark --level sets another."
        )
    unused = " --level is not used: every submission records its level." if assumed else ""
    return f"Class level: {level}, as its submissions record{_lengths(answers, assumed)}.{unused}"


def _lengths(answers: Sequence[Item], assumed: str | None) -> str:
    """'; l4-memo asks 600-900 words' for each written exercise with a word range, as the class was asked it."""
    asked = {i.exercise.id: i.asked(assumed).words for i in answers}
    said = "; ".join(f"{ex} asks {low:,}-{high:,} words" for ex, (low, high) in asked.items())
    return f" ({said})" if said else ""


class Desk:
    """The answers of one lesson and the marks of one marker, shared by the server's threads;
    ``assumed``: the level to mark at where a submission records none (``scomm mark --level``)."""

    def __init__(self, answers: list[Item], store: Store, assumed: str | None = None) -> None:
        self.store = store
        self.assumed = assumed
        place = {id(item): n for n, item in enumerate(answers)}
        self.orders = {"q": answers, "s": sorted(answers, key=lambda i: (i.alias, place[id(i)]))}
        self.by_key = {i.key: i for i in answers}
        self._lock = threading.Lock()
        self._mine = store.latest()

    def __len__(self) -> int:
        return len(self.orders["q"])

    @cached_property
    def level_note(self) -> str:
        """``class_level`` of these answers: worked out once, not on every page the server sends."""
        return class_level(self.orders["q"], self.assumed)

    def asked(self, item: Item) -> WrittenAnswer:
        """The exercise as the item's class was asked it, at the level this desk marks it at."""
        return item.asked(self.assumed)

    def mine(self, item: Item) -> Given | None:
        """This marker's latest mark on the item (it may be on an earlier version of the answer)."""
        return self._mine.get((item.student, item.exercise.id))

    def state(self, item: Item) -> str:
        """``marked``, ``started`` (some criteria), ``changed`` (marked, then resubmitted) or ``unmarked``."""
        given = self.mine(item)
        if given is None:
            return "unmarked"
        if given.digest != item.digest:
            return "changed"
        return "marked" if given.complete(c.id for c in item.rubric.criteria) else "started"

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(("marked", "started", "changed", "unmarked"), 0)
        for item in self.orders["q"]:
            found[self.state(item)] += 1
        return found

    def resume(self, order: str) -> int:
        """The position (from 1) where marking carries on: the first answer not yet fully marked."""
        listed = self.orders[order]
        return next((n for n, i in enumerate(listed, 1) if self.state(i) != "marked"), 1)

    def give(self, key: str, answer_digest: str, levels: Mapping[str, str], comment: str) -> Given:
        """Save a mark from the page; ``MarkError`` when it names no answer, an old answer, or no level."""
        item = self.by_key.get(key) if isinstance(key, str) else None
        if item is None:
            raise MarkError("the mark names no answer on this desk; reload the page")
        if answer_digest != item.digest:
            raise MarkError("this answer has changed since the page was opened; reload the page to mark it")
        if not isinstance(levels, Mapping):
            raise MarkError("levels must map each criterion to a level")
        for criterion_id, level_id in levels.items():
            criterion = item.rubric.criterion(criterion_id)
            if criterion is None or not isinstance(level_id, str) or criterion.level(level_id) is None:
                raise MarkError(f"criterion {str(criterion_id)[:40]!r} has no level {str(level_id)[:40]!r}")
        with self._lock:
            given = self.store.give(item.student, item.exercise.id, item.digest, levels, comment)
            self._mine[(item.student, item.exercise.id)] = given
        return given
