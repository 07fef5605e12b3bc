"""A class's grades against its roster and deadline: who is missing, who was late and by how much.

    scomm grade collected/ --roster roster.csv --deadline 2026-03-02T09:00-05:00

The roster is the file ``scomm release`` reads (a ``student_id`` column; ``name`` and the LMS
columns ``email``, ``canvas_id``, ``sis_user_id``, ``sis_login_id``, ``section`` optional).
For every lesson graded, each roster student is graded, or missing; a graded student not on
the roster is listed too (and left out of the LMS files, which would refuse them).

A submission's time is the later of the time the kit wrote into it and, for a collected file,
the file's modification time that ``scomm collect`` recorded. Both are under the student's
control in their own home; collecting at the deadline is what fixes what was in by then.

>>> deadline("2026-03-02T09:00-05:00").isoformat()
'2026-03-02T09:00:00-05:00'
>>> minutes_late(datetime(2026, 3, 2, 14, 0, 1, tzinfo=UTC), deadline("2026-03-02T09:00-05:00"))
1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scomm.course import csvfiles
from scomm.course.counts import count_of
from scomm.course.sheets import csv_text
from scomm.grading.collect import read_manifest
from scomm.grading.feedback import points
from scomm.grading.records import GradingError, Row
from scomm.notebooks.release import Skipped, read_roster

#: Roster columns the LMS exports use when present.
LMS_COLUMNS = ("email", "canvas_id", "sis_user_id", "sis_login_id", "section")
CLASS_FILE = "class.csv"
GRADED, MISSING, NOT_ON_ROSTER = "graded", "missing", "not on the roster"
#: A roster student whose file for the lesson was handed in but refused (``skipped.csv`` says why).
UNREADABLE = "handed in, not graded (see skipped.csv)"


@dataclass(frozen=True)
class Member:
    """One student on the roster, with the columns the LMS files need."""

    student_id: str
    name: str = ""
    lms: tuple[tuple[str, str], ...] = ()

    def get(self, column: str) -> str:
        return dict(self.lms).get(column, "")


@dataclass(frozen=True)
class Entry:
    """One student and one lesson: graded (on time or ``minutes_late``) or missing."""

    student_id: str
    name: str
    lesson: str
    status: str
    graded: Row | None = None
    submitted: datetime | None = None
    minutes_late: int | None = None  # 0: on time; None: no deadline was given


def deadline(text: str) -> datetime:
    """``--deadline`` as a moment; a time without a zone is refused (whose nine o'clock?)."""
    allowed = "an ISO date and time with its zone, e.g. 2026-03-02T09:00-05:00 or 2026-03-02T14:00Z"
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise GradingError(f"--deadline {text!r} is not a date and time (allowed: {allowed})") from None
    if moment.tzinfo is None:
        raise GradingError(f"--deadline {text!r} has no time zone (allowed: {allowed})")
    return moment


def minutes_late(submitted: datetime, due: datetime) -> int | None:
    """Whole minutes after ``due``, any part of a minute counted; 0 when on time."""
    seconds = (submitted - due).total_seconds()
    return math.ceil(seconds / 60) if seconds > 0 else 0


def read_members(path: Path) -> tuple[list[Member], list[Skipped]]:
    """The roster's students (checked as ``scomm release`` checks them) with their LMS columns."""
    students, skipped = read_roster(Path(path))
    sheet = csvfiles.read_sheet(Path(path).read_bytes(), str(path))
    extra: dict[str, tuple[tuple[str, str], ...]] = {}
    for _number, line in sheet.rows:
        cells = _cells(sheet, line)
        extra[cells.get("student_id", "")] = tuple((c, cells.get(c, "")) for c in LMS_COLUMNS)
    return [Member(s.student_id, s.name, extra.get(s.student_id, ())) for s in students], skipped


def _cells(sheet: csvfiles.Sheet, line: str) -> dict[str, str]:
    try:
        return sheet.cells(line)
    except ValueError:  # read_roster has already listed the row as skipped
        return {}


def submitted_at(graded: Row, modified: dict[str, datetime]) -> datetime:
    """The later of the submission's own time and its collected file's modification time."""
    own = graded.when
    return max(own, modified.get(graded.file, own))


def entries(
    graded: Sequence[Row],
    members: Sequence[Member],
    folder: Path,
    due: datetime | None,
    refused: Sequence[str] = (),
) -> list[Entry]:
    """Every roster student for every lesson graded (graded, refused or missing), then each graded
    student not on it, for the lessons they handed in. ``refused`` are the files grading skipped."""
    modified = {r.file: datetime.fromisoformat(r.modified) for r in read_manifest(folder)}
    by_key = {(g.student_id, g.lesson): g for g in graded}
    names = {m.student_id: m.name for m in members}
    lessons = sorted({g.lesson for g in graded})
    handed_in = _handed_in(refused)
    found = []
    for lesson in lessons:
        others = sorted({g.student_id for g in graded if g.lesson == lesson} - set(names))
        for student_id in [m.student_id for m in members] + others:
            g = by_key.get((student_id, lesson))
            if g is None:
                status = UNREADABLE if (lesson, student_id) in handed_in else MISSING
                found.append(Entry(student_id, names.get(student_id, ""), lesson, status))
                continue
            when = submitted_at(g, modified)
            late = minutes_late(when, due) if due else None
            status = GRADED if student_id in names or not names else NOT_ON_ROSTER
            found.append(Entry(student_id, names.get(student_id, ""), lesson, status, g, when, late))
    return found


def late_text(minutes: int) -> str:
    """Minutes late as a person says them: '2 min', '3 h 5 min', '274 days'.

    >>> late_text(2), late_text(185), late_text(395489)
    ('2 min', '3 h 5 min', '274 days')
    """
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return count_of(minutes // (24 * 60), "day")


def _handed_in(refused: Sequence[str]) -> set[tuple[str, str]]:
    """(lesson, student id) of each refused file laid out as a submission is (``<lesson>/<student_id>.json``).

    >>> sorted(_handed_in(["01_program_mechanics/carol.json", "stray.txt"]))
    [('01_program_mechanics', 'carol')]
    """
    found = set()
    for name in refused:
        path = Path(name)
        if path.suffix == ".json" and path.parent.name:
            found.add((path.parent.name, path.stem))
    return found


def class_csv(found: Sequence[Entry]) -> str:
    """``class.csv``: each student and lesson with status, points (``pending``: written answers not yet
    marked, left out of ``total``; ``not_asked``: questions not open on the lesson's day, left out
    of ``max``), submission time and minutes late; every cell spreadsheet-safe."""
    columns = ["student_id", "name", "lesson", "status", "total", "max", "pending"]
    rows: list[list[object]] = [[*columns, "submitted_at", "minutes_late", "not_asked"]]
    for e in found:
        g = e.graded
        scores = [points(g.total), points(g.max), points(g.pending_points)] if g else ["", "", ""]
        when = e.submitted.astimezone(UTC).isoformat(timespec="seconds") if e.submitted else ""
        late = e.minutes_late if e.minutes_late is not None else ""
        not_asked = " ".join(g.not_asked) if g else ""
        rows.append([e.student_id, e.name, e.lesson, e.status, *scores, when, late, not_asked])
    return csv_text(rows)


def summary(found: Sequence[Entry], skipped: Sequence[Skipped]) -> str:
    """What the terminal shows: roster rows skipped, missing students, late ones, students not on the roster."""
    lines = [f"  roster: skipped {s}" for s in skipped]
    for status, label in (
        (MISSING, "Missing"),
        (UNREADABLE, "Handed in but not graded (see skipped.csv)"),
        (NOT_ON_ROSTER, "Not on the roster"),
    ):
        who = [f"{e.student_id} ({e.lesson})" for e in found if e.status == status]
        if who:
            lines.append(f"{label}: {', '.join(who)}")
    late = [f"{e.student_id} ({e.lesson}) {e.minutes_late} min" for e in found if e.minutes_late]
    if late:
        lines.append(f"Late: {', '.join(late)}")
    return "\n".join(lines)
