"""Exercises: what is asked, how an answer is checked, and feedback that explains why.

Definitions are data: ``exercise_sets/<lesson>.toml`` beside this module holds prompts,
options and, for practice items, the key. Keys of assessment items live in the
instructor's ``keys/<lesson>.toml`` at the top of the kit, which student builds never
contain. Checking is pure Python over plain values, so grading never runs student code.

>>> ex = SingleChoice("demo", "Which system holds immigration records?", options=("IAFIS", "IDENT"),
...                   answer="IDENT", explanation="IDENT is DHS's system.", rests_on=("sources:wikipedia-scomm",))
>>> ex.check("IAFIS").score, ex.check("IDENT").correct
(0.0, True)
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import import_module
from itertools import combinations
from pathlib import Path
from types import ModuleType

import pandas as pd

from scomm.course import citations, data, synthetic
from scomm.course.layout import KEYS_DIR
from scomm.exercises.base import MODES, Exercise, ExerciseError, Feedback
from scomm.exercises.written import LongAnswer, ShortAnswer

SETS_DIR = Path(__file__).parent / "exercise_sets"
#: What an exercise marked ``synthetic`` says its cases are, after the label.
INVENTED = "invented for practice, not a real person or record"


@dataclass(frozen=True)
class SingleChoice(Exercise):
    options: tuple[str, ...] = ()
    kind = "single_choice"

    def _score(self, response: object) -> tuple[float, str]:
        if response == self.answer:
            return self.points, "Correct."
        if response not in self.options:
            return 0.0, "No option was chosen."
        return 0.0, f"Not quite: the answer is '{self.answer}'."


@dataclass(frozen=True)
class MultipleSelect(Exercise):
    options: tuple[str, ...] = ()
    kind = "multiple_select"

    def _score(self, response: object) -> tuple[float, str]:
        chosen, key = set(response or ()), set(self.answer)
        right, wrong, missed = chosen & key, chosen - key, key - chosen
        score = self.points * max(0.0, (len(right) - len(wrong)) / len(key))
        if not wrong and not missed:
            return score, "Correct."
        parts = []
        if missed:
            parts.append("also true: " + "; ".join(f"'{m}'" for m in sorted(missed)))
        if wrong:
            parts.append("not supported by the data: " + "; ".join(f"'{w}'" for w in sorted(wrong)))
        return score, "Partly right: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class Numeric(Exercise):
    tolerance: float = 0.0
    unit: str = ""

    kind = "numeric"

    def _score(self, response: object) -> tuple[float, str]:
        value = float(response)
        # The epsilon keeps an answer exactly at the edge (4.2 for 4.1 ± 0.1) inside despite float error.
        if abs(value - float(self.answer)) <= self.tolerance + 1e-9:
            return self.points, f"Correct: {self.answer:g} {self.unit}, give or take {self.tolerance:g}."
        return 0.0, f"{value:g} is off: the answer is {self.answer:g} {self.unit} (± {self.tolerance:g})."


@dataclass(frozen=True)
class Ordering(Exercise):
    """Put items in order; ``answer`` is the correct order. Partial credit per pair in the right order."""

    items: tuple[str, ...] = ()
    kind = "ordering"

    def _score(self, response: object) -> tuple[float, str]:
        order = [str(item) for item in response]
        if sorted(order) != sorted(self.answer):
            return 0.0, "Every item must be placed exactly once."
        rank = {item: i for i, item in enumerate(self.answer)}
        pairs = list(combinations(order, 2))
        right = sum(rank[a] < rank[b] for a, b in pairs)
        if right == len(pairs):
            return self.points, "Correct order."
        first = next(i for i, (mine, key) in enumerate(zip(order, self.answer, strict=True)) if mine != key)
        return (
            self.points * right / len(pairs),
            f"{right} of {len(pairs)} pairs are in the right order; position {first + 1} should be '{self.answer[first]}'.",
        )

    def variant(self, seed: int, as_of: str | None = None) -> Ordering:
        """The items in this student's order: shuffled by seed, and never the key's order.

        A student build has no key, so the guarantee cannot come from comparing with it. The
        listed first item stays first instead: the definitions' tests check that it is never
        the key's first, so no student's order, with or without the key loaded, is the key.
        A practice item listing no items shows its (public) key rotated when the draw lands on it.
        """
        head, rest = (list(self.items[:1]), list(self.items[1:])) if self.items else ([], list(self.answer))
        random.Random(f"{self.id}:{seed}").shuffle(rest)
        shown = head + rest
        if self.answer is not None and shown == list(self.answer):
            shown = shown[1:] + shown[:1]
        return replace(self, items=tuple(shown))


@dataclass(frozen=True)
class Classification(Exercise):
    """Sort each item into a category; ``answer`` maps item to category."""

    items: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    kind = "classification"

    def _score(self, response: object) -> tuple[float, str]:
        chosen = dict(response)
        wrong = [item for item, category in self.answer.items() if chosen.get(item) != category]
        score = self.points * (len(self.answer) - len(wrong)) / len(self.answer)
        if not wrong:
            return score, "All sorted correctly."
        fixes = "; ".join(f"'{item}' belongs under {self.answer[item]}" for item in wrong)
        return score, f"{len(self.answer) - len(wrong)} of {len(self.answer)} right: {fixes}."


@dataclass(frozen=True)
class Scenario(Exercise):
    """A case to reason about, with several questions. One case per student, chosen by seed.

    ``cases`` holds the variants: each has ``facts`` (shown to the student) and, once keys
    are joined, ``answers`` (question id to option). ``questions`` maps question id to
    (question text, options). ``answer`` holds the chosen case's answers.
    """

    cases: tuple[Mapping, ...] = ()
    questions: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    facts: Mapping[str, str] = field(default_factory=dict)
    generator: str = ""  # "scomm.module:function" drawing one case per (exercise id, seed)
    option_from: Mapping[str, str] = field(default_factory=dict)  # option -> first day it may be offered
    case: str = ""  # the chosen case's id, recorded with the answer
    kind = "scenario"

    def check(self, response: object) -> Feedback:
        """Check against the case the answer names (a practice case offered on an earlier day), else this one."""
        named = response.get("case") if isinstance(response, Mapping) else None
        if self.mode == "practice" and named and named != self.case:
            for case in self.cases:
                if case.get("id") == named:
                    return self._with_case(case).check(response)
        return super().check(response)

    def _with_case(self, case: Mapping) -> Scenario:
        return replace(
            self,
            facts=case["facts"],
            answer=case.get("answers", self.answer),
            case=case.get("id", ""),
            explanation=case.get("explanation", self.explanation),
            rests_on=tuple(case.get("rests_on", self.rests_on)),
        )

    def variant(self, seed: int, as_of: str | None = None) -> Scenario:
        if self.generator:
            # Drawn afresh from the rules for this student; the grader draws the same case
            # (the submission records the as_of the student worked at).
            dated = {"as_of": as_of} if as_of else {}
            made = _generator(self.generator)(self.id, seed, **dated)
            return replace(
                self,
                facts=made["facts"],
                answer=made["answers"],
                explanation=made.get("explanation", self.explanation),
                rests_on=tuple(dict.fromkeys(made.get("rests_on", ()))) or self.rests_on,
            )
        return self._with_case(self.cases[seed % len(self.cases)])

    def _score(self, response: object) -> tuple[float, str]:
        chosen = dict(response)
        per = self.points / len(self.questions)
        wrong = [q for q in self.questions if chosen.get(q) != self.answer[q]]
        if not wrong:
            return self.points, "Both predictions right." if len(self.questions) == 2 else "All right."
        fixes = "; ".join(f"{self.questions[q][0]} → {self.answer[q]}" for q in wrong)
        return per * (len(self.questions) - len(wrong)), f"Check again: {fixes}."

    def public(self) -> Scenario:
        if self.mode == "practice" or self.generator:
            # Generated cases are computed from the rules, which students have anyway.
            return self
        stripped = tuple({"facts": c["facts"]} for c in self.cases)
        return replace(self, cases=stripped, answer=None, explanation="")


def _generator(spec: str):
    return getattr(_generator_module(spec), spec.partition(":")[2])


KINDS: dict[str, type[Exercise]] = {
    k.kind: k
    for k in (
        SingleChoice,
        MultipleSelect,
        Numeric,
        Ordering,
        Classification,
        Scenario,
        ShortAnswer,
        LongAnswer,
    )
}


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


def _generator_module(spec: str) -> ModuleType:
    module, _, name = spec.partition(":")
    if not module.startswith("scomm.") or not name:
        raise ExerciseError(
            f"generator {spec!r} must name a function in the kit, like 'scomm.policy.scenarios:case'"
        )
    return import_module(module)


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
        module = _generator_module(entry["generator"])
        entry.setdefault("questions", {q: [text, list(opts)] for q, (text, opts) in module.QUESTIONS.items()})
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


def rests_on_text(rows: Sequence[str], *, as_of: pd.Timestamp | None = None) -> str:
    """Readable citations for data rows, e.g. 'statistics st-submissions-fy2010 (ice-2011-stats-feb)'.

    With ``as_of``, only sources published by then are named; the rest are counted.
    """
    sources_of: dict[str, dict[str, tuple[str, ...]]] = {}  # one load per table, not per row
    cited = []
    for row in rows:
        table, _, row_id = row.partition(":")
        if table == "sources":
            shown, _later = citations.split([row_id], as_of=as_of)
            cited.extend(shown)
            continue
        if table not in sources_of:
            frame = data.load(table)
            sources_of[table] = dict(zip(frame.iloc[:, 0], frame["source_ids"], strict=True))
        ids = sources_of[table].get(row_id)
        if ids is None:
            cited.append(f"{table} {row_id} (row not found)")
            continue
        shown, later = citations.split(ids, as_of=as_of)
        more = [citations.later_text(later)] if later else []
        cited.append(f"{table} {row_id} ({', '.join([*shown, *more])})")
    return "; ".join(cited)
