"""Regrading merges: one student's file graded again changes that student's results and nothing else."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from scomm.cli import main as cli
from scomm.exercises.definitions import load_set
from scomm.exercises.submissions import submission_body
from scomm.grading import summary
from scomm.grading.records import FEEDBACK_DIR, GRADED_DIR, SUMMARY

LESSON = "01_program_mechanics"
KEYS = load_set(LESSON, with_keys=True)
WHEN = "2026-01-15T10:00:00.000+00:00"


def hand_in(folder: Path, student: str, answers: dict, when: str = WHEN) -> Path:
    body = submission_body(
        lesson=LESSON,
        student_id=student,
        seed=0,
        answers={k: (v, when) for k, v in answers.items()},
        submitted_at=when,
    )
    path = folder / LESSON / f"{student}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


def test_grading_one_students_file_updates_only_that_student(tmp_path: Path, capsys) -> None:
    folder, out = tmp_path / "in", tmp_path / "grades"
    for student in ("ana", "ben", "cam"):
        hand_in(folder, student, {"l1-ident": "IAFIS (FBI)"})
    assert cli.main(["grade", str(folder), "--out", str(out)]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    assert {r["l1-ident"] for r in rows(out).values()} == {"0"}

    # Ben's answer is corrected and his one file graded again, into the same folder.
    fixed = hand_in(
        tmp_path / "ben-only", "ben", {"l1-ident": "IDENT (DHS)"}, when="2026-01-16T09:00:00.000+00:00"
    )
    assert cli.main(["grade", str(fixed), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Graded 1 submission(s)" in said and "Kept 2 earlier result(s)" in said
    book = rows(out)
    assert sorted(book) == ["ana", "ben", "cam"], "the others' rows are still in the gradebook"
    assert (book["ana"]["l1-ident"], book["ben"]["l1-ident"], book["cam"]["l1-ident"]) == ("0", "1", "0")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    ben_page = Path(FEEDBACK_DIR) / LESSON / "ben.html"
    assert after[ben_page] != before[ben_page] and "Correct" in after[ben_page].decode()
    for student in ("ana", "cam"):
        page = Path(FEEDBACK_DIR) / LESSON / f"{student}.html"
        assert after[page] == before[page], f"{student}'s feedback page is left as it was"
    assert "3 submission(s) graded" in after[Path(SUMMARY)].decode()
    assert sorted(p.name for p in (out / GRADED_DIR / LESSON).iterdir()) == [
        "ana.json",
        "ben.json",
        "cam.json",
    ]


def test_the_wrong_answers_list_never_names_a_right_part() -> None:
    chosen = KEYS["l1-supported"]
    right = list(chosen.answer)
    wrong = next(o for o in chosen.options if o not in right)
    assert summary.wrong_parts(chosen, [right[0], wrong]) == [wrong]
    assert summary.wrong_parts(chosen, right[:1]) == ["(left out a right option)"]

    claims = KEYS["l1-claims"]
    second = list(claims.answer)[1]
    other = next(c for c in claims.categories if c != claims.answer[second])
    answer = {**claims.answer, second: other}
    assert summary.wrong_parts(claims, answer) == [f"{second} → {other}"]

    case = KEYS["l1-when-booked"].variant(0)
    question = next(iter(case.questions))
    text, options = case.questions[question]
    bad = next(o for o in options if o != case.answer[question])
    parts = summary.wrong_parts(case, {**case.answer, question: bad})
    assert parts == [f"{text} → {bad}"]
    assert all(case.answer[q] not in " ".join(parts) for q in case.questions if q != question)
