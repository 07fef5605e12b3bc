"""How far two markers agree: Krippendorff's alpha (ordinal) per criterion, and the answers they
marked differently.

Only answers both markers marked in the version handed in now count (a mark on an earlier
version of an answer is not a mark on this one). A level is coded by its rank in the
criterion's levels (worst 0), so alpha is ordinal: a one-level difference weighs less than
two. The alpha itself is the annotation class view's (``annotation.agreement.alpha_of``).

    scomm mark 4 --agreement
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scomm.annotation.agreement import alpha_of
from scomm.grading.desk import Item
from scomm.grading.marks import Given


@dataclass(frozen=True)
class CriterionAgreement:
    """Alpha for one criterion of one exercise."""

    exercise: str
    criterion: str
    alpha: float
    answers: int  # answers both markers gave this criterion a level
    note: str

    def text(self) -> str:
        value = "undefined" if math.isnan(self.alpha) else f"{self.alpha:.2f}"
        return f"{self.exercise} {self.criterion}: alpha {value} on {self.answers} answer(s). {self.note}"


@dataclass(frozen=True)
class Disagreement:
    """An answer two markers gave different levels on one criterion."""

    alias: str
    exercise: str
    criterion: str
    levels: tuple[str, ...]  # each marker's level, in the markers' order


def _rank(item: Item, criterion_id: str, given: Given | None) -> float:
    criterion = item.rubric.criterion(criterion_id)
    level = given.levels.get(criterion_id) if given and given.digest == item.digest else None
    ids = [lv.id for lv in criterion.levels] if criterion else []
    return float(len(ids) - 1 - ids.index(level)) if level in ids else math.nan


def agreement(
    answers: Sequence[Item], marks: Mapping[str, Mapping[tuple[str, str], Given]], pair: tuple[str, str]
) -> tuple[list[CriterionAgreement], list[Disagreement]]:
    """Alpha per criterion between the markers ``pair``, and every answer they disagree on."""
    results, differ = [], []
    criteria = dict.fromkeys((i.exercise.id, c.id) for i in answers for c in i.rubric.criteria)
    for exercise, criterion in criteria:
        mine = [i for i in answers if i.exercise.id == exercise]
        matrix = np.array(
            [[_rank(i, criterion, marks[m].get((i.student, exercise))) for i in mine] for m in pair]
        )
        both = int((~np.isnan(matrix)).all(axis=0).sum())
        size = len(mine[0].rubric.criterion(criterion).levels)
        alpha, _labels, note = alpha_of(matrix, "ordinal", range(size), who="markers")
        results.append(CriterionAgreement(exercise, criterion, alpha, both, note))
        for n in np.nonzero((~np.isnan(matrix)).all(axis=0) & (matrix[0] != matrix[1]))[0]:
            item = mine[n]
            levels = tuple(marks[m][(item.student, exercise)].levels[criterion] for m in pair)
            differ.append(Disagreement(item.alias, exercise, criterion, levels))
    return results, differ


def report(
    answers: Sequence[Item], marks: Mapping[str, Mapping[tuple[str, str], Given]], pair: tuple[str, str]
) -> tuple[str, list[list[str]]]:
    """The agreement as text for the terminal, and the disagreements as rows for ``agreement.csv``."""
    results, differ = agreement(answers, marks, pair)
    lines = [f"Agreement between {pair[0]} and {pair[1]}, Krippendorff's alpha (ordinal) per criterion:"]
    lines += [f"  {r.text()}" for r in results]
    lines.append(f"{len(differ)} answer-criterion pair(s) marked differently.")
    rows = [["answer", "exercise", "criterion", *pair]]
    rows += [[d.alias, d.exercise, d.criterion, *d.levels] for d in differ]
    return "\n".join(lines), rows
