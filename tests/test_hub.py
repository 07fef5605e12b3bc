"""A class on a real JupyterHub: three students sign in, take lesson 1 through an nbgitpuller link
and submit it, each in Chromium, each with a server and a home folder of their own.

The hub (JupyterHub from PyPI, configurable-http-proxy from npm, a local-process spawner) runs
on 127.0.0.1 for this module: see benchmarks/realhub/ (shared with benchmarks/hub_class.py).
Leaving the module stops the hub, the proxy and every student's server and kernel, and fails if
any of them is still in the process table.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from realhub import harness  # benchmarks/realhub, on pytest's pythonpath
from scomm.exercises import definitions as exercises
from scomm.exercises import submissions

from conftest import SCREENSHOTS

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow]

STUDENTS = ("ana", "ben", "chloe")
LESSON = harness.LESSON
#: Signing in, a server's start, the clone and Run All with empty caches, on two shared cores.
SLOW = 180_000


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hub")
    with harness.running_hub(folder, STUDENTS) as running:
        yield running


@pytest.fixture(scope="module")
def link(hub: harness.Hub) -> str:
    """The one link the instructor gives the whole class."""
    return harness.pull_link(hub.url, harness.handout(hub.folder / "scomm-handout"), LESSON)


def take_lesson_1(page: Page, link: str, user: str, answer: str) -> None:
    """Follow the link, sign in, Run All from the Run menu, answer one question, submit."""
    page.goto(link)
    harness.log_in(page, user)
    page.wait_for_function(harness.LESSON_READY, timeout=SLOW)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(harness.CHARTS_DRAWN, timeout=SLOW, polling=500)
    assert page.evaluate(harness.LESSON_ERRORS) == []
    form = page.locator(".scomm-ex-l1-ident")
    form.get_by_label(answer, exact=True).click()
    form.get_by_role("button", name="Check answer").click()
    # The kernel answers both presses; on a busy machine that can take longer than expect's 5 s.
    expect(form.get_by_role("status")).to_contain_text("Correct", timeout=60_000)
    page.get_by_role("button", name="Submit this lesson").click()
    expect(page.locator(".scomm-submit")).to_contain_text("Submitted. Hand in this file:", timeout=60_000)


def test_three_students_take_lesson_1_through_a_pull_link_and_submit_it_in_their_own_homes(
    hub: harness.Hub, link: str, chromium
) -> None:
    right = exercises.load_set(LESSON, with_keys=True)["l1-ident"].answer
    ids = {}
    for user in STUDENTS:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(60_000)
        page = context.new_page()
        try:
            take_lesson_1(page, link, user, right)
        except Exception:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"hub-{user}.png", full_page=True)
            raise
        finally:
            context.close()
        home = hub.home(user)
        # nbgitpuller cloned the hand-out into the student's home, and the kernel ran there as them.
        assert (home / "scomm-handout" / f"{LESSON}.ipynb").exists()
        (kernel,) = hub.kernels(user)  # found by JUPYTERHUB_USER in the kernel's environment
        assert kernel.environ()["HOME"] == str(home)
        assert kernel.cwd() == str(home / "scomm-handout")

        (submitted,) = (home / "scomm-responses" / "submissions" / LESSON).glob("*.json")
        body = json.loads(submitted.read_text(encoding="utf-8"))
        assert body["checksum"] == submissions.checksum(body)
        assert body["lesson"] == LESSON
        assert body["answers"]["l1-ident"]["answer"] == right
        ids[user] = body["student_id"]

    # Nobody edited a notebook: the parameter cell's demo default became each hub user.
    assert ids == {user: user for user in STUDENTS}
