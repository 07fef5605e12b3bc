"""Students' answers: recorded the moment they are given, never lost, restored on re-open.

Each answer is one line appended to ``<root>/<lesson>/<student_id>.jsonl``:

    {"answer": "IDENT", "at": "2026-11-22T10:00:00+00:00", "exercise": "l1-ident", ...}\t<sha256 prefix>

Why this shape:

- **Append-only.** Nothing is rewritten, so an earlier answer can never be damaged by a
  later one. The latest line for an exercise is the student's answer.
- **Atomic.** A line goes down whole under an exclusive ``flock`` (``durable.append``). A
  process killed mid-write can leave at most one unfinished last line; it lacks its
  newline or its checksum, and readers skip it (and say so).
- **Safe with two kernels.** The lock serialises writers on the same file.
- **Acknowledged only when on disk.** Every byte is written and ``fsync``-ed, and so is the
  folder when the file or folder is new. A write that fails part-way (a full disk) is cut
  back to the size before it, so no half line is left, and ``NotSaved`` says in one
  sentence that the answer was *not* saved and what to do.
- **Only its own student.** A line whose ``student_id`` or ``lesson`` is not the log's
  (pasted from another file) is skipped and counted as foreign; CRLF line ends are read.

``scomm.exercises.submissions`` turns the latest answers into one submission file per student
per lesson.
"""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from scomm.course import durable, hub, params
from scomm.course.layout import ROOT
from scomm.errors import ScommError

#: What a failed write means for the student, by errno; anything else is named by its strerror.
_CAUSES = {
    errno.ENOSPC: "is full",
    errno.EDQUOT: "is full (quota reached)",
    errno.EROFS: "is read-only",
    errno.EACCES: "may not be written to",
    errno.EPERM: "may not be written to",
}

#: What a student can do when their answer or submission was not saved.
_ADVICE = {
    "answer": "copy your answer somewhere safe and tell your instructor",
    "submission": "your answers are still recorded, so submit again later or tell your instructor",
}


class NotSaved(ScommError, RuntimeError):
    """An answer or submission was not saved; ``str()`` is the one sentence to show the student.

    ``cause`` is the reason alone (``"the folder … is full (…)"``), for callers that word
    the sentence themselves.
    """

    def __init__(self, message: str, cause: str = "") -> None:
        super().__init__(message)
        self.cause = cause or message


def root() -> Path:
    """Where answers are kept: $SCOMM_RESPONSES; under JupyterHub ~/scomm-responses; else the course's responses/."""
    return hub.responses_root(ROOT)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def not_saved(problem: OSError, folder: Path, what: str = "answer") -> NotSaved:
    """The one sentence a student sees when writing ``what`` (answer or submission) into ``folder`` failed.

    >>> str(not_saved(OSError(errno.ENOSPC, "No space left on device"), Path("/r/l1")))
    'Your answer was NOT saved: the folder /r/l1 is full (No space left on device); copy your answer somewhere safe and tell your instructor.'
    """
    cause = f"the folder {folder} {_CAUSES.get(problem.errno, 'could not be written')}"
    cause += f" ({problem.strerror or problem})"
    return NotSaved(f"Your {what} was NOT saved: {cause}; {_ADVICE[what]}.", cause)


def encode(text: str, what: str) -> bytes:
    try:
        return text.encode()
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start]
        raise NotSaved(
            f"Your {what} was NOT saved: it contains a character that cannot be stored "
            f"(U+{ord(bad):04X}, half of a character cut in two); retype that part and save again."
        ) from None


def _line(record: dict) -> bytes:
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return durable.checked_line(encode(text, "answer"))


class Reading(NamedTuple):
    """What ``Log.read`` found: the sound records, and how many lines were skipped and why."""

    records: list[dict]
    damaged: int  # torn, edited or unreadable lines
    foreign: int  # sound lines of another student or lesson

    def latest(self) -> dict[str, dict]:
        """The last answer to each exercise, by exercise id."""
        return {r["exercise"]: r for r in self.records}

    def seed(self) -> int | None:
        """The seed of the most recent answer that recorded one (None: no answer did)."""
        seeds = [r["seed"] for r in self.records if isinstance(r.get("seed"), int)]
        return seeds[-1] if seeds else None


@dataclass(frozen=True)
class Log:
    """One student's answers to one lesson."""

    student_id: str
    lesson: str
    folder: Path | None = None

    def __post_init__(self) -> None:
        params.PARAMETERS["student_id"].check(self.student_id)  # no path tricks in file names

    @property
    def path(self) -> Path:
        return (self.folder or root()) / self.lesson / f"{self.student_id}.jsonl"

    def record(self, exercise: str, answer: object, *, seed: int | None = None) -> dict:
        """Append one answer durably and return the record written; ``NotSaved`` if it is not on disk.

        ``seed`` is the variant the student saw: kept with the answer, so a submission made
        later from this log (``scomm submit``) is graded on the student's own case.
        """
        entry = {
            "student_id": self.student_id,
            "lesson": self.lesson,
            "exercise": exercise,
            "answer": answer,
            "at": now(),
        }
        if seed is not None:
            entry["seed"] = seed
        line = _line(entry)
        try:
            durable.append_line(self.path, line)
        except OSError as problem:
            raise not_saved(problem, self.path.parent) from None
        return entry

    def read(self) -> Reading:
        """Every sound record of this student and lesson in order, and the lines skipped."""
        records, damaged, foreign = [], 0, 0
        # A log re-saved with CRLF line ends or a byte-order mark keeps its answers.
        for chunk in durable.read_lines(self.path):
            record = _parse(chunk)
            if record is None:
                damaged += 1
            elif (record["student_id"], record["lesson"]) != (self.student_id, self.lesson):
                foreign += 1
            else:
                records.append(record)
        return Reading(records, damaged, foreign)

    def latest(self) -> dict[str, dict]:
        """The last answer to each exercise, by exercise id."""
        return self.read().latest()


_FIELDS = frozenset({"student_id", "lesson", "exercise", "answer", "at"})


def _parse(chunk: bytes) -> dict | None:
    text = durable.checked_text(chunk)
    if text is None:
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return None
    return record if isinstance(record, dict) and record.keys() >= _FIELDS else None
