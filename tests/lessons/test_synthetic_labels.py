"""Synthetic data says so wherever a student sees it, and real data never does.

Which data is invented is read from the kit's own flags (``scomm.course.synthetic``): a frame's
``attrs["synthetic"]`` (``scomm.policy.caseload``), a case generator's ``SYNTHETIC``
(``scomm.policy.scenarios``), an exercise's ``synthetic``. Each lesson's notebook is read for
the calls its cells make (``scomm.show(v.…)``, ``v.…(p)``, ``scomm.exercise``, ``scomm.explore``);
each is made in-process at the lesson's default ``as_of`` and its last day, and what it shows is
checked: a chart of flagged data has the label first in its title and description, an exercise
on invented cases has it first in its prompt, the simulator has it in its heading, and nothing
built from real records carries it. Removing the label from ``finish``, from
``definitions._build`` or from the simulator makes these tests fail (the last test shows the
check catching an unlabelled chart and an unlabelled exercise).
"""

from __future__ import annotations

import ast

import altair as alt
import ipywidgets as w
import pandas as pd
import pytest
from lesson_calls import default_day, results, shown_calls

import scomm
from scomm.course import synthetic
from scomm.course.drawings import Drawing
from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days
from scomm.course.tables import Table
from scomm.exercises.definitions import load_set
from scomm.policy import scenarios

from time_honesty import widget_text

LABEL = synthetic.LABEL


def chart_problems(where: str, chart: alt.TopLevelMixin) -> list[str]:
    spec = chart.to_dict()
    title = spec.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    title = " ".join(title) if isinstance(title, list) else title
    description = spec.get("description", "")
    if synthetic.in_chart(chart):
        if not (title.startswith(LABEL) and description.startswith(LABEL)):
            return [
                f"{where}: synthetic chart {title!r} does not say {LABEL} first in its title and description"
            ]
    elif LABEL in title or LABEL in description:
        return [f"{where}: chart {title!r} of real records is labelled {LABEL}"]
    return []


def exercise_problems(where: str, slug: str, exercise_id: str, widget: w.Widget) -> list[str]:
    exercise = load_set(slug)[exercise_id]
    if not any(exercise.prompt in t for t in widget_text(widget)):
        return []  # not open on this day: a note stands in its place and shows no case
    if exercise.synthetic and not exercise.prompt.startswith(LABEL):
        return [f"{where}: exercise {exercise_id} on invented cases is not labelled {LABEL}"]
    if not exercise.synthetic and exercise.prompt.startswith(LABEL):
        return [f"{where}: exercise {exercise_id} on real records is labelled {LABEL}"]
    return []


def problems(slug: str, as_of: str) -> list[str]:
    """Every place a lesson run at ``as_of`` shows synthetic data unlabelled, or real data labelled."""
    found = []
    for expression, result in results(slug, as_of):
        where = f"{slug} at {as_of}, {expression}"
        shown = result.chart() if isinstance(result, Drawing) else result
        if isinstance(shown, alt.TopLevelMixin):
            found += chart_problems(where, shown)
        elif isinstance(shown, Table) and synthetic.is_synthetic(shown.frame):
            found += [] if LABEL in shown.caption else [f"{where}: table of synthetic data lacks {LABEL}"]
        elif expression.startswith("scomm.exercise("):
            exercise_id = ast.literal_eval(expression.split(",", 1)[1][:-1].strip())
            found += exercise_problems(where, slug, exercise_id, shown)
        elif expression.startswith("scomm.explore(") and scenarios.SYNTHETIC:
            labelled = any(LABEL in t for t in widget_text(shown))
            found += [] if labelled else [f"{where}: simulator not labelled"]
    return found


def _days() -> list:
    return [
        pytest.param(item.slug, day)
        for item in LESSONS
        for day in (default_day(item.slug), lesson_days(item)[1].isoformat())
    ]


@pytest.mark.parametrize(("slug", "as_of"), _days())
def test_synthetic_data_is_labelled_where_a_student_sees_it(slug: str, as_of: str) -> None:
    assert shown_calls(slug), f"{slug}: no displayed call found in its notebook"
    assert problems(slug, as_of) == []


def test_the_kit_knows_which_of_its_data_is_synthetic() -> None:
    flagged = {ex.id for item in LESSONS for ex in load_set(item.slug).values() if ex.synthetic}
    generated = {
        ex.id for item in LESSONS for ex in load_set(item.slug).values() if getattr(ex, "generator", "")
    }
    # Every exercise drawing its cases from an inventing generator is flagged by that alone.
    assert generated <= flagged
    # Lesson 1's hand-made cases are invented people; lesson 2's cases are real statements.
    assert "l1-when-booked" in flagged and "l2-opt-out-meaning" not in flagged


def test_the_check_catches_a_missing_label(monkeypatch: pytest.MonkeyPatch) -> None:
    invented = synthetic.mark(pd.DataFrame({"x": [1, 2]}))
    bare = (
        alt.Chart(invented)
        .mark_bar()
        .encode(x="x:Q")
        .properties(title="Invented bookings", description="Bars.")
    )
    assert chart_problems("test", bare)
    real = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().properties(title=f"{LABEL}: real counts")
    assert chart_problems("test", real)
    # An exercise whose label was lost in building it is caught too.
    p = scomm.start("03_detainer_law", as_of="2014-06-01", student_id="synthetic-check")
    form = scomm.exercise(p, "l3-case-1")
    assert exercise_problems("test", "03_detainer_law", "l3-case-1", form) == []
    monkeypatch.setattr(synthetic, "labelled", lambda text, what="": text)
    unlabelled = load_set("03_detainer_law")["l3-case-1"].prompt
    shown = w.VBox([w.HTML(unlabelled)])
    assert exercise_problems("test", "03_detainer_law", "l3-case-1", shown)
