"""Every table and chart a student sees reads whole on a screen: measured in Chromium, lesson by lesson.

Each lesson's student build is opened in real JupyterLab (its stored outputs, as a student sees
them on opening it), in the kit's app (real Voilà running the lesson as ``scomm app`` serves it,
light and dark theme) and on the student course site, at 1280 px and 400 px wide. In every table:
no cell's text is cut (wider than its box); at 1280 px every column is in view, none pushed past
the output area to be scrolled to; at 400 px a table wider than the screen scrolls inside its
own region, which a keyboard reaches (tabindex) and a screen reader names; a column squeezed
narrower than its longest word counts as cut; a region that scrolls says so in a line above
its content, and one that fits does not. Every chart's text comes out at 11 px or more, the
picture scrolling in its own region (with its line) where it is wider than the page
(``readable.chart_problems``). Paper is measured by ``tests/publish/test_book_browser.py``
(every column, chart and caption in the printed PDF).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page

from lab_servers import end_lab_sessions, lab_notebook_ready, lab_server, serving, voila_serving
from scomm.course.layout import BUILD_DIR, LESSONS
from scomm.course.scrolling import CHART_CUE, TABLE_CUE, scrolling
from scomm.notebooks.build import ensure_builds
from scomm.notebooks.steps import write
from scomm.publish.app import app_notebook

from readable import chart_problems

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 400)
THEMES = ("light", "dark")

#: Every table on the page, as a reader meets it (``scope``: the lesson's output areas or article).
MEASURE = """(scope) => [...document.querySelectorAll(scope + ' table')].filter(t => t.offsetParent).map(t => {
  const words = el => el.innerText.trim().replace(/\\s+/g, ' ').slice(0, 40);
  const region = t.closest('[role=region]');
  const frame = t.closest('.jp-OutputArea-output, article') || document.body;
  const view = (region || frame).getBoundingClientRect();
  const style = region ? getComputedStyle(region) : null;
  const cells = [...t.querySelectorAll('th, td')];
  return {
    caption: t.caption ? words(t.caption) : words(t.rows[0] || t),
    columns: t.rows[0] ? t.rows[0].cells.length : 0,
    cut: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(words),
    beyond: Math.max(0, Math.round(t.getBoundingClientRect().right - Math.min(view.right, frame.getBoundingClientRect().right))),
    scrolls: !!style && ['auto', 'scroll'].includes(style.overflowX) && region.tabIndex >= 0
      && !!region.getAttribute('aria-label'),
    past_screen: Math.max(0, Math.round(Math.min(t.getBoundingClientRect().right, view.right)
      - document.documentElement.clientWidth)),
    cue: (c => c && c.getBoundingClientRect().height >= 12 ? c.innerText.trim() : '')(
      region && region.querySelector('.scomm-scroll-cue')),
  };
})"""


def problems(page: Page, scope: str, width: int) -> list[str]:
    """What does not read in the page's tables at ``width`` px (already set)."""
    found = []
    tables = page.evaluate(MEASURE, scope)
    assert tables, "no table on the page"
    for t in tables:
        name = f"{t['caption']!r} ({t['columns']} columns)"
        found += [f"{name}: cell {text!r} is cut" for text in t["cut"]]
        if t["beyond"] and (width >= 1280 or not t["scrolls"]):
            found.append(f"{name}: {t['beyond']} px of columns out of view")
        elif t["beyond"] > 2 and not t["cue"]:  # the cue allows 2 px of rounding
            found.append(f"{name}: scrolls sideways with no line saying so")
        if not t["beyond"] and t["cue"]:
            found.append(f"{name}: fits, yet says to scroll sideways")
        if t["past_screen"]:  # the page scrolls sideways, not the table in its own box
            found.append(f"{name}: {t['past_screen']} px past the edge of the screen")
    return found


@pytest.fixture(scope="module")
def student_builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ensure_builds(BUILD_DIR)
    home = tmp_path_factory.mktemp("tables")
    for item in LESSONS:
        shutil.copy(BUILD_DIR / "student" / item.notebook.name, home / item.notebook.name)
    return home


@pytest.fixture(scope="module")
def lab(student_builds: Path):
    command, env, url = lab_server(student_builds)
    with serving(command, env=env, probe=f"{url}/api/status", log=student_builds / "lab.log"):
        yield url


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda item: item.slug)
def test_every_table_and_chart_of_a_lesson_reads_whole_in_jupyterlab(lab: str, page: Page, lesson) -> None:
    page.goto(f"{lab}/lab/tree/{lesson.notebook.name}?reset")
    lab_notebook_ready(page)
    page.evaluate(
        "() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }"
    )
    try:
        found = at_each_width(page, ".jp-OutputArea-output")
    finally:
        end_lab_sessions(lab)
    assert found == {width: [] for width in WIDTHS}


def at_each_width(page: Page, scope: str) -> dict[int, list[str]]:
    """What does not read in the page's tables, at each width in ``WIDTHS``."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)  # one layout after the resize
        found[width] = problems(page, scope, width) + chart_problems(page, scope)
    return found


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory):
    """The kit's app: Voilà serving each lesson's app notebook, as ``scomm app`` writes it."""
    home = tmp_path_factory.mktemp("tables-app")
    for item in LESSONS:
        write(app_notebook(item.slug, {}), home / item.notebook.name)
    with voila_serving(home, env=dict(os.environ), log=home / "voila.log") as url:
        yield url


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda item: item.slug)
def test_every_table_and_chart_of_a_lesson_reads_whole_in_voila(
    voila: str, page: Page, lesson, theme: str
) -> None:
    # Voilà runs the whole lesson before the page is loaded; the submit button is its last widget.
    page.goto(f"{voila}/voila/render/{lesson.notebook.name}?theme={theme}", timeout=180_000)
    try:
        page.locator(".scomm-submit").wait_for(timeout=60_000)
        assert page.evaluate("() => document.body.dataset.jpThemeLight") == str(theme == "light").lower()
        found = at_each_width(page, ".jp-OutputArea-output")
    finally:
        page.close(run_before_unload=True)  # Voilà shuts the page's kernel down
    assert found == {width: [] for width in WIDTHS}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda item: item.slug)
def test_every_table_and_chart_of_a_lesson_reads_whole_on_the_course_site(
    course_sites, page: Page, lesson
) -> None:
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto((course_sites["student"] / "lessons" / f"{lesson.slug}.html").as_uri())
        found[width] = problems(page, "article", width) + chart_problems(page, "article")
    assert found == {width: [] for width in WIDTHS}


def test_the_measure_finds_a_cut_cell_and_a_column_out_of_view(page: Page) -> None:
    wide = "".join(f"<th>Column number {n}</th>" for n in range(12))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_content(
        "<article style='width: 600px'>"
        f"<table><caption>Wide</caption><thead><tr>{wide}</tr></thead></table>"
        "<table><caption>Cut</caption><thead><tr><th>Head</th></tr></thead><tbody><tr>"
        "<td style='max-width: 60px; overflow: hidden; white-space: nowrap'>A sentence cut short</td>"
        "</tr></tbody></table></article>"
    )
    found = problems(page, "article", 1280)
    assert any("'Wide' (12 columns)" in p and "out of view" in p for p in found), found
    assert "'Cut' (1 columns): cell 'A sentence cut short' is cut" in found


def test_the_measure_accepts_a_table_scrolled_in_its_box_but_not_by_the_page(page: Page) -> None:
    wide = "".join(f"<th>Column number {n}</th>" for n in range(12))

    def table(name: str) -> str:
        return scrolling(
            f"<table><caption>{name}</caption><thead><tr>{wide}</tr></thead></table>",
            label=name,
            cue=TABLE_CUE,
        )

    # A region that scrolls as the kit's did before, with no line saying so.
    silent = (
        "<div role='region' tabindex='0' aria-label='Silent' style='overflow-x: auto'>"
        f"<table><caption>Silent</caption><thead><tr>{wide}</tr></thead></table></div>"
    )
    page.set_viewport_size({"width": 400, "height": 900})
    page.set_content(
        f"<article style='width: 380px'>{table('In its box')}</article>"
        f"<article style='width: 900px'>{table('On the page')}</article>"
        f"<article style='width: 380px'>{silent}</article>"
    )
    found = problems(page, "article", 400)
    assert len(found) == 2 and found[0].startswith("'On the page' (12 columns): "), found
    assert found[0].endswith(" px past the edge of the screen")
    assert found[1] == "'Silent' (12 columns): scrolls sideways with no line saying so"


def test_the_measure_finds_chart_text_scaled_below_11_px_and_a_chart_that_scrolls_unsaid(page: Page) -> None:
    import base64

    drawn = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="100"><title>{0}</title>'
        '<rect width="800" height="100" fill="white"/><text x="5" y="50" font-size="12">Axis label</text></svg>'
    )

    def chart(name: str, style: str) -> str:
        src = base64.b64encode(drawn.format(name).encode()).decode()
        return f'<img class="scomm-chart" alt="" style="{style}" src="data:image/svg+xml;base64,{src}">'

    page.set_viewport_size({"width": 400, "height": 900})
    page.set_content(
        "<article>"
        + chart("Scaled", "max-width: 100%")
        + scrolling(chart("Framed", "display: block; max-width: none"), label="Chart: Framed", cue=CHART_CUE)
        + "<div role='region' tabindex='0' aria-label='x' style='overflow-x: auto'>"
        + chart("Unsaid", "display: block; max-width: none")
        + "</div></article>"
    )
    found = chart_problems(page, "article")
    assert found[0].startswith("'Scaled': text at 5.8 px (drawn at 12 px, shown at 48%)"), found
    assert found[1:] == ["'Unsaid': wider than its box, with no labelled scrolling region and cue"]
