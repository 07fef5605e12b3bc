"""The auto-graded kinds of exercise: how each checks an answer and explains its score.

Checking is pure Python over plain values, so grading never runs student code. The written
kinds (``ShortAnswer``, ``LongAnswer``, marked with a rubric) are in ``scomm.exercises.written``;
``KINDS`` names every kind a set may use. ``scomm.exercises.definitions`` builds them from a
lesson's set.

>>> ex = SingleChoice("demo", "Which system holds immigration records?", options=("IAFIS", "IDENT"),
...                   answer="IDENT", explanation="IDENT is DHS's system.", rests_on=("sources:wikipedia-scomm",))
>>> ex.check("IAFIS").score, ex.check("IDENT").correct
(0.0, True)
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import import_module
from itertools import combinations
from types import ModuleType

from scomm.exercises.base import Exercise, ExerciseError, Feedback
from scomm.exercises.written import LongAnswer, ShortAnswer


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
    """Sort each item into a category; ``answer`` maps item to category.

    An answer names items by their words, so an item reworded after answers were saved lists its
    old words in ``renamed`` (old to new): a saved answer is read as if given to the new words.

    >>> c = Classification("c", "?", items=("offense",), categories=("A",), renamed={"offence": "offense"})
    >>> c.current({"offence": "A"})
    {'offense': 'A'}
    """

    items: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    renamed: Mapping[str, str] = field(default_factory=dict)
    kind = "classification"

    def current(self, response: object) -> dict:
        """``response`` with any item saved under its old words (``renamed``) under its words now."""
        return {self.renamed.get(item, item): choice for item, choice in dict(response).items()}

    def _score(self, response: object) -> tuple[float, str]:
        chosen = self.current(response)
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
    return getattr(generator_module(spec), spec.partition(":")[2])


def generator_module(spec: str) -> ModuleType:
    """The module of a scenario's ``generator`` (``"scomm.module:function"``); only the kit's own.

    >>> generator_module("os:path")
    Traceback (most recent call last):
    ...
    scomm.exercises.base.ExerciseError: generator 'os:path' must name a function in the kit, like 'scomm.policy.scenarios:case'
    """
    module, _, name = spec.partition(":")
    if not module.startswith("scomm.") or not name:
        raise ExerciseError(
            f"generator {spec!r} must name a function in the kit, like 'scomm.policy.scenarios:case'"
        )
    return import_module(module)


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
