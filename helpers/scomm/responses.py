"""Students' answers: recorded the moment they are given, never lost, restored on re-open.

Each answer is one line appended to ``<root>/<lesson>/<student_id>.jsonl``:

    {"answer": "IDENT", "at": "2026-11-22T10:00:00+00:00", "exercise": "l1-ident", ...}\t<sha256 prefix>

Why this shape:

- **Append-only.** Nothing is rewritten, so an earlier answer can never be damaged by a
  later one. The latest line for an exercise is the student's answer.
- **Atomic.** A line goes down in one ``write`` under an exclusive ``flock`` and is then
  ``fsync``-ed. A process killed mid-write can leave at most one unfinished last line;
  it lacks its newline or its checksum, and readers skip it (and say so).
- **Safe with two kernels.** The lock serialises writers on the same file.

``submit`` turns the latest answers into one submission file per student per lesson,
with a checksum so the grader can tell a damaged or edited file from a sound one. The
checksum is not a signature: anyone can recompute it. It catches accidents and naive
edits, not a determined forger.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scomm import __version__, params
from scomm.course import ROOT

FORMAT = "scomm-submission"
FORMAT_VERSION = 1
_HASH_CHARS = 16


def root() -> Path:
    """Where answers are kept: $SCOMM_RESPONSES, or responses/ in the kit."""
    return Path(os.environ.get("SCOMM_RESPONSES") or ROOT / "responses")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _line(record: dict) -> bytes:
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:_HASH_CHARS]
    return f"{text}\t{digest}\n".encode()


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

    def record(self, exercise: str, answer: object) -> dict:
        """Append one answer durably and return the record written."""
        entry = {
            "student_id": self.student_id,
            "lesson": self.lesson,
            "exercise": exercise,
            "answer": answer,
            "at": _now(),
        }
        line = _line(entry)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            _repair_tail(fd)
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)  # closing releases the lock
        return entry

    def read(self) -> tuple[list[dict], int]:
        """Every sound record in order, and how many damaged lines were skipped."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return [], 0
        records, damaged = [], 0
        for chunk in raw.split(b"\n"):
            if not chunk:
                continue
            record = _parse(chunk)
            if record is None:
                damaged += 1
            else:
                records.append(record)
        return records, damaged

    def latest(self) -> dict[str, dict]:
        """The last answer to each exercise, by exercise id."""
        return {r["exercise"]: r for r in self.read()[0]}


def _parse(chunk: bytes) -> dict | None:
    text, _, digest = chunk.decode("utf-8", errors="replace").rpartition("\t")
    if hashlib.sha256(text.encode()).hexdigest()[:_HASH_CHARS] != digest:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _repair_tail(fd: int) -> None:
    # A writer killed mid-line leaves bytes with no newline; start ours on a fresh line so
    # the damage stays in that one unreadable fragment and never swallows a good record.
    size = os.fstat(fd).st_size
    if size and os.pread(fd, 1, size - 1) != b"\n":
        os.write(fd, b"\n")


# -- submissions ----------------------------------------------------------------------------------


def checksum(body: dict) -> str:
    """sha256 of the submission's canonical JSON, without its own checksum field."""
    payload = {k: v for k, v in body.items() if k != "checksum"}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def submission_body(
    *,
    lesson: str,
    student_id: str,
    seed: int,
    answers: Mapping[str, tuple[object, str]],
    submitted_at: str | None = None,
) -> dict:
    """A submission in the kit's format, checksum included. ``answers``: id -> (answer, answered_at)."""
    body = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kit_version": __version__,
        "lesson": lesson,
        "student_id": student_id,
        "seed": seed,
        "submitted_at": submitted_at or _now(),
        "answers": {
            ex: {"answer": answer, "answered_at": at} for ex, (answer, at) in sorted(answers.items())
        },
    }
    body["checksum"] = checksum(body)
    return body


def submission(log: Log, *, seed: int = 0) -> dict:
    """The submission body for a student's latest answers."""
    latest = {ex: (r["answer"], r["at"]) for ex, r in log.latest().items()}
    return submission_body(lesson=log.lesson, student_id=log.student_id, seed=seed, answers=latest)


def submit(log: Log, *, seed: int = 0, folder: Path | None = None) -> Path:
    """Write ``<folder>/<lesson>/<student_id>.json`` atomically; return its path."""
    body = submission(log, seed=seed)
    target = (folder or root() / "submissions") / log.lesson / f"{log.student_id}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(body, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    return target
