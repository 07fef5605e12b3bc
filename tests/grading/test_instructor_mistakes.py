"""What an instructor's class really hands in: a student not on the roster, files cut off or
empty, a day the lesson is not written for, an answer to a question the lesson had not opened.
Each is named in words, and everything else is still graded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from bs4 import BeautifulSoup

from scomm.cli import main as cli
from scomm.exercises.definitions import load_set
from scomm.exercises.submissions import submission_body
from scomm.grading.asked import asked_on
from scomm.grading.classbook import UNREADABLE
from scomm.grading.grade import ANSWERED_EARLY, _right

L1, L4 = "01_program_mechanics", "04_pep_transition"
EARLY = "2014-11-20"  # lesson 4's first day: l4-compare (PEP's rules) is not open yet
WHEN = "2026-01-15T10:00:00.000+00:00"


def _hand_in(folder: Path, lesson: str, student: str, as_of: str, answers: dict | None = None) -> Path:
    body = submission_body(
        lesson=lesson, student_id=student, seed=7, answers=answers or {}, submitted_at=WHEN, as_of=as_of
    )
    path = folder / lesson / f"{student}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def _grade(tmp: Path, folder: Path, roster: list[str]) -> Path:
    (tmp / "roster.csv").write_text("student_id,name\n" + "".join(f"{s},{s.title()}\n" for s in roster))
    out = tmp / "out"
    assert cli.main(["grade", str(folder), "--out", str(out), "--roster", str(tmp / "roster.csv")]) == 0
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_a_student_not_on_the_roster_is_listed_for_the_lessons_they_handed_in_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _hand_in(folder, L4, "ana", EARLY)
    _hand_in(folder, L1, "dave", "2011-03-31")  # not on the roster, and another lesson
    out = _grade(tmp_path, folder, ["ana"])
    rows = {(r["student_id"], r["lesson"]): r["status"] for r in _rows(out / "class.csv")}
    assert rows == {
        ("ana", L1): "missing",
        ("ana", L4): "graded",
        ("dave", L1): "not on the roster",
    }


def test_a_file_cut_off_or_empty_is_named_in_words_and_its_student_is_not_called_missing(
    tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "in"
    _hand_in(folder, L4, "ana", EARLY)
    cut = _hand_in(folder, L4, "carol", EARLY)
    cut.write_text(cut.read_text(encoding="utf-8")[:60], encoding="utf-8")
    _hand_in(folder, L4, "gina", EARLY).write_text("", encoding="utf-8")
    out = _grade(tmp_path, folder, ["ana", "carol", "gina", "hal"])
    reasons = {r["file"]: r["reason"] for r in _rows(out / "skipped.csv")}
    assert reasons[f"{L4}/carol.json"].startswith("the file is cut off part-way")
    assert reasons[f"{L4}/gina.json"].startswith("the file is empty")
    assert not any("JSON" in reason or "char " in reason for reason in reasons.values())
    status = {r["student_id"]: r["status"] for r in _rows(out / "class.csv")}
    assert status == {"ana": "graded", "carol": UNREADABLE, "gina": UNREADABLE, "hal": "missing"}
    said = capsys.readouterr().out
    assert "Missing: hal" in said and "carol" not in said.split("Missing:")[1].splitlines()[0]


def test_a_day_the_lesson_is_not_written_for_is_refused_with_the_days_it_allows(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _hand_in(folder, L4, "ana", EARLY)
    _hand_in(folder, L4, "ben", "2009-01-15")  # before lesson 4's first day
    out = _grade(tmp_path, folder, ["ana", "ben"])
    (reason,) = [r["reason"] for r in _rows(out / "skipped.csv") if r["file"] == f"{L4}/ben.json"]
    assert "as_of" in reason and "2009-01-15" in reason and "2014-11-20" in reason
    assert {r["student_id"]: r["status"] for r in _rows(out / "class.csv")}["ana"] == "graded"


def test_scomm_submit_refuses_a_day_the_lesson_is_not_written_for_before_writing(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "responses"))
    code = cli.main(["submit", "--student", "ana", "--lesson", "4", "--as-of", "2009-01-15"])
    assert code == 2
    said = capsys.readouterr().err
    assert "as_of" in said and "2009-01-15" in said and "2014-11-20" in said
    assert not (tmp_path / "responses").exists() or not any((tmp_path / "responses").rglob("*.json"))


def test_an_answer_to_a_question_not_open_on_the_lessons_day_is_not_graded_nor_its_key_shown(
    tmp_path: Path,
) -> None:
    exercises = load_set(L4, with_keys=True)
    day = asked_on(L4, EARLY)
    assert day.waiting("l4-compare") is not None  # the premise: PEP's rules are not public yet
    later = asked_on(L4, "2016-03-01").shown(exercises["l4-compare"], 7)
    folder = tmp_path / "in"
    _hand_in(folder, L4, "ana", EARLY, {"l4-compare": (_right(later), WHEN)})
    out = _grade(tmp_path, folder, ["ana"])
    (row,) = _rows(out / "class.csv")
    assert "l4-compare" in row["not_asked"].split()
    page = BeautifulSoup((out / "feedback" / L4 / "ana.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.get_text(" ").split())
    assert " ".join(ANSWERED_EARLY.split()) in text
    assert "submitted 15 January 2026, 10:00 UTC" in text  # a time in words, not ISO
    assert exercises["l4-compare"].explanation[:40] not in text


def test_a_practice_answer_worth_no_points_reads_as_practice_not_as_points_pending(tmp_path: Path) -> None:
    exercises = load_set(L4, with_keys=True)
    assert exercises["l4-discuss-changed"].points == 0  # the premise: a practice prompt
    folder = tmp_path / "in"
    words = "The memo kept the fingerprint check but changed what ICE asked jails for. " * 5
    _hand_in(folder, L4, "ana", "2016-03-01", {"l4-discuss-changed": (words, WHEN)})
    out = _grade(tmp_path, folder, ["ana"])
    page = BeautifulSoup((out / "feedback" / L4 / "ana.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.get_text(" ").split())
    assert "l4-discuss-changed: practice (no points), not marked yet" in text
    assert "pending (of 0)" not in text


def test_scomm_run_refuses_a_day_a_lesson_is_not_written_for_before_any_kernel_starts(
    tmp_path: Path, capsys
) -> None:
    lesson = Path(__file__).resolve().parents[2] / "notebooks" / f"{L4}.ipynb"
    out = tmp_path / "executed"
    assert cli.main(["run", str(lesson), "-p", "as_of", "2009-01-01", "--out", str(out)]) == 2
    said = capsys.readouterr().err
    assert "as_of" in said and "2009-01-01" in said and "2014-11-20 to" in said
    assert not out.exists()  # nothing ran, nothing was written


def test_a_roster_canvas_cannot_match_is_told_so_once_and_one_it_can_is_not(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    _hand_in(folder, L4, "ana", EARLY)
    _grade(tmp_path, folder, ["ana", "bo"])  # a roster of ids and names only
    assert "canvas.csv: 2 students (ana, bo) have no canvas_id or sis_user_id" in capsys.readouterr().out
    (tmp_path / "with-ids.csv").write_text("student_id,name,sis_user_id\nana,Ana,S1\nbo,Bo,S2\n")
    out = tmp_path / "out2"
    roster = str(tmp_path / "with-ids.csv")
    assert cli.main(["grade", str(folder), "--out", str(out), "--roster", roster]) == 0
    assert "canvas.csv:" not in capsys.readouterr().out


def test_a_lesson_name_one_letter_off_is_answered_with_the_name_meant(capsys) -> None:
    assert cli.main(["submit", "--student", "ana", "--lesson", "01_program_mechanic"]) == 2
    assert "(did you mean 01_program_mechanics?)" in capsys.readouterr().err
