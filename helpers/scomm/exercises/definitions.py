"""Exercises: a lesson's set, read from its definitions, and the citations its feedback gives.

Definitions are data: ``exercise_sets/<lesson>.toml`` beside this module holds prompts,
options and, for practice items, the key. Keys of assessment items live in the
instructor's ``keys/<lesson>.toml`` at the top of the kit, which student builds never
contain. Each entry becomes one of the kinds in ``scomm.exercises.kinds`` (how an answer is
checked and explained) or ``scomm.exercises.written``.

>>> load_set("01_program_mechanics")["l1-ident"].kind
'single_choice'
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from scomm.course import citations, data, synthetic
from scomm.course.counts import count_of
from scomm.course.layout import KEYS_DIR
from scomm.exercises.base import MODES, Exercise, ExerciseError
from scomm.exercises.kinds import (
    KINDS,
    generator_module,
)

#: What this module defines for others; the kinds live in ``kinds``, ``Exercise`` in ``base``, the
#: written answers in ``written``: import them from there.
__all__ = ["INVENTED", "SETS_DIR", "build_set", "dated", "evidence", "load_set", "rests_on_text"]

SETS_DIR = Path(__file__).parent / "exercise_sets"
#: What an exercise marked ``synthetic`` says its cases are, after the label.
INVENTED = "invented for practice, not a real person or record"


# -- loading definitions ------------------------------------------------------------------------


def load_set(lesson: str, *, with_keys: bool = False, keys_dir: Path | None = None) -> dict[str, Exercise]:
    """A lesson's exercises by id; ``with_keys`` joins the instructor's assessment keys."""
    path = SETS_DIR / f"{lesson}.toml"
    if not path.exists():
        raise ExerciseError(f"lesson {lesson}: no exercise set at {path.name}")
    keys = _keys(lesson, keys_dir or KEYS_DIR) if with_keys else {}
    return build_set(lesson, _toml(path), keys)


def build_set(lesson: str, table: Mapping, keys: Mapping[str, Mapping] | None = None) -> dict[str, Exercise]:
    """A lesson's exercises by id from its set as parsed (``[[exercise]]`` tables), ``keys`` joined in.

    >>> build_set("demo", {"exercise": [{"id": "q", "kind": "short_answer", "prompt": "Why?"}]})["q"].words
    (1, 150)
    """
    found: dict[str, Exercise] = {}
    for entry in table.get("exercise", []):
        exercise = _build(lesson, {**entry, **(keys or {}).get(entry.get("id"), {})})
        if exercise.id in found:
            raise ExerciseError(f"lesson {lesson}: exercise id {exercise.id!r} is used twice")
        found[exercise.id] = exercise
    return found


def dated(lesson: str) -> bool:
    """Whether a set opens each exercise, and the lesson's reading, only once all they rest on was public.

    A set says so with ``dated = true`` at its top; the front then shows a note in place of an
    exercise (or the reading) at an ``as_of`` before that day.
    """
    path = SETS_DIR / f"{lesson}.toml"
    return path.exists() and _toml(path).get("dated") is True


def _toml(path: Path) -> dict:
    """``path`` parsed, once per content: a lesson asks for its set dozens of times.

    The parsed table is shared, so it is only read (``_build`` copies each entry first).
    """
    status = path.stat()
    return _parsed(path, status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=64)
def _parsed(path: Path, _size: int, _mtime_ns: int) -> dict:
    # Size and mtime are only the cache key: an edited file is parsed again.
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _keys(lesson: str, folder: Path) -> dict[str, dict]:
    path = folder / f"{lesson}.toml"
    if not path.exists():
        raise ExerciseError(f"lesson {lesson}: no key file at {path}; assessment items cannot be graded")
    return _toml(path)


def _build(lesson: str, entry: dict) -> Exercise:
    kind = entry.pop("kind", None)
    where = f"lesson {lesson}, exercise {entry.get('id', '?')}"
    _check_fields(where, kind, entry)
    for name in ("options", "items", "categories", "rests_on", "opens_with", "prompt_opens_with", "words"):
        if name in entry:
            entry[name] = tuple(entry[name])
    if kind == "scenario" and entry.get("generator"):
        module = generator_module(entry["generator"])
        entry.setdefault("questions", {q: [text, list(opts)] for q, (text, opts) in module.QUESTIONS.items()})
        # A generator whose answers began on days of their own says when (its option_from()).
        if callable(getattr(module, "option_from", None)):
            entry.setdefault("option_from", module.option_from())
        # A generator that invents its cases says so (SYNTHETIC = True); its exercises inherit the flag.
        entry["synthetic"] = entry.get("synthetic", False) or getattr(module, "SYNTHETIC", False) is True
    if entry.get("synthetic") is True and isinstance(entry.get("prompt"), str):
        entry["prompt"] = synthetic.labelled(entry["prompt"], INVENTED)
    if kind == "scenario":
        entry["cases"] = tuple(entry.get("cases", ()))
        entry["questions"] = {
            q: (text, tuple(options)) for q, (text, options) in entry.get("questions", {}).items()
        }
    if kind in {"multiple_select", "ordering"} and entry.get("answer") is not None:
        entry["answer"] = tuple(entry["answer"])
    try:
        return KINDS[kind](**entry)
    except TypeError as exc:
        raise ExerciseError(f"{where}: {exc}") from None
    except ExerciseError as exc:
        raise ExerciseError(f"lesson {lesson}, {exc}") from None


def _check_fields(where: str, kind: object, entry: dict) -> None:
    """The fields every kind shares: a known kind and mode, and a real day in ``opens_from``."""
    if kind not in KINDS:
        raise ExerciseError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if entry.get("mode", "practice") not in MODES:
        raise ExerciseError(f"{where}: mode {entry.get('mode')!r} is not one of {', '.join(MODES)}")
    if bool(entry.get("prompt_opens_with")) != bool(entry.get("earlier_prompt")):
        raise ExerciseError(
            f"{where}: prompt_opens_with and earlier_prompt go together (the rows and the wording asked before them)"
        )
    if "opens_from" in entry:
        try:
            date.fromisoformat(entry["opens_from"])
        except (TypeError, ValueError):
            raise ExerciseError(
                f"{where}: opens_from {entry['opens_from']!r} is not a day written YYYY-MM-DD"
            ) from None


def evidence(rows: Sequence[str], *, as_of: pd.Timestamp | None = None) -> tuple[list[str], int]:
    """The ids of the sources data rows cite (``table:row`` or ``sources:id``), once each in order:
    with ``as_of``, those published by then, and a count of the rest.

    A row the data do not hold cites nothing (the exercise sets' tests check every row exists).
    """
    sources_of: dict[str, dict[str, tuple[str, ...]]] = {}  # one load per table, not per row
    ids: list[str] = []
    for row in rows:
        table, _, row_id = row.partition(":")
        if table == "sources":
            ids.append(row_id)
            continue
        if table not in sources_of:
            frame = data.load(table)
            sources_of[table] = dict(zip(frame.iloc[:, 0], frame["source_ids"], strict=True))
        ids.extend(sources_of[table].get(row_id, ()))
    return citations.split(ids, as_of=as_of)


def rests_on_text(rows: Sequence[str], *, as_of: pd.Timestamp | None = None) -> str:
    """The sources data rows cite, as a reader names them: publisher and date, once each.

    With ``as_of``, only sources published by then are named; the rest are counted. (The rows'
    tables and ids are the kit's, for graders: ``evidence`` gives the source ids.)

    >>> rests_on_text(["sources:ice-2009-sop"])
    'U.S. Immigration and Customs Enforcement, 30 September 2009'
    >>> rests_on_text(["sources:ice-2009-sop"], as_of=pd.Timestamp("2009-06-01"))
    'No source published by then (1 source published later)'
    """
    shown, later = evidence(rows, as_of=as_of)
    if later and not shown:  # never a line that starts "and ..."
        return f"No source published by then ({count_of(later, 'source')} published later)"
    return citations.labels([*shown, *([citations.later_text(later)] if later else [])])
