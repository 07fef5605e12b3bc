"""The kit's own course site at its lessons' default days, and a student's feedback on their
annotations, show nothing dated after their day and none of the kit's own names."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import nbformat
import pytest
import test_time_surfaces
from bs4 import BeautifulSoup
from test_time_surfaces import CLASSES, SEED, _leaks, _lesson_pages_words

from scomm.annotation import records, store
from scomm.course.layout import KEYS_DIR, LESSONS, PARAMETERS_TAG
from scomm.course.params import validate
from scomm.exercises import responses, submissions
from scomm.grading import annotation_report
from scomm.notebooks.steps import cell_tags
from scomm.publish.book.dated import as_of_of
from scomm.sources import corpus

from time_honesty import site_later_dates

pytestmark = pytest.mark.slow
#: test_time_surfaces' fixture, found here by name: the source ids, which are names, not dates.
names = test_time_surfaces.names


def test_the_default_site_shows_nothing_after_the_days_its_lessons_are_set_at(
    course_sites: dict[str, Path], names: set[str]
) -> None:
    """``scomm build --site`` in the kit's own course: each lesson at its notebook's default ``as_of``."""
    from scomm.course.layout import BUILD_DIR

    days = {item.slug: as_of_of(BUILD_DIR / "student" / f"{item.slug}.ipynb").date() for item in LESSONS}
    assert days == {item.slug: _default_day(item.notebook) for item in LESSONS}
    found = site_later_dates(course_sites["student"], days, names=names)
    shown = {where: [str(leak) for leak in leaks[:5]] for where, leaks in found.items()}
    assert not found, f"the site at {days} shows later dates: {json.dumps(shown, indent=1)}"


def test_no_lesson_page_of_the_default_site_shows_the_kits_own_names(
    course_sites: dict[str, Path], names: set[str]
) -> None:
    found = _lesson_pages_words(course_sites["student"], names)
    assert not found, f"lesson pages at their default days show: {json.dumps(found, indent=1)[:3000]}"


def _default_day(notebook: Path) -> date:
    cell = next(c for c in nbformat.read(notebook, as_version=4).cells if PARAMETERS_TAG in cell_tags(c))
    return date.fromisoformat(re.search(r'as_of = "([\d-]+)"', cell.source)[1])


#: The lessons whose reading students annotate against a key (``keys/annotations/``).
ANNOTATED = sorted(p.stem for p in (KEYS_DIR / "annotations").glob("*.toml"))


def _annotated(folder: Path, slug: str, day: date, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One student's submission, set at ``day``, who marked the first sentence of the reading they saw."""
    monkeypatch.setenv("SCOMM_RESPONSES", str(folder / "answers"))
    doc = corpus.dated(validate(slug, as_of=day.isoformat())).doc
    log = responses.Log("annotator", slug)
    first = doc.paragraphs[0]
    store.save(records.make(doc, first.start, first.start + 40, annotator="annotator", tag="claim"), log)
    submissions.submit(log, seed=SEED, folder=folder / "handed-in", as_of=day.isoformat())
    return folder / "handed-in"


@pytest.mark.parametrize("days", sorted(CLASSES))
@pytest.mark.parametrize("slug", ANNOTATED)
def test_a_students_annotation_feedback_shows_nothing_after_the_lessons_day(
    slug: str, days: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: set[str]
) -> None:
    """The feedback a student is given on their annotations (``scomm annotations``: the class
    view's feedback for each student) quotes and counts only key passages of the reading their
    lesson showed on its day, and names no later day."""
    day = CLASSES[days][slug]
    handed_in = _annotated(tmp_path, slug, day, monkeypatch)
    annotation_report.build(handed_in, slug, tmp_path / "out")
    page = BeautifulSoup((tmp_path / "out" / "classview.html").read_text(encoding="utf-8"), "html.parser")
    heading = page.find("h2", string="Feedback for each student")
    told = [s.get_text("\n") for s in heading.find_next_siblings("section")]
    assert [s.h3.get_text() for s in heading.find_next_siblings("section")] == ["annotator"]
    shown = _leaks(told, day, names)
    assert not shown, f"{slug}'s annotation feedback (set at {day}) shows:\n{shown}"
    seen = corpus.dated(validate(slug, as_of=day.isoformat())).doc
    title, *quoted = re.findall(r"“(.+?)…?”", told[0])
    assert title == seen.title, told[0]
    for quote in quoted:
        assert quote.rstrip("…") in seen.text, (
            f"the feedback quotes words the reading did not show on {day}: {quote}"
        )
