"""Gradebook files an LMS imports: Canvas's gradebook CSV and a CSV for Moodle's grade import.

One column per lesson (its total), one row per roster student graded; a student not on the
roster is left out (Moodle stops a whole import at one unknown user). The layouts, and the
sources for them, are in the dossier research/r6_lms_hub.md (sections 1 and 2):

- **Canvas**: ``Student,ID,SIS User ID,SIS Login ID,Section``, then one column per assignment,
  then a ``Points Possible`` row. Canvas matches a student by ``ID``, then ``SIS User ID``, then
  ``SIS Login ID``, then by name; an empty cell changes nothing. A column Canvas does not know
  becomes a new assignment, so nothing else is written (no totals, no late flags: its import
  takes scores only).
- **Moodle**: no fixed layout; the teacher maps one identifying column (``Username``, ``ID
  number`` or ``Email address``) and each lesson column to a grade item, and each ``Feedback``
  column to that item's feedback, which is where lateness goes.
- **Pending written answers**: while any written answer of a lesson is still to be marked
  (``scomm mark``), that lesson's cell is left blank in both files, never a partial total that
  an LMS would take as final; Moodle's feedback column says how many points are pending.
- **Questions not asked**: a question not open on the day a student's lesson was set on counts
  in neither their total nor the points it is out of. A lesson's points possible are the
  maximum most of its students were graded out of; a student graded out of other points (set on
  another day) has a blank cell, since an LMS would read their total against the wrong maximum.
  Both files give that total and maximum to enter by hand (:func:`other_maximum`): Moodle in the
  lesson's feedback column; Canvas, whose import takes no comments, in ``canvas_notes.csv``, a file
  with the identity columns and Canvas's own ``Notes`` column (the instructor-only column that the
  gradebook's View menu shows). Canvas's importer reads a header equal to an existing custom
  column's title into that column, placed right after ``Section`` (its ``GradebookImporter``;
  the ``teacher_notes`` column of its Custom Gradebook Columns API). The notes are a file of their
  own, holding only the students concerned, because importing a Notes cell replaces what the
  instructor had written there: students not in the file keep their notes.

>>> title("01_program_mechanics")
'scomm L1 Program mechanics'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scomm.course.counts import count_of
from scomm.course.layout import lesson as find_lesson
from scomm.course.outputs import OutputFolder
from scomm.course.sheets import csv_text
from scomm.grading.classbook import CLASS_FILE, GRADED, Entry, Member, class_csv, entries, late_text
from scomm.grading.feedback import points
from scomm.grading.records import Report

CANVAS_FILE, CANVAS_NOTES_FILE, MOODLE_FILE = "canvas.csv", "canvas_notes.csv", "moodle.csv"
#: The title Canvas gives its gradebook's Notes column; its import fills the column of that title.
CANVAS_NOTES = "Notes"
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: Canvas never reads a column whose name contains one of these as an assignment (r6, 1.5).
CANVAS_IGNORED = ("Current Score", "Current Points", "Current Grade", "Final Score", "Final Points")
MOODLE_IDENTITY = ("Username", "ID number", "Email address")


def title(slug: str) -> str:
    """The LMS assignment name of a lesson: stable, so a second import updates the same column."""
    found = find_lesson(slug)
    return f"scomm L{found.number} {found.title}"


def _table(rows: Sequence[Sequence[object]]) -> str:
    # Canvas's own export guards a cell beginning with = the same way (r6, 1.6); rows end as Excel's do.
    return csv_text(rows, crlf=True)


@dataclass(frozen=True)
class Graded:
    """What every LMS file is made from, worked out once per write: the lessons graded, each
    student's graded entry per lesson, and each lesson's points possible (:func:`possible`)."""

    lessons: list[str]
    by_student: dict[str, dict[str, Entry]]
    maxima: dict[str, float]

    @classmethod
    def of(cls, found: Sequence[Entry]) -> Graded:
        by_student: dict[str, dict[str, Entry]] = {}
        for e in found:
            if e.status == GRADED:
                by_student.setdefault(e.student_id, {})[e.lesson] = e
        return cls(sorted({e.lesson for e in found if e.graded}), by_student, possible(found))


def lms_files(found: Sequence[Entry], members: Sequence[Member]) -> dict[str, str]:
    """Each LMS file by its name: ``canvas.csv``, ``canvas_notes.csv`` and ``moodle.csv``."""
    graded = Graded.of(found)
    return {
        CANVAS_FILE: canvas_csv(graded, members),
        CANVAS_NOTES_FILE: canvas_notes_csv(graded, members),
        MOODLE_FILE: moodle_csv(graded, members),
    }


def canvas_csv(graded: Graded, members: Sequence[Member]) -> str:
    """Canvas's gradebook import: identity columns, one column per lesson, the Points Possible row."""
    lessons, by_student, maxima = graded.lessons, graded.by_student, graded.maxima
    rows: list[list[object]] = [[*CANVAS_IDENTITY, *(title(slug) for slug in lessons)]]
    rows.append(["Points Possible", "", "", "", "", *(points(maxima[slug]) for slug in lessons)])
    for m in members:
        if m.student_id not in by_student:
            continue
        mine = by_student[m.student_id]
        rows.append([*_canvas_identity(m), *(lms_total(mine.get(s), maxima[s]) for s in lessons)])
    return _table(rows)


def canvas_unmatched(members: Sequence[Member]) -> str:
    """A line for the terminal when Canvas cannot match students: no ``canvas_id`` nor ``sis_user_id``.

    >>> canvas_unmatched([Member("ada"), Member("bo", lms=(("sis_user_id", "S2"),))])
    'canvas.csv: 1 student (ada) has no canvas_id or sis_user_id, so Canvas cannot match them; add either column to the roster.'
    """
    unmatched = [m.student_id for m in members if not (m.get("canvas_id") or m.get("sis_user_id"))]
    if not unmatched:
        return ""
    named = ", ".join(unmatched[:5]) + (", ..." if len(unmatched) > 5 else "")
    verb = "has" if len(unmatched) == 1 else "have"
    return (
        f"canvas.csv: {count_of(len(unmatched), 'student')} ({named}) {verb} no canvas_id or sis_user_id, "
        "so Canvas cannot match them; add either column to the roster."
    )


def _canvas_identity(m: Member) -> list[object]:
    return [
        m.name or m.student_id,
        m.get("canvas_id"),
        m.get("sis_user_id"),
        m.get("sis_login_id"),
        m.get("section"),
    ]


def canvas_notes_csv(graded: Graded, members: Sequence[Member]) -> str:
    """Canvas's gradebook import of its Notes column: one row for each roster student with a cell
    left blank for another maximum, saying per lesson what to enter by hand; the header alone
    when there is none (so that an earlier file's notes never linger beside new grades)."""
    lessons, by_student, maxima = graded.lessons, graded.by_student, graded.maxima
    rows: list[list[object]] = [[*CANVAS_IDENTITY, CANVAS_NOTES]]
    for m in members:
        mine = by_student.get(m.student_id, {})
        notes = [
            f"{title(s)}: {why}" for s in lessons if s in mine and (why := other_maximum(mine[s], maxima[s]))
        ]
        if notes:
            rows.append([*_canvas_identity(m), " ".join(notes)])
    return _table(rows)


def possible(found: Sequence[Entry]) -> dict[str, float]:
    """Each lesson's points possible: the maximum most of its students were graded out of (the
    larger on a tie); a student set on an earlier day may have been asked fewer questions."""
    counts: dict[str, Counter[float]] = {}
    for e in found:
        if e.graded is not None:
            counts.setdefault(e.lesson, Counter())[e.graded.max] += 1
    return {slug: max(c, key=lambda top: (c[top], top)) for slug, c in counts.items()}


def lms_total(entry: Entry | None, out_of: float | None = None) -> str:
    """A lesson's total as the LMS files carry it: blank, never a partial total, while any
    written answer is pending (Canvas leaves a blank cell's grade as it was; Moodle sets none),
    and blank when the student was graded out of other points than ``out_of`` (questions not asked)."""
    if entry is None or entry.graded is None or entry.graded.pending_points:
        return ""
    if out_of is not None and entry.graded.max != out_of:
        return ""
    return points(entry.graded.total)


def other_maximum(entry: Entry, out_of: float) -> str:
    """What to enter by hand where :func:`lms_total` left the cell blank because the student was
    graded out of other points than ``out_of`` (set on another day); "" where it did not.

    Said whenever that cell is blank, even with every question asked (a student set on a later
    day than most of the class), so that no total goes unsaid. A pending cell is not explained
    here: it fills itself once the answers are marked and the files are written again.
    """
    g = entry.graded
    if g is None or g.pending_points or g.max == out_of:
        return ""
    return (
        f"Total not set: {points(g.total)} of {points(g.max)} points, not of the {points(out_of)} "
        "the lesson is out of here; enter it by hand."
    )


def _feedback(entry: Entry, out_of: float) -> str:
    parts = []
    g = entry.graded
    if g is not None and g.not_asked:
        parts.append(f"{len(g.not_asked)} question(s) not open on the lesson's day: not asked, not counted.")
    if why := other_maximum(entry, out_of):
        parts.append(why)
    if entry.graded is not None and entry.graded.pending_points:
        parts.append(
            f"Total not set: {points(entry.graded.pending_points)} points of written answers are still to be marked "
            f"({points(entry.graded.total)} of {points(entry.graded.max - entry.graded.pending_points)} so far)."
        )
    if entry.minutes_late is not None:
        parts.append(
            f"Submitted {late_text(entry.minutes_late)} late." if entry.minutes_late else "Submitted on time."
        )
    return " ".join(parts)


def moodle_csv(graded: Graded, members: Sequence[Member]) -> str:
    """Moodle's grade import: identity columns, then each lesson's points and its feedback (lateness)."""
    lessons, by_student, maxima = graded.lessons, graded.by_student, graded.maxima
    header = [*MOODLE_IDENTITY]
    for slug in lessons:
        header += [title(slug), f"Feedback {title(slug)}"]
    rows: list[list[object]] = [header]
    for m in members:
        mine = by_student.get(m.student_id)
        if not mine:
            continue
        row: list[object] = [m.student_id, m.get("sis_user_id"), m.get("email")]
        for slug in lessons:
            entry = mine.get(slug)
            row += [lms_total(entry, maxima[slug]), _feedback(entry, maxima[slug])] if entry else ["", ""]
        rows.append(row)
    return _table(rows)


def write_class_files(
    report: Report, members: Sequence[Member], due: datetime | None, folder: Path, *, force: bool = False
) -> list[Entry]:
    """Write ``class.csv`` (with a roster, also ``canvas.csv``, ``canvas_notes.csv`` and ``moodle.csv``)
    beside the gradebook."""
    found = entries(report.graded, members, folder, due, [s.file for s in report.skipped])
    files = {CLASS_FILE: class_csv(found)}
    if members:
        files |= lms_files(found, members)
    written = OutputFolder(report.out, by="grade", force=force).commit(
        {name: text.encode("utf-8") for name, text in files.items()}
    )
    report.written += written
    return found
