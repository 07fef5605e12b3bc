"""Grading a class: read every submission, check it, grade it, write a gradebook and feedback.

    scomm grade responses/submissions --out build/grades

The steps, in order, each a plain function:

1. ``find_submissions``: every ``*.json`` under the folder, in sorted order.
2. ``read_submission``: refuse a file that is not sound. The checks run cheapest and least
   trusting first (file type and size before reading, bytes before JSON, shape before
   values, checksum last), so a hostile file is turned away before anything reads it whole.
3. ``keep_latest``: one submission per student and lesson, the one submitted last.
4. ``grade_submission``: only ``Exercise.check`` looks at an answer; nothing is executed.
5. ``scomm.feedback``: the gradebook, feedback pages, class summary and skipped list.

A refused file never stops the others: it is listed with the reason in ``skipped.csv`` and
the class summary. Grading the same folder twice writes the same bytes.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     expected = synthetic_class(Path(tmp) / "in", 3)
...     report = grade(Path(tmp) / "in", Path(tmp) / "out")
>>> len(report.graded), report.skipped, {g.student_id: g.total for g in report.graded} == expected
(3, [], True)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scomm.course.layout import BUILD_DIR
from scomm.course.outputs import OutputConflict, add_force_option
from scomm.exercises import submissions
from scomm.exercises.definitions import SETS_DIR, Exercise, ExerciseError, Feedback, load_set
from scomm.exercises.submissions import Rejected, Submission, read_submission

GRADEBOOK = "gradebook.csv"
SKIPPED = "skipped.csv"
SUMMARY = "summary.html"
FEEDBACK_DIR = "feedback"
SYNTHETIC_PREFIX = "synthetic-"


class GradingError(ValueError):
    """The folder to grade cannot be used; the message says which folder and what to pass instead."""


@dataclass(frozen=True)
class Skip:
    """A file that was not graded, and why."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass(frozen=True)
class Mark:
    """One exercise of one submission: the answer given (if any) and its feedback."""

    exercise: Exercise  # the student's variant
    answered: bool
    answer: object
    feedback: Feedback


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
        return round(sum(m.feedback.points for m in self.marks), 4)


@dataclass
class Report:
    """What one grading run did and where it wrote."""

    graded: list[Graded]
    skipped: list[Skip]
    out: Path
    found: int = 0
    written: list[Path] = field(default_factory=list)

    def text(self) -> str:
        """A short report for the terminal: counts, reasons and where to look."""
        lines = [f"Graded {len(self.graded)} submission(s); skipped {len(self.skipped)} file(s)."]
        lines += [f"  skipped {s}" for s in self.skipped[:20]]
        if len(self.skipped) > 20:
            lines.append(f"  ... and {len(self.skipped) - 20} more, listed in {self.out / SKIPPED}")
        if self.found == 0:
            lines.append("No *.json submission files were found; nothing to grade.")
        lines += [
            f"Gradebook:      {self.out / GRADEBOOK}",
            f"Feedback pages: {self.out / FEEDBACK_DIR}/<lesson>/<student_id>.html",
            f"Class summary:  {self.out / SUMMARY}",
        ]
        return "\n".join(lines)


# -- 1. finding files ------------------------------------------------------------------------------


def find_submissions(folder: Path) -> list[Path]:
    """Every ``*.json`` under ``folder``, whatever it is (file, link, folder), in sorted order.

    Folders are searched without following links, so a link cannot lead the grader outside.
    """
    found, pending = [], [Path(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".json"):
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    return sorted(found)


# -- 2. reading and checking one file --------------------------------------------------------------


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def read_all(folder: Path, sets: Mapping[str, object]) -> tuple[list[Submission], list[Skip]]:
    """Every sound submission under ``folder``, and a ``Skip`` for each file refused."""
    sound, skipped = [], []
    for path in find_submissions(folder):
        name = path.relative_to(folder).as_posix()
        try:
            found = read_submission(path, sets)
        except Rejected as exc:
            skipped.append(Skip(name, str(exc)))
            continue
        sound.append(replace(found, file=name))
    return sound, skipped


def keep_latest(found: Sequence[Submission]) -> tuple[list[Submission], list[Skip]]:
    """One submission per student and lesson: the latest ``submitted_at`` (then the last file name)."""
    latest: dict[tuple[str, str], Submission] = {}
    for submission in sorted(found, key=lambda s: (s.when, s.file), reverse=True):
        latest.setdefault((submission.student_id, submission.lesson), submission)
    kept = {id(s) for s in latest.values()}
    skipped = [_duplicate(s, latest[(s.student_id, s.lesson)]) for s in found if id(s) not in kept]
    return sorted(latest.values(), key=lambda s: (s.lesson, s.student_id)), skipped


def _duplicate(older: Submission, kept: Submission) -> Skip:
    return Skip(
        older.file,
        f"duplicate: {older.student_id} also submitted {older.lesson} in {kept.file} "
        f"(submitted {kept.submitted_at}), which was graded instead",
    )


# -- 3. grading ------------------------------------------------------------------------------------


def exercise_sets() -> dict[str, dict[str, Exercise] | ExerciseError]:
    """Every lesson's keyed exercises, or the error that keeps the lesson from being graded."""
    sets: dict[str, dict[str, Exercise] | ExerciseError] = {}
    for path in sorted(SETS_DIR.glob("*.toml")):
        try:
            sets[path.stem] = load_set(path.stem, with_keys=True)
        except ExerciseError as exc:
            sets[path.stem] = exc
    return sets


def grade_submission(submission: Submission, exercises: dict[str, Exercise]) -> Graded:
    """Check each answer against the student's variant; a missing answer scores 0."""
    marks = tuple(_mark(ex.variant(submission.seed), submission.answers) for ex in exercises.values())
    # Annotation records travel in the same file but are not exercises: `scomm annotations` reads them.
    answered = {k for k in submission.answers if not k.startswith("annotation:")}
    ignored = tuple(sorted(answered - set(exercises)))
    return Graded(submission, marks, ignored)


def _mark(exercise: Exercise, answers: dict[str, object]) -> Mark:
    if exercise.id not in answers:
        message = f"Not answered. {exercise.explanation}".strip()
        return Mark(exercise, False, None, Feedback(0.0, exercise.points, message, exercise.rests_on))
    answer = answers[exercise.id]
    try:
        feedback = exercise.check(answer)
    except (RecursionError, ArithmeticError):  # e.g. a number too large for a float
        message = f"This answer could not be read. {exercise.explanation}".strip()
        feedback = Feedback(0.0, exercise.points, message, exercise.rests_on)
    return Mark(exercise, True, answer, feedback)


def grade(submissions: Path, out: Path, *, force: bool = False) -> Report:
    """Grade every submission under ``submissions`` and write the results into ``out``.

    Raises ``outputs.OutputConflict``, having written nothing, when a file scomm did not write
    is where a result would go (unless ``force``).
    """
    folder = Path(submissions)
    if not folder.is_dir():
        raise GradingError(
            f"no folder of submissions at {folder}; pass the folder `scomm submit` wrote to "
            "(by default responses/submissions)"
        )
    sets = exercise_sets()
    found, refused = read_all(folder, sets)
    kept, duplicates = keep_latest(found)
    graded = [grade_submission(s, sets[s.lesson]) for s in kept]
    skipped = sorted(refused + duplicates, key=lambda s: s.file)
    report = Report(graded, skipped, Path(out), found=len(found) + len(refused))
    from scomm.feedback import write_all  # the writing side imports altair: only when needed

    report.written = write_all(report, force=force)
    return report


# -- a synthetic class, for tests and the benchmark ------------------------------------------------


def _right(ex: Exercise) -> object:
    """The key as a submission holds it (JSON has lists, not tuples)."""
    if isinstance(ex.answer, tuple):
        return list(ex.answer)
    return dict(ex.answer) if isinstance(ex.answer, dict) else ex.answer


def _wrong(ex: Exercise) -> object:
    """An answer that scores 0 whatever the kind."""
    return _WRONG[ex.kind](ex)


def _other(options: Sequence[str], right: str) -> str:
    return next(o for o in options if o != right)


_WRONG: dict[str, Callable[[Exercise], object]] = {
    "single_choice": lambda ex: _other(ex.options, ex.answer),
    "multiple_select": lambda ex: [o for o in ex.options if o not in ex.answer],
    "numeric": lambda ex: float(ex.answer) + 10 * ex.tolerance + 1,
    "ordering": lambda ex: list(reversed(ex.answer)),
    "classification": lambda ex: {item: _other(ex.categories, c) for item, c in ex.answer.items()},
    "scenario": lambda ex: {q: _other(opts, ex.answer[q]) for q, (_text, opts) in ex.questions.items()},
}


def synthetic_class(
    folder: Path, n: int, *, lesson: str = "01_program_mechanics", seed: int = 0
) -> dict[str, float]:
    """Write ``n`` SYNTHETIC submissions (students ``synthetic-0001`` ...) and return each expected total.

    Made-up data for tests and benchmarks, never real students. Each answer is, by a seeded
    draw, right (full points), wrong (an answer that scores 0) or missing (0), so the
    expected total is the points of the answers drawn right.
    """
    rng = random.Random(seed)
    exercises = load_set(lesson, with_keys=True)
    expected = {}
    for i in range(1, n + 1):
        student, student_seed = f"{SYNTHETIC_PREFIX}{i:04d}", rng.randrange(2**32)
        answers, total = {}, 0.0
        for ex in (e.variant(student_seed) for e in exercises.values()):
            draw = rng.choices(("right", "wrong", "missing"), weights=(6, 3, 1))[0]
            if draw != "missing":
                answers[ex.id] = _right(ex) if draw == "right" else _wrong(ex)
            total += ex.points if draw == "right" else 0.0
        _write_submission(folder, student, lesson, student_seed, answers, minute=i)
        expected[student] = round(total, 4)
    return expected


def _write_submission(
    folder: Path, student: str, lesson: str, seed: int, answers: dict, *, minute: int = 0
) -> Path:

    at = f"2026-01-15T10:{minute % 60:02d}:00.000+00:00"  # fixed, so re-grading is byte-identical
    body = submissions.submission_body(
        lesson=lesson,
        student_id=student,
        seed=seed,
        answers={k: (v, at) for k, v in answers.items()},
        submitted_at=at,
    )
    return _write_text(folder / lesson / f"{student}.json", json.dumps(body, indent=1, sort_keys=True))


# -- the command -----------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``scomm grade`` to the command line."""
    parser = subparsers.add_parser(
        "grade", help="grade a folder of submissions: gradebook, feedback pages and a class summary"
    )
    parser.add_argument("submissions", help="folder of submission files (searched recursively for *.json)")
    parser.add_argument(
        "--out",
        default=str(BUILD_DIR / "grades"),
        help="folder for gradebook.csv, feedback/, summary.html, skipped.csv (default: %(default)s)",
    )
    add_force_option(parser)
    parser.set_defaults(func=cmd_grade)


def cmd_grade(args: argparse.Namespace) -> int:
    """Run ``scomm grade``: 0 when anything was graded or there was nothing to grade."""
    try:
        report = grade(Path(args.submissions), Path(args.out), force=args.force)
    except (GradingError, OutputConflict) as exc:
        print(f"scomm grade: {exc}", file=sys.stderr)
        return 1
    print(report.text())
    return 0 if report.graded or not report.found else 1
