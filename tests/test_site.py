"""The course website: every page there, every link resolving, nothing fetched, nothing leaked."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from scomm import builds, cli, site
from scomm.course import layout, notes
from scomm.course.layout import BUILD_DIR, DATA_DIR, LESSONS
from scomm.exercises import definitions as exercises

PLANS = sorted(site.PLANS_DIR.glob("*.md"))
#: Attributes whose URL a browser fetches (xmlns names a namespace and fetches nothing).
LOADING_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "data", "poster", "action", "background"}


class Page(HTMLParser):
    """What the tests need from one page: its tags with attributes, headings, ids and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.title = ""
        self.text_parts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.add(values["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data
        if not self._in or self._in[-1] not in ("style", "script"):
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def expected_pages(out: Path) -> list[Path]:
    return [
        out / "index.html",
        out / "sources.html",
        out / "data" / "index.html",
        *(out / "plans" / f"{plan.stem}.html" for plan in PLANS),
        *(
            out / "lessons" / lesson.slug / f"{version}.html"
            for lesson in LESSONS
            for version in site.VERSIONS
        ),
    ]


# -- small pieces, no notebooks run --------------------------------------------------------------


def test_nav_links_are_relative_to_the_page() -> None:
    nav = site.nav_html([site.Link("Home", "index.html")], depth=2, current="index.html")
    assert 'aria-label="Site"' in nav
    assert 'href="../../index.html" aria-current="page"' in nav


def test_widget_outputs_become_a_note_with_the_prompt() -> None:
    widget = new_output("execute_result", data={site.WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox()"})
    nb = new_notebook(cells=[new_code_cell('widgets.show(L, "q-1", p)', outputs=[widget])])
    noted = site.note_exercises(nb, {"q-1": "Which came first?"})
    (output,) = noted.cells[0].outputs
    assert "q-1" in output.data["text/html"] and "Which came first?" in output.data["text/html"]
    assert "JupyterLab" in output.data["text/html"]
    assert site.note_exercises(noted, {}) == noted  # safe to run twice
    assert nb.cells[0].outputs[0].data[site.WIDGET_MIME]  # the input is untouched


def test_markdown_links_point_at_pages_and_cite_sources() -> None:
    rendered = site.markdown_html("See [the plan](README.md) and `vox-2014`, not `other`.", ["vox-2014"])
    assert 'href="README.html"' in rendered
    assert '<a href="../sources.html#vox-2014"><code>vox-2014</code></a>' in rendered
    assert "<code>other</code>" in rendered and "sources.html#other" not in rendered


# -- the whole site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The site, built once from build/student and build/instructor (built first if missing)."""
    out = tmp_path_factory.mktemp("site")
    return out, site.build_site(out, builds=BUILD_DIR)


@pytest.fixture(scope="module")
def pages(built: tuple[Path, list[Path]]) -> dict[Path, Page]:
    out, _ = built
    return {path: parse(path) for path in sorted(out.rglob("*.html"))}


@pytest.mark.slow
def test_every_expected_page_exists(built: tuple[Path, list[Path]], pages: dict[Path, Page]) -> None:
    out, written = built
    for path in expected_pages(out):
        assert path.is_file(), path
        assert path in written
    assert set(pages) == set(expected_pages(out))


@pytest.mark.slow
def test_every_relative_link_resolves(built: tuple[Path, list[Path]], pages: dict[Path, Page]) -> None:
    out, _ = built
    broken = []
    for path, page in pages.items():
        for tag, attrs in page.tags:
            for name in ("href", "src", "xlink:href"):
                url = attrs.get(name)
                if url is None or urlsplit(url).scheme in ("http", "https", "mailto", "data"):
                    continue
                parts = urlsplit(url)
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
                if not target.is_file() or out.resolve() not in target.parents:
                    broken.append(f"{path.relative_to(out)}: <{tag} {name}={url!r}>")
                elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                    broken.append(f"{path.relative_to(out)}: <{tag} {name}={url!r}> (no such anchor)")
    assert not broken, "\n".join(broken)


@pytest.mark.slow
def test_every_source_has_an_anchor(pages: dict[Path, Page], built: tuple[Path, list[Path]]) -> None:
    out, _ = built
    with (DATA_DIR / "sources.csv").open(newline="", encoding="utf-8") as handle:
        ids = {row["source_id"] for row in csv.DictReader(handle)}
    assert ids <= pages[out / "sources.html"].ids


@pytest.mark.slow
def test_nothing_is_fetched_from_another_server(
    built: tuple[Path, list[Path]], pages: dict[Path, Page]
) -> None:
    out, _ = built
    for path, page in pages.items():
        for tag, attrs in page.tags:
            if tag == "a":
                continue  # a link a reader may follow, not something the page loads
            loaded = [v for k, v in attrs.items() if k in LOADING_ATTRIBUTES]
            remote = [v for v in loaded if re.match(r"\s*(https?:)?//", v)]
            assert not remote, f"{path.relative_to(out)}: <{tag}> loads {remote}"
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), path
    assert "http" not in (out / "site.css").read_text(encoding="utf-8")


def _chart_count(notebook: Path) -> int:
    nb = nbformat.read(notebook, as_version=4)
    return sum(
        "image/svg+xml" in output.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


@pytest.mark.slow
@pytest.mark.parametrize("version", site.VERSIONS)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_charts_stay_inline_svg_with_their_description(
    built: tuple[Path, list[Path]], pages: dict[Path, Page], lesson, version: str
) -> None:
    out, _ = built
    page = pages[out / "lessons" / lesson.slug / f"{version}.html"]
    charts = [a for tag, a in page.tags if tag == "svg" and a.get("role") == "img" and a.get("aria-label")]
    expected = _chart_count(BUILD_DIR / version / f"{lesson.slug}.ipynb")
    assert expected > 0
    assert len(charts) == expected
    assert "No description has been provided" not in page.text
    assert not any(tag == "img" for tag, _ in page.tags)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_students_see_no_teaching_notes_or_key_explanations(
    built: tuple[Path, list[Path]], pages: dict[Path, Page], lesson
) -> None:
    out, _ = built
    student = pages[out / "lessons" / lesson.slug / "student.html"]
    raw = (out / "lessons" / lesson.slug / "student.html").read_text(encoding="utf-8")
    forbidden = builds.secrets(layout.KEYS_DIR, notes.NOTES_DIR)
    assert forbidden
    found = [item[:60] for item in forbidden if item in raw or " ".join(item.split()) in student.text]
    assert not found
    assert not code_inputs(student)  # students read narrative and outputs, not code


def code_inputs(page: Page) -> list[dict[str, str]]:
    return [a for _, a in page.tags if "jp-InputArea-editor" in a.get("class", "").split()]


def _note_paragraphs(lesson: str) -> list[str]:
    text = (notes.NOTES_DIR / f"{lesson}.md").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_instructors_see_teaching_notes_and_code(pages: dict[Path, Page], built, lesson) -> None:
    out, _ = built
    path = out / "lessons" / lesson.slug / "instructor.html"
    page = pages[path]
    assert code_inputs(page)
    # a note paragraph's opening words survive Markdown rendering (emphasis, code) unchanged
    openings = [" ".join(re.sub(r"[*_`]", "", p).split()[:4]) for p in _note_paragraphs(lesson.slug)]
    assert any(opening in page.text for opening in openings)


@pytest.mark.slow
def test_exercises_say_they_run_in_jupyterlab(built: tuple[Path, list[Path]]) -> None:
    out, _ = built
    for lesson in LESSONS:
        raw = (out / "lessons" / lesson.slug / "student.html").read_text(encoding="utf-8")
        assert raw.count(site.INTERACTIVE_NOTE_CLASS) >= len(exercises.load_set(lesson.slug)) - 1
        assert site.WIDGET_MIME not in raw


@pytest.mark.slow
def test_the_data_dictionary_lists_every_field(
    built: tuple[Path, list[Path]], pages: dict[Path, Page]
) -> None:
    out, _ = built
    page = pages[out / "data" / "index.html"]
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["name"] in page.ids
        assert (out / "data" / resource["path"]).read_bytes() == (DATA_DIR / resource["path"]).read_bytes()
        for field in resource["schema"]["fields"]:
            assert f"{field['name']} {field.get('type', 'string')}" in page.text, (resource["name"], field)
            for value in field.get("constraints", {}).get("enum", []):
                assert str(value) in page.text


@pytest.mark.slow
def test_every_page_has_the_basic_accessible_structure(pages: dict[Path, Page]) -> None:
    for path, page in pages.items():
        raw = path.read_text(encoding="utf-8")
        assert raw.lower().startswith("<!doctype html>"), path
        assert ("html", {"lang": "en"}) in [(t, {"lang": a.get("lang")}) for t, a in page.tags], path
        assert page.title.strip(), path
        assert page.headings.count(1) == 1, path
        assert page.headings[0] == 1, path
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), (
            path,
            page.headings,
        )
        mains = [a for t, a in page.tags if t == "main"]
        assert len(mains) == 1 and mains[0].get("id") == "main", path
        first_link = next(a for t, a in page.tags if t == "a")
        assert first_link.get("href") == "#main", path  # the skip link comes before everything else
        assert any(t == "nav" and a.get("aria-label") for t, a in page.tags), path


@pytest.mark.slow
def test_rebuilding_gives_the_same_bytes(built: tuple[Path, list[Path]], tmp_path: Path) -> None:
    out, written = built
    (tmp_path / "unrelated.txt").write_text("kept")
    first = site.build_site(tmp_path, builds=BUILD_DIR)
    again = site.build_site(tmp_path, builds=BUILD_DIR)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in written]
    for path in again:
        assert path.read_bytes() == (out / path.relative_to(tmp_path)).read_bytes(), path
    assert first == again
    assert (tmp_path / "unrelated.txt").read_text() == "kept"


@pytest.mark.slow
def test_scomm_build_site_prints_the_index(
    built: tuple[Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["build", "--site", "--out", str(tmp_path / "site")]) == 0
    printed = capsys.readouterr().out
    assert str(tmp_path / "site" / "index.html") in printed
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_failed_lesson_build_stops_the_site_and_says_what_to_run(tmp_path: Path, monkeypatch) -> None:
    from scomm.run import Outcome

    def failing_build(notebooks, *, out, progress):
        return [Outcome(Path(n), out / "student" / Path(n).name, 0.1, "NameError: x") for n in notebooks]

    monkeypatch.setattr(builds, "build", failing_build)
    with pytest.raises(RuntimeError, match=r"NameError: x.*run `scomm build`"):
        site.build_site(tmp_path / "site", builds=tmp_path / "no-builds")
    assert not (tmp_path / "site").exists()


# -- rebuilding over an earlier site -------------------------------------------------------------


@pytest.mark.slow
def test_a_rebuild_removes_pages_it_no_longer_writes_but_never_an_edited_one(built, tmp_path: Path) -> None:
    from scomm.course.outputs import OutputConflict

    plans = tmp_path / "plans"
    shutil.copytree(site.PLANS_DIR, plans)
    (plans / "extra.md").write_text("# Extra\n", encoding="utf-8")
    out = tmp_path / "site"
    site.build_site(out, builds=BUILD_DIR, plans_dir=plans)
    assert (out / "plans" / "extra.html").is_file()
    (plans / "extra.md").unlink()
    site.build_site(out, builds=BUILD_DIR, plans_dir=plans)
    assert not (out / "plans" / "extra.html").exists(), "a page for a plan that is gone goes too"
    (out / "sources.html").write_text("<p>edited by hand</p>", encoding="utf-8")
    with pytest.raises(
        OutputConflict, match=r"sources\.html was written by scomm but has been changed since"
    ):
        site.build_site(out, builds=BUILD_DIR, plans_dir=plans)
    assert (out / "sources.html").read_text(encoding="utf-8") == "<p>edited by hand</p>"
