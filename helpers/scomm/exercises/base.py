"""What every exercise has: its fields, how a check reports (``Feedback``) and the error it raises.

The kinds build on ``Exercise``: ``definitions`` holds the auto-graded ones (choices, numbers,
orders, classifications, scenarios), ``written`` the answers marked with a rubric.

>>> Feedback(1.0, 2.0, "Half right.").correct
False
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scomm.course.counts import count_of
from scomm.errors import ScommError

MODES = ("practice", "assessment")


class ExerciseError(ScommError, ValueError):
    """An exercise definition or key is wrong; the message names the lesson, exercise and field."""


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer."""

    score: float
    points: float
    message: str
    rests_on: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.score >= self.points


@dataclass(frozen=True)
class Exercise:
    """What every exercise has. Subclasses add their controls' options and a ``check``."""

    id: str
    prompt: str
    answer: object = None  # None for assessment items until the key is joined in
    explanation: str = ""
    rests_on: tuple[str, ...] = ()  # data rows as "table:id"
    points: float = 1.0
    mode: str = "practice"
    opens_with: tuple[str, ...] = ()  # rows ("table:id") that must be public before it is asked
    opens_from: str = ""  # a day (YYYY-MM-DD) it is set on, when no row marks it (the memo's date)
    #: Rows ("table:id") the prompt's own words need; before they were public the lesson asks
    #: ``earlier_prompt`` instead (``exercises.opening.asked_on``).
    prompt_opens_with: tuple[str, ...] = ()
    earlier_prompt: str = ""
    synthetic: bool = False  # built on invented cases or data: its prompt is labelled (definitions._build)
    kind = "exercise"

    @property
    def worth(self) -> str:
        """What the exercise is worth, in words: ``'1 point'``, ``'2.5 points'``."""
        return count_of(self.points, "point")

    def check(self, response: object) -> Feedback:
        """Score ``response`` against the key and explain."""
        if self.answer is None:
            raise ExerciseError(f"exercise {self.id}: no key loaded (assessment keys are in keys/)")
        try:
            score, detail = self._score(response)
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError):
            score, detail = 0.0, "This answer could not be read."
        message = f"{detail} {self.explanation}".strip()
        return Feedback(round(score, 4), self.points, message, self.rests_on)

    def _score(self, response: object) -> tuple[float, str]:
        raise NotImplementedError

    def variant(self, seed: int, as_of: str | None = None) -> Exercise:
        """The version a student with ``seed`` sees on ``as_of`` (most exercises have only one).

        Only a generated scenario uses ``as_of``: its case is drawn from what was public that day.
        """
        return self

    def public(self) -> Exercise:
        """This exercise as a student build may carry it: assessment keys removed."""
        return self if self.mode == "practice" else replace(self, answer=None, explanation="")
