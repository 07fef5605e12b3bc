"""The course site in a real browser: axe-core finds no serious or critical problem on any page,
every chart carries its description, and a keyboard user lands on the skip link first."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from scomm import site as course_site

    out = tmp_path_factory.mktemp("site")
    course_site.build_site(out)
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_axe_finds_no_serious_or_critical_violation_on_any_page(site: Path, page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe, problems = Axe(), []
    for path in _pages(site):
        page.goto(path.as_uri())
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                problems.append(
                    f"{path.relative_to(site)}: {violation['id']} ({len(violation['nodes'])} elements)"
                )
    assert len(_pages(site)) >= 17
    assert problems == []


def test_every_chart_is_drawn_and_described(site: Path, page) -> None:
    for lesson in sorted((site / "lessons").iterdir()):
        page.goto((lesson / "student.html").as_uri())
        labels = page.eval_on_selector_all(
            "svg[role='img']", "els => els.map(e => e.getAttribute('aria-label'))"
        )
        assert labels, f"{lesson.name}: no chart drawn"
        assert all(label and len(label) > 40 for label in labels), (
            f"{lesson.name}: a chart lacks its description"
        )
        assert page.locator("text=Error loading script").count() == 0


def test_a_keyboard_user_reaches_the_skip_link_first(site: Path, page) -> None:
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
    )
    assert focused[0] == "A" and focused[1].lower().startswith("skip")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
