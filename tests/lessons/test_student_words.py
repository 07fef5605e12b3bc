"""Words a student reads in the notebooks' Markdown that must hold on every day a lesson runs on."""

from __future__ import annotations

import re

import nbformat
import pytest

from scomm.course.layout import LESSONS, NOTEBOOK_DIR


def _markdown(slug: str) -> str:
    notebook = nbformat.read(NOTEBOOK_DIR / f"{slug}.ipynb", as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


# "the path in 2011 (lesson 1)": lesson 1 runs on any day of its range, so a year tied to another
# lesson holds only on that lesson's default day.
YEAR_OF_A_LESSON = re.compile(r"\b(?:19|20)\d\d\b[^.;]{0,12}\(lessons? \d")


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LESSONS])
def test_a_notebook_names_another_lesson_without_a_year_of_its_own(slug: str) -> None:
    assert YEAR_OF_A_LESSON.findall(_markdown(slug)) == []
