"""What a grading run works with: a graded submission, its marks, a skipped file, and the report.

The files a run writes into its output folder are named here, so the gradebook, the pages and
the command say the same names.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scomm.course.sheets import printable
from scomm.errors import ScommError
from scomm.exercises.base import Exercise, Feedback
from scomm.exercises.submission_check import Submission

GRADEBOOK = "gradebook.csv"
SKIPPED = "skipped.csv"
SUMMARY = "summary.html"
FEEDBACK_DIR = "feedback"
#: A copy of every submission graded into the folder: a later run grades one student and keeps the rest.
GRADED_DIR = "graded-submissions"
SYNTHETIC_PREFIX = "synthetic-"
#: What a gradebook cell says of a question not open on the lesson's day: not a 0, and not in ``max``.
NOT_ASKED = "not asked"


class GradingError(ScommError, ValueError):
    """The folder to grade cannot be used; the message says which folder and what to pass instead."""


@dataclass(frozen=True)
class Skip:
    """A file that was not graded, and why."""

    file: str
    reason: str
    #: It lost to, or could have displaced, another file: always printed, as it may be a forgery.
    stands_in: bool = False

    def __str__(self) -> str:
        # A file name is the student's choice: a terminal must not obey escapes in it.
        return printable(f"{self.file}: {self.reason}")


@dataclass(frozen=True)
class Judged:
    """One criterion of a rubric mark, as the feedback page shows it."""

    criterion: str  # its name
    level: str
    points: float
    top: float
    descriptor: str


@dataclass(frozen=True)
class Mark:
    """One exercise of one submission: the answer given (if any) and its feedback.

    A written answer not yet marked with its rubric is ``pending``: its points count in the
    maximum but not in the total, and every page says "pending", never 0. A question ``not_asked``
    counts in neither: the student was never offered its points, and every page says "not asked".
    """

    exercise: Exercise  # the student's variant
    answered: bool
    answer: object
    feedback: Feedback
    pending: bool = False
    judged: tuple[Judged, ...] = ()  # a rubric mark: each criterion's level
    comment: str = ""
    #: Not asked: the question had not opened on the day the lesson was set on (its feedback says so).
    not_asked: bool = False


@dataclass(frozen=True)
class Graded:
    """A graded submission."""

    submission: Submission
    marks: tuple[Mark, ...]
    ignored: tuple[str, ...] = ()  # answer ids the lesson has no exercise for

    @property
    def student_id(self) -> str:
        return self.submission.student_id

    @property
    def lesson(self) -> str:
        return self.submission.lesson

    @property
    def total(self) -> float:
        return round(sum(m.feedback.score for m in self.marks), 4)

    @property
    def max(self) -> float:
        """The points the student was offered: a question not asked on the lesson's day is not among them."""
        return round(sum(m.feedback.points for m in self.marks if not m.not_asked), 4)

    @property
    def not_asked(self) -> tuple[Mark, ...]:
        """The questions not open on the day the lesson was set on (left out of ``total`` and ``max``)."""
        return tuple(m for m in self.marks if m.not_asked)

    @property
    def pending(self) -> tuple[Mark, ...]:
        """The written answers still to be marked; ``total`` counts only the others."""
        return tuple(m for m in self.marks if m.pending)

    @property
    def pending_points(self) -> float:
        """Points of the written answers still to be marked (0 when none, or only practice ones)."""
        return round(sum(m.feedback.points for m in self.pending), 4)


_NUMBERS: dict[float, float] = {}


def _one(value: float) -> float:
    """One shared float object per distinct value (a row per student holds only references)."""
    return _NUMBERS.setdefault(value, value) if len(_NUMBERS) < 10_000 else value


_TUPLES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared(ids: tuple[str, ...]) -> tuple[str, ...]:
    """One shared tuple per distinct list of ids (most of a class has the same answers pending or not asked)."""
    return _TUPLES.setdefault(ids, ids) if len(_TUPLES) < 10_000 else ids


@dataclass(frozen=True, slots=True)
class Row:
    """What a grading run keeps of a graded submission once its feedback page is written: its gradebook row.

    ``exercises`` is the lesson's exercise ids (one tuple shared by the lesson's rows) and
    ``scores`` the points earned on each, in that order.
    """

    student_id: str
    lesson: str
    file: str
    when: datetime
    exercises: tuple[str, ...]
    scores: tuple[float, ...]
    total: float
    max: float
    ignored: tuple[str, ...] = ()
    #: Exercise ids of written answers still to be marked, and their points (``total`` leaves them out).
    pending: tuple[str, ...] = ()
    pending_points: float = 0.0
    #: Exercise ids of questions not asked on the lesson's day (``max`` leaves them out).
    not_asked: tuple[str, ...] = ()

    @classmethod
    def of(cls, graded: Graded, exercises: tuple[str, ...]) -> Row:
        s = graded.submission
        # A class repeats a handful of scores and one lesson name: each row points at one copy.
        scores = tuple(_one(m.feedback.score) for m in graded.marks)
        return cls(
            s.student_id,
            sys.intern(s.lesson),
            s.file,
            s.when,
            exercises,
            scores,
            _one(graded.total),
            _one(graded.max),
            graded.ignored,
            _shared(tuple(sys.intern(m.exercise.id) for m in graded.pending)),
            _one(graded.pending_points),
            _shared(tuple(sys.intern(m.exercise.id) for m in graded.not_asked)),
        )

    def score(self, exercise_id: str) -> float:
        """The points earned on one exercise."""
        return self.scores[self.exercises.index(exercise_id)]


@dataclass
class Report:
    """What one grading run did and where it wrote."""

    graded: list[Row]
    skipped: list[Skip]
    out: Path
    found: int = 0
    written: list[Path] = field(default_factory=list)
    kept: int = 0  # results of earlier runs in ``out`` carried over unchanged

    def text(self) -> str:
        """A short report for the terminal: counts, reasons and where to look."""
        lines = [f"Graded {len(self.graded) - self.kept} submission(s); skipped {len(self.skipped)} file(s)."]
        if self.kept:
            lines.append(f"Kept {self.kept} earlier result(s) in {self.out} as they were (other students).")
        displaced = [s for s in self.skipped if s.stands_in]
        refused = [s for s in self.skipped if not s.stands_in]
        lines += [f"  skipped {s}" for s in displaced + refused[:20]]
        if len(refused) > 20:
            lines.append(f"  ... and {len(refused) - 20} more, listed in {self.out / SKIPPED}")
        if self.found == 0:
            lines.append("No *.json submission files were found; nothing to grade.")
        waiting = sum(len(g.pending) for g in self.graded)
        if waiting:
            lines.append(
                f"{waiting} written answer(s) not marked yet: pending in the gradebook, never 0 "
                "(mark them with `scomm mark LESSON`)."
            )
        closed = sum(len(g.not_asked) for g in self.graded)
        if closed:
            lines.append(
                f"{closed} question(s) not asked (not open on the day a student's lesson was set on): "
                "'not asked' in the gradebook, left out of total and max."
            )
        lines += [
            f"Gradebook:      {self.out / GRADEBOOK}",
            f"Feedback pages: {self.out / FEEDBACK_DIR}/<lesson>/<student_id>.html",
            f"Class summary:  {self.out / SUMMARY}",
        ]
        return "\n".join(lines)
