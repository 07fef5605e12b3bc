"""`scomm grade`: a class graded to the expected totals, hostile files refused, pages escaped."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from scomm.cli import main as cli
from scomm.exercises import submission_check
from scomm.exercises.base import Exercise
from scomm.exercises.definitions import load_set
from scomm.grading import grade, records
from scomm.grading.records import GRADED_DIR

LESSON = "01_program_mechanics"
CLASS_SIZE = 40
WHEN = "2026-01-15T09:00:00.000+00:00"
HOSTILE = "<script>alert(1)</script>"


def body(student: str, answers: dict, *, seed: int = 7, when: str = WHEN, **changes: object) -> dict:
    """A sound submission body (checksum included), with ``changes`` applied before the checksum."""
    text = {
        "format": "scomm-submission",
        "version": 1,
        "kit_version": "0.1.0",
        "lesson": LESSON,
        "student_id": student,
        "seed": seed,
        "submitted_at": when,
        "answers": {k: {"answer": v, "answered_at": when} for k, v in answers.items()},
        **changes,
    }
    text["checksum"] = submission_check.checksum(text)
    return text


def put(folder: Path, name: str, content: dict | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


# -- what each hostile file is, and the reason it must be skipped with --------------------------


def _tampered() -> dict:
    sound = body("tampered", {"l1-growth": 1.0})
    sound["answers"]["l1-growth"]["answer"] = 4.1  # edited after the checksum was made
    return sound


def _missing_keys() -> dict:
    sound = body("missing", {})
    del sound["answers"]
    return sound


HOSTILE_FILES: dict[str, tuple[object, str]] = {
    "malformed.json": (b'{"format": "scomm-submission", ', "the file is cut off part-way"),
    "not-object.json": (b"[1, 2, 3]", "it holds a JSON list, not a submission object"),
    "missing-keys.json": (_missing_keys(), "it lacks the key(s) answers"),
    "wrong-types.json": (body("types", {}, seed="7"), "seed must be a whole number, not str"),
    "bad-seed.json": (body("seeds", {}, seed=-1), "Parameter seed: -1 is not a usable seed"),
    "tampered.json": (_tampered(), "its checksum does not match its content"),
    "oversized.json": (
        b"{" + b" " * (300 * 1024) + b"}",
        "bytes, more than a submission may be: at most 262,144",
    ),
    "traversal.json": (body("../../x", {}), "Parameter student_id: '../../x' cannot name a student's files"),
    "slash.json": (body("a/b", {}), "Parameter student_id: 'a/b' cannot name"),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "latin1.json": ('{"student_id": "José"}'.encode("latin-1"), "it is not UTF-8 text"),
    "wrong-format.json": (body("v2", {}, version=2), "version 2 is not 'scomm-submission' version 1"),
    "unknown-lesson.json": (body("lost", {}, lesson="../../etc/x"), "has no exercise set"),
    f"{HOSTILE}.json".replace("/", "_"): (b"nope", "it is not a submission written by"),
}


@dataclass(frozen=True)
class Graded:
    folder: Path
    out: Path
    expected: dict[str, float]
    report: records.Report


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    """A synthetic class of 40, one hostile student and every kind of bad file, graded once."""
    root = tmp_path_factory.mktemp("class")
    folder, out = root / "submissions", root / "out"
    expected = grade.synthetic_class(folder, CLASS_SIZE, seed=3)
    for name, (content, _reason) in HOSTILE_FILES.items():
        put(folder / "bad", name, content)
    outside = put(root, "outside.json", body("outsider", {"l1-growth": 4.1}))
    (folder / "bad" / "link.json").symlink_to(outside)
    # An older, all-wrong copy of synthetic-0002: the later file is the one graded.
    put(folder / "early", "synthetic-0002.json", body("synthetic-0002", {}, when="2025-12-01T00:00:00+00:00"))
    put(folder / "odd", "hostile-1.json", body("hostile-1", _hostile_answers()))
    return Graded(folder, out, expected, grade.grade(folder, out))


def _hostile_answers() -> dict:
    return {
        "l1-ident": HOSTILE,
        "l1-supported": ["<img src=x onerror=alert(1)>"],
        "l1-claims": {HOSTILE: "Agency's rationale"},
        "l1-growth": 10**400,  # too large for a float
        "l1-flow-order": [[[[["deep"]]]]],
        "</dd><script>steal()</script>": "an exercise the lesson does not have",
        "l1-start-dates": "__import__('os').system('touch PWNED')",
    }


# -- grading ------------------------------------------------------------------------------------


def _matches_key(exercise: Exercise, answer: object) -> bool:
    """Whether an answer is the key, judged here without the grader's scorer."""
    key = exercise.answer
    if exercise.kind == "numeric":
        return isinstance(answer, int | float) and abs(answer - key) <= exercise.tolerance
    if exercise.kind == "multiple_select":
        return isinstance(answer, list) and set(answer) == set(key)
    if exercise.kind == "ordering":
        return answer == list(key)
    return answer == key


def _total_from_keys(submission: dict) -> float:
    keys = load_set(LESSON, with_keys=True)
    answers = {k: v["answer"] for k, v in submission["answers"].items()}
    return sum(
        ex.points
        for ex in (e.variant(submission["seed"]) for e in keys.values())
        if ex.id in answers and _matches_key(ex, answers[ex.id])
    )


def test_a_synthetic_class_is_graded_to_the_totals_its_keys_give(graded_class: Graded) -> None:
    rows = gradebook(graded_class.out)
    files = sorted((graded_class.folder / LESSON).glob("synthetic-*.json"))
    assert len(files) == CLASS_SIZE
    from_keys = {f.stem: _total_from_keys(json.loads(f.read_text())) for f in files}
    assert from_keys == graded_class.expected
    assert {s: float(rows[s]["total"]) for s in from_keys} == pytest.approx(from_keys)
    assert {rows[s]["max"] for s in from_keys} == {"13"}
    assert 0 < min(from_keys.values()) < max(from_keys.values()) <= 13, "the mix has right and wrong answers"


def test_the_gradebook_has_one_sorted_row_per_student_and_a_column_per_exercise(graded_class: Graded) -> None:
    lines = (graded_class.out / "gradebook.csv").read_text(encoding="utf-8").splitlines()
    ids = list(load_set(LESSON))
    # The lesson's written answers are pending (not marked): a column gives each row's points to mark.
    assert lines[0] == ",".join(["student_id", "lesson", *ids, "total", "max", "pending"])
    students = [line.split(",")[0] for line in lines[1:]]
    assert students == sorted(students) and len(students) == CLASS_SIZE + 1
    assert "outsider" not in students, "a symlinked file is never followed"


# -- hostile files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*HOSTILE_FILES, "link.json", "synthetic-0002.json"])
def test_each_hostile_file_is_skipped_with_its_reason_while_the_rest_are_graded(
    graded_class: Graded, name: str
) -> None:
    reasons = {Path(s.file).name: s.reason for s in graded_class.report.skipped}
    expected = {
        **{n: r for n, (_content, r) in HOSTILE_FILES.items()},
        "link.json": "it is a link or not a regular file",
        "synthetic-0002.json": "duplicate: synthetic-0002 also submitted",
    }
    assert expected[name] in reasons[name]
    assert len(graded_class.report.graded) == CLASS_SIZE + 1
    assert len(graded_class.report.skipped) == len(HOSTILE_FILES) + 2


def test_skipped_files_are_listed_in_skipped_csv(graded_class: Graded) -> None:
    with (graded_class.out / "skipped.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"bad/tampered.json", "bad/link.json", "early/synthetic-0002.json"} <= {r["file"] for r in rows}
    assert all(r["reason"] for r in rows)


def test_answers_that_cannot_be_read_score_zero_and_unknown_ids_are_noted(graded_class: Graded) -> None:
    row = gradebook(graded_class.out)["hostile-1"]
    assert row["total"] == "0"
    page = (graded_class.out / "feedback" / LESSON / "hostile-1.html").read_text(encoding="utf-8")
    assert "This answer could not be read." in page  # the 400-digit number
    assert "Answers not graded" in page and "&lt;/dd&gt;&lt;script&gt;steal()&lt;/script&gt;" in page


def test_student_text_is_escaped_in_feedback_and_summary(graded_class: Graded) -> None:
    page = (graded_class.out / "feedback" / LESSON / "hostile-1.html").read_text(encoding="utf-8")
    summary = (graded_class.out / "summary.html").read_text(encoding="utf-8")
    for text in (page, summary):
        assert "<script" not in text.lower() and "<img" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;_script&gt;.json" in summary  # a file name is student text too


# -- output ---------------------------------------------------------------------------------------


def test_grading_again_writes_the_same_bytes(graded_class: Graded, tmp_path: Path) -> None:
    again = tmp_path / "again"
    grade.grade(graded_class.folder, again)
    first = {p.relative_to(graded_class.out): p.read_bytes() for p in graded_class.out.rglob("*.*")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.*")}
    # one feedback page each, the gradebook, skipped list and summary, and the kit's manifest,
    # and a copy of each submission graded (what a later run of one student keeps the others by)
    copies = [p for p in first if p.parts[0] == GRADED_DIR]
    assert len(copies) == len(graded_class.report.graded)
    assert first.keys() == second.keys() and len(first) - len(copies) == CLASS_SIZE + 1 + 3 + 1
    assert Path(".scomm-manifest.json") in first
    assert first == second


def test_grading_into_a_folder_with_someone_elses_file_changes_nothing_of_theirs(
    graded_class: Graded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "grades"
    (out / "feedback").mkdir(parents=True)
    (out / "gradebook.csv").write_text("my own marks\n", encoding="utf-8")
    (out / "feedback" / "notes.txt").write_text("mine\n", encoding="utf-8")
    args = ["grade", str(graded_class.folder), "--out", str(out)]
    assert cli.main(args) == 2
    assert capsys.readouterr().err == (
        f"scomm grade: {out / 'gradebook.csv'} was not written by scomm; move it away, "
        "choose another --out, or pass --force to replace it.\n"
    )
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "feedback/notes.txt",
        "gradebook.csv",
    ]
    assert cli.main([*args, "--force"]) == 0
    assert (out / "gradebook.csv").read_text(encoding="utf-8").startswith("student_id,lesson,")
    assert (out / "feedback" / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_feedback_pages_show_prompt_answer_points_explanation_and_data(graded_class: Graded) -> None:
    page = (graded_class.out / "feedback" / LESSON / "synthetic-0001.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "From the submissions chart: FY2010" in page  # a prompt
    assert "3,376,753 submissions in FY2010" in page  # an explanation from keys/
    assert "U.S. Immigration and Customs Enforcement, 28 February 2011; Wikipedia, 2018" in page
    assert re.search(r"<dt>Points</dt><dd>\d+(\.\d+)? of 2 \(assessment\)</dd>", page)


def test_the_summary_has_three_described_charts_and_the_skipped_table(graded_class: Graded) -> None:
    summary = (graded_class.out / "summary.html").read_text(encoding="utf-8")
    labels = re.findall(r'<svg[^>]* role="img" aria-label="([^"]*)"', summary)
    assert len(labels) == summary.count("<svg") == 3
    assert labels[0].startswith("Score distribution, 01_program_mechanics. Histogram of 41 students")
    assert "Bar chart of the mean share of points earned on each exercise" in labels[1]
    assert "Bar chart of the most common wrong answers" in labels[2]
    table = summary[summary.index('<table id="skipped">') :]
    assert "bad/link.json</td><td>it is a link or not a regular file" in table
    assert "41 submission(s) graded in 1 lesson(s); 16 file(s) skipped." in summary


# -- the command ----------------------------------------------------------------------------------


def test_cli_reports_counts_reasons_and_where_to_look(graded_class: Graded, tmp_path: Path, capsys) -> None:
    assert cli.main(["grade", str(graded_class.folder), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Graded 41 submission(s); skipped 16 file(s).\n")
    assert "  skipped bad/tampered.json: its checksum does not match" in out
    assert f"Gradebook:      {tmp_path / 'out' / 'gradebook.csv'}" in out
