"""Print, for each lesson, every question, the day it opens and the records it waits for.

Run: ``.venv/bin/python tests/lessons/opening_days.py [lesson number ...]``. A question waits for
the latest of the rows it names (``opens_with``, and ``rests_on`` in a dated set), its first dated
case and its ``opens_from``; the rows public after the lesson's first day are listed, latest first.
"""

from __future__ import annotations

import re
import sys

import nbformat
import pandas as pd

from scomm.course.layout import LESSONS, Lesson
from scomm.course.opening import opens_on
from scomm.course.params import validate
from scomm.course.world import ALWAYS
from scomm.exercises import definitions, opening


def _default_day(item: Lesson) -> str:
    cell = next(
        c
        for c in nbformat.read(item.notebook, as_version=4).cells
        if "parameters" in c.metadata.get("tags", [])
    )
    return re.search(r'as_of = "([\d-]+)"', cell.source).group(1)


def _waits(p, slug: str, exercise, first: pd.Timestamp) -> tuple[pd.Timestamp, list[str]]:
    rows = opening.rows(slug, exercise.id)
    case = opening._first_case(p, exercise) or ALWAYS
    set_on = pd.Timestamp(exercise.opens_from) if exercise.opens_from else ALWAYS
    days = {
        r: p.world.public_days(r.partition(":")[0]).get(r.partition(":")[2], pd.Timestamp.max) for r in rows
    }
    what = [
        f"{r} ({d.date()})" for r, d in sorted(days.items(), key=lambda x: x[1], reverse=True) if d > first
    ]
    what += [f"its first case ({case.date()})"] if case > first else []
    what += [f"opens_from ({set_on.date()})"] if set_on > first else []
    return max(opens_on(p, rows), case, set_on), what


def print_lesson(item: Lesson) -> None:
    """The table for one lesson, in Markdown."""
    default, first = _default_day(item), pd.Timestamp(item.earliest)
    p = validate(item.slug, as_of=default, student_id="opening-days")
    exercises = definitions.load_set(item.slug)
    print(f"\n## Lesson {item.number} (first day {item.earliest}, default day {default})\n")
    print("| question | opens | waits for (rows public after the first day, latest first) |\n|---|---|---|")
    opened = [0, 0]
    for exercise in exercises.values():
        day, what = _waits(p, item.slug, exercise, first)
        opened[0] += day <= first
        opened[1] += day <= pd.Timestamp(default)
        print(
            f"| {exercise.id} | {day.date() if day < pd.Timestamp.max else 'never'} | {'; '.join(what) or '-'} |"
        )
    print(
        f"\nOpen on the first day: {opened[0]}/{len(exercises)}; on the default day: {opened[1]}/{len(exercises)}"
    )


if __name__ == "__main__":
    for lesson_item in LESSONS:
        if len(sys.argv) < 2 or str(lesson_item.number) in sys.argv[1:]:
            print_lesson(lesson_item)
