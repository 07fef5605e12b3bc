"""Rubrics for written answers: ``keys/rubrics/<lesson>.toml``, loaded and checked.

A rubric belongs to one written exercise (``scomm.exercises.written.is_written``) and has
criteria; each criterion has levels, listed best first, each with points and a descriptor. The
exercise's points are the sum of each criterion's top level. Rubrics are keys: they stay in
``keys/`` and never reach a student build.

A mistake names the file, the rubric (its exercise), the criterion and the field:

>>> parse("x.toml", "lesson = 'l'\\n[[rubric]]\\nexercise = 'q'\\n[[rubric.criterion]]\\nid = 'c'\\nname = 'C'\\n")
Traceback (most recent call last):
...
scomm.grading.rubrics.RubricError: x.toml, rubric q, criterion c: level has no entries; list the levels best first, each with id, points and descriptor
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scomm.course.layout import KEYS_DIR
from scomm.errors import ScommError
from scomm.exercises.written import is_written

RUBRICS_DIR = "rubrics"


class RubricError(ScommError, ValueError):
    """A rubric file is wrong; the message names the file, rubric, criterion and field."""


@dataclass(frozen=True)
class Level:
    """One level of a criterion: e.g. ``4``, 4 points, what an answer at that level does."""

    id: str
    points: float
    descriptor: str


@dataclass(frozen=True)
class Criterion:
    """One thing a written answer is judged on, with its levels best first."""

    id: str
    name: str
    levels: tuple[Level, ...]

    @property
    def top(self) -> float:
        return self.levels[0].points

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)


@dataclass(frozen=True)
class Rubric:
    """The rubric of one written exercise."""

    lesson: str
    exercise: str
    criteria: tuple[Criterion, ...]
    good_answer: tuple[str, ...] = ()

    @property
    def points(self) -> float:
        return round(sum(c.top for c in self.criteria), 4)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


def folder() -> Path:
    return KEYS_DIR / RUBRICS_DIR


def load(lesson: str, where: Path | None = None) -> dict[str, Rubric]:
    """A lesson's rubrics by exercise id; none when the lesson has no rubric file."""
    path = (where or folder()) / f"{lesson}.toml"
    if not path.exists():
        return {}
    return parse(str(path), path.read_text(encoding="utf-8"), lesson=lesson)


def parse(name: str, text: str, *, lesson: str | None = None) -> dict[str, Rubric]:
    """The rubrics in ``text`` (the file ``name``), checked field by field."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise RubricError(f"{name}: not valid TOML ({problem})") from None
    found = _text(table, "lesson", name)
    if lesson is not None and found != lesson:
        raise RubricError(f"{name}: lesson is {found!r} but the file is named for {lesson!r}")
    rubrics: dict[str, Rubric] = {}
    for entry in _entries(table, "rubric", name):
        exercise = _text(entry, "exercise", name)
        where = f"{name}, rubric {exercise}"
        if exercise in rubrics:
            raise RubricError(f"{where}: a second rubric for the same exercise; keep one")
        good = entry.get("good_answer", [])
        if not isinstance(good, list) or not all(isinstance(g, str) for g in good):
            raise RubricError(f"{where}: good_answer must be a list of text")
        criteria = tuple(_criterion(c, where) for c in _entries(entry, "criterion", where))
        _unique([c.id for c in criteria], where, "criterion id")
        rubrics[exercise] = Rubric(found, exercise, criteria, tuple(good))
    return rubrics


def _criterion(entry: Mapping, where: str) -> Criterion:
    here = f"{where}, criterion {_text(entry, 'id', where)}"
    levels = tuple(_level(lv, here) for lv in _entries(entry, "level", here))
    _unique([lv.id for lv in levels], here, "level id")
    if any(a.points < b.points for a, b in itertools.pairwise(levels)):
        raise RubricError(f"{here}: levels must be listed best first (points never rising)")
    return Criterion(entry["id"], _text(entry, "name", here), levels)


def _level(entry: Mapping, where: str) -> Level:
    here = f"{where}, level {_text(entry, 'id', where)}"
    value = entry.get("points")
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise RubricError(f"{here}: points must be a number of at least 0, not {value!r}")
    return Level(entry["id"], float(value), _text(entry, "descriptor", here))


def _entries(table: Mapping, key: str, where: str) -> list[Mapping]:
    found = table.get(key)
    if not found:
        wanted = {
            "rubric": "add a [[rubric]] for each written exercise",
            "criterion": "add at least one [[rubric.criterion]]",
            "level": "list the levels best first, each with id, points and descriptor",
        }[key]
        raise RubricError(f"{where}: {key} has no entries; {wanted}")
    if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
        raise RubricError(f"{where}: {key} must be a list of tables ([[...]])")
    return found


def _text(table: Mapping, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        shown = "missing" if value is None else repr(value)
        raise RubricError(f"{where}: {key} must be non-empty text ({shown})")
    return value


def _unique(ids: list[str], where: str, what: str) -> None:
    seen = {i for i in ids if ids.count(i) > 1}
    if seen:
        raise RubricError(f"{where}: {what} {sorted(seen)[0]!r} is used twice")


def problems(lesson: str, exercises: Mapping[str, object], rubrics: Mapping[str, Rubric]) -> list[str]:
    """What is wrong between a lesson's written exercises and its rubrics (empty when all is well).

    Every assessed written exercise has a rubric, every rubric an exercise that is written, and
    the exercise's points are its rubric's maximum.
    """
    found = []
    for ex_id, rubric in rubrics.items():
        exercise = exercises.get(ex_id)
        if exercise is None or not is_written(exercise):
            found.append(f"keys/{RUBRICS_DIR}/{lesson}.toml, rubric {ex_id}: no written exercise {ex_id}")
        elif abs(float(getattr(exercise, "points", 0)) - rubric.points) > 1e-9:
            found.append(
                f"keys/{RUBRICS_DIR}/{lesson}.toml, rubric {ex_id}: the criteria's top levels add up "
                f"to {rubric.points:g} points but the exercise is worth {getattr(exercise, 'points', 0):g}"
            )
    for ex_id, exercise in exercises.items():
        if (
            is_written(exercise)
            and getattr(exercise, "mode", "practice") != "practice"
            and ex_id not in rubrics
        ):
            found.append(
                f"lesson {lesson}, exercise {ex_id}: assessed written answer with no rubric in "
                f"keys/{RUBRICS_DIR}/{lesson}.toml"
            )
    return found


def check_all(sets: Mapping[str, object], where: Path | None = None) -> int:
    """Check every lesson's rubrics against its exercises; return how many rubrics there are.

    ``sets`` maps each lesson to its exercises or to the error that keeps them from loading
    (``scomm.grading.intake.exercise_sets``). Raises ``RubricError`` listing every problem.
    """
    base = where or folder()
    found, count = [], 0
    files = {p.stem for p in base.glob("*.toml")} if base.is_dir() else set()
    for lesson in sorted(files - set(sets)):
        found.append(f"keys/{RUBRICS_DIR}/{lesson}.toml: no lesson {lesson} has an exercise set")
    for lesson, exercises in sorted(sets.items()):
        try:
            rubrics = load(lesson, base)
        except RubricError as problem:
            found.append(str(problem))
            continue
        count += len(rubrics)
        if isinstance(exercises, Mapping):
            found += problems(lesson, exercises, rubrics)
        elif rubrics:
            found.append(f"lesson {lesson}: its rubrics cannot be checked ({exercises})")
    if found:
        raise RubricError("; ".join(found))
    return count
