"""The course site built by Sphinx (scomm.publish.book): two editions, nothing fetched, nothing leaked,
every table and chart citing its sources, the glossary linked, practice questions in the page."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook, new_output

from scomm.cli import main as cli
from scomm.course import charts, layout, timeline
from scomm.course.layout import LESSONS, ROOT
from scomm.course.params import last_day, validate
from scomm.exercises import definitions as exercises
from scomm.exercises import opening
from scomm.exercises.written import is_written
from scomm.lessons.program_mechanics import views
from scomm.publish.book import build, dated, pages, practice, steps

from conftest import lesson_p

#: Tags and attributes through which a page loads something (a link a reader follows loads nothing).
LOADS = {
    "script": "src",
    "link": "href",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
    "image": "href",
    "use": "href",
}
REMOTE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    """Every page of the site (the theme's template fragments in _static are not pages)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


# -- small pieces ----------------------------------------------------------------------------------


def test_a_charts_cited_ids_are_read_from_its_svg_not_its_words() -> None:
    import altair as alt
    import pandas as pd

    from scomm.course import charts

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    shown = charts.finish(
        chart, title="T", source_ids=["vox-2014", "dc-2012-detainer-act"], description="D", as_of=None
    )
    svg = charts.svg(shown)
    assert steps.chart_source_ids(svg) == ["vox-2014", "dc-2012-detainer-act"]
    assert "vox-2014" not in re.sub(r"<[^>]+>", " ", svg) and "Source" in svg  # named, not by id
    assert steps.chart_source_ids("<svg><text>No sources here</text></svg>") == []


def test_a_chart_passes_its_title_along_and_the_site_names_the_charts_region_by_it() -> None:
    drawing = views.submissions_chart(lesson_p("01_program_mechanics", as_of="2011-03-31"))
    title = drawing.to_dict()["title"]["text"]
    charts.enable()
    shown = [drawing._repr_mimebundle_(), drawing.chart()._repr_mimebundle_()]  # drawn, or a bare chart
    for bundle, metadata in shown:
        assert metadata == {layout.CHART_TITLE_KEY: title}, "the title travels with the stored output"
        output = new_output("display_data", data=bundle, metadata=metadata)
        page = steps.inline_charts(new_notebook(cells=[new_code_cell("", outputs=[output])]))
        figure = page.cells[0].outputs[0]
        region = BeautifulSoup(figure.data["text/html"], "html.parser").find(attrs={"role": "region"})
        assert region["aria-label"] == f"Chart: {title}" and title.startswith("Fingerprints checked")
        assert layout.CHART_TITLE_KEY not in figure.metadata, "the page keeps no metadata of the notebook's"


def test_teaching_notes_are_cut_with_their_subsections_and_nothing_else() -> None:
    text = "# T\n\nA.\n\n## Teaching notes\n\nB.\n\n### Deeper\n\nC.\n\n## Rubric\n\nD.\n"
    kept = pages.strip_sections(text, {"Teaching notes"})
    assert "A." in kept and "D." in kept and "B." not in kept and "C." not in kept


def test_links_to_pages_the_site_lacks_keep_their_words() -> None:
    text = "See the [overview](README.md) and the [memo](closing_assessment.md#rubric)."
    assert pages.unlink_missing(text, ["closing_assessment"]) == (
        "See the overview and the [memo](closing_assessment.md#rubric)."
    )


def test_a_glossary_without_its_columns_names_the_file_and_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("word,meaning\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"glossary.csv.*definition, term"):
        pages.read_glossary(path)
    assert pages.read_glossary(tmp_path / "absent.csv") == []


def test_widgets_are_replaced_by_what_their_cell_metadata_says_never_by_their_code() -> None:
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    widget = new_output("display_data", data={steps.WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox()"})

    def cell(marks: dict | None, code: str = "scomm.exercise(p, 'l1-supported')"):
        return new_code_cell(code, outputs=[widget], metadata={"scomm": marks} if marks else {})

    nb = new_notebook(
        cells=[
            cell({"exercise": "l1-ident"}, code="anything at all"),  # practice: a form to try in the page
            cell({"exercise": "l1-supported"}),  # assessed: where to answer it
            cell({"tool": "annotate"}),
            cell({"tool": "submit"}),  # handing in only makes sense in the student's own notebook
            cell(None),  # an exercise call with no metadata is not recognised by its code
            cell({"exercise": "l1-discuss-control"}),  # written: where to write it
        ]
    )
    page = steps.replace_widgets(nb, practice.replacers("01_program_mechanics"))
    html_of = [" ".join(o.data.get("text/html", "") for o in c.outputs) for c in page.cells]
    assert 'data-exercise="l1-ident"' in html_of[0] and 'class="scomm-practice"' in html_of[0]
    assert "Assessed exercise" in html_of[1] and "scomm-practice" not in html_of[1]
    assert "Annotating this reading is interactive" in html_of[2]
    assert page.cells[3].outputs == []
    assert "This part of the lesson is interactive" in html_of[4]
    assert "Written answer" in html_of[5] and "in the lesson notebook in JupyterLab" in html_of[5]
    assert "scomm-practice" not in html_of[5]
    assert steps.replace_widgets(page, practice.replacers("01_program_mechanics")) == page
    assert set(practice.TOOLS) == set(layout.TOOLS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_no_assessed_item_is_checked_in_the_page(lesson) -> None:
    for item in exercises.load_set(lesson.slug).values():
        if item.mode == "assessment":
            with pytest.raises(ValueError, match="assessed"):
                practice.practice_form(item, evidence="")
            shown = practice.assessed_note(item.public())
            assert html.escape(item.prompt) in shown and "answer" in shown


@pytest.mark.parametrize("edition", sorted(build.EDITIONS))
def test_conf_py_is_valid_python_with_nothing_remote(edition: str) -> None:
    text = build.conf_text(build.EDITIONS[edition], glossary=[pages.Term("detainer", "x")], source_ids=["a"])
    compile(text, "conf.py", "exec")
    namespace: dict = {}
    exec(text, namespace)
    assert namespace["nb_execution_mode"] == "off"
    assert namespace["nb_ipywidgets_js"] == {}
    assert not REMOTE.match(namespace["html_theme_options"]["announcement"])
    assert namespace["scomm_glossary"] == [["detainer"]]


def test_a_glossary_term_is_linked_by_the_names_in_its_parentheses_not_by_qualifiers(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(
        "term,definition,exists_from,exists_from_precision\n"
        "\"detainer (immigration detainer, 'ICE hold')\",A request.,1997-01-01,year\n"
        "priority tiers (2014),Three tiers.,2014-11-20,day\n",
        encoding="utf-8",
    )
    detainer, tiers = pages.read_glossary(path)
    assert detainer.matches == ("detainer", "immigration detainer", "ICE hold") and detainer.since == "1997"
    assert tiers.matches == ("priority tiers",) and tiers.since == "20 November 2014"


def test_a_page_of_someone_elses_where_the_site_goes_is_refused_before_anything_is_built(
    tmp_path: Path,
) -> None:
    from scomm.course.outputs import OutputConflict

    (tmp_path / "thesis.docx").write_text("mine")
    (tmp_path / "index.html").write_text("my own home page")
    with pytest.raises(OutputConflict, match=r"index\.html was not written by scomm; .* pass --force"):
        build.build_book(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "thesis.docx"]
    assert (tmp_path / "index.html").read_text() == "my own home page"


# -- the two sites ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def student(course_sites: dict[str, Path]) -> Path:
    return course_sites["student"]


@pytest.fixture(scope="module")
def instructor(course_sites: dict[str, Path]) -> Path:
    return course_sites["instructor"]


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


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_every_page_loads_only_files_of_the_site(course_sites: dict[str, Path], edition: str) -> None:
    site = course_sites[edition]
    remote = []
    for path in html_pages(site):
        for tag, attribute in LOADS.items():
            for element in soup(path).find_all(tag):
                url = element.get(attribute) or element.get(f"xlink:{attribute}") or ""
                if (
                    tag == "link"
                    and "stylesheet" not in element.get("rel", [])
                    and "preload" not in element.get("rel", [])
                ):
                    continue  # <link rel="index"> and the like are navigation, not loads
                if url and REMOTE.match(url) and not url.startswith("data:"):
                    remote.append(f"{path.relative_to(site)}: <{tag} {attribute}={url}>")
                elif url and not url.startswith(("data:", "#")):
                    target = (path.parent / unquote(urlsplit(url).path)).resolve()
                    if not target.is_file():
                        remote.append(f"{path.relative_to(site)}: <{tag} {attribute}={url}> is missing")
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        remote += [f"{sheet.name}: {m}" for m in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]*)", text)]
        remote += [
            f"{sheet.name}: @import" for _ in re.findall(r"@import\s+url\(\s*['\"]?(?:https?:)?//", text)
        ]
    assert remote == []


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_every_link_within_the_site_resolves_to_a_page_and_an_anchor(
    course_sites: dict[str, Path], edition: str
) -> None:
    site = course_sites[edition]
    ids = {path: {e["id"] for e in soup(path).find_all(id=True)} for path in html_pages(site)}
    broken = []
    for path in ids:
        for link in soup(path).find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.scheme or link["href"].startswith("//"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {link['href']}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids.get(target, set()):
                broken.append(f"{path.relative_to(site)} -> {link['href']} (no such anchor)")
    assert broken == []


def _source_ids() -> set[str]:
    with (layout.DATA_DIR / "sources.csv").open(newline="", encoding="utf-8") as handle:
        return {row["source_id"] for row in csv.DictReader(handle)}


def _site_day(course_sites: dict[str, Path]):
    del course_sites  # built from the kit's own lesson builds, which the fixture made first
    return dated.site_day((layout.BUILD_DIR / "student").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.slow
def test_every_source_published_by_the_sites_last_lesson_day_has_its_own_anchor_and_no_later_one(
    student: Path, course_sites: dict[str, Path]
) -> None:
    day = _site_day(course_sites)
    published = dated.public("sources", "source_id", day=day, data_dir=course_sites["data"])
    anchors = {e["id"] for e in soup(student / "sources.html").find_all(id=True)}
    assert published and published <= anchors
    later = _source_ids() - published
    assert later, "the test needs sources published after the site's day"
    assert not later & anchors
    assert f"set no later than {day.date().isoformat()}" in soup(student / "sources.html").get_text(" ")


@pytest.mark.slow
def test_the_glossary_defines_no_term_that_came_into_use_after_the_sites_last_lesson_day(
    student: Path, course_sites: dict[str, Path]
) -> None:
    day = _site_day(course_sites)
    in_use = dated.public("glossary", "term", day=day, data_dir=course_sites["data"])
    # Sphinx typesets straight quotes as curly ones; compare the words, not the quote marks.
    plain = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
    shown = {
        dt.get_text(" ", strip=True).translate(plain)
        for dt in soup(student / "glossary.html").select("dl.glossary dt")
    }
    everything = {t.term for t in pages.read_glossary(course_sites["data"] / "glossary.csv")}
    assert everything - in_use, "the test needs a term that came into use after the site's day"
    for term in everything:
        assert any(term in text for text in shown) == (term in in_use), term


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_table_and_chart_links_the_sources_it_cites(student: Path, lesson) -> None:
    page = soup(student / "lessons" / f"{lesson.slug}.html")
    tables = page.select("div.cell_output table")
    charts = page.select("figure.scomm-chart")
    assert tables and charts
    for table in tables:
        caption = table.find("caption").get_text(" ", strip=True)
        links = [a["href"] for a in table.find_all("a", href=True)]
        cites = [h for h in links if h.startswith(("../sources.html#", "../data.html#"))]
        # A table of no rows (its one row says so across every column, or it has none) cites nothing.
        empty = not table.select("tbody tr") or table.select_one("tbody td[colspan]") is not None
        assert cites or empty or "SYNTHETIC" in caption.upper() or "CALIBRATION" in caption, caption
    for chart in charts:
        assert chart.find("svg", attrs={"role": "img"})["aria-label"]
        cited = [a["href"].split("#")[1] for a in chart.select("figcaption a[href^='../sources.html#']")]
        assert cited and set(cited) <= _source_ids(), chart.find("svg")["aria-label"][:80]


def _narrative(article) -> list:
    """The article's text in reading order, each string with the glossary link it sits in (or None);
    headings, code and outputs are left out, as the glossary links only prose."""
    found = []
    for text in article.find_all(string=True):
        parents = list(text.parents)
        if any(p.name in {"h1", "h2", "h3", "h4", "code", "script", "style"} for p in parents):
            continue
        if any("cell_output" in p.get("class", []) for p in parents):
            continue
        link = next((p for p in parents if p.name == "a" and "glossary.html#" in p.get("href", "")), None)
        found.append((str(text), link))
    return found


@pytest.mark.slow
def test_each_glossary_term_links_where_it_first_appears_in_a_lesson(
    student: Path, course_sites: dict[str, Path]
) -> None:
    in_use = dated.public("glossary", "term", day=_site_day(course_sites), data_dir=course_sites["data"])
    terms = [t for t in pages.read_glossary(course_sites["data"] / "glossary.csv") if t.term in in_use]
    glossary_ids = {e["id"] for e in soup(student / "glossary.html").find_all(id=True)}
    linked = 0
    for lesson in LESSONS:
        article = soup(student / "lessons" / f"{lesson.slug}.html").find("article")
        for term in terms:
            names = [
                re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])", re.I) for n in (term.term, *term.matches)
            ]
            uses = [
                (i, link)
                for i, (text, link) in enumerate(_narrative(article))
                if any(n.search(text) for n in names)
            ]
            if not uses:
                continue
            _, link = uses[0]
            assert link is not None, f"{lesson.slug}: first use of {term.term!r} is not linked"
            assert link["href"].split("#")[1] in glossary_ids
            assert all(other is None for _, other in uses[1:]), f"{lesson.slug}: {term.term!r} linked twice"
            linked += 1
    assert linked  # the terms the lessons use are linked (not every glossary term need appear)


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


@pytest.mark.parametrize("day", ["2009-06-01", "2014-11-19"])
def test_a_site_day_before_lesson_4s_first_shows_the_closing_memo_as_not_open(day: str) -> None:
    """The closing assessment sets lesson 4's memo; a site whose lessons all stop before lesson 4
    can be set is told the question opens later, as a lesson says it, instead of failing the build."""
    first = layout.lesson(4).earliest.isoformat()
    assert day < first
    note = dated.waiting_on(pd.Timestamp(day))("04_pep_transition", "l4-memo")
    said = timeline.when(pd.Timestamp(day), "day")
    assert note is not None and note.startswith(f"This question rests on records made public after {said};")
    assert "Instructor" not in note and first not in note
    plans = pages.plan_pages(ROOT / "lessons", student=True, waiting=dated.waiting_on(pd.Timestamp(day)))
    assert plans["closing_assessment"].splitlines()[2] == note


def test_on_and_after_lesson_4s_days_the_memo_waits_as_the_lesson_decides() -> None:
    last = pd.Timestamp(last_day())
    assert dated.waiting_on(last)("04_pep_transition", "l4-memo") is None
    early = dated.waiting_on(pd.Timestamp("2014-11-20"))("04_pep_transition", "l4-memo")
    assert early == opening.closed(validate("04_pep_transition", as_of="2014-11-20"), "l4-memo")
    assert dated.waiting_on(last + pd.Timedelta(days=400))("04_pep_transition", "l4-memo") is None


def test_copy_data_copies_the_notes_it_is_given_whole(tmp_path: Path) -> None:
    day = pd.Timestamp("2010-01-01")
    dated.copy_data(layout.DATA_DIR, tmp_path / "teacher", day=day, notes=pages.DATA_NOTES)
    dated.copy_data(layout.DATA_DIR, tmp_path / "student", day=day)
    for name in pages.DATA_NOTES:
        assert (tmp_path / "teacher" / name).read_bytes() == (layout.DATA_DIR / name).read_bytes()
        assert not (tmp_path / "student" / name).exists()


# -- someone else's files in the output folder -----------------------------------------------------

THEIRS = {
    "notes.txt": "my notes\n",
    "data/grades-2024.csv": "student,grade\nana,A\n",
    "lessons/week1.md": "# Week 1\n",
    "lessons/01_program_mechanics/handout.md": "# Handout\n",
    "plans/term.txt": "the term's plan\n",
}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _plant(root: Path, files: dict[str, str]) -> dict[str, bytes]:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return _files(root)


@pytest.mark.slow
def test_the_site_over_someone_elses_folder_leaves_every_file_of_theirs(tmp_path: Path) -> None:
    theirs = _plant(tmp_path, THEIRS)
    assert cli.main(["build", "--site", "--out", str(tmp_path)]) == 0
    after = _files(tmp_path)
    assert {rel: after.get(rel) for rel in theirs} == theirs
    assert (tmp_path / "index.html").is_file() and (tmp_path / pages.DOWNLOADS / "events.csv").is_file()
    # again: every file is the site's own now, and still nothing of theirs is touched
    assert cli.main(["build", "--site", "--out", str(tmp_path)]) == 0
    assert {rel: _files(tmp_path).get(rel) for rel in theirs} == theirs


@pytest.mark.slow
def test_a_file_of_theirs_where_the_site_would_write_stops_it_before_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = _plant(tmp_path, {**THEIRS, "index.html": "<p>my own course page</p>"})
    assert cli.main(["build", "--site", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"scomm build --site: {tmp_path / 'index.html'} was not written by scomm; move it away, "
        "choose another --out, or pass --force to replace it.\n"
    )
    assert _files(tmp_path) == theirs, "nothing is written, nothing deleted"
    assert cli.main(["build", "--site", "--out", str(tmp_path), "--force"]) == 0
    after = _files(tmp_path)
    assert after["index.html"] != theirs["index.html"]
    assert {rel: after[rel] for rel in THEIRS} == {rel: theirs[rel] for rel in THEIRS}


@pytest.mark.slow
def test_the_site_with_out_dot_inside_a_copy_of_the_checkout_deletes_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    ignore = shutil.ignore_patterns(".venv", "build", ".git", "__pycache__", "*.egg-info", ".*_cache")
    shutil.copytree(ROOT, checkout, ignore=ignore)
    before = _files(checkout)
    monkeypatch.chdir(checkout)
    assert cli.main(["build", "--site", "--out", "."]) == 0
    after = _files(checkout)
    assert {rel: after.get(rel) for rel in before} == before
    assert (checkout / "index.html").is_file() and (checkout / "search.html").is_file()


def test_the_site_day_is_the_latest_as_of_a_lesson_ran_with(tmp_path: Path) -> None:
    import nbformat

    def lesson(name: str, defaults: str, injected: str | None) -> Path:
        cells = [nbformat.v4.new_code_cell(defaults, metadata={"tags": [layout.PARAMETERS_TAG]})]
        if injected is not None:
            cells.append(nbformat.v4.new_code_cell(injected, metadata={"tags": [layout.INJECTED_TAG]}))
        path = tmp_path / name
        nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
        return path

    first = lesson("a.ipynb", 'as_of = "2011-03-31"\nrole = "student"', None)
    second = lesson("b.ipynb", 'as_of = "2011-03-31"', '# Parameters\nas_of = "2014-06-01"\n')
    broken = lesson("c.ipynb", "as_of = (", None)
    assert dated.as_of_of(first).date().isoformat() == "2011-03-31"
    assert dated.as_of_of(second).date().isoformat() == "2014-06-01"  # what papermill injected wins
    assert dated.as_of_of(broken) is None
    assert dated.site_day([first, second, broken]).date().isoformat() == "2014-06-01"
    assert dated.site_day([broken]) is None


def test_an_exercise_not_yet_open_on_the_pages_day_stays_a_note_on_the_site() -> None:
    from scomm.course.params import validate

    early = practice.replacers("04_pep_transition", p=validate("04_pep_transition", as_of="2014-12-01"))[0]
    later = practice.replacers("04_pep_transition", p=validate("04_pep_transition", as_of="2016-03-01"))[0]
    marks = {layout.EXERCISE: "l4-compare"}
    assert "opens when the lesson is set on a later date" in early(marks)
    assert "opens when the lesson is set on a later date" not in later(marks)
