"""Written answers in the gradebook: each marked with its rubric, or *pending*, never 0.

A written answer (``short_answer``, ``long_answer``) is not checked by the grader but marked
by a person with ``scomm mark``. When grading, each one is:

- **not answered** (no text): 0, as any unanswered exercise;
- **marked**: the mark that counts (``marks.settled``: the latest complete one) was given to
  the very text handed in; its points are the levels' points, and the feedback page shows each
  criterion's level, descriptor and the marker's comment;
- **pending**: no mark yet, or the mark was given to an earlier version of the answer (the
  student resubmitted), or the lesson has no rubric for it yet. Its points count in the
  maximum but not the total, and the gradebook, feedback and summary say "pending".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scomm.exercises.base import Exercise, Feedback
from scomm.grading import marks, rubrics
from scomm.grading.records import Judged, Mark

PENDING = "pending"


@dataclass(frozen=True)
class Marking:
    """What the grader knows of a lesson's rubric marking: its rubrics and the marks that count."""

    rubrics: Mapping[str, rubrics.Rubric] = field(default_factory=dict)
    settled: Mapping[tuple[str, str], marks.Given] = field(default_factory=dict)
    problem: str = ""  # why the rubrics could not be read, when they could not


def marking(lesson: str, folder: Path | None) -> Marking:
    """A lesson's rubrics and settled marks (none when ``folder`` is None or holds none).

    A broken rubric file stops nothing: the lesson's written answers stay pending, each saying
    why, and everything else is graded (``scomm validate`` names the mistake).
    """
    try:
        found = rubrics.load(lesson)
    except rubrics.RubricError as error:
        return Marking(problem=str(error))
    if folder is None or not Path(folder).is_dir():
        return Marking(found, {})
    criteria = {ex: tuple(c.id for c in r.criteria) for ex, r in found.items()}
    return Marking(found, marks.settled(Path(folder), lesson, criteria))


def _pending(exercise: Exercise, answer: object, why: str) -> Mark:
    feedback = Feedback(0.0, exercise.points, f"Pending: {why}", exercise.rests_on)
    return Mark(exercise, True, answer, feedback, pending=True)


def rubric_mark(exercise: Exercise, student: str, answers: Mapping[str, object], known: Marking) -> Mark:
    """The grade of one written answer: marked with its rubric, pending, or not answered."""
    answer = answers.get(exercise.id)
    if not isinstance(answer, str) or not answer.strip():
        feedback = Feedback(0.0, exercise.points, "Not answered.", exercise.rests_on)
        return Mark(exercise, False, None, feedback)
    rubric = known.rubrics.get(exercise.id)
    if known.problem:
        return _pending(exercise, answer, f"its rubric cannot be read ({known.problem}).")
    if rubric is None:
        return _pending(exercise, answer, "this exercise has no rubric yet, so it has not been marked.")
    given = known.settled.get((student, exercise.id))
    if given is None:
        return _pending(exercise, answer, "not marked yet.")
    if given.digest != marks.digest(answer):
        return _pending(
            exercise, answer, "the answer was changed after it was marked; it will be marked again."
        )
    judged = []
    for criterion in rubric.criteria:
        level = criterion.level(given.levels.get(criterion.id, ""))
        if level is None:  # the rubric changed since: that criterion has to be marked again
            return _pending(exercise, answer, f"the rubric's criterion {criterion.name!r} is not marked yet.")
        judged.append(Judged(criterion.name, level.id, level.points, criterion.top, level.descriptor))
    score = round(sum(j.points for j in judged), 4)
    feedback = Feedback(score, exercise.points, "Marked with the rubric.", exercise.rests_on)
    return Mark(exercise, True, answer, feedback, judged=tuple(judged), comment=given.comment)
