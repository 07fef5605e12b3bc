"""The course site in Chromium, opened from file:// as a reader would: nothing requested from another
server, search, keyboard use, print to PDF, light and dark themes, a practice question, axe-core."""

from __future__ import annotations

import io
import os
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from lab_servers import free_port, serving
from scomm.course.layout import LESSONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
THEMES = ("light", "dark")


def pages_of(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def lesson_page(site: Path, number: int) -> Path:
    return site / "lessons" / f"{LESSONS[number - 1].slug}.html"


def open_in(page, path: Path, *, theme: str = "light") -> None:
    page.emulate_media(color_scheme=theme)
    page.goto(path.as_uri())
    assert page.evaluate("() => document.documentElement.dataset.theme") == theme
    settle(page)


def settle(page) -> None:
    """Wait until the theme's transitions have ended: a colour half-way through one is no colour a
    reader is left with, and axe-core would measure it."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


# -- nothing fetched -------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_reading_every_page_requests_nothing_from_another_server(course_sites, page, edition: str) -> None:
    asked: list[str] = []

    def record(route) -> None:
        if not route.request.url.startswith(("file:", "data:", "blob:", "about:")):
            asked.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", record)
    for path in pages_of(course_sites[edition]):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
    page.goto((course_sites[edition] / "search.html").as_uri() + "?q=detainer")
    page.wait_for_selector("#search-results li", timeout=20_000)
    assert asked == []


# -- search and the keyboard -----------------------------------------------------------------------


def test_search_works_from_file_urls_and_leads_to_the_lesson(course_sites, page) -> None:
    page.goto((course_sites["student"] / "search.html").as_uri() + "?q=Galarza")
    results = page.locator("#search-results li a")
    results.first.wait_for(timeout=20_000)
    found = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("03_detainer_law" in href for href in found), found
    page.locator("#search-results li a[href*='03_detainer_law']").first.click()
    assert "Galarza" in page.locator("article").inner_text()


def test_search_works_from_a_static_web_host(course_sites, page, tmp_path: Path) -> None:
    """The student site served as plain files over HTTP (Python's http.server on 127.0.0.1)."""
    port = free_port()
    host = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    url = f"http://127.0.0.1:{port}"
    with serving(
        [*host, "--directory", str(course_sites["student"])],
        env=dict(os.environ),
        probe=f"{url}/index.html",
        log=tmp_path / "host.log",
    ):
        page.goto(f"{url}/search.html?q=Galarza")
        results = page.locator("#search-results li a[href*='03_detainer_law']")
        results.first.wait_for(timeout=20_000)
        results.first.click()
        assert page.url.startswith(f"{url}/lessons/03_detainer_law.html")
        assert "Galarza" in page.locator("article").inner_text()


def test_a_keyboard_user_skips_to_the_content_and_searches(course_sites, page) -> None:
    page.goto(lesson_page(course_sites["student"], 1).as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
    )
    assert focused[0] == "A" and focused[1].lower().startswith("skip"), focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main-content"
    page.keyboard.press("Control+k")  # the theme's search shortcut opens the search box
    assert page.evaluate("() => document.activeElement.getAttribute('name')") == "q"
    page.keyboard.type("detainer")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=detainer"))
    page.locator("#search-results li a").first.wait_for(timeout=20_000)
    for _ in range(200):  # Tab until the first result; every stop on the way is a visible control
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('#search-results')"):
            break
    else:
        pytest.fail("Tab never reached the search results")
    target = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target.split("?")[0] + "*")
    assert "detainer" in page.locator("article").inner_text().lower()


# -- print and PDF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_a_printed_lesson_keeps_every_column_chart_and_caption(
    course_sites, page, lesson, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    # The page as it is laid out on A4 paper: 210 mm less the print stylesheet's margins, at 96 dpi.
    page.set_viewport_size({"width": 718, "height": 1000})
    page.goto(lesson_page(course_sites["student"], lesson.number).as_uri())
    page.emulate_media(media="print")
    tables = page.evaluate(
        """() => [...document.querySelectorAll('article table')].map(t => ({
              caption: t.caption ? t.caption.innerText.trim() : '',
              headers: [...t.querySelectorAll('thead th')].map(th => th.innerText.trim()),
              firstRow: [...(t.querySelector('tbody tr') || {children: []}).children].map(c => c.innerText.trim()),
              fits: t.getBoundingClientRect().right <= document.querySelector('article').getBoundingClientRect().right + 1,
              hidden: [...t.querySelectorAll('th, td')].filter(c => c.getBoundingClientRect().width < 2).length}))"""
    )
    charts = page.evaluate(
        """() => [...document.querySelectorAll('figure.scomm-chart svg')].map(s => ({
              title: s.querySelector('title').textContent, width: s.getBoundingClientRect().width,
              fits: s.getBoundingClientRect().right <= document.querySelector('article').getBoundingClientRect().right + 1}))"""
    )
    assert tables and charts
    for table in tables:
        assert table["fits"] and not table["hidden"], table
    for chart in charts:
        assert chart["fits"] and chart["width"] > 200, chart
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / f"{lesson.slug}.pdf").write_bytes(pdf)
    # NFKC undoes the ligatures (ﬁ, ﬀ) a PDF's text keeps.
    text = unicodedata.normalize(
        "NFKC", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    )
    # Compared without spaces and hyphens: a narrow column breaks words and ids across lines.
    flat = re.sub(r"[\s-]+", "", text)
    for table in tables:
        for header, cell in zip(table["headers"], table["firstRow"], strict=False):
            assert re.sub(r"[\s-]+", "", header) in flat, (table["caption"], header)
            assert re.sub(r"[\s-]+", "", cell)[:40] in flat, (table["caption"], header, cell[:40])
        assert re.sub(r"[\s-]+", "", table["caption"])[:60] in flat, table["caption"]
    for chart in charts:
        assert re.sub(r"[\s-]+", "", chart["title"])[:50] in flat, chart["title"]
    assert "Chartdescription" in flat


# -- themes ----------------------------------------------------------------------------------------


def _contrast(page, selector: str) -> list[float]:
    return page.evaluate(
        """(sel) => {
          const lum = c => { const v = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
              .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
              return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
          const background = e => { for (; e; e = e.parentElement) { const b = getComputedStyle(e).backgroundColor;
              if (!/rgba\\(.*, 0\\)$/.test(b) && b !== 'transparent') return b; } return 'rgb(255, 255, 255)'; };
          return [...document.querySelectorAll(sel)].map(e => { const a = lum(getComputedStyle(e).color),
              b = lum(background(e)); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); });
        }""",
        selector,
    )


@pytest.mark.parametrize("theme", THEMES)
def test_charts_sit_on_a_light_card_and_read_well_in_both_themes(course_sites, page, theme: str) -> None:
    for lesson in LESSONS:
        open_in(page, lesson_page(course_sites["student"], lesson.number), theme=theme)
        cards = page.evaluate(
            """() => [...document.querySelectorAll('figure.scomm-chart')].map(f => {
                 let e = f; for (; e; e = e.parentElement) { const b = getComputedStyle(e).backgroundColor;
                   if (!/rgba\\(.*, 0\\)$/.test(b)) return b; } return 'none'; })"""
        )
        assert cards and all(c == "rgb(255, 255, 255)" for c in cards), (lesson.slug, theme, cards)
        # The SVG paints its own white background, under dark text (its colours are fixed).
        assert page.locator("figure.scomm-chart svg > rect[fill='white']").count() == len(cards)
        for ratio in _contrast(page, "figure.scomm-chart figcaption, figure.scomm-chart figcaption a span"):
            assert ratio >= 4.5, (lesson.slug, theme, ratio)
        for ratio in _contrast(page, "article p, form.scomm-practice label, .scomm-feedback"):
            assert ratio >= 4.5, (lesson.slug, theme, ratio)
