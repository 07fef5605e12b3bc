"""`scomm grade --roster --deadline`: missing students, late work in minutes, and the two gradebook
files an LMS imports, each checked against the layout that LMS documents."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from scomm.cli import main as cli
from scomm.exercises.definitions import load_set
from scomm.grading.grade import _right, _write_submission
from scomm.grading.lms import CANVAS_IGNORED

LESSON = "01_program_mechanics"
TITLE = "scomm L1 Program mechanics"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


@pytest.fixture
def graded(tmp_path: Path, capsys) -> tuple[Path, str]:
    """ana all right at 10:01, ben all right but at 10:05, chloe (not on the roster) at 10:02; dan missing."""
    exercises = load_set(LESSON, with_keys=True)
    folder = tmp_path / "in"
    for student, minute in (("ana", 1), ("ben", 5), ("chloe", 2)):
        answers = {ex.id: _right(ex.variant(7)) for ex in exercises.values()}
        _write_submission(folder, student, LESSON, 7, answers, minute=minute)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student_id,name,email,sis_user_id,sis_login_id,section,canvas_id\n"
        '"ana","Doe, Ana",ana@example.edu,S001,adoe,Mon,\n'
        'ben,"=Roe, Ben",ben@example.edu,S002,broe,Tue,4411\n'
        "dan,Dan Poe,dan@example.edu,S003,dpoe,Mon,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = [
        "grade",
        str(folder),
        "--out",
        str(out),
        "--roster",
        str(roster),
        "--deadline",
        "2026-01-15T05:03-05:00",
    ]
    assert cli.main(argv) == 0
    return out, capsys.readouterr().out


def test_missing_and_late_students_are_listed_with_minutes_late(graded: tuple[Path, str]) -> None:
    out, printed = graded
    assert "Missing: dan (01_program_mechanics)" in printed
    assert "Not on the roster: chloe (01_program_mechanics)" in printed
    assert "Late: ben (01_program_mechanics) 2 min" in printed
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO((out / "class.csv").read_text()))}
    assert {k: (r["status"], r["minutes_late"]) for k, r in rows.items()} == {
        "ana": ("graded", "0"),
        "ben": ("graded", "2"),
        "dan": ("missing", ""),
        "chloe": ("not on the roster", "0"),
    }
    assert rows["ben"]["submitted_at"] == "2026-01-15T10:05:00+00:00"
    assert rows["ana"]["total"] == rows["ana"]["max"] != ""


def test_canvas_gradebook_csv_has_the_layout_canvas_imports(graded: tuple[Path, str]) -> None:
    """Layout from research/r6_lms_hub.md, section 1 (Canvas's GradebookImporter/Exporter source):
    header ``Student,ID,SIS User ID,SIS Login ID,Section`` then assignment columns (1.1, 1.2); a
    second row whose first cell contains ``Points Possible`` gives each maximum (1.4); a column
    named like a total (``Current Score``...) is never read as an assignment (1.5); scores only, a
    blank cell changes nothing (1.6, 1.7); a name starting ``=`` is kept from running as a formula (1.6).
    """
    out, _ = graded
    header, possible, *students = _rows(out / "canvas.csv")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", TITLE]
    assert not any(word in TITLE for word in CANVAS_IGNORED)
    maximum = possible[5]
    assert possible[:5] == ["Points Possible", "", "", "", ""] and float(maximum) > 0
    assert students == [
        ["Doe, Ana", "", "S001", "adoe", "Mon", maximum],
        ["'=Roe, Ben", "4411", "S002", "broe", "Tue", maximum],
    ]  # dan (missing) and chloe (not on the roster) are not in the file
    assert (out / "canvas.csv").read_bytes().count(b"\r\n") == 4
    # every student was asked the same questions: no cell is blank, so no note, and no Notes cell changes
    assert _rows(out / "canvas_notes.csv") == [[*header[:5], "Notes"]]


def test_moodle_grade_import_csv_has_one_identifier_column_per_kind_and_feedback(graded) -> None:
    """Layout from research/r6_lms_hub.md, section 2 (Moodle's grade_import_form.php and
    load_data.php): the teacher maps one column to username, ID number or email (2.3), each other
    column to a grade item or to "feedback for" an item (2.4); one unknown user aborts the whole
    import, so only roster students are written, never a blank identifier (2.3); blank is no grade (2.4).
    """
    out, _ = graded
    header, *students = _rows(out / "moodle.csv")
    assert header == ["Username", "ID number", "Email address", TITLE, f"Feedback {TITLE}"]
    total = students[0][3]
    assert students == [
        ["ana", "S001", "ana@example.edu", total, "Submitted on time."],
        ["ben", "S002", "ben@example.edu", total, "Submitted 2 min late."],
    ]
    assert all(row[0] for row in students)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-01-15T10:00", "--deadline '2026-01-15T10:00' has no time zone"),
        ("next friday", "--deadline 'next friday' is not a date and time"),
    ],
)
def test_a_deadline_without_a_zone_or_not_a_date_is_refused(value, message, tmp_path: Path, capsys) -> None:
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--deadline", value]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_without_a_roster_every_graded_student_is_listed_and_no_lms_file_is_written(tmp_path: Path) -> None:
    _write_submission(tmp_path / "in", "ana", LESSON, 7, {}, minute=9)
    out = tmp_path / "out"
    assert (
        cli.main(["grade", str(tmp_path / "in"), "--out", str(out), "--deadline", "2026-01-15T10:00Z"]) == 0
    )
    assert [r[:4] + r[8:9] for r in _rows(out / "class.csv")[1:]] == [["ana", "", LESSON, "graded", "9"]]
    assert not any((out / name).exists() for name in ("canvas.csv", "canvas_notes.csv", "moodle.csv"))
