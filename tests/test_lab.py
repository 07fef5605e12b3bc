"""The lessons in real JupyterLab, driven through Debian's Chromium as a student would use them.

One JupyterLab server runs for the module, on 127.0.0.1, over a copy of notebooks/ and with
answers kept in a folder of its own, so what the browser saves is read back from disk here.
Every test opens its lesson afresh and leaves no kernel behind.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from keyboard_answers import choose_by_keyboard, order_by_keyboard
from lab_servers import end_lab_sessions, lab_notebook_ready, lab_server, serving
from scomm.course.layout import LESSONS
from scomm.exercises import definitions as exercises
from scomm.exercises import responses

from conftest import NOTEBOOKS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STUDENT = "demo-student"  # the parameter cell's default: what a student who just opens a lesson is


@dataclass(frozen=True)
class Lab:
    url: str
    responses: Path

    def log(self, lesson: str) -> responses.Log:
        return responses.Log(STUDENT, lesson, folder=self.responses)

    def end_sessions(self) -> None:
        """Shut down every kernel the browser started, as closing a notebook would."""
        end_lab_sessions(self.url)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("lab")
    shutil.copytree(NOTEBOOKS, home / "notebooks")
    command, env, url = lab_server(home)  # the settings a student's JupyterLab gets from the kit
    env["SCOMM_RESPONSES"] = str(home / "responses")
    with serving(command, env=env, probe=f"{url}/api/status", log=home / "server.log"):
        yield Lab(url, home / "responses")


@pytest.fixture
def lab_page(lab: Lab, page: Page):
    shutil.rmtree(lab.responses, ignore_errors=True)  # every test starts with no saved answer
    yield page
    page.close()  # before ending the sessions, so the page does not start new kernels
    lab.end_sessions()


def open_lesson(page: Page, lab: Lab, lesson: str) -> None:
    """Open a lesson (``?reset``: no layout left from an earlier test) and wait for its kernel."""
    page.goto(f"{lab.url}/lab/tree/notebooks/{lesson}.ipynb?reset")
    lab_notebook_ready(page)


def run_all(page: Page) -> None:
    """Run All from the Run menu's command, then wait until no cell is still running."""
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        "() => { const nb = window.jupyterapp.shell.currentWidget;"
        " return nb.sessionContext.session?.kernel?.status === 'idle'"
        " && nb.content.widgets.every(c => c.model.type !== 'code' || c.model.executionState === 'idle'); }",
        timeout=120_000,
    )


def errors_shown(page: Page) -> list[str]:
    """Tracebacks and stderr text on the page, and error outputs in the notebook model."""
    return page.evaluate(
        """() => {
        const nb = window.jupyterapp.shell.currentWidget;
        const found = [];
        nb.content.widgets.forEach((cell, n) => {
          if (cell.model.type !== 'code') return;
          for (const out of cell.model.outputs.toJSON()) {
            if (out.output_type === 'error') found.push(`cell ${n}: ${out.ename}: ${out.evalue}`);
          }
        });
        for (const el of document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
          found.push('stderr: ' + el.textContent.slice(0, 300));
        return found;
    }"""
    )


def chart_cells(lesson: str) -> list[int]:
    nb = nbformat.read(NOTEBOOKS / f"{lesson}.ipynb", as_version=4)
    return [n for n, cell in enumerate(nb.cells) if cell.cell_type == "code" and "scomm.show(" in cell.source]


def exercise(page: Page, exercise_id: str):
    return page.locator(f".scomm-ex-{exercise_id}")


def choose(page: Page, form, label: str) -> None:
    """Click an option, then wait until the kernel has taken the change.

    The page sends the answer with the button's press, but a test also checks that the choice
    itself reached the kernel: it waits for the kernel's echo of the new answer (ipywidgets 8
    echoes every value it accepts) before pressing a button.
    """
    page.evaluate(
        """() => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        window.scommEchoed = 0;
        if (window.scommHooked !== kernel) {
          kernel.iopubMessage.connect((_, msg) => {
            const data = msg.content && msg.content.data;
            if (msg.header.msg_type === 'comm_msg' && data && data.method === 'echo_update'
                && data.state && 'value' in data.state) window.scommEchoed += 1;
          });
          window.scommHooked = kernel;
        }
    }"""
    )
    option = form.get_by_label(label, exact=True)
    # Scrolled to, the option stays where it was brought: nothing above it is still growing. (With
    # cells sized by estimate, it moved about 1,000 px in the next frames, and a click could land on
    # the option as it moved, choosing nothing.)
    moved = option.evaluate(
        """async (radio) => {
        const frame = () => new Promise(done => requestAnimationFrame(done));
        radio.scrollIntoView({block: 'center'});
        await frame();
        const before = radio.getBoundingClientRect().top;
        for (let n = 0; n < 10; n++) await frame();
        await new Promise(done => setTimeout(done, 300));
        return radio.getBoundingClientRect().top - before;
    }"""
    )
    assert moved == 0, f"the option moved {moved} px after it was scrolled into view"
    option.click()  # once, as a student would: it must take
    expect(option).to_be_checked()
    page.wait_for_function("() => window.scommEchoed > 0", timeout=15_000)


@pytest.mark.parametrize("lesson", [item.slug for item in LESSONS])
def test_run_all_draws_every_chart_with_its_description_and_no_error(
    lab: Lab, lab_page: Page, lesson: str
) -> None:
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    assert errors_shown(lab_page) == []
    # Nothing in the lessons is mathematics; MathJax output means prices were read as formulas.
    assert (
        lab_page.locator(".jp-OutputArea-output mjx-container, .jp-MarkdownOutput mjx-container").count() == 0
    )
    expected = chart_cells(lesson)
    assert expected, f"{lesson} has no chart cell"
    drawn = lab_page.evaluate(
        """async (cells) => {
        const nb = window.jupyterapp.shell.currentWidget;
        const report = [];
        for (const n of cells) {
          const node = nb.content.widgets[n].node;
          node.scrollIntoView();
          const pictures = [...node.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg, canvas')];
          await Promise.all(pictures.filter(p => p.decode).map(p => p.decode().catch(() => null)));
          report.push({
            cell: n,
            drawn: pictures.filter(p => p.tagName !== 'IMG' || p.naturalWidth > 0).length,
            svg: pictures.some(p => p.tagName !== 'IMG' || p.src.startsWith('data:image/svg+xml')),
            named: pictures.every(p => p.tagName !== 'IMG' || p.alt.startsWith('Chart: ')),
            text: node.querySelector('.jp-OutputArea')?.innerText ?? '',
          });
        }
        return report;
    }""",
        expected,
    )
    # Everything the lesson puts on the page (not JupyterLab's own interface) passes axe-core.
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(lab_page, context={"include": [[".jp-OutputArea"]]}).response
    assert result["passes"], "axe checked nothing: no outputs on the page?"
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:2]]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    for chart in drawn:
        assert chart["drawn"] >= 1, f"cell {chart['cell']}: no chart on the page"
        assert chart["svg"], f"cell {chart['cell']}: the SVG was not used"
        assert chart["named"], f"cell {chart['cell']}: a chart image has no alt text"
        assert "Chart description:" in chart["text"], f"cell {chart['cell']}: no description"
        assert "Cannot display" not in chart["text"] and "Error" not in chart["text"]


def test_an_answer_given_by_clicking_gets_feedback_and_is_restored_after_a_reload(
    lab: Lab, lab_page: Page
) -> None:
    lesson = "01_program_mechanics"
    right = exercises.load_set(lesson, with_keys=True)["l1-ident"].answer
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    form = exercise(lab_page, "l1-ident")
    choose(lab_page, form, right)
    form.get_by_role("button", name="Check answer").click()
    expect(form.get_by_role("status")).to_contain_text("Correct")
    assert lab.log(lesson).latest()["l1-ident"]["answer"] == right  # on disk before the feedback

    # The kernel dies and the page is reloaded: running the lesson again brings the answer back.
    lab.end_sessions()
    lab_page.reload()
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    form = exercise(lab_page, "l1-ident")
    expect(form.get_by_role("status")).to_contain_text("saved answer")
    expect(form.get_by_label(right, exact=True)).to_be_checked()


def test_an_answer_that_cannot_be_saved_says_so_on_the_form_and_the_submit_button(
    lab: Lab, lab_page: Page, small_disk
) -> None:
    lesson = "01_program_mechanics"
    lab.responses.symlink_to(small_disk.path)  # the kernel's answers folder is this small disk
    try:
        open_lesson(lab_page, lab, lesson)
        run_all(lab_page)
        form = exercise(lab_page, "l1-ident")
        choose(lab_page, form, "IDENT (DHS)")
        form.get_by_role("button", name="Check answer").click()
        expect(form.get_by_role("status")).to_contain_text("Correct")
        small_disk.read_only()
        choose(lab_page, form, "LESC (ICE)")
        form.get_by_role("button", name="Check answer").click()
        expect(form.get_by_role("alert")).to_contain_text("Your answer was NOT saved")
        expect(form.get_by_role("alert")).to_contain_text("is read-only")
        expect(form.get_by_role("status")).to_have_count(0)  # the earlier feedback is gone
        submit = lab_page.locator(".scomm-submit")
        submit.get_by_role("button", name="Submit this lesson").click()
        expect(submit.get_by_role("alert")).to_contain_text("Your submission was NOT saved")
        assert errors_shown(lab_page) == [], "a failed save is a message, not a traceback"
        assert lab.log(lesson).latest()["l1-ident"]["answer"] == "IDENT (DHS)"
    finally:
        lab.responses.unlink()


def test_an_exercise_can_be_answered_with_the_keyboard_alone(lab: Lab, lab_page: Page) -> None:
    lesson = "01_program_mechanics"
    keyed = exercises.load_set(lesson, with_keys=True)
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    order_by_keyboard(lab_page, exercise(lab_page, "l1-flow-order"), keyed["l1-flow-order"].answer)
    assert lab.log(lesson).latest()["l1-flow-order"]["answer"] == list(keyed["l1-flow-order"].answer)
    choose_by_keyboard(lab_page, exercise(lab_page, "l1-ident"), keyed["l1-ident"].answer)
    assert lab.log(lesson).latest()["l1-ident"]["answer"] == keyed["l1-ident"].answer


def test_exercise_controls_are_labelled_for_assistive_technology(lab: Lab, lab_page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    lesson = "01_program_mechanics"
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    result = Axe().run(lab_page, context={"include": [[".scomm-exercise"]]}).response
    serious = [
        f"{v['id']}: {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert result["passes"], "axe checked nothing: no exercise on the page?"
    assert serious == []
    # Each question's options are one group of their own: a shared name would make a click in one
    # question clear the answer of another (the browser groups radio buttons by name).
    groups = radio_groups(lab_page.locator(".jp-Notebook"))
    assert len(groups) >= 3, f"fewer sets of radio buttons than lesson 1 has: {groups}"
    assert all(name and size == 1 for name, size in groups), groups


def radio_groups(where) -> list[tuple[str, int]]:
    """Each radio button name in ``where`` with how many sets (fieldsets) use it."""
    found = where.evaluate(
        """(node) => {
        const sets = {};
        for (const radio of node.querySelectorAll('.scomm-exercise input[type=radio]')) {
          const set = radio.closest('fieldset[role=radiogroup]');
          (sets[radio.name] = sets[radio.name] || new Set()).add(set);
        }
        return Object.entries(sets).map(([name, found]) => [name, found.size]);
    }"""
    )
    return [tuple(pair) for pair in found]


#: Run in the lesson's kernel: the shown scenario exercise is drawn again (a changed prompt) and
#: given an answer, as a kernel-side change to a shown exercise would.
CHANGE = """
from ipywidgets.widgets.widget import _instances
view = next(w for w in list(_instances.values()) if "scomm-ex-l1-when-booked" in getattr(w, "_dom_classes", ()))
view.spec = {**view.spec, "prompt": view.spec["prompt"] + " (asked again)"}
view.value = [control["options"][-1] for control in view.spec["controls"]]
"""


def test_a_kernel_side_change_to_a_shown_exercise_keeps_one_group_per_set(lab: Lab, lab_page: Page) -> None:
    # ipywidgets rebuilt a radio set's inputs on such a change, and the rebuilt ones lost their group.
    open_lesson(lab_page, lab, "01_program_mechanics")
    run_all(lab_page)
    form = exercise(lab_page, "l1-when-booked")
    before = radio_groups(form)
    assert len(before) == 2 and all(size == 1 for _name, size in before), before
    lab_page.evaluate(
        "async (code) => { const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;"
        " await kernel.requestExecute({code}).done; }",
        CHANGE,
    )
    expect(form).to_contain_text("(asked again)")
    for n, question in enumerate(form.locator("fieldset").all()):
        last = question.locator("input[type=radio]").last
        expect(last).to_be_checked()
        assert question.locator("input[type=radio]:checked").count() == 1, f"set {n}: one choice"
    assert radio_groups(form) == before, "the same one name per set after the change"
