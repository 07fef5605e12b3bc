"""What a grading run writes: the gradebook and skipped list (CSV), a feedback page per student and
the class summary, into an output folder where only files an earlier run wrote are replaced.

>>> points(2.0), points(1.33333), points(0.1 + 0.2)
('2', '1.3333', '0.3')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from scomm.course.outputs import OutputFolder
from scomm.course.sheets import csv_text
from scomm.grading.feedback import feedback_page, points
from scomm.grading.records import FEEDBACK_DIR, GRADEBOOK, SKIPPED, SUMMARY, Graded, Report, Skip
from scomm.grading.summary import summary_page
from scomm.grading.written import PENDING


def files(report: Report) -> dict[str, str]:
    """Every file a grading run writes, by its path inside the output folder."""
    found = {GRADEBOOK: gradebook_csv(report.graded), SKIPPED: skipped_csv(report.skipped)}
    for g in report.graded:  # both names were checked when the submission was read
        found[f"{FEEDBACK_DIR}/{g.lesson}/{g.student_id}.html"] = feedback_page(g)
    found[SUMMARY] = summary_page(report.graded, report.skipped)
    return found


def write_all(
    report: Report, *, copies: Mapping[str, bytes] | None = None, force: bool = False
) -> list[Path]:
    """Write the gradebook, feedback pages, summary and skipped list (and ``copies``); return every path written.

    Only files an earlier grading run wrote are replaced: a file of anyone else's in the way
    raises ``outputs.OutputConflict`` before anything is written, unless ``force``.
    """
    texts = files(report)
    folder = OutputFolder(report.out, by="grade", force=force)
    return folder.commit({**(copies or {}), **{rel: text.encode("utf-8") for rel, text in texts.items()}})


def gradebook_csv(graded: Sequence[Graded]) -> str:
    """One row per student and lesson: points per exercise, total and maximum.

    A written answer not yet marked reads ``pending`` (never 0); when any answer is pending, a
    ``pending`` column gives each row's points still to be marked, which ``total`` leaves out.
    """
    columns = list(dict.fromkeys(m.exercise.id for g in graded for m in g.marks))
    waiting = any(g.pending for g in graded)
    rows: list[list[str]] = [
        ["student_id", "lesson", *columns, "total", "max", *(["pending"] if waiting else [])]
    ]
    for g in sorted(graded, key=lambda g: (g.lesson, g.student_id)):
        earned = {m.exercise.id: PENDING if m.pending else points(m.feedback.score) for m in g.marks}
        row = [g.student_id, g.lesson, *(earned.get(c, "") for c in columns), points(g.total), points(g.max)]
        rows.append(row + ([points(g.pending_points)] if waiting else []))
    return csv_text(rows)


def skipped_csv(skipped: Sequence[Skip]) -> str:
    """``file,reason`` for every file not graded, each cell safe to open in a spreadsheet."""
    return csv_text([["file", "reason"], *([s.file, s.reason] for s in skipped)])
