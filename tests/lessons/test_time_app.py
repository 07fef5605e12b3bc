"""The student app shows nothing dated after the day it is served at.

``scomm app N -p as_of DAY`` serves lesson N as a web page (Voilà), set at ``DAY`` by the
instructor. Each lesson is served at its first day, and lesson 4 on the eve of the executive order
that restored Secure Communities (25 January 2017); the page is opened in Chromium as a student
would, and once its last widget (the hand-in button) is drawn, everything on it (text, widgets'
labels and options, alt text, the charts' text) is searched with ``time_honesty.later_dates``, and for the kit's own names
(``reader_words.code_words``: ``as_of``, a column or module name, a file path, a source id).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page
from reader_words import code_words

from lab_servers import free_port, serving
from scomm.course import data
from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days

from conftest import BIN
from time_honesty import later_dates, page_text, page_words

CASES = [
    *(pytest.param(item.number, lesson_days(item)[0], id=f"{item.slug}-first-day") for item in LESSONS),
    pytest.param(4, date(2017, 1, 24), id="04_pep_transition-eve-of-restoration"),
]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("number", "day"), CASES)
def test_the_app_served_at_a_day_shows_nothing_dated_after_it(
    number: int, day: date, page: Page, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SCOMM_RESPONSES": str(tmp_path / "responses")}
    command = [BIN / "scomm", "app", str(number), "-p", "as_of", day.isoformat()]
    command += ["--port", str(port), "--out", str(tmp_path / "app")]
    with serving(command, env=env, probe=f"{url}/voila/static/", log=tmp_path / "server.log"):
        page.goto(f"{url}/?student=time-check")
        page.locator(".scomm-submit").wait_for(timeout=120_000)
        assert page.locator(".scomm-exercise").count() > 0, "the exercises were not drawn"
        markup = page.content()
        page.close(run_before_unload=True)  # lets Voilà shut the page's kernel down
    texts = page_text(markup)
    assert "web page version of the lesson" in " ".join(texts)
    assert later_dates(texts, date(1990, 1, 1)), "the page's dated text was not read"
    leaks = later_dates(texts, day, names=set(data.load("sources")["source_id"]))
    shown = "\n".join(f"  {leak}" for leak in leaks[:20])
    assert not leaks, f"lesson {number} served at {day} shows {len(leaks)} later date(s):\n{shown}"
    named = list(dict.fromkeys(code_words(page_words(markup), set(data.load("sources")["source_id"]))))
    assert not named, f"lesson {number} served at {day} shows the kit's own names: {named[:20]}"
