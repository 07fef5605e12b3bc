"""A submission file read back and checked: its format, and the one reader ``scomm grade``,
``scomm collect`` and ``submit`` (before it replaces a file) all use.

A submission is one JSON file per student and lesson, ``<folder>/<lesson>/<student_id>.json``,
with the student's latest answers and a checksum (``scomm.exercises.submissions`` writes it).
``read_submission`` refuses a file that is not sound. The checks run cheapest and least
trusting first (file type and size before reading, bytes before JSON, shape before values,
checksum last), so a hostile file is turned away before anything reads it whole:

>>> read_submission(Path("/nowhere/x.json"), {})
Traceback (most recent call last):
...
scomm.exercises.submission_check.Rejected: the file could not be read (No such file or directory)

The checksum is not a signature: anyone can recompute it. It catches accidents and naive
edits, not a determined forger.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from scomm.course import layout, params
from scomm.course.layout import excerpt
from scomm.course.param_dates import check_lesson_day
from scomm.errors import ScommError
from scomm.exercises.base import ExerciseError
from scomm.exercises.written import is_written

FORMAT = "scomm-submission"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024
#: How far ahead of the grader's clock a submission's time may be (machines' clocks differ a little).
CLOCK_SKEW = timedelta(minutes=5)
#: Keys every submission has, and the JSON type each must hold.
REQUIRED: dict[str, type] = {
    "format": str,
    "version": int,
    "kit_version": str,
    "lesson": str,
    "student_id": str,
    "seed": int,
    "submitted_at": str,
    "answers": dict,
    "checksum": str,
}
_JSON_TYPES = {str: "text", int: "a whole number", dict: "an object"}


class Rejected(ScommError, ValueError):
    """A submission file is refused; the message is the reason shown to the instructor."""


class StandsIn(Rejected):
    """A file refused because it could stand in for another student's work: named for someone
    else, dated in the future, or written by someone other than the student it names."""


@dataclass(frozen=True)
class Submission:
    """A sound submission: its file (relative to the graded folder) and the values read from it."""

    file: str
    student_id: str
    lesson: str
    seed: int
    submitted_at: str
    when: datetime
    answers: dict[str, object]
    as_of: str | None = None  # the day the lesson was set on; generated cases depend on it
    level: str | None = (
        None  # the class's level the lesson ran at (a written answer's length); None: not recorded
    )


# -- the format ----------------------------------------------------------------------------------


def checksum(body: dict) -> str:
    """sha256 of the submission's canonical JSON, without its own checksum field."""
    payload = {k: v for k, v in body.items() if k != "checksum"}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


# -- reading ----------------------------------------------------------------------------------------


def read_submission(
    path: Path, sets: Mapping[str, object], *, at: datetime | None = None, name: str | None = None
) -> Submission:
    """The submission in ``path``, or ``Rejected`` saying what is wrong with the file.

    ``sets`` maps each lesson to its exercises, or to the ``ExerciseError`` that keeps it
    from being graded (see ``scomm.grading.grade.exercise_sets``). The file must be named
    ``<student_id>.json`` for the id it holds, and must not be dated after ``at`` (now) by
    more than ``CLOCK_SKEW``: otherwise one student's file could displace another's. ``name``
    is the name the file is handed in under, when it is read before being given that name.
    """
    body = _decode(read_bounded(path)[0])
    _check_shape(body)
    _check_identity(body, sets)
    _check_written(body["answers"], sets[body["lesson"]])
    _check_name(name or path.name, body["student_id"])
    _check_not_future(body["submitted_at"], at or datetime.now(UTC))
    _check_checksum(body)
    return Submission(
        file=str(path),
        student_id=body["student_id"],
        lesson=body["lesson"],
        seed=body["seed"],
        submitted_at=body["submitted_at"],
        when=_moment(body["submitted_at"]),
        answers={k: v["answer"] for k, v in body["answers"].items()},
        as_of=body.get("as_of"),
        level=body.get("level"),
    )


def read_bounded(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes and status of a regular file no bigger than a submission, never read through a link.

    ``Rejected`` names what the file is instead; the status is that of the file actually read,
    even if it was swapped after the first look. ``scomm grade`` and ``scomm collect`` both read
    with it.

    >>> read_bounded(Path("/dev/null"))
    Traceback (most recent call last):
    ...
    scomm.exercises.submission_check.Rejected: it is a link or not a regular file; copy the submission itself into the folder
    """
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            raise Rejected("it is a link or not a regular file; copy the submission itself into the folder")
        if info.st_size > MAX_BYTES:
            raise Rejected(
                f"it is {info.st_size:,} bytes, more than a submission may be: at most {MAX_BYTES:,}"
            )
        # O_NOFOLLOW: a file swapped for a link after the check above is still refused.
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Rejected(f"the file could not be read ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise Rejected(f"it grew past {MAX_BYTES:,} bytes while read, more than a submission may be")
    return raw, status


def _decode(raw: bytes) -> object:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Rejected(f"it is not UTF-8 text (byte {exc.start} cannot be read)") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise Rejected("it is not JSON the grader accepts (nested too deeply)") from None
    except ValueError as exc:  # JSONDecodeError, and numbers too long to convert
        raise Rejected(_not_json(text, exc)) from None


def _not_json(text: str, exc: ValueError) -> str:
    """Why a file is not a submission, in words: empty, cut off, or not the kit's JSON at all.

    >>> _not_json("", ValueError())
    'the file is empty; ask the student to submit again'
    >>> _not_json('{"answers": {"q": "a', json.JSONDecodeError("Unterminated string", '{"answers": {"q": "a', 17))
    'the file is cut off part-way (line 1); ask the student to submit again'
    """
    if not text.strip():
        return "the file is empty; ask the student to submit again"
    if isinstance(exc, json.JSONDecodeError) and text.lstrip().startswith("{"):
        return f"the file is cut off part-way (line {exc.lineno}); ask the student to submit again"
    return "it is not a submission written by `scomm submit` (not JSON); ask the student to submit again"


def _check_shape(body: object) -> None:
    if not isinstance(body, dict):
        raise Rejected(f"it holds a JSON {type(body).__name__}, not a submission object")
    missing = [key for key in REQUIRED if key not in body]
    if missing:
        raise Rejected(f"it lacks the key(s) {', '.join(missing)}; was it written by `scomm submit`?")
    for key, kind in REQUIRED.items():
        value = body[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise Rejected(f"{key} must be {_JSON_TYPES[kind]}, not {type(value).__name__}")
    for exercise_id, entry in body["answers"].items():
        if not isinstance(entry, dict) or "answer" not in entry:
            raise Rejected(f"answers[{excerpt(exercise_id)!r}] is not an object with an 'answer'")
    try:
        params.PARAMETERS["seed"].check(body["seed"])
        _moment(body["submitted_at"])
        _day(body.get("as_of"))
        if "level" in body:
            params.PARAMETERS["level"].check(body["level"])
    except ValueError as exc:  # ParameterError is a ValueError
        raise Rejected(str(exc)) from None


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"submitted_at {excerpt(text)!r} is not a date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(text: object) -> None:
    if text is None:
        return
    try:
        date.fromisoformat(text if isinstance(text, str) else "")
    except ValueError:
        raise ValueError(f"as_of {excerpt(str(text))!r} is not a date written YYYY-MM-DD") from None


def _check_identity(body: dict, sets: Mapping[str, object]) -> None:
    if body["format"] != FORMAT or body["version"] != FORMAT_VERSION:
        raise Rejected(
            f"format {excerpt(body['format'])!r} version {body['version']} is not "
            f"{FORMAT!r} version {FORMAT_VERSION}"
        )
    try:
        params.PARAMETERS["student_id"].check(body["student_id"])
    except params.ParameterError as exc:
        raise Rejected(str(exc)) from None
    lesson = body["lesson"]
    if lesson not in sets:
        raise Rejected(f"lesson {excerpt(lesson)!r} has no exercise set (known: {', '.join(sorted(sets))})")
    if isinstance(sets[lesson], ExerciseError):
        raise Rejected(f"lesson {lesson} cannot be graded: {sets[lesson]}")
    if body.get("as_of") is not None:
        _check_day(lesson, body["as_of"])


def _check_day(slug: str, as_of: str) -> None:
    """A day the lesson is not written for would grade questions it never asks and cite later news."""
    try:
        item = layout.lesson(slug)
    except layout.UnknownLesson:  # an exercise set of the instructor's own: no days to hold it to
        return
    try:
        check_lesson_day(item, datetime.fromisoformat(as_of))
    except ValueError as exc:  # ParameterError
        raise Rejected(str(exc)) from None


def _check_written(answers: dict, exercises: Mapping[str, object]) -> None:
    """A written answer must be text within its exercise's cap; the marker reads it as a string."""
    for exercise_id, entry in answers.items():
        exercise = exercises.get(exercise_id)
        if is_written(exercise):
            problem = exercise.problem(entry["answer"])
            if problem:
                raise Rejected(f"answers[{excerpt(exercise_id)!r}]: {problem}")


def _check_name(name: str, student_id: str) -> None:
    if name != f"{student_id}.json":
        raise StandsIn(
            f"it holds the answers of {student_id} but is named {excerpt(name)!r}; a submission "
            f"is named after its student ({student_id}.json), so one file cannot stand in for another's"
        )


def _check_not_future(submitted_at: str, at: datetime) -> None:
    if _moment(submitted_at) > at + CLOCK_SKEW:
        raise StandsIn(
            f"submitted_at {excerpt(submitted_at)!r} is later than the grader's clock "
            f"({at.isoformat(timespec='seconds')}); a submission dated in the future is not accepted"
        )


def _check_checksum(body: dict) -> None:
    try:
        expected = checksum(body)
    except (ValueError, RecursionError):  # lone surrogates cannot be encoded; absurd nesting
        raise Rejected("its checksum cannot be computed; the file was damaged or edited") from None
    if body["checksum"] != expected:
        raise Rejected("its checksum does not match its content; the file was damaged or edited by hand")
