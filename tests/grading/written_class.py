"""A small lesson with written exercises and a class's submissions, for the marking tests.

Its exercise set is TOML in the shape of ``exercise_sets/*.toml`` and is read by the loader real
lessons go through (``definitions.build_set``), so its written answers are the kit's own
``ShortAnswer`` and ``LongAnswer``, asked about with ``is_written`` as every lesson's are.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from scomm.exercises import submissions
from scomm.exercises.base import Exercise
from scomm.exercises.definitions import build_set
from scomm.exercises.submission_check import Submission
from scomm.grading import rubrics

LESSON = "04_pep_transition"
WHEN = "2026-03-01T10:00:00.000+00:00"
HOSTILE = '</div><script>document.title="owned"</script><img src=x onerror=alert(1)>'

RUBRIC_TOML = """
lesson = "04_pep_transition"

[[rubric]]
exercise = "l4-memo"
good_answer = ["names the November 2014 memos", "weighs both sides' evidence"]

[[rubric.criterion]]
id = "legal"
name = "Legal accuracy"
[[rubric.criterion.level]]
id = "4"
points = 4
descriptor = "Every legal claim is right and sourced."
[[rubric.criterion.level]]
id = "2"
points = 2
descriptor = "Some legal claims are right."
[[rubric.criterion.level]]
id = "0"
points = 0
descriptor = "No legal claim is right."

[[rubric.criterion]]
id = "evidence"
name = "Use of evidence"
[[rubric.criterion.level]]
id = "good"
points = 2
descriptor = "Cites sources for each claim."
[[rubric.criterion.level]]
id = "weak"
points = 0
descriptor = "Cites no source."

[[rubric]]
exercise = "l4-short"
[[rubric.criterion]]
id = "idea"
name = "Main idea"
[[rubric.criterion.level]]
id = "yes"
points = 1
descriptor = "States the change."
[[rubric.criterion.level]]
id = "no"
points = 0
descriptor = "Does not."
"""


SET_TOML = """
[[exercise]]
id = "l4-pick"
kind = "single_choice"
prompt = "Which program replaced S-Comm?"
options = ["PEP", "287(g)"]
answer = "PEP"
points = 1

[[exercise]]
id = "l4-memo"
kind = "long_answer"
mode = "assessment"
points = 6
words = [5, 1200]
prompt = "Write a policy memo."

[[exercise]]
id = "l4-short"
kind = "short_answer"
mode = "assessment"
points = 1
prompt = "In one sentence, what changed?"
"""


def exercises() -> dict[str, Exercise]:
    """One auto-checked item and two written ones (assessed memo, 6 points; short answer, 1 point)."""
    return build_set(LESSON, tomllib.loads(SET_TOML))


def rubric_folder(base: Path) -> Path:
    folder = base / "rubrics"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{LESSON}.toml").write_text(RUBRIC_TOML, encoding="utf-8")
    return folder


def stand_in(monkeypatch, base: Path) -> list[Submission]:
    """Put this lesson and its rubrics in place of the kit's for the test, and hand in ``a_class(3)``
    under ``base / "in"``; return the class."""
    from scomm.grading import grade, intake, marking

    folder = rubric_folder(base)
    monkeypatch.setattr(rubrics, "folder", lambda: folder)
    for module in (intake, grade, marking):  # each imported exercise_sets by name
        monkeypatch.setattr(module, "exercise_sets", lambda: {LESSON: exercises()})
    students = a_class(3)
    for s in students:
        write_submission(base / "in", s)
    return students


def the_rubrics(base: Path) -> dict[str, rubrics.Rubric]:
    return rubrics.load(LESSON, rubric_folder(base))


def submission(student: str, answers: dict, *, when: str = WHEN) -> Submission:
    from datetime import datetime

    return Submission(f"{student}.json", student, LESSON, 7, when, datetime.fromisoformat(when), answers)


def memo(n: int) -> str:
    return f"Memo {n}. The November 2014 memos ended S-Comm.\n\nSecond paragraph of student {n}."


def a_class(n: int = 3) -> list[Submission]:
    """``n`` students each with a memo and a short answer; the first also answers with hostile HTML."""
    found = []
    for i in range(1, n + 1):
        text = memo(i) + (HOSTILE if i == 1 else "")
        found.append(submission(f"s{i:03d}", {"l4-pick": "PEP", "l4-memo": text, "l4-short": f"PEP {i}."}))
    return found


def write_submission(folder: Path, s: Submission) -> Path:
    """``s`` as the file ``scomm submit`` would write."""
    body = submissions.submission_body(
        lesson=s.lesson,
        student_id=s.student_id,
        seed=s.seed,
        answers={k: (v, s.submitted_at) for k, v in s.answers.items()},
        submitted_at=s.submitted_at,
    )
    path = folder / s.lesson / f"{s.student_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body), encoding="utf-8")
    return path
