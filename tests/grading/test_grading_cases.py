"""Grading small hand-made cases, one folder each: partial credit and missing answers, the latest of two
submissions, an answer never run, a synthetic class's charts labelled, and the command's refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_grading import LESSON, body, gradebook, put

from scomm.cli import main as cli
from scomm.exercises.definitions import load_set
from scomm.exercises.written import is_written
from scomm.grading import grade


def test_partial_credit_and_missing_answers(tmp_path: Path) -> None:
    key = load_set(LESSON, with_keys=True)
    order = list(key["l1-flow-order"].answer)
    answers = {
        "l1-supported": list(key["l1-supported"].answer[:2]),  # 2 of 3 right, none wrong: 2 of 3 points
        "l1-flow-order": [order[1], order[0], *order[2:]],  # 14 of 15 pairs: 2 * 14 / 15
        "l1-growth": "4.05",  # a number written as text, within 0.1 of 4.1
    }
    put(tmp_path / "in", "partial.json", body("partial", answers))
    grade.grade(tmp_path / "in", tmp_path / "out")
    row = gradebook(tmp_path / "out")["partial"]
    assert (row["l1-supported"], row["l1-flow-order"], row["l1-growth"]) == ("2", "1.8667", "2")
    assert row["l1-ident"] == "0" and row["total"] == "5.8667"
    page = (tmp_path / "out" / "feedback" / LESSON / "partial.html").read_text(encoding="utf-8")
    written = [ex for ex in key.values() if is_written(ex)]  # pending, and not answered here
    assert page.count("<em>Not answered.</em>") == 4 + len(written)


def test_the_latest_of_two_submissions_is_graded_and_the_other_reported(tmp_path: Path) -> None:
    put(
        tmp_path / "in", "one/twice.json", body("twice", {"l1-growth": 4.1}, when="2026-01-02T10:00:00+00:00")
    )
    put(
        tmp_path / "in", "two/twice.json", body("twice", {"l1-growth": 1.0}, when="2026-01-01T10:00:00+00:00")
    )
    report = grade.grade(tmp_path / "in", tmp_path / "out")
    assert gradebook(tmp_path / "out")["twice"]["l1-growth"] == "2"
    assert [str(s) for s in report.skipped] == [
        "two/twice.json: duplicate: twice also submitted 01_program_mechanics in one/twice.json "
        "(submitted 2026-01-02T10:00:00+00:00), which was graded instead"
    ]


def test_grading_never_runs_an_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    attack = f"__import__('os').system('touch {tmp_path / 'PWNED'}')"
    put(tmp_path / "in", "attacker.json", body("attacker", {ex: attack for ex in load_set(LESSON)}))
    grade.grade(tmp_path / "in", tmp_path / "out")
    assert not (tmp_path / "PWNED").exists()
    assert gradebook(tmp_path / "out")["attacker"]["total"] == "0"
    page = (tmp_path / "out" / "feedback" / LESSON / "attacker.html").read_text(encoding="utf-8")
    assert "__import__(&#x27;os&#x27;).system" in page, "shown as text"


def test_charts_of_a_synthetic_class_say_so(tmp_path: Path) -> None:
    grade.synthetic_class(tmp_path / "in", 3)
    grade.grade(tmp_path / "in", tmp_path / "out")
    summary = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert summary.count('aria-label="Synthetic class: ') == 3
    assert "<h1>Class summary (synthetic class)</h1>" in summary
    assert sorted(gradebook(tmp_path / "out")) == ["synthetic-0001", "synthetic-0002", "synthetic-0003"]


def test_cli_refuses_a_missing_folder(tmp_path: Path, capsys) -> None:
    assert cli.main(["grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert f"scomm grade: no folder of submissions at {tmp_path / 'nowhere'}" in capsys.readouterr().err


def test_cli_with_nothing_to_grade_succeeds(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert cli.main(["grade", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 0
    assert "nothing to grade" in capsys.readouterr().out
    assert (tmp_path / "out" / "gradebook.csv").read_text() == "student_id,lesson,total,max\n"


def test_cli_fails_when_every_file_is_skipped(tmp_path: Path, capsys) -> None:
    put(tmp_path / "in", "bad.json", b"{")
    assert cli.main(["grade", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 1
    assert "skipped bad.json: the file is cut off part-way" in capsys.readouterr().out
