"""Rubric marks on written answers, kept durably: one file per marker per lesson.

Each mark is one checksummed line appended to ``<marking folder>/<lesson>/<marker>.jsonl``
(``durable.append_line``: under a lock, every byte written and ``fsync``-ed before the marker
is told it is saved). Nothing is rewritten, so a mark can never be damaged by a later one;
the latest line for a student's answer is that marker's mark. A marker killed mid-write
leaves at most one torn last line, which readers skip and count.

A mark is keyed by the answer it was given to (``digest``, a sha256 of the answer's text), not
only by student and exercise: when a student hands in a changed answer, the old mark no longer
fits it and the answer shows as needing re-marking. The digest is of the one answer rather than
the whole submission, so an unrelated change elsewhere in the file does not undo marking.

>>> import tempfile
>>> store = Store(Path(tempfile.mkdtemp()), "04_pep_transition", "ta-1")
>>> given = store.give("kim", "l4-memo", digest("My memo."), {"legal": "4"}, "Clear.")
>>> store.latest()[("kim", "l4-memo")].levels
{'legal': '4'}
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scomm.course import durable
from scomm.course.layout import ROOT
from scomm.course.sheets import has_control
from scomm.errors import ScommError

#: Where marks are kept unless ``--marks DIR`` says otherwise (never under build/, which is thrown away).
MARKING_DIR = ROOT / "marking"
MARKER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
COMMENT_CHARS = 5000
_FIELDS = frozenset({"student", "exercise", "digest", "levels", "comment", "marker", "at"})


class MarkError(ScommError, ValueError):
    """A mark, a marker's name or a marking folder cannot be used; the message says which and why."""


def digest(answer: object) -> str:
    """The key of the answer a mark was given to: sha256 of its text.

    >>> digest("My memo.")[:19]
    'sha256:670e109bf22c'
    """
    text = answer if isinstance(answer, str) else json.dumps(answer, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def check_marker(name: str) -> str:
    """A marker's name, which names their file; refused when it could be a path or is too long.

    >>> check_marker("ta-lee")
    'ta-lee'
    """
    if not isinstance(name, str) or not MARKER_NAME.fullmatch(name):
        shown = str(name)[:40]
        raise MarkError(
            f"--marker {shown!r} is not a marker name (allowed: 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit, e.g. --marker ta-lee)"
        )
    return name


@dataclass(frozen=True)
class Given:
    """One mark: a marker's level for each criterion of one student's answer, and a comment."""

    student: str
    exercise: str
    digest: str
    levels: dict[str, str]
    comment: str
    marker: str
    at: str

    def complete(self, criteria: Iterable[str]) -> bool:
        """Whether every criterion named has a level."""
        return all(self.levels.get(c) for c in criteria)


def _record(given: Given) -> bytes:
    body = {k: getattr(given, k) for k in sorted(_FIELDS)}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _parse(chunk: bytes) -> Given | None:
    text = durable.checked_text(chunk)
    try:
        record = json.loads(text) if text is not None else None
    except ValueError:
        return None
    if not isinstance(record, dict) or record.keys() < _FIELDS or not isinstance(record["levels"], dict):
        return None
    return Given(**{k: record[k] for k in _FIELDS})


def _check(levels: Mapping[str, str], comment: str) -> None:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in levels.items()):
        raise MarkError("levels must map each criterion id to a level id, both text")
    if not isinstance(comment, str) or len(comment) > COMMENT_CHARS:
        raise MarkError(f"a comment is text of at most {COMMENT_CHARS:,} characters")
    if has_control(comment, lines=True):
        raise MarkError("a comment may not hold control characters (line breaks and tabs are fine)")


@dataclass(frozen=True)
class Store:
    """One marker's marks on one lesson."""

    folder: Path
    lesson: str
    marker: str

    def __post_init__(self) -> None:
        check_marker(self.marker)

    @property
    def path(self) -> Path:
        return Path(self.folder) / self.lesson / f"{self.marker}.jsonl"

    def give(
        self, student: str, exercise: str, answer_digest: str, levels: Mapping[str, str], comment: str = ""
    ) -> Given:
        """Record a mark durably and return it; ``MarkError`` when it is malformed or cannot be written."""
        _check(levels, comment)
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        given = Given(student, exercise, answer_digest, dict(levels), comment, self.marker, at)
        try:
            durable.append_line(self.path, durable.checked_line(_record(given)))
        except (OSError, UnicodeEncodeError) as problem:
            raise MarkError(f"the mark was NOT saved in {self.path}: {problem}") from None
        return given

    def read(self) -> tuple[list[Given], int]:
        """Every sound mark in order, and how many lines were torn, edited or of another marker."""
        found, damaged = [], 0
        for chunk in durable.read_lines(self.path):
            given = _parse(chunk)
            if given is None or given.marker != self.marker:
                damaged += 1
            else:
                found.append(given)
        return found, damaged

    def latest(self) -> dict[tuple[str, str], Given]:
        """This marker's last mark on each (student, exercise)."""
        return {(g.student, g.exercise): g for g in self.read()[0]}


def markers(folder: Path, lesson: str) -> list[str]:
    """Everyone who has marked ``lesson`` in ``folder``, by name."""
    base = Path(folder) / lesson
    names = sorted(p.stem for p in base.glob("*.jsonl")) if base.is_dir() else []
    return [n for n in names if MARKER_NAME.fullmatch(n)]


def every_mark(folder: Path, lesson: str) -> dict[str, dict[tuple[str, str], Given]]:
    """Each marker's latest marks on ``lesson``."""
    return {name: Store(folder, lesson, name).latest() for name in markers(folder, lesson)}


def settled(
    folder: Path, lesson: str, criteria: Mapping[str, tuple[str, ...]]
) -> dict[tuple[str, str], Given]:
    """The mark that counts for each answer: the latest complete one, whoever gave it.

    ``criteria`` maps each exercise to its criterion ids. A later complete mark replaces an
    earlier one (a moderator's re-mark wins); an incomplete one replaces nothing. Whether the
    mark still fits the answer handed in is the caller's to check (``Given.digest``).
    """
    found: dict[tuple[str, str], Given] = {}
    for marks in every_mark(folder, lesson).values():
        for key, given in marks.items():
            if not given.complete(criteria.get(given.exercise, ("",))):
                continue
            if key not in found or given.at > found[key].at:
                found[key] = given
    return found
