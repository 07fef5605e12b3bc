"""Submission files written: by ``scomm submit`` and the submit button.

A submission is one JSON file per student and lesson, ``<folder>/<lesson>/<student_id>.json``,
with the student's latest answers and a checksum. What the kit calls submitted is exactly what
the grader accepts: ``submit`` reads the written file back with the grader's own reader
(``scomm.exercises.submission_check.read_submission``) before it replaces the previous one.

>>> body = submission_body(lesson="01_program_mechanics", student_id="kim", seed=3, answers={})
>>> body["format"], body["checksum"] == checksum(body)
('scomm-submission', True)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from scomm import __version__
from scomm.course import durable
from scomm.exercises.base import ExerciseError
from scomm.exercises.definitions import load_set
from scomm.exercises.responses import Log, NotSaved, encode, not_saved, now, root
from scomm.exercises.submission_check import FORMAT, FORMAT_VERSION, Rejected, checksum, read_submission


def submission_body(
    *,
    lesson: str,
    student_id: str,
    seed: int,
    answers: Mapping[str, tuple[object, str]],
    submitted_at: str | None = None,
    as_of: str | None = None,
    level: str | None = None,
) -> dict:
    """A submission in the kit's format, checksum included. ``answers``: id -> (answer, answered_at).

    ``as_of``, the day the lesson was set on, is recorded when given: the grader draws a
    generated case from it, as the student's notebook did. So is ``level``, the class's level:
    the marking desk shows the length a written answer was asked at it.
    """
    body = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kit_version": __version__,
        "lesson": lesson,
        "student_id": student_id,
        "seed": seed,
        "submitted_at": submitted_at or now(),
        "answers": {
            ex: {"answer": answer, "answered_at": at} for ex, (answer, at) in sorted(answers.items())
        },
    }
    if as_of:
        body["as_of"] = as_of
    if level:
        body["level"] = level
    body["checksum"] = checksum(body)
    return body


def submission(log: Log, *, seed: int = 0, as_of: str | None = None, level: str | None = None) -> dict:
    """The submission body for a student's latest answers."""
    latest = {ex: (r["answer"], r["at"]) for ex, r in log.latest().items()}
    return submission_body(
        lesson=log.lesson, student_id=log.student_id, seed=seed, answers=latest, as_of=as_of, level=level
    )


def submit(
    log: Log, *, seed: int = 0, folder: Path | None = None, as_of: str | None = None, level: str | None = None
) -> Path:
    """Write ``<folder>/<lesson>/<student_id>.json`` atomically and durably; return its path.

    ``NotSaved`` when the file cannot be written, or when the grader would refuse it (too
    large, say): then the previous submission, if any, is left as it was, and no temporary
    file is left behind.
    """
    body = submission(log, seed=seed, as_of=as_of, level=level)
    text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True)
    data = encode(text, "submission")
    target = (folder or root() / "submissions") / log.lesson / f"{log.student_id}.json"
    try:
        durable.replace(target, data, check=lambda written: _as_the_grader_would(written, target))
    except OSError as problem:
        raise not_saved(problem, target.parent, "submission") from None
    return target


def _as_the_grader_would(path: Path, target: Path) -> None:
    """Refuse a submission ``scomm grade`` would refuse at ``target``, with the grader's own reason."""
    lesson = target.parent.name
    try:
        sets: dict[str, object] = {lesson: load_set(lesson)}
    except ExerciseError as problem:
        sets = {lesson: problem}
    try:
        read_submission(path, sets, name=target.name)
    except Rejected as reason:
        raise NotSaved(
            f"Your submission was NOT saved: the grader would refuse it ({reason}); "
            "your answers are still recorded, so tell your instructor."
        ) from None
