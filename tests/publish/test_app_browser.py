"""`scomm app` in Chromium: the lesson without code, answered by mouse and keyboard, passing axe, whole on
a phone, and every request kept on this machine."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect
from test_app import LESSON

from keyboard_answers import choose_by_keyboard, order_by_keyboard
from lab_servers import free_port, serving
from scomm.cli import main as cli
from scomm.course import layout
from scomm.course.scrolling import CHART_CUE, TABLE_CUE
from scomm.exercises import definitions as exercises
from scomm.exercises import responses
from scomm.notebooks import steps

from conftest import BIN, NOTEBOOKS
from readable import CHARTS, chart_problems


class Served:
    def __init__(self, url: str, answers: Path) -> None:
        self.url, self.answers = url, answers

    def log(self, student: str) -> responses.Log:
        return responses.Log(student, LESSON, folder=self.answers)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("app")
    port = free_port()
    env = {**os.environ, "SCOMM_RESPONSES": str(home / "responses")}
    command = [BIN / "scomm", "app", "1", "--port", str(port), "--out", str(home / "app")]
    url = f"http://127.0.0.1:{port}"
    # The probe asks for a static path: asking for the page itself would start a kernel.
    with serving(command, env=env, probe=f"{url}/voila/static/", log=home / "server.log"):
        yield Served(url, home / "responses")


@pytest.fixture
def app_page(page: Page):
    yield page
    if not page.is_closed():
        page.close(run_before_unload=True)  # lets Voilà shut the page's kernel down


def chart_count() -> int:
    nb = nbformat.read(NOTEBOOKS / f"{LESSON}.ipynb", as_version=4)
    return sum("scomm.show(" in cell.source for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.browser
@pytest.mark.slow
def test_the_app_shows_the_lesson_without_code_and_keeps_a_clicked_answer(
    served: Served, app_page: Page
) -> None:
    app_page.goto(f"{served.url}/?student=app-student")
    app_page.locator(".scomm-submit").wait_for(timeout=90_000)
    text = app_page.locator("body").inner_text()
    for code in ("scomm.start(", "scomm.exercise(", "scomm.show(", "import"):
        assert code not in text, f"code on the page: {code}"
    assert "web page version of the lesson" in text
    assert "Instructor note" not in text
    pictures = app_page.evaluate(
        "() => [...document.querySelectorAll('img')].filter(i => i.naturalWidth > 0"
        " && i.src.startsWith('data:image/svg+xml')).length"
    )
    assert pictures == chart_count()
    assert app_page.get_by_text("Chart description:").count() == chart_count()

    right = exercises.load_set(LESSON, with_keys=True)["l1-ident"].answer
    form = app_page.locator(".scomm-ex-l1-ident")
    form.get_by_label(right, exact=True).click()
    form.get_by_role("button", name="Check answer").click()
    expect(form.get_by_role("status")).to_contain_text("Correct")
    assert served.log("app-student").latest()["l1-ident"]["answer"] == right

    # Closing the page ends its kernel; the same student opening the page again finds the answer.
    context = app_page.context
    app_page.close(run_before_unload=True)
    again = context.new_page()
    try:
        again.goto(f"{served.url}/?student=app-student")
        form = again.locator(".scomm-ex-l1-ident")
        expect(form.get_by_role("status")).to_contain_text("saved answer", timeout=90_000)
        expect(form.get_by_label(right, exact=True)).to_be_checked()
    finally:
        again.close(run_before_unload=True)


@pytest.mark.browser
@pytest.mark.slow
def test_the_app_can_be_answered_with_the_keyboard_alone(served: Served, app_page: Page) -> None:
    keyed = exercises.load_set(LESSON, with_keys=True)
    app_page.goto(f"{served.url}/?student=keyboard-student")
    app_page.locator(".scomm-submit").wait_for(timeout=90_000)
    order_by_keyboard(app_page, app_page.locator(".scomm-ex-l1-flow-order"), keyed["l1-flow-order"].answer)
    choose_by_keyboard(app_page, app_page.locator(".scomm-ex-l1-ident"), keyed["l1-ident"].answer)
    saved = served.log("keyboard-student").latest()
    assert saved["l1-ident"]["answer"] == keyed["l1-ident"].answer
    assert saved["l1-flow-order"]["answer"] == list(keyed["l1-flow-order"].answer)


@pytest.mark.browser
@pytest.mark.slow
def test_the_app_page_passes_axe_in_the_lesson_content(served: Served, app_page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    app_page.goto(f"{served.url}/?student=axe-student")
    app_page.locator(".scomm-submit").wait_for(timeout=90_000)
    result = Axe().run(app_page).response
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


#: Each scrolling region holding a table, as a reader meets it: wider than its box or not, its name,
#: whether Tab reaches it, and the line above its content when that line is shown.
TABLE_REGIONS = """() => [...document.querySelectorAll('.jp-OutputArea-output [role=region]')]
  .filter(r => r.querySelector('table')).map(r => {
    const cue = r.querySelector('.scomm-scroll-cue');
    const over = r.scrollWidth - r.clientWidth;
    return {over, wider: over > 2, label: r.getAttribute('aria-label'), tab: r.tabIndex,
            cue: cue && cue.getBoundingClientRect().height >= 12 ? cue.innerText.trim() : ''};
  })"""


@pytest.mark.browser
@pytest.mark.slow
def test_on_a_phone_the_app_reads_whole_and_tells_the_demo_student_to_name_themselves_in_the_address(
    served: Served, app_page: Page
) -> None:
    app_page.set_viewport_size({"width": 400, "height": 900})
    app_page.goto(f"{served.url}/")  # no ?student=: answers would be saved as the demo id
    app_page.locator(".scomm-submit").wait_for(timeout=90_000)

    # Every chart's labels at 11 px or more: at its drawn size, scrolled sideways, with the line saying so.
    assert chart_problems(app_page, ".jp-OutputArea-output") == []
    charts = app_page.evaluate(CHARTS, ".jp-OutputArea-output")
    assert len(charts) == chart_count() and all(c["scale"] == 1 for c in charts), charts
    assert {c["cue"] for c in charts if c["over"] > 2} == {f"{CHART_CUE} →"}

    # A table wider than the phone scrolls in a region Tab reaches, named, with its line; the arrow keys scroll it.
    regions = app_page.evaluate(TABLE_REGIONS)
    wide = [r for r in regions if r["wider"]]
    assert wide and all(r["label"] and r["tab"] == 0 and r["cue"] == f"{TABLE_CUE} →" for r in wide), regions
    assert not any(r["cue"] for r in regions if r["over"] <= 0)
    first = app_page.evaluate_handle(
        "() => [...document.querySelectorAll('.jp-OutputArea-output [role=region]')]"
        ".find(r => r.querySelector('table') && r.scrollWidth > r.clientWidth + 2)"
    ).as_element()
    first.focus()
    app_page.keyboard.press("ArrowRight")
    app_page.wait_for_function("r => r.scrollLeft > 0", arg=first)

    # The warning tells the student what to do on this page, not in a notebook.
    warning = app_page.locator(".scomm-submit .scomm-note-warning").inner_text()
    assert "You are answering as demo-student" in warning
    assert "?student=" in warning and "parameter cell" not in warning and "Run All" not in warning

    # At a desktop width every chart fits at its drawn size, and no line says to scroll.
    app_page.set_viewport_size({"width": 1280, "height": 900})
    app_page.wait_for_timeout(300)
    charts = app_page.evaluate(CHARTS, ".jp-OutputArea-output")
    assert chart_problems(app_page, ".jp-OutputArea-output") == []
    assert all(c["scale"] == 1 and c["over"] <= 0 and not c["cue"] for c in charts), charts


@pytest.mark.browser
@pytest.mark.slow
def test_a_bad_student_in_the_address_is_named_on_the_page(served: Served, app_page: Page) -> None:
    app_page.goto(f"{served.url}/?student=no%20spaces%20please")
    expect(app_page.get_by_text("Parameter student_id").first).to_be_visible(timeout=90_000)
    assert app_page.locator(".scomm-exercise").count() == 0
    shown = app_page.locator("body").inner_text()
    assert "Traceback" not in shown and 'File "' not in shown and "site-packages" not in shown
    assert not (served.answers / LESSON / "no spaces please.jsonl").exists()


def test_an_id_of_digits_and_seed_none_reach_the_app_notebook_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = [
        "app",
        "1",
        "-p",
        "student_id",
        "00123",
        "-p",
        "seed",
        "None",
        "--write-only",
        "--out",
        str(tmp_path),
    ]
    assert cli.main(argv) == 0, capsys.readouterr().err
    nb = nbformat.read(tmp_path / f"{LESSON}.ipynb", as_version=4)
    injected = next(cell for cell in nb.cells if layout.INJECTED_TAG in steps.cell_tags(cell))
    assert 'student_id = "00123"' in injected.source
    assert "seed = None" in injected.source


@pytest.mark.browser
@pytest.mark.slow
def test_every_request_the_app_page_makes_stays_on_this_machine(served: Served, app_page: Page) -> None:
    """No network at run time: the page, its scripts, styles and fonts all come from the app itself."""
    asked: list[str] = []
    app_page.on("request", lambda request: asked.append(request.url))
    app_page.goto(f"{served.url}/?student=offline-student")
    app_page.locator(".scomm-submit").wait_for(timeout=90_000)
    app_page.wait_for_load_state("networkidle")
    elsewhere = [url for url in asked if not url.startswith((f"{served.url}/", "data:", "blob:"))]
    assert len(asked) > 10, "the request log saw the page load"
    assert elsewhere == []


#: A written answer as a student might type it: two lines, a cited source, a curly apostrophe, a dash.
TYPED = (
    "The jail books and fingerprints; ICE alone decides on a detainer (`cfr-287-7`).\n"
    "The county’s only choice comes after that — whether to hold the person."
)


#: The written answer's label, word count and save state: each shown, its text whole in its box.
SHOWN_WHOLE = """(form) => [...form.querySelectorAll(
    '.scomm-written-label, .scomm-written-count, .scomm-written-state')].map(el => {
  const r = el.getBoundingClientRect(), f = form.getBoundingClientRect();
  const whole = r.width > 0 && r.height > 0 && el.scrollWidth <= el.clientWidth + 1
    && el.scrollHeight <= el.clientHeight + 1 && r.left >= f.left - 1 && r.right <= f.right + 1;
  return whole ? 'whole' : `${el.className}: "${el.innerText.slice(0, 40)}" is hidden or cut`;
})"""


@pytest.mark.browser
@pytest.mark.slow
def test_a_written_answer_typed_in_the_app_is_saved_as_typed_and_back_after_a_reload(
    served: Served, app_page: Page
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    student, exercise = "writer-student", "l1-discuss-control"
    prompt = exercises.load_set(LESSON)[exercise].prompt
    app_page.goto(f"{served.url}/?student={student}")
    form = app_page.locator(f".scomm-ex-{exercise}")
    expect(form.get_by_role("status")).to_have_text("Nothing saved yet.", timeout=90_000)
    form.get_by_label(prompt).click()  # the question is the text box's label
    app_page.keyboard.type(TYPED, delay=5)
    expect(form.locator(".scomm-written-count")).to_have_text("25 words; 40-200 asked: 15 to go")
    # Saved after a pause in typing, without leaving the box, exactly as typed.
    expect(form.get_by_role("status").filter(has_text="Saved at")).to_be_visible(timeout=15_000)
    assert served.log(student).latest()[exercise]["answer"] == TYPED
    for width in (1280, 400):
        app_page.set_viewport_size({"width": width, "height": 900})
        assert form.evaluate(SHOWN_WHOLE) == ["whole"] * 3, f"at {width} px"
    contrast = Axe().run(
        app_page,
        context={"include": [[f".scomm-ex-{exercise}"]]},
        options={"runOnly": {"type": "rule", "values": ["color-contrast"]}},
    )
    assert contrast.response["passes"], "axe checked no text: no written answer on the page?"
    assert contrast.response["violations"] == []

    # Reloaded: Voilà runs the lesson in a new kernel, and the answer comes back from disk.
    app_page.reload()
    form = app_page.locator(f".scomm-ex-{exercise}")
    expect(form.get_by_role("status").filter(has_text="is restored")).to_be_visible(timeout=90_000)
    expect(form.get_by_label(prompt)).to_have_value(TYPED)
    expect(form.locator(".scomm-written-count")).to_have_text("25 words; 40-200 asked: 15 to go")
