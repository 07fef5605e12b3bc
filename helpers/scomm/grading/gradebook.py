"""What a grading run writes: a feedback page per student as each is graded, then the gradebook and
skipped list (CSV) and the class summary, into an output folder where only files an earlier run
wrote are replaced.

>>> points(2.0), points(1.33333), points(0.1 + 0.2)
('2', '1.3333', '0.3')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path

from scomm.course.outputs import OutputFolder, scratch_path, unwritable
from scomm.course.sheets import csv_text, write_csv
from scomm.grading.feedback import feedback_page, points
from scomm.grading.records import (
    FEEDBACK_DIR,
    GRADEBOOK,
    GRADED_DIR,
    NOT_ASKED,
    SKIPPED,
    SUMMARY,
    Graded,
    Row,
    Skip,
)
from scomm.grading.summary import Tally, summary_page
from scomm.grading.written import PENDING

#: The files written once for the whole class, after every student.
CLASS_FILES = (GRADEBOOK, SKIPPED, SUMMARY)


def feedback_path(lesson: str, student_id: str) -> str:
    """Where a student's feedback page goes inside the output folder (both names were checked on reading)."""
    return f"{FEEDBACK_DIR}/{lesson}/{student_id}.html"


def copy_path(lesson: str, student_id: str) -> str:
    """Where the copy of a graded submission goes (a later run of one student keeps the others by it)."""
    return f"{GRADED_DIR}/{lesson}/{student_id}.json"


def write_student(folder: OutputFolder, graded: Graded, copy: bytes | None) -> None:
    """Write one student's feedback page (and the copy of their submission); call under ``folder.locked()``."""
    folder.put(feedback_path(graded.lesson, graded.student_id), feedback_page(graded).encode("utf-8"))
    if copy is not None:
        folder.put(copy_path(graded.lesson, graded.student_id), copy)


def write_class(
    folder: OutputFolder, rows: Sequence[Row], skipped: Sequence[Skip], lessons: Iterable[Tally]
) -> list[Path]:
    """Write the gradebook, skipped list and class summary; call under ``folder.locked()``."""
    texts = {SKIPPED: skipped_csv(skipped), SUMMARY: summary_page(list(lessons), skipped)}
    gradebook = folder.put(GRADEBOOK, _gradebook_file(folder.root / GRADEBOOK, rows))
    return [gradebook, *(folder.put(rel, text.encode("utf-8")) for rel, text in texts.items())]


def _gradebook_file(target: Path, rows: Sequence[Row]) -> Path:
    """The gradebook written beside ``target`` a line at a time (as one text it was a run's largest moment)."""
    made = scratch_path(target)
    try:
        with unwritable(made), made.open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, gradebook_lines(rows))
    except BaseException:
        made.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
    return made


def gradebook_csv(rows: Sequence[Row]) -> str:
    """One row per student and lesson: points per exercise, total and maximum.

    A written answer not yet marked reads ``pending`` (never 0); when any answer is pending, a
    ``pending`` column gives each row's points still to be marked, which ``total`` leaves out. A
    question not open on the day the student's lesson was set on reads ``not asked`` (never 0),
    and ``max`` leaves its points out.
    """
    return csv_text(gradebook_lines(rows))


def gradebook_lines(rows: Sequence[Row]) -> Iterator[list[str]]:
    """``gradebook_csv``'s header and rows as cells, made one at a time."""
    ordered = sorted(rows, key=lambda r: (r.lesson, r.student_id))
    # A lesson's rows share one tuple of exercise ids: the columns come from each distinct tuple.
    columns = list(dict.fromkeys(c for ids in dict.fromkeys(r.exercises for r in ordered) for c in ids))
    waiting = any(r.pending for r in ordered)

    def line(row: Row) -> list[str]:
        earned = {c: _cell(row, c, score) for c, score in zip(row.exercises, row.scores, strict=True)}
        cells = [row.student_id, row.lesson, *(earned.get(c, "") for c in columns)]
        return [
            *cells,
            points(row.total),
            points(row.max),
            *([points(row.pending_points)] if waiting else []),
        ]

    header = ["student_id", "lesson", *columns, "total", "max", *(["pending"] if waiting else [])]
    return chain([header], map(line, ordered))


def _cell(row: Row, exercise_id: str, score: float) -> str:
    if exercise_id in row.not_asked:
        return NOT_ASKED
    return PENDING if exercise_id in row.pending else points(score)


def skipped_csv(skipped: Sequence[Skip]) -> str:
    """``file,reason`` for every file not graded, each cell safe to open in a spreadsheet."""
    return csv_text([["file", "reason"], *([s.file, s.reason] for s in skipped)])
