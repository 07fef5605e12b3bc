"""Every CSV the kit writes for a person opens safely in a spreadsheet: the class list, the Canvas and
Moodle imports, the roster's links and the collection manifest. A hostile cell (a formula, one hidden
behind a leading tab or line break, a carriage return inside, a terminal escape) is shown as text in
its own cell, never run and never splitting a row, while numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from scomm.cli import main as cli
from scomm.course import sheets
from scomm.exercises.definitions import load_set
from scomm.grading import classbook, collect, grade, lms, owners
from scomm.grading.grade import _right, _write_submission
from scomm.notebooks import links

LESSON = "01_program_mechanics"
#: Cells a student or a roster export can hold, each a way past a naive guard.
HOSTILE = {
    "formula": "=cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "lf": "\n@SUM(A1)",
    "inner-cr": "Ana\rRow",
    "inner-lf": "Ana\nRow",
    "escape": "Ana\x1b[2J\x07",
    "minus": "-2+3",
    "quote": "'=already",
}


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _shown_as_text(cell: str) -> bool:
    """What a spreadsheet shows as text: nothing that starts a formula, no control character."""
    return not cell.startswith(sheets.FORMULA_START[:-1]) and not sheets.has_control(cell)


def _roster(path: Path, name: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "name", "email", "sis_user_id", "sis_login_id", "section"])
        writer.writerow(["ana", name, name, name, name, name])
    return path


#: A roster is read line by line, so a line break cannot reach the class files through one.
ONE_LINE = {k: v for k, v in HOSTILE.items() if "\r" not in v and "\n" not in v}


@pytest.mark.parametrize("hostile", list(ONE_LINE.values()), ids=list(ONE_LINE))
def test_class_and_lms_files_show_a_hostile_roster_cell_as_text_and_keep_numbers(
    hostile: str, tmp_path: Path
) -> None:
    exercises = load_set(LESSON, with_keys=True)
    answers = {ex.id: _right(ex.variant(7)) for ex in exercises.values()}
    _write_submission(tmp_path / "in", "ana", LESSON, 7, answers, minute=9)
    out = tmp_path / "out"
    argv = [
        "grade",
        str(tmp_path / "in"),
        "--out",
        str(out),
        "--roster",
        str(_roster(tmp_path / "r.csv", hostile)),
    ]
    assert cli.main([*argv, "--deadline", "2026-01-15T10:00Z"]) == 0
    expected_rows = {"class.csv": 2, "canvas.csv": 3, "moodle.csv": 2}
    for name, count in expected_rows.items():
        rows = _cells((out / name).read_text(encoding="utf-8"))
        assert len(rows) == count, f"{name}: a cell split a row"
        assert all(_shown_as_text(cell) for row in rows for cell in row), name
    (_, row) = _cells((out / "class.csv").read_text(encoding="utf-8"))
    assert row[1] == sheets.safe_cell(hostile.strip())  # the roster reader trims a cell's ends
    total, most, pending, minutes = (
        float(row[4]),
        float(row[5]),
        float(row[6]),
        int(row[8]),
    )  # numbers, unguarded
    assert (
        total == most > 0 and pending == 0 and minutes == 9
    )  # lesson 1's written answers are practice (0 points)
    canvas = _cells((out / "canvas.csv").read_text(encoding="utf-8"))
    assert float(canvas[2][5]) == total


@pytest.mark.parametrize("hostile", list(HOSTILE.values()), ids=list(HOSTILE))
def test_class_and_lms_writers_keep_any_cell_in_its_row(hostile: str, tmp_path: Path) -> None:
    _write_submission(tmp_path / "in", "ana", LESSON, 7, {}, minute=9)
    report = grade.grade(tmp_path / "in", tmp_path / "out")
    columns = ("email", "sis_user_id", "sis_login_id", "section", "canvas_id")
    member = classbook.Member("ana", hostile, tuple((c, hostile) for c in columns))
    found = classbook.entries(
        report.graded, [member], tmp_path / "in", classbook.deadline("2026-01-15T10:00Z")
    )
    made = lms.lms_files(found, [member])
    written = {
        "class": (classbook.class_csv(found), 2),
        "canvas": (made[lms.CANVAS_FILE], 3),
        "moodle": (made[lms.MOODLE_FILE], 2),
    }
    for name, (text, count) in written.items():
        rows = _cells(text)
        assert len(rows) == count, f"{name}: a cell split a row"
        assert all(_shown_as_text(cell) for row in rows for cell in row), name
        assert sheets.safe_cell(hostile) in rows[-1], name
    assert _cells(written["class"][0])[1][8] == "9"  # minutes_late, after pending and submitted_at


@pytest.mark.parametrize("hostile", list(HOSTILE.values()), ids=list(HOSTILE))
def test_roster_links_show_a_hostile_name_as_text(hostile: str) -> None:
    text = links.roster_links("https://hub.example.edu", "https://git.example.edu/h.git", [("ana", hostile)])
    header, row = _cells(text)
    assert header == ["student_id", "name", "link"]
    assert row[0] == "ana" and row[1] == sheets.safe_cell(hostile) and _shown_as_text(row[1])
    assert row[2].startswith("https://hub.example.edu/hub/spawn/ana?")


def test_the_collection_manifest_guards_cells_and_reads_every_name_back_exactly(tmp_path: Path) -> None:
    names = ["=cmd", "\tx", "a\rb", "a\nb", "e\x1b[2J"]
    rows = [
        collect.Row(
            f"ana/{n}/ana.json", "ana", n, 0, owners.ACCOUNT, f"-{n}", "2026-01-15T10:00:00+00:00", "0"
        )
        for n in names
    ]
    text = collect.manifest_csv(rows)
    read = _cells(text)
    assert len(read) == len(names) + 1, "a name split a row"
    written = [r[2] for r in read[1:]]
    assert all(not cell.startswith(sheets.FORMULA_START[:-1]) for r in read for cell in r)
    assert sorted(written) == sorted(sheets.safe_cell(n, verbatim=True) for n in names)
    (tmp_path / collect.COLLECTED).write_text(text, encoding="utf-8", newline="")
    assert sorted(collect.read_manifest(tmp_path), key=lambda r: r.file) == sorted(rows, key=lambda r: r.file)
