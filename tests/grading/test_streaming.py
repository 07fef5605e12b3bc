"""Grading a class of any size: each student's page is written as they are graded, and only a row is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scomm.exercises import submissions
from scomm.grading import grade, intake
from scomm.grading.records import Row

LESSON = "01_program_mechanics"


@pytest.fixture
def handed_in(tmp_path: Path) -> Path:
    grade.synthetic_class(tmp_path / "in", 3)
    return tmp_path / "in"


def _between_reads(monkeypatch: pytest.MonkeyPatch, change) -> None:
    """Run ``change`` after every file was first read and before any is graded."""
    keep_latest = intake.keep_latest

    def then_change(found):
        result = keep_latest(found)
        change()
        return result

    monkeypatch.setattr(grade, "keep_latest", then_change)


def test_the_report_keeps_a_gradebook_row_per_student_not_their_answers(
    handed_in: Path, tmp_path: Path
) -> None:
    report = grade.grade(handed_in, tmp_path / "out")
    assert all(isinstance(row, Row) for row in report.graded)
    assert not hasattr(report.graded[0], "__dict__"), "a row is slotted: no room for answers"
    page = tmp_path / "out" / "feedback" / LESSON / "synthetic-0001.html"
    assert "Score:" in page.read_text(encoding="utf-8")


def test_a_file_changed_between_reads_is_skipped_and_the_rest_graded(
    handed_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = handed_in / LESSON / "synthetic-0002.json"

    def resubmit() -> None:
        body = json.loads(path.read_text(encoding="utf-8"))
        again = submissions.submission_body(
            lesson=LESSON,
            student_id="synthetic-0002",
            seed=body["seed"],
            answers={},
            submitted_at="2026-01-15T11:00:00.000+00:00",
        )
        path.write_text(json.dumps(again), encoding="utf-8")

    _between_reads(monkeypatch, resubmit)
    report = grade.grade(handed_in, tmp_path / "out")
    assert [row.student_id for row in report.graded] == ["synthetic-0001", "synthetic-0003"]
    (skip,) = report.skipped
    assert skip.file == f"{LESSON}/synthetic-0002.json"
    assert "changed while it was being graded" in skip.reason and "no longer holds" in skip.reason


def test_a_file_gone_between_reads_is_skipped_and_the_rest_graded(
    handed_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _between_reads(monkeypatch, (handed_in / LESSON / "synthetic-0003.json").unlink)
    report = grade.grade(handed_in, tmp_path / "out")
    assert [row.student_id for row in report.graded] == ["synthetic-0001", "synthetic-0002"]
    (skip,) = report.skipped
    assert "can no longer be read" in skip.reason
    assert "synthetic-0003" not in (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8")
