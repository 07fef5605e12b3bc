"""The course site's links: every page loads only the site's own files, every link and anchor resolves,
each source has its anchor, and every table, chart and glossary term links where it should."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_book import REMOTE, _site_day, html_pages, soup

from scomm.course import layout
from scomm.course.layout import LESSONS
from scomm.publish.book import dated, pages

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
