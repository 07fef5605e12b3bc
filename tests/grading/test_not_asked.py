"""A question not open on the day a student's lesson was set on is not asked: it counts in neither
their score nor the points it is out of, on every page and file a grading run writes, and each
says "not asked", never 0."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scomm.cli import main as cli
from scomm.course.params import last_day
from scomm.exercises.definitions import load_set
from scomm.exercises.submissions import submission_body
from scomm.exercises.written import is_written
from scomm.grading.asked import asked_on
from scomm.grading.grade import _right

LESSON = "04_pep_transition"
TITLE = "scomm L4 The PEP transition"
EARLY, LATE = "2014-11-20", "2016-03-01"
WHEN = "2026-01-15T10:00:00.000+00:00"
SEED = 7
EXERCISES = load_set(LESSON, with_keys=True)


def _open_on(day: str) -> dict[str, float]:
    """The questions open on ``day`` and their points, as the lesson itself decides."""
    asked = asked_on(LESSON, day)
    return {ex.id: ex.points for ex in EXERCISES.values() if asked.waiting(ex.id) is None}


def hand_in(folder: Path, student: str, as_of: str, *, right: bool) -> None:
    """Every question open on ``as_of`` answered right (or none answered), written answers left out."""
    day = asked_on(LESSON, as_of)
    answers = {}
    for ex in EXERCISES.values():
        if right and day.waiting(ex.id) is None and not is_written(ex):
            answers[ex.id] = (_right(day.shown(ex, SEED)), WHEN)
    body = submission_body(
        lesson=LESSON, student_id=student, seed=SEED, answers=answers, submitted_at=WHEN, as_of=as_of
    )
    path = folder / LESSON / f"{student}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body), encoding="utf-8")


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


#: ana and ben set on the lesson's first day (the memo not yet open), cam two years later.
CLASS = (("ana", EARLY, True), ("ben", EARLY, False), ("cam", LATE, True))


def grade_class(tmp: Path, *, times: int = 1, students: tuple = CLASS) -> Path:
    """``students`` ((id, as_of, right) each) hand in and are graded with a roster naming them."""
    folder = tmp / "in"
    lines = ["student_id,name,sis_user_id"]
    for n, (student, as_of, right) in enumerate(students, 1):
        hand_in(folder, student, as_of, right=right)
        lines.append(f"{student},{student.title()},S{n}")
    roster = tmp / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp / "out"
    for _ in range(times):
        assert cli.main(["grade", str(folder), "--out", str(out), "--roster", str(roster)]) == 0
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return grade_class(tmp_path_factory.mktemp("not-asked"))


def test_the_terminal_says_how_many_questions_were_not_asked(tmp_path: Path, capsys) -> None:
    grade_class(tmp_path)
    closed = 2 * (len(EXERCISES) - len(_open_on(EARLY))) + len(EXERCISES) - len(_open_on(LATE))
    assert f"{closed} question(s) not asked" in capsys.readouterr().out


def test_the_lesson_really_has_questions_not_open_on_its_first_day() -> None:
    early, late = _open_on(EARLY), _open_on(LATE)
    assert "l4-memo" not in early and "l4-memo" in late
    assert 0 < sum(early.values()) < sum(late.values()) < sum(ex.points for ex in EXERCISES.values()) + 1


def test_the_feedback_page_scores_out_of_the_points_offered(graded: Path) -> None:
    offered = sum(_open_on(EARLY).values())
    text = BeautifulSoup(
        (graded / "feedback" / LESSON / "ana.html").read_text(encoding="utf-8"), "html.parser"
    )
    said = " ".join(text.get_text(" ").split())
    assert f"Score: {offered:g} of {offered:g} points" in said
    assert "not asked on 20 November 2014 (not open yet)" in said
    assert "l4-memo: not asked" in said and "Not counted" in said
    late = BeautifulSoup(
        (graded / "feedback" / LESSON / "cam.html").read_text(encoding="utf-8"), "html.parser"
    )
    closed = len(EXERCISES) - len(_open_on(LATE))  # one discussion prompt (0 points) is still closed
    assert f"{closed} question not asked on 1 March 2016 (not open yet) is not counted" in late.get_text(" ")


def test_the_gradebook_says_not_asked_and_leaves_the_points_out_of_max(graded: Path) -> None:
    rows = {r["student_id"]: r for r in _csv(graded / "gradebook.csv")}
    early, late = _open_on(EARLY), _open_on(LATE)
    for student in ("ana", "ben"):
        assert rows[student]["l4-memo"] == "not asked" and rows[student]["l4-compare"] == "not asked"
        assert float(rows[student]["max"]) == sum(early.values())
    assert rows["ana"]["total"] == rows["ana"]["max"]
    # cam was asked the memo and wrote nothing: that is a 0, and its points are in cam's maximum
    assert rows["cam"]["l4-memo"] == "0" and float(rows["cam"]["max"]) == sum(late.values())
    assert [k for k, v in rows["cam"].items() if v == "not asked"] == ["l4-discuss-memos"]


def test_class_csv_keeps_a_record_of_each_question_not_asked(graded: Path) -> None:
    rows = {r["student_id"]: r for r in _csv(graded / "class.csv")}
    closed = sorted(set(EXERCISES) - set(_open_on(EARLY)))
    assert sorted(rows["ana"]["not_asked"].split()) == closed
    assert (
        float(rows["ana"]["max"]) == sum(_open_on(EARLY).values())
        and rows["cam"]["not_asked"] == "l4-discuss-memos"
    )


def test_the_lms_files_use_the_points_most_of_the_class_was_offered(graded: Path) -> None:
    canvas = list(csv.reader(io.StringIO((graded / "canvas.csv").read_text(encoding="utf-8"))))
    header, possible, *students = canvas
    column = header.index(TITLE)
    offered = sum(_open_on(EARLY).values())
    assert float(possible[column]) == offered
    by_name = {row[0]: row[column] for row in students}
    assert float(by_name["Ana"]) == offered and float(by_name["Ben"]) == 0
    assert by_name["Cam"] == "", "cam was offered other points: a total there would be read out of 6"
    moodle = {r["Username"]: r for r in _csv(graded / "moodle.csv")}
    assert "not asked, not counted" in moodle["ana"][f"Feedback {TITLE}"]
    assert moodle["cam"][TITLE] == ""


def test_moodle_says_the_total_of_a_student_asked_every_question_but_left_blank(tmp_path: Path) -> None:
    """Most of the class set on the first day; dee on the last, every question open: her cell is
    blank (another maximum), so the feedback column must give her total to enter by hand."""
    last = last_day().isoformat()
    assert all(asked_on(LESSON, last).waiting(ex) is None for ex in EXERCISES), "dee must be asked everything"
    out = grade_class(tmp_path, students=(("ana", EARLY, True), ("ben", EARLY, True), ("dee", last, True)))
    dee = {r["Username"]: r for r in _csv(out / "moodle.csv")}["dee"]
    assert dee[TITLE] == ""
    assert "Total not set" in dee[f"Feedback {TITLE}"] and "enter it by hand" in dee[f"Feedback {TITLE}"]
    # Canvas takes no comments: its own Notes column (a custom column Canvas's importer fills when a
    # header equals its title, placed right after Section) carries the same sentence, for dee only
    canvas = {r["Student"]: r for r in _csv(out / "canvas.csv")}
    assert canvas["Dee"][TITLE] == "" and "Notes" not in canvas["Dee"]
    header, *noted = list(csv.reader(io.StringIO((out / "canvas_notes.csv").read_text(encoding="utf-8"))))
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Notes"]
    assert [row[:3] for row in noted] == [["Dee", "", "S3"]], "ana and ben keep whatever notes Canvas has"
    said = dee[f"Feedback {TITLE}"].split("Total not set", 1)[1]
    assert noted[0][5] == f"{TITLE}: Total not set{said}"


def test_one_write_of_the_lms_files_works_out_the_points_possible_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scomm.grading import lms

    calls = []
    real = lms.possible
    monkeypatch.setattr(lms, "possible", lambda found: calls.append(len(found)) or real(found))
    out = grade_class(tmp_path)
    assert len(calls) == 1, "canvas.csv, canvas_notes.csv and moodle.csv share one reckoning"
    assert {"canvas.csv", "canvas_notes.csv", "moodle.csv"} <= {p.name for p in out.iterdir()}


def test_canvas_notes_name_only_the_student_offered_other_points(graded: Path) -> None:
    """cam (set two years later than ana and ben) has the blank cell; ben's 0 needs no note."""
    rows = _csv(graded / "canvas_notes.csv")
    assert [r["Student"] for r in rows] == ["Cam"] and rows[0]["Notes"].startswith(f"{TITLE}: Total not set")


def test_the_class_summary_leaves_not_asked_questions_out_of_every_share(graded: Path) -> None:
    page = BeautifulSoup((graded / "summary.html").read_text(encoding="utf-8"), "html.parser")
    said = " ".join(page.get_text(" ").split())
    early, late = sum(_open_on(EARLY).values()), sum(_open_on(LATE).values())
    assert f"out of {early:g} to {late:g} points" in said
    assert "not asked" in said
    # ana and cam answered l4-compare's open day right where it was asked (cam); ana was not asked it:
    # its share is cam's alone, 100%, not 50% as it would be with ana counted at 0.
    assert "l4-compare 100%" in said


def test_grading_again_writes_the_same_bytes_and_regrading_one_student_keeps_the_rule(
    graded: Path, tmp_path: Path
) -> None:
    before = {p.relative_to(graded): p.read_bytes() for p in graded.rglob("*") if p.is_file()}
    out = grade_class(tmp_path, times=2)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    same = [name for name in before if name.suffix in {".html", ".csv"}]
    assert same and all(before[name] == after[name] for name in same)
    # cam's file graded again on its own: ana's and ben's rows are kept, still out of what they were asked
    assert cli.main(["grade", str(tmp_path / "in" / LESSON / "cam.json"), "--out", str(out)]) == 0
    rows = {r["student_id"]: r for r in _csv(out / "gradebook.csv")}
    assert rows["ana"]["l4-memo"] == "not asked" and float(rows["ana"]["max"]) == sum(
        _open_on(EARLY).values()
    )
    ana = Path("feedback") / LESSON / "ana.html"
    assert (out / ana).read_bytes() == before[ana]
