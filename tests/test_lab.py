"""The lessons in real JupyterLab, driven through Debian's Chromium as a student would use them.

One JupyterLab server runs for the module, on 127.0.0.1, over a copy of notebooks/ and with
answers kept in a folder of its own, so what the browser saves is read back from disk here.
Every test opens its lesson afresh and leaves no kernel behind.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from scomm.annotation import records, store
from scomm.course import data
from scomm.course.layout import LESSONS
from scomm.exercises import definitions as exercises
from scomm.exercises import responses
from scomm.exercises.written import CITE_HOW
from scomm.sources import corpus

from conftest import (
    NOTEBOOKS,
    choose_by_keyboard,
    end_lab_sessions,
    lab_notebook_ready,
    lab_server,
    order_by_keyboard,
    press_by_keyboard,
    serving,
)

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


def reading_day(lab: Lab, lesson: str) -> None:
    """Set the lab's copy of a lesson on the first day its reading is open (its last source's day).

    A lesson whose exercise set is dated shows its reading only once every source it retells was
    published; the default ``as_of`` of lesson 2 comes before that.
    """
    sources = data.load("sources").set_index("source_id")["date"]
    day = max(sources[s] for s in corpus.reading(lesson).references).date().isoformat()
    set_parameter(lab, lesson, "as_of", day)


def set_parameter(lab: Lab, lesson: str, name: str, value: str) -> str:
    """Set ``name = "value"`` in the parameters cell of the lab's copy of a lesson; return the value it had."""
    path = lab.responses.parent / "notebooks" / f"{lesson}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    before = re.search(rf'^{name} = "([^"]*)"', cell.source, flags=re.M).group(1)
    cell.source = re.sub(rf'^{name} = "[^"]*"', f'{name} = "{value}"', cell.source, flags=re.M)
    nbformat.write(nb, path)
    return before


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


def test_a_written_answer_is_saved_as_typed_restored_after_a_reload_and_submitted(
    lab: Lab, lab_page: Page
) -> None:
    lesson = "04_pep_transition"  # set on 2016-03-01: the memo (written as of 2015-12-01) is open
    memo = exercises.load_set(lesson)["l4-memo"]
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    form = exercise(lab_page, "l4-memo")
    box = form.get_by_label(memo.prompt)  # the question is the text box's label
    box.click()
    # Sources cited as the lessons name them: publisher and date.
    text = (
        "Answer notification requests; decline holds without a judicial warrant (U.S. Court of Appeals "
        "for the Third Circuit, 4 March 2014; The White House, 25 January 2017)."
    )
    lab_page.keyboard.type(text, delay=5)
    expect(form.locator(".scomm-written-count")).to_have_text("26 words; 800-1,200 asked: 774 to go")
    # Saved after a pause in typing, without leaving the box; the later source draws a warning,
    # with what a citation looks like.
    expect(form.get_by_role("status").filter(has_text="Saved at")).to_be_visible(timeout=15_000)
    assert lab.log(lesson).latest()["l4-memo"]["answer"] == text
    expect(form).to_contain_text(
        "“The White House, 25 January 2017” was not yet published on 1 December 2015"
    )
    expect(form).to_contain_text(CITE_HOW)
    assert "Third Circuit" not in form.locator(".scomm-feedback").inner_text(), (
        "a source of its day is not flagged"
    )

    # Typed, then Tab at once: leaving the box saves it before any pause.
    short = exercise(lab_page, "l4-discuss-changed")
    short.locator("textarea").click()
    lab_page.keyboard.type("The fingerprint link stayed.")
    lab_page.keyboard.press("Tab")
    expect(short.get_by_role("status").filter(has_text="Saved at")).to_be_visible(timeout=15_000)
    assert lab.log(lesson).latest()["l4-discuss-changed"]["answer"] == "The fingerprint link stayed."

    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(lab_page, context={"include": [[".scomm-written-answer"]]}).response
    assert found["passes"], "axe checked nothing: no written answer on the page?"
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in found["violations"]] == []

    # The kernel dies and the page is reloaded: running the lesson again brings the text back.
    lab.end_sessions()
    lab_page.reload()
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    form = exercise(lab_page, "l4-memo")
    expect(form.get_by_label(memo.prompt)).to_have_value(text)
    expect(form.get_by_role("status").filter(has_text="is restored")).to_be_visible()

    submit = lab_page.locator(".scomm-submit")
    submit.get_by_role("button", name="Submit this lesson").click()
    expect(submit.get_by_role("status").filter(has_text="Submitted")).to_be_visible()
    handed_in = lab.responses / "submissions" / lesson / f"{STUDENT}.json"
    answers = json.loads(handed_in.read_text(encoding="utf-8"))["answers"]
    assert answers["l4-memo"]["answer"] == text
    assert answers["l4-discuss-changed"]["answer"] == "The fingerprint link stayed."


def test_a_high_school_class_is_asked_600_to_900_words_for_the_memo_and_the_counter_says_so(
    lab: Lab, lab_page: Page
) -> None:
    lesson = "04_pep_transition"
    memo = exercises.load_set(lesson)["l4-memo"]
    before = set_parameter(lab, lesson, "level", "high_school")
    try:
        open_lesson(lab_page, lab, lesson)
        run_all(lab_page)
        form = exercise(lab_page, "l4-memo")
        count = form.locator(".scomm-written-count")
        expect(count).to_have_text("0 words; 600-900 asked")
        form.get_by_label(memo.prompt).fill(" ".join(["word"] * 598))
        lab_page.keyboard.type(" two more")
        expect(count).to_have_text("600 words; 600-900 asked")
        form.get_by_label(memo.prompt).fill(" ".join(["word"] * 899))
        lab_page.keyboard.type(" two more")
        expect(count).to_have_text("901 words; 600-900 asked: 1 over")
    finally:
        set_parameter(lab, lesson, "level", before)


def test_a_passage_selected_with_the_mouse_is_saved_with_its_offsets(lab: Lab, lab_page: Page) -> None:
    lesson = "02_opt_out_dispute"
    doc = corpus.reading(lesson)
    paragraph = doc.paragraphs[2]  # not the first: offsets must count the paragraphs before it
    words = doc.text[paragraph.start : paragraph.end].split(" ")
    start = paragraph.start + len(" ".join(words[:3])) + 1
    end = start + len(" ".join(words[3:9]))
    passage = doc.text[start:end]

    reading_day(lab, lesson)
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    # Where the passage's first and last characters are on screen (JavaScript counts UTF-16 units).
    units = lambda a, b: len(doc.text[a:b].encode("utf-16-le")) // 2  # noqa: E731
    box = lab_page.evaluate(
        """async ([index, first, last]) => {
        const p = document.querySelector(`.scomm-annotator-text p[data-index="${index}"]`);
        // Cells drawn late (content-visibility) move the page under a first scroll: repeat until still.
        for (let tries = 0, top = null; tries < 20 && top !== p.getBoundingClientRect().top; tries++) {
          top = p.getBoundingClientRect().top;
          p.scrollIntoView({block: 'center'});
          await new Promise(done => setTimeout(done, 150));
        }
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const at = (offset) => {
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (offset < node.length) return [node, offset];
            offset -= node.length;
          }
        };
        const rectOf = (offset) => {
          walker.currentNode = p;
          const [node, inside] = at(offset);
          const range = document.createRange();
          range.setStart(node, inside);
          range.setEnd(node, inside + 1);
          return range.getBoundingClientRect();
        };
        const a = rectOf(first), b = rectOf(last);
        return {x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2};
    }""",
        [2, units(paragraph.start, start), units(paragraph.start, end - 1)],
    )
    lab_page.mouse.move(box["x0"], box["y0"])
    lab_page.mouse.down()
    lab_page.mouse.move(box["x1"], box["y1"], steps=8)
    lab_page.mouse.up()
    annotator = lab_page.locator(".scomm-annotator-box")
    expect(annotator.get_by_role("status")).to_contain_text(f"Selected {end - start} characters")

    annotator.get_by_label("Tag:").select_option(records.TAGS[0])
    annotator.get_by_label("Stance:").select_option(records.STANCES[0])
    annotator.get_by_label("Comment:").fill("Marked with the mouse in a browser test")
    annotator.get_by_role("button", name="Save annotation").click()
    expect(annotator.get_by_role("status")).to_contain_text("Saved")

    saved = store.load(lab.log(lesson), doc.doc_id)
    assert [(a.start, a.end, a.exact, a.tag) for a in saved] == [(start, end, passage, records.TAGS[0])]
    # And the page highlights exactly those words.
    expect(lab_page.locator(".scomm-annotator-text mark.scomm-highlight")).to_have_text(passage)


def test_the_detainer_simulator_works_from_the_keyboard(lab: Lab, lab_page: Page) -> None:
    from datetime import date

    import pandas as pd

    from scomm.course import data
    from scomm.policy import detainers, scenarios

    open_lesson(lab_page, lab, "03_detainer_law")
    run_all(lab_page)
    panel = lab_page.locator(".scomm-simulator")

    def focused() -> str:
        """The label of the control that has the keyboard focus."""
        return lab_page.evaluate(
            "() => (document.activeElement.labels?.[0] ?? document.activeElement).innerText.trim()"
        )

    panel.get_by_label("Felony convictions:").focus()
    lab_page.keyboard.press("Control+A")
    lab_page.keyboard.type("2")
    for _ in range(2):
        lab_page.keyboard.press("Tab")
    assert focused().startswith("Other misdemeanors")
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.press("Space")  # "Arrested on a felony charge"
    # Then the 2012 guidance's facts (four), the removal order, coming back after removal, two flags.
    for _ in range(9):
        lab_page.keyboard.press("Tab")
    assert focused().startswith("ICE will ask for")
    lab_page.keyboard.press("ArrowDown")
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.press("ArrowDown")
    lab_page.keyboard.press("Tab")
    press_by_keyboard(lab_page, "Show the rules' answer")

    # The page's answer is the rules engine's for the booking the keys described.
    jail = panel.get_by_label("Jail in:").evaluate("s => s.selectedOptions[0].textContent")
    place = data.load("jurisdictions").set_index("name").loc[jail, "jurisdiction_id"]
    booked = date.fromisoformat(panel.get_by_label("Booked on:").input_value())
    record = {
        "felony_convictions": 2,
        "significant_misdemeanors": 0,
        "other_misdemeanors": 0,
        "pending_felony_charge": True,
        "prior_removal_order_on": None,
        "entered_on": None,
        "gang": False,
        "national_security": False,
        "aggravated_felony": False,
        "significant_misdemeanor_charge": False,
        "illegal_entry_conviction": False,
        "immigration_fraud": False,
        "reentered_after_removal": False,
    }
    decision = detainers.decide(scenarios.booking_for(place, booked, record))
    as_of = pd.Timestamp(booked)  # the simulator opens on the lesson's as_of
    expect(panel.get_by_role("status")).to_contain_text(decision.explain(as_of=as_of))


def test_a_passage_can_be_annotated_with_the_keyboard_alone(lab: Lab, lab_page: Page) -> None:
    lesson = "02_opt_out_dispute"
    doc = corpus.reading(lesson)
    paragraph = doc.paragraphs[1]
    words = doc.text[paragraph.start : paragraph.end].split(" ")
    quote = " ".join(words[2:7])
    start = doc.text.index(quote)

    reading_day(lab, lesson)
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    annotator = lab_page.locator(".scomm-annotator-box")
    annotator.get_by_label("Find a passage (type the exact words):").focus()
    lab_page.keyboard.type(quote)
    lab_page.keyboard.press("Tab")
    press_by_keyboard(lab_page, "Find")
    expect(annotator.get_by_role("status")).to_contain_text("Found")
    lab_page.keyboard.press("Tab")  # the selected passage is shown read-only and is skipped
    lab_page.keyboard.press("ArrowDown")  # Tag: the first tag
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.press("ArrowDown")  # Stance: the first stance
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.type("Found by typing its words")
    lab_page.keyboard.press("Tab")
    press_by_keyboard(lab_page, "Save annotation")
    expect(annotator.get_by_role("status")).to_contain_text("Saved")

    saved = store.load(lab.log(lesson), doc.doc_id)
    assert [(a.start, a.end, a.tag, a.stance, a.comment) for a in saved] == [
        (start, start + len(quote), records.TAGS[0], records.STANCES[0], "Found by typing its words")
    ]
