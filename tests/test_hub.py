"""A class on a real JupyterHub, end to end: the instructor hands out the lessons (`scomm handout`,
`scomm links`); three students sign in, follow a link, run lesson 1, answer by clicking and submit,
each in Chromium with a server and a home folder of their own; the instructor then collects
(`scomm collect`) and grades against the roster and a deadline (`scomm grade --roster --deadline`).

The students' image is set up as lessons/deployment.md tells an administrator (its lines are read
from the guide and run before the hub starts), and each student's JupyterLab is checked to lay out
every cell as that set-up says. Nothing of the kit is configured on the hub itself: each student's
answers are saved under their hub name in their own home because the kit reads JUPYTERHUB_USER. The hub (JupyterHub from PyPI,
configurable-http-proxy from npm, a local-process spawner) runs on 127.0.0.1 for this module: see
benchmarks/realhub/ (shared with benchmarks/hub_class.py). Leaving the module stops the hub, the
proxy and every student's server and kernel, and fails if any of them is still in the process table.
"""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from realhub import harness  # benchmarks/realhub, on pytest's pythonpath
from scomm.cli import main as cli
from scomm.exercises import definitions as exercises
from scomm.exercises import submission_check

from conftest import SCREENSHOTS

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow]

STUDENTS = ("ana", "ben", "chloe")
#: The roster has a fourth student who never signs in.
ROSTER = "student_id,name\nana,Ana Diaz\nben,Ben Okafor\nchloe,Chloe Martin\ndan,Dan Weiss\n"
LESSON = harness.LESSON
#: Signing in, a server's start, the clone and Run All with empty caches, on two shared cores.
SLOW = 180_000
#: The first wait includes the server's start, which the hub itself allows 300 s (its start_timeout).
SPAWN = 300_000


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hub")
    with harness.running_hub(folder, STUDENTS) as running:
        yield running


@pytest.fixture(scope="module")
def instructor(hub: harness.Hub) -> Path:
    """The instructor's folder: the hand-out repository and the roster."""
    folder = hub.folder / "instructor"
    folder.mkdir()
    assert cli.main(["handout", str(folder / "scomm-handout")]) == 0
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return folder


def _links(hub: harness.Hub, instructor: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The shared link (key ``""``) and each roster student's own link, as `scomm links` prints them."""
    repo = (instructor / "scomm-handout").as_uri()
    base = ["links", "--hub", hub.url, "--repo", repo, "--lesson", "1"]
    capsys.readouterr()
    assert cli.main(base) == 0
    found = {"": capsys.readouterr().out.strip()}
    assert cli.main([*base, "--roster", str(instructor / "roster.csv")]) == 0
    found |= {row["student_id"]: row["link"] for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    return found


def take_lesson_1(page: Page, link: str, user: str, answer: str, verdict: str) -> None:
    """Follow the link, sign in, Run All from the Run menu, answer one question (``verdict`` shown), submit."""
    page.goto(link)
    harness.log_in(page, user)
    page.wait_for_function(harness.LESSON_READY, timeout=SPAWN)
    # The image was set up as lessons/deployment.md says: every cell laid out, so nothing above a
    # question is still growing when the student clicks an option.
    assert page.evaluate(harness.WINDOWING) == "none"
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(harness.CHARTS_DRAWN, timeout=SLOW, polling=500)
    assert page.evaluate(harness.LESSON_ERRORS) == []
    form = page.locator(".scomm-ex-l1-ident")
    form.get_by_label(answer, exact=True).click()
    form.get_by_role("button", name="Check answer").click()
    # The kernel answers both presses; on a busy machine that can take longer than expect's 5 s.
    expect(form.get_by_role("status")).to_contain_text(verdict, timeout=60_000)
    page.get_by_role("button", name="Submit this lesson").click()
    expect(page.locator(".scomm-submit")).to_contain_text("Submitted. Hand in this file:", timeout=60_000)


def _in_browser(chromium, link: str, user: str, answer: str, verdict: str) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        take_lesson_1(page, link, user, answer, verdict)
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"hub-{user}.png", full_page=True)
        raise
    finally:
        context.close()


def _check_home(hub: harness.Hub, user: str, answer: str) -> None:
    home = hub.home(user)
    # nbgitpuller cloned the hand-out into the student's home, and the kernel ran there as them.
    assert (home / "scomm-handout" / f"{LESSON}.ipynb").exists()
    (kernel,) = hub.kernels(user)  # found by JUPYTERHUB_USER in the kernel's environment
    assert kernel.environ()["HOME"] == str(home)
    assert kernel.cwd() == str(home / "scomm-handout")
    # Nobody edited a notebook: the parameter cell's demo default became the hub user.
    (submitted,) = (home / "scomm-responses" / "submissions" / LESSON).glob("*.json")
    body = json.loads(submitted.read_text(encoding="utf-8"))
    assert submitted.name == f"{user}.json"
    assert body["checksum"] == submission_check.checksum(body)
    assert (body["student_id"], body["lesson"]) == (user, LESSON)
    assert body["answers"]["l1-ident"]["answer"] == answer


def _table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_a_class_takes_lesson_1_on_a_hub_and_the_instructor_collects_and_grades_it(
    hub: harness.Hub, instructor: Path, chromium, capsys: pytest.CaptureFixture[str]
) -> None:
    ident = exercises.load_set(LESSON, with_keys=True)["l1-ident"]
    wrong = next(option for option in ident.options if option != ident.answer)
    links = _links(hub, instructor, capsys)
    assert set(links) == {"", "ana", "ben", "chloe", "dan"}
    # ana and ben follow the class's shared link; chloe the one the roster gave her, after the deadline.
    answers = {"ana": ident.answer, "ben": wrong, "chloe": ident.answer}
    verdicts = {"ana": "Correct", "ben": "Not quite", "chloe": "Correct"}
    for user in ("ana", "ben"):
        _in_browser(chromium, links[""], user, answers[user], verdicts[user])
    deadline = datetime.now(UTC)
    time.sleep(1)  # the deadline falls between ben's submission and chloe's
    _in_browser(chromium, links["chloe"], "chloe", answers["chloe"], verdicts["chloe"])
    for user in STUDENTS:
        _check_home(hub, user, answers[user])

    collected, grades = instructor / "collected", instructor / "grades"
    assert cli.main(["collect", "--homes", f"{hub.folder / 'homes'}/*", "--out", str(collected)]) == 0
    # Every server here runs as one account (see jupyterhub_config.py), so each home names its owner.
    owners = {
        row["file"]: (row["owner"], row["identified_by"]) for row in _table(collected / "collected.csv")
    }
    assert owners == {f"{u}/{LESSON}/{u}.json": (u, "folder") for u in STUDENTS}
    roster = str(instructor / "roster.csv")
    argv = [
        "grade",
        str(collected),
        "--out",
        str(grades),
        "--roster",
        roster,
        "--deadline",
        deadline.isoformat(),
    ]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    assert "Graded 3 submission(s); skipped 0 file(s)." in printed
    assert f"Missing: dan ({LESSON})" in printed

    rows = {row["student_id"]: row for row in _table(grades / "class.csv")}
    point = f"{ident.points:g}"
    assert {s: (r["status"], r["total"]) for s, r in rows.items()} == {
        "ana": ("graded", point),
        "ben": ("graded", "0"),
        "chloe": ("graded", point),
        "dan": ("missing", ""),
    }
    assert (rows["ana"]["minutes_late"], rows["ben"]["minutes_late"]) == ("0", "0")
    assert int(rows["chloe"]["minutes_late"]) >= 1
    canvas = list(csv.reader(io.StringIO((grades / "canvas.csv").read_text(encoding="utf-8"))))
    assert [row[0] for row in canvas] == [
        "Student",
        "Points Possible",
        "Ana Diaz",
        "Ben Okafor",
        "Chloe Martin",
    ]
