"""Every surface a student meets outside their own run of a lesson shows nothing dated after its day.

An instructor sets a class's days in their course folder (``scomm init``): each lesson's
``as_of`` is the default in its parameters cell. Two classes are made here, one with every lesson
at its first day and one on the eve of a turn of each lesson's story, and everything the kit
makes from such a folder is searched with ``time_honesty.later_dates``:

- the course site (``scomm build --site``): every page (text, alt text, chart text, the JSON a
  practice form reads, with its explanation), the search index, the glossary, the sources and the
  data download. A lesson's page is held to that lesson's day; pages shared by every lesson to
  the site's day, the latest of them (``publish.book.dated.site_day``);
- the lesson builds, the copies ``scomm release`` writes for each student and the hand-out
  repository (``scomm handout``) a hub pulls;
- the feedback pages ``scomm grade`` writes for a class's submissions, and each lesson's part of
  the class summary;
- the feedback each student is given on their annotations (``scomm annotations``), for a
  submission set at each class's day.

Source ids are names, not dates. The time a file was submitted is the student's own act, today,
and is not searched.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from reader_words import code_words

from scomm.course import data
from scomm.course.folder import init_course
from scomm.course.layout import COURSE_ENV, LESSONS, PARAMETERS_TAG
from scomm.course.params import lesson_days, validate
from scomm.course.world import World
from scomm.exercises import opening, submissions
from scomm.exercises.definitions import load_set
from scomm.exercises.written import is_written
from scomm.grading import grade
from scomm.grading.feedback import moment_text
from scomm.notebooks.steps import cell_tags
from scomm.publish.book.dated import site_day
from scomm.publish.book.pages import DOWNLOADS

from conftest import BIN
from time_honesty import later_dates, page_text, page_words, site_later_dates, visible_text

pytestmark = pytest.mark.slow

#: Two classes: every lesson on its first day, and every lesson on the eve of a turn of its story
#: (the PEP memo of 20 November 2014; ICE voiding the state agreements on 5 August 2011; the
#: executive order of 25 January 2017 restoring Secure Communities).
CLASSES = {
    "first-days": {item.slug: lesson_days(item)[0] for item in LESSONS},
    "eves": {
        "01_program_mechanics": date(2014, 11, 19),
        "02_opt_out_dispute": date(2011, 8, 4),
        "03_detainer_law": date(2014, 11, 19),
        "04_pep_transition": date(2017, 1, 24),
    },
}
#: Fixed, so the feedback pages are the same bytes each run; it is not searched (see the module).
SUBMITTED = "2026-01-15T10:00:00.000+00:00"
SEED = 7


@dataclass(frozen=True)
class Class:
    """One class's course folder and what the kit made from it."""

    folder: Path
    days: dict[str, date]
    site: Path
    release: Path
    grades: Path

    @property
    def site_day(self) -> date:
        return max(self.days.values())


def _set_days(folder: Path, days: dict[str, date]) -> None:
    """Each lesson's ``as_of`` default, as an instructor edits it in the parameters cell."""
    for slug, day in days.items():
        path = folder / "notebooks" / f"{slug}.ipynb"
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if PARAMETERS_TAG in cell_tags(c))
        cell.source, count = re.subn(r'as_of = "[\d-]+"', f'as_of = "{day.isoformat()}"', cell.source)
        assert count == 1, f"{slug}: no as_of in the parameters cell"
        nbformat.write(nb, path)


def _scomm(folder: Path, *args: str) -> None:
    env = {**os.environ, COURSE_ENV: str(folder)}
    done = subprocess.run(
        [str(BIN / "scomm"), *args], cwd=folder, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"scomm {' '.join(args)}: {done.stderr[-2000:]}"


def _hand_in(folder: Path, days: dict[str, date]) -> None:
    """Two students per lesson, as they could hand in on its day: one answered nothing; one answered
    every question the lesson asked that day, wrongly, so every explanation is shown."""
    for slug, day in days.items():
        p = validate(slug, as_of=day.isoformat())
        wrong = {
            ex.id: (grade._wrong(opening.as_asked(p, ex, SEED)), SUBMITTED)
            for ex in load_set(slug, with_keys=True).values()
            if not is_written(ex) and opening.closed(p, ex.id) is None
        }
        for student, answers in (("answered-nothing", {}), ("answered-wrongly", wrong)):
            body = submissions.submission_body(
                lesson=slug, student_id=student, seed=SEED, answers=answers,
                submitted_at=SUBMITTED, as_of=day.isoformat(),
            )  # fmt: skip
            path = folder / slug / f"{student}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(body), encoding="utf-8")


@pytest.fixture(scope="module", params=sorted(CLASSES))
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Class:
    """A course folder set at one class's days, its site, released copies and graded submissions."""
    days = CLASSES[request.param]
    root = tmp_path_factory.mktemp(request.param)
    folder = init_course(root / "course")
    _set_days(folder, days)
    roster = root / "roster.csv"
    roster.write_text("student_id,name,seed\nada,Ada,1\nbo,Bo,\n", encoding="utf-8")
    _scomm(folder, "build", "--site", "--out", str(root / "site"))  # builds the lessons first
    _scomm(folder, "release", "--roster", str(roster), "--out", str(root / "release"))
    _scomm(folder, "handout", str(root / "handout"))
    _hand_in(root / "handed-in", days)
    grade.grade(root / "handed-in", root / "grades")
    return Class(folder, days, root / "site", root / "release", root / "grades")


@pytest.fixture(scope="module")
def names() -> set[str]:
    return set(data.load("sources")["source_id"])


def _leaks(texts: list[str], day: date, names: set[str]) -> str:
    found = later_dates(texts, day, names=names)
    return "\n".join(f"  {leak}" for leak in found[:20])


# -- the course site --------------------------------------------------------------------------------


def test_the_site_is_set_at_the_latest_day_of_its_lessons(made: Class) -> None:
    builds = [made.folder / "build" / "student" / f"{item.slug}.ipynb" for item in LESSONS]
    assert site_day(builds).date() == made.site_day


def test_no_page_of_the_site_its_search_index_or_scripts_show_a_date_after_its_day(
    made: Class, names: set[str]
) -> None:
    pages = sorted(p for p in made.site.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) >= 10
    for item in LESSONS:  # the search reaches dated text: each lesson's page names days up to its own
        texts = page_text((made.site / "lessons" / f"{item.slug}.html").read_text(encoding="utf-8"))
        assert later_dates(texts, date(1990, 1, 1), names=names), item.slug
    found = site_later_dates(made.site, made.days, names=names)
    shown = {where: [str(leak) for leak in leaks[:5]] for where, leaks in found.items()}
    assert not found, f"a site set at {made.days} shows later dates: {json.dumps(shown, indent=1)}"


def test_practice_forms_on_the_site_are_asked_as_the_lesson_asks_them_that_day(made: Class) -> None:
    for slug, day in made.days.items():
        page = BeautifulSoup(
            (made.site / "lessons" / f"{slug}.html").read_text(encoding="utf-8"), "html.parser"
        )
        p = validate(slug, as_of=day.isoformat())
        for block in page.select("script.scomm-practice-data"):
            shown = json.loads(block.get_text())
            assert opening.closed(p, shown["id"]) is None, f"{shown['id']} is not open on {day}"
            assert all(when <= day.isoformat() for when in shown.get("option_from", {}).values())


def test_the_data_download_is_cut_to_the_sites_day(made: Class, names: set[str]) -> None:
    world = World(made.site_day.isoformat())
    package = json.loads((made.site / DOWNLOADS / "datapackage.json").read_text(encoding="utf-8"))
    assert package["x-scomm-knowledge-horizon"] == made.site_day.isoformat()
    for resource in package["resources"]:
        path = made.site / DOWNLOADS / resource["path"]
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(world.table(resource["name"])), path.name
    tables = [made.site / DOWNLOADS / resource["path"] for resource in package["resources"]]
    # The descriptor's words (descriptions, titles); its numbers are bounds such as a fiscal year's.
    texts = {
        "datapackage.json": _strings(package),
        **{p.name: [p.read_text(encoding="utf-8")] for p in tables},
    }
    for name, found in texts.items():
        shown = _leaks(found, made.site_day, names)
        assert not shown, f"data/{name} on a site set at {made.site_day} shows:\n{shown}"
    assert sorted(p.name for p in (made.site / DOWNLOADS).iterdir()) == sorted(texts)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return [text for item in items for text in _strings(item)]


# -- builds and released copies ---------------------------------------------------------------------


def _notebook_text(path: Path) -> list[str]:
    """What a student reads in a notebook: its text and outputs, and its code, which they see too."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    return [*visible_text(nb), *code]


def test_the_student_builds_released_copies_and_hand_out_show_nothing_after_the_lessons_day(
    made: Class, names: set[str]
) -> None:
    copies = sorted(made.release.glob("*/*.ipynb"))
    assert len(copies) == 2 * len(LESSONS)
    handout = sorted((made.release.parent / "handout").glob("*.ipynb"))
    assert len(handout) == len(LESSONS)
    for path in [*sorted((made.folder / "build" / "student").glob("*.ipynb")), *copies, *handout]:
        day = made.days[path.stem]
        texts = _notebook_text(path)
        assert f'as_of = "{day.isoformat()}"' in "\n".join(texts), f"{path} is not set at {day}"
        shown = _leaks(texts, day, names)
        assert not shown, f"{path.relative_to(path.parents[2])} (set at {day}) shows:\n{shown}"


# -- feedback after grading -------------------------------------------------------------------------


def _without_submission_time(texts: list[str]) -> list[str]:
    """The page's text without the moment it was handed in (the class's own time, not the lesson's)."""
    words = moment_text(SUBMITTED)
    return [t.replace(words, " ").replace(SUBMITTED, " ").replace(SUBMITTED[:10], " ") for t in texts]


def test_each_feedback_page_shows_nothing_after_the_day_the_lesson_was_set_on(
    made: Class, names: set[str]
) -> None:
    pages = sorted((made.grades / "feedback").glob("*/*.html"))
    assert len(pages) == 2 * len(LESSONS)
    for page in pages:
        day = made.days[page.parent.name]
        texts = _without_submission_time(page_text(page.read_text(encoding="utf-8")))
        shown = _leaks(texts, day, names)
        assert not shown, f"feedback {page.parent.name}/{page.name} (set at {day}) shows:\n{shown}"


def test_a_question_not_open_on_the_lessons_day_is_not_asked_in_the_feedback(made: Class) -> None:
    for slug, day in made.days.items():
        p = validate(slug, as_of=day.isoformat())
        text = (made.grades / "feedback" / slug / "answered-nothing.html").read_text(encoding="utf-8")
        for ex in load_set(slug, with_keys=True).values():
            waiting = opening.closed(p, ex.id)
            assert (f"{ex.id}: not asked" in text) == (waiting is not None), (slug, ex.id)


def test_each_lessons_part_of_the_class_summary_shows_nothing_after_its_day(
    made: Class, names: set[str]
) -> None:
    page = BeautifulSoup((made.grades / "summary.html").read_text(encoding="utf-8"), "html.parser")
    parts = {
        slug: [s for s in page.find_all("section") if f"({slug})" in s.get_text(" ")] for slug in made.days
    }
    for slug, sections in parts.items():
        assert sections, f"the summary has no part for {slug}"
        texts = _without_submission_time([t for s in sections for t in page_text(str(s))])
        shown = _leaks(texts, made.days[slug], names)
        assert not shown, f"the summary's part for {slug} (set at {made.days[slug]}) shows:\n{shown}"


# -- the kit's own site, at the lessons' default days --------------------------------------------------


def _lesson_pages_words(site: Path, names: set[str]) -> dict[str, list[str]]:
    """The kit's own names (``reader_words.code_words``) each lesson's page of a site shows a reader."""
    found = {}
    for item in LESSONS:
        markup = (site / "lessons" / f"{item.slug}.html").read_text(encoding="utf-8")
        found[item.slug] = list(dict.fromkeys(code_words(page_words(markup), names)))
    return {slug: words for slug, words in found.items() if words}


def test_no_lesson_page_of_a_site_set_at_the_lessons_first_days_shows_the_kits_own_names(
    made: Class, names: set[str]
) -> None:
    """A page reads in words: no ``as_of``, column or module name, file path or source id."""
    if made.days != CLASSES["first-days"]:
        pytest.skip("checked at the lessons' first days (and their default days, below)")
    found = _lesson_pages_words(made.site, names)
    assert not found, f"lesson pages at their first days show: {json.dumps(found, indent=1)[:3000]}"
