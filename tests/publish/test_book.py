"""The course site built by Sphinx (scomm.publish.book): two editions, nothing leaked, practice
questions in the page, the data as of the site's day. Its links, its parts checked without a build,
and its day and folder are in test_book_links.py, test_book_parts.py and test_book_folders.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scomm.course import layout
from scomm.course.layout import LESSONS
from scomm.course.params import validate
from scomm.exercises import definitions as exercises
from scomm.exercises import opening
from scomm.exercises.written import is_written
from scomm.publish.book import build, dated, pages

REMOTE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    """Every page of the site (the theme's template fragments in _static are not pages)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


# -- the two sites ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_student_site_has_the_lessons_and_reference_pages_and_no_plans(student: Path) -> None:
    names = {p.relative_to(student).as_posix() for p in html_pages(student)}
    expected = {f"lessons/{lesson.slug}.html" for lesson in LESSONS} | {
        "index.html",
        "course/closing_assessment.html",
        "glossary.html",
        "data.html",
        "sources.html",
        "search.html",
    }
    assert expected <= names
    assert not {n for n in names if n.startswith("course/")} - {"course/closing_assessment.html"}


@pytest.mark.slow
def test_the_instructor_site_adds_every_plan_and_says_what_it_is_on_every_page(instructor: Path) -> None:
    plans = {p.stem for p in layout.PLANS_DIR.glob("*.md")}
    assert {p.stem for p in (instructor / "course").glob("*.html")} == plans
    for path in html_pages(instructor):
        page = soup(path)
        assert "Instructor edition" in page.get_text(" "), path
        assert "Instructor edition" in page.title.get_text(), path


@pytest.mark.slow
def test_no_student_page_calls_itself_the_instructor_edition(student: Path) -> None:
    for path in html_pages(student):
        assert "Instructor edition" not in path.read_text(encoding="utf-8"), path


@pytest.mark.slow
def test_the_leak_scan_finds_nothing_on_the_student_site_and_plenty_on_the_instructor_site(
    student: Path, instructor: Path
) -> None:
    forbidden = build.forbidden_texts(plans_dir=layout.PLANS_DIR)
    assert len(forbidden) > 50
    assert build.site_leaks(student, forbidden) == []
    # The same scan on the instructor site proves it can see a teaching note, a key and a plan note.
    found = build.site_leaks(instructor, forbidden)
    assert any(hit.startswith("lessons/") for hit in found)
    assert any(hit.startswith("course/closing_assessment") for hit in found)


@pytest.mark.slow
def test_students_get_the_assessment_task_and_rubric_without_its_teaching_notes(student: Path) -> None:
    text = soup(student / "course" / "closing_assessment.html").get_text(" ")
    assert "The assignment" in text and "Rubric" in text and "Legal accuracy" in text
    assert "Teaching notes" not in text and "Common problems" not in text


def _site_day(course_sites: dict[str, Path]):
    del course_sites  # built from the kit's own lesson builds, which the fixture made first
    return dated.site_day((layout.BUILD_DIR / "student").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_practice_items_are_forms_and_assessed_items_only_say_where_to_answer(student: Path, lesson) -> None:
    raw = (student / "lessons" / f"{lesson.slug}.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "html.parser")
    forms = {f["data-exercise"]: f for f in page.select("form.scomm-practice")}
    keys = exercises._keys(lesson.slug, layout.KEYS_DIR)
    day = dated.as_of_of(layout.BUILD_DIR / "student" / f"{lesson.slug}.ipynb")
    p = validate(lesson.slug, as_of=day)
    for item in exercises.load_set(lesson.slug).values():
        if opening.closed(p, item.id) is not None:  # not yet open on the page's day: the lesson's note
            assert item.id not in forms and item.prompt not in page.get_text(" ")
            continue
        if is_written(item):  # a written answer: its prompt and where to write it, never a form
            assert item.id not in forms and item.prompt in page.get_text(" ")
            continue
        if item.mode == "practice":
            data = json.loads(forms[item.id].select_one("script.scomm-practice-data").string)
            assert data["id"] == item.id and data["answer"] is not None
        else:
            assert item.id not in forms
            assert item.prompt in page.get_text(" ")
            answers = keys[item.id]["answer"]
            for value in answers if isinstance(answers, list) else [answers]:
                if isinstance(value, str) and len(value) > 25:
                    assert value not in page.get_text(" "), f"{item.id}: its key is on the page"


@pytest.mark.slow
def test_students_see_no_code_and_instructors_do(student: Path, instructor: Path) -> None:
    for lesson in LESSONS:
        assert not soup(student / "lessons" / f"{lesson.slug}.html").select("div.cell_input")
        assert soup(instructor / "lessons" / f"{lesson.slug}.html").select("div.cell_input")


@pytest.mark.slow
def test_the_data_dictionary_lists_every_field_and_serves_each_table_cut_to_the_sites_day(
    student: Path, course_sites: dict[str, Path]
) -> None:
    from scomm.course.world import World

    page = soup(student / "data.html")
    text = page.get_text(" ")
    ids = {e["id"] for e in page.find_all(id=True)}
    package = json.loads((layout.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    world = World(_site_day(course_sites), data_dir=course_sites["data"])
    later = 0
    for resource in package["resources"]:
        assert resource["name"].replace("_", "-") in ids
        served = (student / pages.DOWNLOADS / resource["path"]).read_text(encoding="utf-8")
        assert served == world.csv_text(resource["name"])
        later += world.later(resource["name"])
        for field in resource["schema"]["fields"]:
            assert field["name"] in text, (resource["name"], field["name"])
    assert later, "the test needs rows made public after the site's day"


@pytest.mark.slow
def test_a_teacher_downloading_the_data_gets_the_audit_and_balance_notes_with_it(
    student: Path, instructor: Path, course_sites: dict[str, Path]
) -> None:
    """The instructor edition serves data/AUDIT.md and data/BALANCE.md beside the tables, linked from
    the data page; the student edition does not (they read every year of the data, not the site's day)."""
    assert set(pages.DATA_NOTES) == {"AUDIT.md", "BALANCE.md"}
    page = soup(instructor / "data.html")
    links = {a["href"] for a in page.find_all("a", href=True)}
    for name in pages.DATA_NOTES:
        served = instructor / pages.DOWNLOADS / name
        assert served.read_bytes() == (course_sites["data"] / name).read_bytes()
        assert f"{pages.DOWNLOADS}/{name}" in links
        assert not (student / pages.DOWNLOADS / name).exists()
    assert "Notes on the data" in page.get_text(" ")
    assert "Notes on the data" not in soup(student / "data.html").get_text(" ")
