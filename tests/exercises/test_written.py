"""Written answers headlessly: the kinds, the box's saving and restoring, the cap, the submission and
pending in grading. The cited-source check, when each question opens and the rubric data are in
test_memo_citations.py, test_written_opening.py and test_written_rubrics.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scomm.course.layout import LESSONS
from scomm.course.params import ParameterError, validate
from scomm.exercises import responses, submission_check, submissions, widgets, writing
from scomm.exercises.base import ExerciseError
from scomm.exercises.definitions import load_set
from scomm.exercises.written import MAX_CHARS, LongAnswer, ShortAnswer, WrittenAnswer, is_written
from scomm.grading import grade
from scomm.grading.gradebook import gradebook_csv
from scomm.grading.records import Row

L4 = "04_pep_transition"


@pytest.fixture(autouse=True)
def _answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))


def written(lesson: str) -> dict[str, WrittenAnswer]:
    return {k: v for k, v in load_set(lesson).items() if is_written(v)}


def memo_form(student: str = "w1", as_of: str = "2016-03-01", **level: str) -> writing.WrittenForm:
    p = validate(L4, as_of=as_of, student_id=student, **level)
    return widgets.exercise(L4, "l4-memo", student_id=student, p=p)


# -- the kinds -------------------------------------------------------------------------------------


def test_every_lesson_asks_its_discussion_prompts_in_writing_and_lesson_4_the_memo() -> None:
    for lesson in LESSONS:
        items = written(lesson.slug)
        assert len(items) >= 5, lesson.slug
        assert all(is_written(ex) and ex.kind in {"short_answer", "long_answer"} for ex in items.values())
    memo = written(L4)["l4-memo"]
    assert isinstance(memo, LongAnswer) and memo.mode == "assessment" and memo.points == 28
    assert memo.words == (800, 1200) and memo.cite_sources and memo.opens_from == "2015-12-01"
    assert all(ex.mode == "practice" and ex.points == 0 for k, ex in written(L4).items() if k != "l4-memo")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('answer = "yes"', "has no 'answer' key; it is marked with a rubric"),
        ("words = [300, 100]", "words (300, 100) must be [min, max] whole numbers"),
        ('words = ["many"]', "words ('many',) must be [min, max]"),
        ('mode = "assessment"\npoints = 0', "points 0 must be the rubric's maximum, above 0 when assessed"),
        ('opens_from = "1st December"', "opens_from '1st December' is not a day written YYYY-MM-DD"),
        (
            "words_by_level = { college = [1, 9] }",
            "words_by_level names 'college', which is not a level (allowed: undergraduate, high_school)",
        ),
        (
            "words_by_level = { high_school = [90, 9] }",
            "words_by_level.high_school [90, 9] must be [min, max]",
        ),
        ('words_by_level = ["high_school"]', "words_by_level must be a table of level = [min, max]"),
    ],
)
def test_a_bad_written_definition_names_lesson_exercise_and_field(
    tmp_path, monkeypatch, extra, message
) -> None:
    entry = f'[[exercise]]\nid = "w"\nkind = "short_answer"\nprompt = "Why?"\n{extra}\n'
    (tmp_path / "demo.toml").write_text(entry, encoding="utf-8")
    monkeypatch.setattr("scomm.exercises.definitions.SETS_DIR", tmp_path)
    with pytest.raises(ExerciseError, match=re.escape(message)) as caught:
        load_set("demo")
    assert "lesson demo" in str(caught.value) and "exercise w" in str(caught.value)


def test_a_written_answer_is_never_checked_as_if_it_had_a_key() -> None:
    with pytest.raises(ExerciseError, match="marked with its rubric"):
        written(L4)["l4-memo"].check("A memo.")


def test_word_count_and_what_is_asked() -> None:
    memo = written(L4)["l4-memo"]
    assert memo.count("  Hold\n\tnone;  notify\u00a0all. ") == 4
    assert memo.word_status(" ".join(["word"] * 112)) == "112 words; 800-1,200 asked: 688 to go"
    assert memo.word_status(" ".join(["word"] * 800)) == "800 words; 800-1,200 asked"
    assert memo.word_status(" ".join(["word"] * 1_250)) == "1,250 words; 800-1,200 asked: 50 over"
    short = ShortAnswer("s", "?")
    assert short.word_status("One") == "1 word; up to 150 asked"
    assert short.word_status("") == "0 words; up to 150 asked"
    assert short.word_status("x " * 151) == "151 words; up to 150 asked: 1 over"


def test_a_high_school_class_is_asked_600_to_900_words_for_the_memo_and_told_where_it_stands() -> None:
    memo = written(L4)["l4-memo"]
    assert memo.words == (800, 1200)  # the undergraduate range, as the closing assessment gives it
    form = memo_form(student="hs1", level="high_school")
    assert (form.box.words_min, form.box.words_max) == (600, 900)
    assert form.exercise.word_status(" ".join(["word"] * 700)) == "700 words; 600-900 asked"
    assert form.exercise.word_status(" ".join(["word"] * 950)) == "950 words; 600-900 asked: 50 over"
    assert form.exercise.word_status(" ".join(["word"] * 500)) == "500 words; 600-900 asked: 100 to go"
    undergraduate = memo_form(student="ug1", level="undergraduate")
    assert (undergraduate.box.words_min, undergraduate.box.words_max) == (800, 1200)
    # A range only the memo has: a short answer asks the same length of every level.
    p = validate(L4, as_of="2016-03-01", level="high_school")
    short = widgets.exercise(L4, "l4-discuss-changed", student_id="hs1", p=p)
    assert short.exercise.words == written(L4)["l4-discuss-changed"].words


def test_an_unknown_level_stops_the_lesson_with_one_sentence() -> None:
    with pytest.raises(ParameterError, match=re.escape("Parameter level: 'HS' is not a class level")):
        memo_form(level="HS")


def test_the_cap_is_checked_and_long_answers_hold_more() -> None:
    short, memo = ShortAnswer("s", "?"), written(L4)["l4-memo"]
    assert short.problem("x" * short.max_chars) is None
    assert "may hold 5,000 characters; this one has 5,001" in short.problem("x" * 5_001)
    assert memo.max_chars == MAX_CHARS and memo.problem("x" * MAX_CHARS) is None
    assert memo.problem(["a list"]) == "a written answer must be text, not list"


# -- the box: saved as written, restored, capped -------------------------------------------------------


def test_each_change_the_page_sends_is_saved_durably_and_restored_on_reopening() -> None:
    form = memo_form()
    assert form.box.status == "Nothing saved yet." and form.box.value == ""
    form.box.value = "Draft one."
    form.box.value = "Draft two, after a pause."
    records = responses.Log("w1", L4).read().records
    assert [r["answer"] for r in records] == ["Draft one.", "Draft two, after a pause."]
    assert form.box.status.startswith("Saved at ") and form.box.status_style == "saved"
    again = memo_form()  # the cell run again, or the kernel restarted
    assert again.value == "Draft two, after a pause."
    assert "is restored" in again.box.status


def test_the_box_is_labelled_by_its_question_and_knows_its_limits() -> None:
    form = memo_form()
    assert form.box.label == form.exercise.prompt
    assert (form.box.words_min, form.box.words_max, form.box.max_chars) == (800, 1200, MAX_CHARS)
    assert form.box.rows > writing.ROWS["short_answer"]
    assert "scomm-ex-l4-memo" in form.widget._dom_classes
    assert "Assessed · long answer · 28 points" in form.widget.spec["badge"]


def test_text_over_the_cap_is_refused_with_a_message_and_the_saved_answer_kept() -> None:
    form = memo_form()
    form.box.value = "Kept."
    form.box.value = "x" * (MAX_CHARS + 1)  # a page that ignored its own limit
    assert form.box.status_style == "error"
    assert "NOT saved" in form.box.status and "20,000 characters" in form.box.status
    assert responses.Log("w1", L4).latest()["l4-memo"]["answer"] == "Kept."


def test_a_failed_write_says_so_in_the_box(monkeypatch) -> None:
    form = memo_form()

    def full(*_args, **_kwargs):
        raise responses.NotSaved(
            "Your answer was NOT saved: the folder is full; copy your answer somewhere safe."
        )

    monkeypatch.setattr(form.log.__class__, "record", full)
    form.box.value = "Lost?"
    assert form.box.status_style == "error" and form.box.status.startswith("Your answer was NOT saved")


# -- the submission and the grader ------------------------------------------------------------------------


def test_the_submission_holds_the_text_as_a_string_and_the_grader_reads_it_back(tmp_path: Path) -> None:
    form = memo_form("w2")
    form.box.value = "Recommendation: answer notification requests; decline holds without a warrant."
    short = widgets.exercise(L4, "l4-discuss-changed", student_id="w2", p=validate(L4, student_id="w2"))
    short.box.value = "The requests changed; the fingerprint link did not."
    path = submissions.submit(responses.Log("w2", L4), seed=1, folder=tmp_path / "subs", as_of="2016-03-01")
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["answers"]["l4-memo"]["answer"] == form.value
    read = submission_check.read_submission(path, {L4: load_set(L4)})
    assert read.answers["l4-memo"] == form.value and isinstance(read.answers["l4-discuss-changed"], str)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (["a", "list"], "answers['l4-memo']: a written answer must be text, not list"),
        ({"text": "x"}, "answers['l4-memo']: a written answer must be text, not dict"),
        (12, "answers['l4-memo']: a written answer must be text, not int"),
        ("y" * (MAX_CHARS + 1), "answers['l4-memo']: a written answer may hold 20,000 characters"),
    ],
)
def test_a_written_answer_that_is_not_text_within_the_cap_is_refused_with_a_reason(
    tmp_path: Path, answer: object, reason: str
) -> None:
    body = submissions.submission_body(
        lesson=L4, student_id="w3", seed=1, answers={"l4-memo": (answer, "2026-01-15T10:00:00+00:00")}
    )
    path = tmp_path / "w3.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(submission_check.Rejected, match=re.escape(reason)):
        submission_check.read_submission(path, {L4: load_set(L4)})


def test_written_answers_are_pending_with_their_maximum_never_zero(tmp_path: Path) -> None:
    exercises = load_set(L4, with_keys=True)
    body = submissions.submission_body(
        lesson=L4,
        student_id="w4",
        seed=1,
        answers={"l4-memo": ("A memo.", "2026-01-15T10:00:00+00:00")},
        submitted_at="2026-01-15T10:00:00+00:00",
    )
    path = tmp_path / "w4.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    graded = grade.grade_submission(submission_check.read_submission(path, {L4: exercises}), exercises)
    memo = next(m for m in graded.marks if m.exercise.id == "l4-memo")
    assert memo.pending and memo.answered and memo.answer == "A memo." and memo.feedback.points == 28
    assert [m.exercise.id for m in graded.pending] == ["l4-memo"] and graded.pending_points == 28
    assert graded.total == 0 and graded.max == sum(ex.points for ex in exercises.values())
    header, row = gradebook_csv([Row.of(graded, tuple(exercises))]).splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert cells["l4-memo"] == "pending"
    # Nothing written is not an answer waiting for a marker: it is not answered, as a blank choice is.
    assert cells["l4-discuss-changed"] == "0" and cells["l4-tiers"] == "0"
