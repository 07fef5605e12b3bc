"""The marking desk in real Chromium: a marker marks three answers by keyboard alone, reloads and
finds the marks; `scomm grade` then shows them in the gradebook and the feedback page; a hostile
answer is shown as text; axe finds nothing on the page."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page
from written_class import HOSTILE, LESSON, exercises, stand_in

from scomm.grading import grade
from scomm.grading.marking import desk_for, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def desk_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    students = stand_in(monkeypatch, tmp_path)
    desk = desk_for(students, exercises(), LESSON, tmp_path / "marking", "ta-lee")
    server = serve(desk)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", desk
    server.shutdown()
    server.server_close()


def tab_to(page: Page, name: str) -> None:
    """Press Tab until the control named ``name`` has the focus."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.name") == name:
            return
    pytest.fail(f"Tab never reached {name}")


#: For each answer: the keys that choose the legal level (Space: the first, 4; each ArrowDown one lower).
LEGAL_KEYS = (["Space"], ["ArrowDown"], ["ArrowDown", "ArrowDown"])
LEGAL_LEVEL = ("4", "2", "0")


def mark_by_keyboard(page: Page, n: int) -> None:
    tab_to(page, "c-legal")
    for key in LEGAL_KEYS[n]:
        page.keyboard.press(key)
    page.keyboard.press("Tab")  # to the next criterion
    page.keyboard.press("Space")  # "good", its first level
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "comment"
    page.keyboard.type(f"Comment {n + 1}: <b>not bold</b>")
    page.keyboard.press("Control+Enter")  # saves, then opens the next answer


def test_a_marker_marks_three_answers_by_keyboard_and_finds_them_after_a_reload(
    page: Page, desk_url, tmp_path: Path
) -> None:
    url, desk = desk_url
    page.goto(url + "/")
    page.wait_for_url(url + "/q/1")
    for n in range(3):
        mark_by_keyboard(page, n)
        page.wait_for_url(f"{url}/q/{n + 2}")
    page.keyboard.press("p")  # back to the third answer
    page.wait_for_url(f"{url}/q/3")
    page.reload()
    assert page.locator("#c-legal-0").is_checked() and page.locator("#c-evidence-good").is_checked()
    assert page.locator("#comment").input_value() == "Comment 3: <b>not bold</b>"
    assert page.locator("#status").inner_text() == "Marked."
    page.goto(url + "/")  # resumes at the first answer not yet marked
    page.wait_for_url(url + "/q/4")

    memos = desk.orders["q"][:3]
    report = grade.grade(tmp_path / "in", tmp_path / "out", marks=tmp_path / "marking")
    assert len(report.graded) == 3
    with (tmp_path / "out" / "gradebook.csv").open(newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert [rows[i.student]["l4-memo"] for i in memos] == ["6", "4", "2"]
    assert all(rows[i.student]["l4-short"] == "pending" for i in memos)
    feedback = tmp_path / "out" / "feedback" / LESSON / f"{memos[1].student}.html"
    page.goto(feedback.as_uri())
    text = page.locator("main").inner_text()
    assert "Some legal claims are right." in text and "Comment 2: <b>not bold</b>" in text
    assert "l4-short: pending (of 1) point" in text


def test_a_hostile_answer_is_text_and_the_page_is_axe_clean(page: Page, desk_url) -> None:
    from axe_playwright_python.sync_playwright import Axe

    url, desk = desk_url
    hostile = next(n for n, i in enumerate(desk.orders["q"], 1) if HOSTILE in i.answer)
    page.goto(f"{url}/q/{hostile}")
    assert (
        page.title().startswith("Marking")
        and page.locator("#answer-text img, #answer-text script").count() == 0
    )
    assert "<script>" in page.locator("#answer-text").inner_text()
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations] == []
    page.goto(f"{url}/s/1?names=1")
    assert Axe().run(page).response["violations"] == []
