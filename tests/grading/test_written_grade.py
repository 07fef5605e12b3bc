"""One gradebook: rubric marks merged with auto scores; an unmarked written answer is pending, never 0,
in the gradebook, feedback pages, class summary, class.csv and the LMS files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from written_class import HOSTILE, LESSON, a_class, exercises, stand_in, write_submission

from scomm.exercises.written import LongAnswer, ShortAnswer, is_written
from scomm.grading import classbook, grade, lms
from scomm.grading.feedback import feedback_page
from scomm.grading.grade import grade_submission
from scomm.grading.gradebook import gradebook_csv
from scomm.grading.marks import Store, digest
from scomm.grading.records import Row
from scomm.grading.summary import summary_page, tallies
from scomm.grading.written import Marking, marking


@pytest.fixture
def lesson_with_rubrics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The written lesson in place of the kit's sets, its rubrics in place of keys/rubrics/."""
    stand_in(monkeypatch, tmp_path)
    return tmp_path


def mark_memo(folder: Path, student, levels: dict, comment: str = "", marker: str = "ta-lee") -> None:
    Store(folder, LESSON, marker).give(
        student.student_id, "l4-memo", digest(student.answers["l4-memo"]), levels, comment
    )


def test_an_unmarked_written_answer_is_pending_and_left_out_of_the_total(lesson_with_rubrics: Path) -> None:
    s1 = a_class(1)[0]
    graded = grade_submission(s1, exercises(), marking(LESSON, lesson_with_rubrics / "none"))
    memo = next(m for m in graded.marks if m.exercise.id == "l4-memo")
    assert memo.pending and memo.answered
    assert (graded.total, graded.max, graded.pending_points) == (1, 8, 7)
    row = next(iter(csv.DictReader(io.StringIO(gradebook_csv([Row.of(graded, tuple(exercises()))])))))
    assert (row["l4-pick"], row["l4-memo"], row["l4-short"]) == ("1", "pending", "pending")
    assert (row["total"], row["max"], row["pending"]) == ("1", "8", "7")
    page = feedback_page(graded)
    assert "l4-memo: pending (of 6) points" in page and "0 of 6" not in page
    assert "7 points pending</strong>" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page


def test_a_marked_answer_scores_its_levels_and_its_page_shows_each_criterion(
    lesson_with_rubrics: Path,
) -> None:
    s1 = a_class(1)[0]
    folder = lesson_with_rubrics / "marking"
    mark_memo(folder, s1, {"legal": "2", "evidence": "good"}, "Name the <b>memo</b>.")
    graded = grade_submission(s1, exercises(), marking(LESSON, folder))
    memo = next(m for m in graded.marks if m.exercise.id == "l4-memo")
    assert not memo.pending and memo.feedback.score == 4
    assert (graded.total, graded.pending_points) == (5, 1)  # the short answer is still pending
    page = feedback_page(graded)
    assert "l4-memo: 4 of 6 points" in page
    assert "<td>Legal accuracy</td><td>2</td><td>2 of 4</td><td>Some legal claims are right.</td>" in page
    assert (
        "<td>Use of evidence</td><td>good</td><td>2 of 2</td><td>Cites sources for each claim.</td>" in page
    )
    assert "Name the &lt;b&gt;memo&lt;/b&gt;." in page


def test_an_incomplete_mark_or_one_on_an_earlier_answer_leaves_it_pending(lesson_with_rubrics: Path) -> None:
    s1 = a_class(1)[0]
    folder = lesson_with_rubrics / "marking"
    mark_memo(folder, s1, {"legal": "4"})  # one criterion of two
    assert next(
        m
        for m in grade_submission(s1, exercises(), marking(LESSON, folder)).marks
        if m.exercise.id == "l4-memo"
    ).pending
    mark_memo(folder, s1, {"legal": "4", "evidence": "good"})
    s1.answers["l4-memo"] += " Added after marking."
    memo = next(
        m
        for m in grade_submission(s1, exercises(), marking(LESSON, folder)).marks
        if m.exercise.id == "l4-memo"
    )
    assert memo.pending and "changed after it was marked" in memo.feedback.message


def test_the_stand_in_lesson_is_read_by_the_kits_loader_into_its_written_kinds() -> None:
    found = exercises()
    assert isinstance(found["l4-memo"], LongAnswer) and isinstance(found["l4-short"], ShortAnswer)
    assert [ex.id for ex in found.values() if is_written(ex)] == ["l4-memo", "l4-short"]


def test_a_written_answer_that_is_not_text_is_refused_and_the_others_graded(
    lesson_with_rubrics: Path,
) -> None:
    handed_in = lesson_with_rubrics / "in"
    odd = a_class(2)[1]
    odd.answers["l4-memo"] = {"text": "a memo in a dict"}  # the marker reads a written answer as text
    write_submission(handed_in, odd)
    report = grade.grade(handed_in, lesson_with_rubrics / "out")
    assert sorted(g.student_id for g in report.graded) == ["s001", "s003"]
    assert [(s.file, s.reason) for s in report.skipped] == [
        (f"{LESSON}/s002.json", "answers['l4-memo']: a written answer must be text, not dict")
    ]


def test_a_written_answer_left_empty_scores_zero_not_pending() -> None:
    s1 = a_class(1)[0]
    s1.answers["l4-memo"] = ""
    memo = next(m for m in grade_submission(s1, exercises(), Marking()).marks if m.exercise.id == "l4-memo")
    assert not memo.pending and not memo.answered and memo.feedback.score == 0


def test_scomm_grade_merges_marks_into_gradebook_feedback_summary_and_lms(lesson_with_rubrics: Path) -> None:
    handed_in, out, folder = (
        lesson_with_rubrics / "in",
        lesson_with_rubrics / "out",
        lesson_with_rubrics / "marking",
    )
    students = a_class(3)
    for s in students:
        write_submission(handed_in, s)
    for s in students:
        mark_memo(folder, s, {"legal": "4", "evidence": "good"})
        Store(folder, LESSON, "ta-lee").give(
            s.student_id, "l4-short", digest(s.answers["l4-short"]), {"idea": "yes"}
        )
    mark_memo(folder, students[0], {"legal": "0", "evidence": "weak"}, marker="ta-kim")  # a later re-mark
    s3 = students[2]
    s3.answers["l4-short"] += " Resubmitted."  # its mark no longer fits
    write_submission(handed_in, s3)
    report = grade.grade(handed_in, out, marks=folder)
    assert "1 written answer(s) not marked yet: pending in the gradebook, never 0" in report.text()
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text()))}
    assert {k: (r["l4-memo"], r["l4-short"], r["total"], r["pending"]) for k, r in rows.items()} == {
        "s001": ("0", "1", "2", "0"),
        "s002": ("6", "1", "8", "0"),
        "s003": ("6", "pending", "7", "1"),
    }
    summary = (out / "summary.html").read_text()
    assert "1 written answer(s) pending</strong>" in summary
    assert "No legal claim is right." in (out / "feedback" / LESSON / "s001.html").read_text()
    members = [classbook.Member(s.student_id, f"Name {n}") for n, s in enumerate(students, 1)]
    found = classbook.entries(report.graded, members, handed_in, None)
    made = lms.lms_files(found, members)
    canvas = list(csv.reader(io.StringIO(made[lms.CANVAS_FILE])))
    assert [row[5] for row in canvas[2:]] == ["2", "8", ""]  # pending: blank, never a partial total
    moodle = list(csv.reader(io.StringIO(made[lms.MOODLE_FILE])))
    assert moodle[3][3:] == [
        "",
        "Total not set: 1 points of written answers are still to be marked (7 of 7 so far).",
    ]
    klass = {r["student_id"]: r for r in csv.DictReader(io.StringIO(classbook.class_csv(found)))}
    assert (klass["s003"]["total"], klass["s003"]["pending"]) == ("7", "1")


def test_the_summary_leaves_pending_answers_out_of_item_means_and_wrong_answers(
    lesson_with_rubrics: Path,
) -> None:
    graded = [grade_submission(s, exercises(), Marking()) for s in a_class(3)]
    page = summary_page(tallies(graded), [])
    assert "6 written answer(s) pending</strong>" in page
    assert "Memo 1" not in page  # an essay is never listed as a "wrong answer"


def test_a_broken_rubric_file_leaves_written_answers_pending_and_grades_the_rest(
    lesson_with_rubrics: Path,
) -> None:
    folder = lesson_with_rubrics / "rubrics"
    (folder / f"{LESSON}.toml").write_text('lesson = "04_pep_transition"\n[[rubric]]\n', encoding="utf-8")
    graded = grade_submission(a_class(1)[0], exercises(), marking(LESSON, lesson_with_rubrics / "m"))
    memo = next(m for m in graded.marks if m.exercise.id == "l4-memo")
    assert memo.pending and "its rubric cannot be read" in memo.feedback.message
    assert f"{LESSON}.toml: exercise must be non-empty text" in memo.feedback.message
    assert graded.total == 1  # the auto-checked item is graded all the same
