"""Grading a class: read every submission, check it, grade it, write a gradebook and feedback.

    scomm grade responses/submissions --out build/grades

The steps, in order, each a plain function:

1. ``intake.find_submissions``: every ``*.json`` under the folder, in sorted order.
2. ``scomm.exercises.submission_check.read_submission``: refuse a file that is not sound. The checks
   run cheapest and least trusting first (file type and size before reading, bytes before JSON,
   shape before values, checksum last), so a hostile file is turned away before anything reads
   it whole.
3. ``intake.keep_latest``: one submission per student and lesson, the one submitted last.
4. ``grade_submission``: only ``Exercise.check`` looks at an answer; nothing is executed.
5. ``gradebook.write_student``: each student's feedback page, written as soon as they are graded;
   only their gradebook row and the class summary's running counts are kept, so memory stays
   flat however large the class (steps 1-3 keep each submission without its answers).
6. ``gradebook.write_class``: the gradebook, class summary and skipped list.

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

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from scomm.course.outputs import OutputFolder
from scomm.exercises import submission_check, submissions
from scomm.exercises.base import Exercise, Feedback
from scomm.exercises.definitions import load_set
from scomm.exercises.submission_check import Submission
from scomm.exercises.written import is_written
from scomm.grading.asked import Day, asked_on
from scomm.grading.collect import check_owners
from scomm.grading.gradebook import CLASS_FILES, copy_path, feedback_path, write_class, write_student
from scomm.grading.intake import exercise_sets, keep_latest, read_all
from scomm.grading.records import GRADED_DIR, SYNTHETIC_PREFIX, Graded, GradingError, Mark, Report, Row, Skip
from scomm.grading.summary import Tally
from scomm.grading.written import Marking, marking, rubric_mark


def grade_submission(
    submission: Submission, exercises: dict[str, Exercise], known: Marking | None = None
) -> Graded:
    """Check each answer against the student's variant; a missing answer scores 0.

    A written answer is not checked: its rubric mark in ``known`` counts, or it is pending.
    """
    known = known or Marking()
    day = asked_on(submission.lesson, submission.as_of)
    marks = tuple(_grade_one(ex, submission, known, day) for ex in exercises.values())
    # Annotation records travel in the same file but are not exercises: `scomm annotations` reads them.
    answered = {k for k in submission.answers if not k.startswith("annotation:")}
    ignored = tuple(sorted(answered - set(exercises)))
    return Graded(submission, marks, ignored)


#: Said of an answer to a question the lesson had not opened on the day the file says it was set on.
ANSWERED_EARLY = (
    "The file holds an answer to it, but the question was not open on the day this lesson was set "
    "on, so the answer is not graded."
)


def _grade_one(ex: Exercise, submission: Submission, known: Marking, day: Day | None) -> Mark:
    """One exercise as the student was asked it on their lesson's day (``scomm.grading.asked``).

    A question that had not opened by then is *not asked*: its feedback is the note the lesson
    showed in its place, never its prompt, key or sources (which may tell of later days), even
    when the file holds an answer to it (a notebook run at a later day, or a file edited by hand).
    """
    waiting = None if day is None else day.waiting(ex.id)
    if waiting is not None:
        if ex.id in submission.answers:
            waiting = f"{waiting} {ANSWERED_EARLY}"
        return Mark(ex, False, None, Feedback(0.0, ex.points, waiting, ()), not_asked=True)
    if is_written(ex):  # worded as the lesson's notebook asked it that day
        asked = ex if day is None else day.worded(ex)
        return rubric_mark(asked, submission.student_id, submission.answers, known)
    if day is None:
        return _mark(ex.variant(submission.seed, submission.as_of), submission.answers)
    return _mark(day.shown(ex, submission.seed), submission.answers)


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


def grade(
    submissions: Path, out: Path, *, force: bool = False, homes: bool = False, marks: Path | None = None
) -> Report:
    """Grade every submission under ``submissions`` (a folder, or one file) into ``out``.

    ``marks``: the marking folder ``scomm mark`` keeps rubric marks in; written answers
    without a mark there are pending (``scomm.grading.written``).

    ``homes``: each folder under ``submissions`` is one user's home folder on a shared server;
    a file must hold the id of the student who wrote it (``scomm.grading.owners``).

    Results already in ``out`` for other students and lessons are kept: grading one student's
    file again updates that student's row, feedback page and the class summary, and nothing
    else. Raises ``outputs.OutputConflict``, having written nothing, when a file scomm did not
    write is where a result would go (unless ``force``).
    """
    source, out = Path(submissions), Path(out)
    if not source.exists():
        raise GradingError(
            f"no folder of submissions at {source}; pass the folder `scomm submit` wrote to "
            "(by default responses/submissions), or one submission file"
        )
    sets = exercise_sets()
    base = source.parent if source.is_file() else source
    if source.is_file():
        found, refused = _read_one(source, sets)
    else:
        found, refused = read_all(source, sets, homes=homes, answers=False)
    found, not_theirs = check_owners(base, found)  # only where `scomm collect` recorded owners
    refused += not_theirs
    kept, duplicates = keep_latest(found)
    counts = {"found": len(found) + len(refused), "kept": 0}
    del found  # from here on each submission is held once, in `work`, until it is graded
    earlier = _earlier(out, sets, now={(s.student_id, s.lesson) for s in kept})
    counts["kept"] = len(earlier)
    work = sorted([*((s, base) for s in kept), *((s, out / GRADED_DIR) for s in earlier)], key=_by_student)
    del kept, earlier
    folder = OutputFolder(out, by="grade", force=force)
    # Every place is checked before the first file is written: a file in the way stops the run whole.
    folder.check([*CLASS_FILES, *(feedback_path(s.lesson, s.student_id) for s, _ in work)])
    folder.check(copy_path(s.lesson, s.student_id) for s, where in work if where == base)
    with folder.locked():
        known = {lesson: marking(lesson, marks) for lesson in {s.lesson for s, _ in work}}
        rows, lessons, lost = _grade_each(work, sets, known, folder, copies_from=base)
        skipped = sorted(refused + duplicates + lost, key=lambda s: s.file)
        report = Report(rows, skipped, out, found=counts["found"], kept=counts["kept"])
        report.written = write_class(folder, rows, skipped, lessons.values())
    return report


def _grade_each(
    work: list[tuple[Submission, Path]],
    sets: dict,
    known: dict[str, Marking],
    folder: OutputFolder,
    *,
    copies_from: Path,
) -> tuple[list[Row], dict[str, Tally], list[Skip]]:
    """Grade each submission, reading its answers again, and write its page before the next one."""
    rows, lessons, lost = [], {}, []
    exercise_ids = {lesson: tuple(found) for lesson, found in sets.items() if isinstance(found, dict)}
    work.reverse()
    while work:  # each item is dropped as it is graded: memory holds rows, not submissions
        light, where = work.pop()
        try:
            submission, data = _read_again(light, where, sets)
        except submission_check.Rejected as problem:
            lost.append(Skip(light.file, f"it changed while it was being graded: {problem}"))
            continue
        graded = grade_submission(submission, sets[light.lesson], known[light.lesson])
        write_student(folder, graded, data if where == copies_from else None)
        rows.append(Row.of(graded, exercise_ids[light.lesson]))
        lessons.setdefault(light.lesson, Tally(light.lesson)).add(graded)
    return rows, lessons, lost


def _read_again(light: Submission, where: Path, sets: dict) -> tuple[Submission, bytes]:
    """The submission ``light`` (read before without its answers) with its answers, and the bytes read."""
    path = where / light.file
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise submission_check.Rejected(f"it can no longer be read ({problem.strerror or problem})") from None
    full = submission_check.read_submission(path, sets, name=path.name)
    if (full.student_id, full.lesson, full.when) != (light.student_id, light.lesson, light.when):
        raise submission_check.Rejected("it no longer holds the submission first read from it")
    return replace(full, file=light.file), data


def _by_student(item: Submission | tuple[Submission, Path]) -> tuple[str, str]:
    s = item[0] if isinstance(item, tuple) else item
    return (s.lesson, s.student_id)


def _read_one(path: Path, sets: dict) -> tuple[list[Submission], list[Skip]]:
    try:
        return [replace(submission_check.read_submission(path, sets), file=path.name)], []
    except submission_check.Rejected as problem:
        return [], [Skip(path.name, str(problem), stands_in=isinstance(problem, submission_check.StandsIn))]


def _earlier(out: Path, sets: dict, *, now: set[tuple[str, str]]) -> list[Submission]:
    """The submissions an earlier run graded into ``out``, but for the students graded now."""
    if not (out / GRADED_DIR).is_dir():
        return []
    found, _ = read_all(
        out / GRADED_DIR, sets, answers=False
    )  # a copy a lesson can no longer grade drops out
    return [s for s in found if (s.student_id, s.lesson) not in now]


# -- a synthetic class, for tests and the benchmark ------------------------------------------------


def _right(ex: Exercise) -> object:
    """The key as a submission holds it (JSON has lists, not tuples); a written answer's SYNTHETIC text."""
    if is_written(ex):
        return f"SYNTHETIC written answer to {ex.id}."
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
            if is_written(ex):  # pending until marked: it adds nothing to the expected total
                answers[ex.id] = _right(ex)
                continue
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


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path
