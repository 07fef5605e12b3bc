"""Every exercise kind is readable, measured in Chromium as a person would see it.

One notebook shows every exercise of every lesson (and the submit button, and each feedback
colour). It is executed once, then opened in real JupyterLab and served by real Voilà; in
each, at 1280 px and 400 px wide, in the light and the dark theme, the page is measured:
no label is cut (its text is wider or taller than its box, or its box runs past the output
area), no two labels' boxes overlap, and axe finds no text under 4.5:1 contrast. Before the
notebook runs, JupyterLab shows each exercise's placeholder sentence, not a widget repr.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page

from lab_servers import end_lab_sessions, lab_notebook_ready, lab_server, serving, voila_serving
from scomm.course.layout import LESSONS
from scomm.exercises import definitions
from scomm.exercises.kinds import KINDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 400)
THEMES = ("light", "dark")
NOTEBOOK = "every_exercise.ipynb"
STUDENT = "reader"

SETUP = """\
from scomm.exercises import controls, widgets
from scomm.exercises.definitions import load_set


def shown(lesson, exercise_id):
    \"\"\"The exercise after its button was pressed: a practice key right, anything else as it stands.\"\"\"
    form = widgets.exercise(lesson, exercise_id, student_id="reader", seed=0)
    keyed = load_set(lesson, with_keys=True)[exercise_id]
    if isinstance(form, widgets.writing.WrittenForm):  # words typed, saved, and a source warning
        form.box.value = "Holds need a warrant (`galarza-2014`, `no-such-source-2014`)."
        return form.widget
    if form.exercise.mode == "practice" and form.exercise.kind == "single_choice":
        form.value = keyed.answer
    form.answer()
    return form.widget
"""
NOTES = (
    "from scomm.exercises.form_view import FormView\n"
    "FormView({'kind': 'note', 'note': ''.join(controls.note(f'A {s} message.', s)"
    " for s in ('info', 'success', 'warning', 'error'))}, 'scomm-exercise', 'scomm-ex-notes')"
)
#: Lesson 2's reading and its controls, with a warning in its status line.
READING = (
    "from scomm.annotation import annotator\n"
    "reading = annotator.annotator('02_opt_out_dispute', student_id='reader', stance=True)\n"
    "reading.find('')\n"
    "reading.widget"
)


#: Lesson 3's simulator on the last day, when it offers every control it has.
SIMULATOR = (
    "from scomm.course.params import validate\n"
    "from scomm.lessons.detainer_law import simulator\n"
    "simulator.explore(validate('03_detainer_law', as_of='2025-01-20'))"
)


def every_exercise() -> list[tuple[str, str, str]]:
    """(lesson, exercise id, kind) for every exercise the kit has."""
    return [
        (item.slug, ex.id, ex.kind) for item in LESSONS for ex in definitions.load_set(item.slug).values()
    ]


def test_the_page_shows_every_exercise_kind() -> None:
    kinds = {kind for _, _, kind in every_exercise()}
    assert kinds == set(KINDS)  # every kind the kit has, written answers included


def write_notebook(folder: Path) -> Path:
    """The notebook of every exercise, executed so that it has stored outputs, as the lessons do."""
    from nbclient import NotebookClient

    cells = [nbformat.v4.new_code_cell(SETUP)]
    cells += [nbformat.v4.new_code_cell(f"shown({lesson!r}, {ex!r})") for lesson, ex, _ in every_exercise()]
    cells += [
        nbformat.v4.new_code_cell(f"widgets.submit_button('01_program_mechanics', student_id={STUDENT!r})"),
        nbformat.v4.new_code_cell(NOTES),
        nbformat.v4.new_code_cell(SIMULATOR),
        nbformat.v4.new_code_cell(READING),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    path = folder / NOTEBOOK
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab and Voilà, each serving the notebook of every exercise, on 127.0.0.1."""
    home = tmp_path_factory.mktemp("readable")
    write_notebook(home)
    lab, env, lab_url = lab_server(home)
    with (
        serving(lab, env=env, probe=f"{lab_url}/api/status", log=home / "lab.log"),
        voila_serving(home / NOTEBOOK, env=env, log=home / "voila.log") as voila_url,
    ):
        yield {"lab": lab_url, "voila": voila_url}


# -- what is measured -----------------------------------------------------------------------------

#: Every box a person reads in an exercise: option labels, questions, text, buttons, inputs.
READ = (
    ".widget-radio-box label, .widget-checkbox label, .widget-label, .widget-html-content,"
    " .scomm-form-head, .scomm-intro, .scomm-facts li, .scomm-question, .scomm-option, .scomm-feedback,"
    " .scomm-warning, .scomm-written-help,"
    " button, select, input[type=text], input[type=number], input[type=date], textarea,"
    " .scomm-written-label, .scomm-written-count, .scomm-written-state, .scomm-status,"
    " .scomm-annotator-title, .scomm-annotator-hint, .scomm-annotator-row"
)

MEASURE = """(read) => {
  const problems = [];
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const words = el => (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  const panels = [...document.querySelectorAll('.scomm-exercise, .scomm-submit, .scomm-simulator, .scomm-annotator-box')];
  for (const panel of panels) {
    const name = [...panel.classList].find(c => c.startsWith('scomm-ex-') || c === 'scomm-simulator' || c === 'scomm-annotator-box') || 'scomm-submit';
    const boxes = [...panel.querySelectorAll(read)].filter(shown);
    const area = (panel.closest('.jp-OutputArea-output') || panel).getBoundingClientRect();
    const right = Math.min(area.right, document.documentElement.clientWidth);
    for (const el of boxes) {
      const r = el.getBoundingClientRect();
      const typed = ['SELECT', 'INPUT', 'TEXTAREA'].includes(el.tagName);
      if (!typed && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${name}: "${words(el)}" is cut (text ${el.scrollWidth} px wide, box ${el.clientWidth} px)`);
      if (!typed && el.scrollHeight > el.clientHeight + 1)
        problems.push(`${name}: "${words(el)}" is cut (text ${el.scrollHeight} px tall, box ${el.clientHeight} px)`);
      if (r.right > right + 1 || r.left < area.left - 1)
        problems.push(`${name}: "${words(el)}" runs past the output area (${Math.round(r.left)}-${Math.round(r.right)} px, area ends at ${Math.round(right)} px)`);
      for (let up = el.parentElement; up && up !== panel.parentElement; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const u = up.getBoundingClientRect();
        if (r.right > u.right + 1 || r.bottom > u.bottom + 1)
          problems.push(`${name}: "${words(el)}" is clipped by its container (${up.className})`);
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a.contains(b) || b.contains(a)) continue;
        const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 1 && h > 1)
          problems.push(`${name}: "${words(a)}" and "${words(b)}" overlap (${Math.round(w)}x${Math.round(h)} px)`);
      }
    }
  }
  return {panels: panels.length, problems};
}"""


def unreadable(page: Page) -> tuple[int, list[str]]:
    """How many panels the page shows, and every cut, clipped or overlapping label among them."""
    found = page.evaluate(MEASURE, READ)
    return found["panels"], found["problems"]


def low_contrast(page: Page) -> list[str]:
    """axe's colour-contrast findings (under 4.5:1 for body text) inside the exercises."""
    from axe_playwright_python.sync_playwright import Axe

    result = (
        Axe()
        .run(
            page,
            context={
                "include": [
                    [".scomm-exercise"],
                    [".scomm-submit"],
                    [".scomm-simulator"],
                    [".scomm-annotator-box"],
                ]
            },
            options={"runOnly": {"type": "rule", "values": ["color-contrast"]}},
        )
        .response
    )
    assert result["passes"], "axe checked no text: no exercise on the page?"
    return [
        f"{node['target']}: {node['any'][0]['message'] if node['any'] else ''}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def expected_panels() -> int:
    return (
        len(every_exercise()) + 4
    )  # and the submit button, the feedback colours, the simulator, the reading


def look(page: Page, width: int) -> list[str]:
    """Everything unreadable on the page at ``width`` px: measured boxes, then contrast."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(300)  # one layout after the resize
    panels, problems = unreadable(page)
    assert panels == expected_panels(), f"{panels} panels on the page, {expected_panels()} expected"
    return problems + low_contrast(page)


def assert_readable(problems: dict) -> None:
    """Fail with every problem found, one a line, under the screen it was found on."""
    found = [f"{where}: {problem}" for where, listed in problems.items() for problem in listed]
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found[:60])


# -- JupyterLab -----------------------------------------------------------------------------------


def open_in_lab(page: Page, url: str) -> None:
    page.goto(f"{url}/lab/tree/{NOTEBOOK}?reset")
    lab_notebook_ready(page)


def test_before_it_runs_lab_shows_a_sentence_for_each_exercise_not_a_repr(pages: dict, page: Page) -> None:
    open_in_lab(page, pages["lab"])
    outputs = page.locator(".jp-OutputArea-output")
    outputs.last.wait_for()
    text = page.locator(".jp-Notebook").inner_text()
    assert "VBox(" not in text and "children=" not in text and "object at 0x" not in text
    waiting = page.get_by_text("Run this cell to answer it")
    assert waiting.count() == len(every_exercise())
    assert page.get_by_text("The Submit button: run this cell").count() == 1
    end_lab_sessions(pages["lab"])


def test_every_exercise_kind_reads_whole_in_jupyterlab_light_and_dark(pages: dict, page: Page) -> None:
    open_in_lab(page, pages["lab"])
    # Not awaited inside evaluate (that has no time limit): the wait below has one.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        f"() => document.querySelectorAll('.scomm-exercise, .scomm-submit, .scomm-simulator, .scomm-annotator-box').length === {expected_panels()}"
        " && document.querySelectorAll('.scomm-exercise [role=status], .scomm-exercise [role=alert]').length"
        f" >= {len(every_exercise())}",
        timeout=180_000,
    )
    # The side panels closed, as anyone reading a lesson on a narrow screen would.
    page.evaluate(
        "() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }"
    )
    problems = {}
    try:
        for theme in THEMES:
            if theme == "dark":
                page.evaluate(
                    "() => { window.jupyterapp.commands.execute('apputils:change-theme',"
                    " {theme: 'JupyterLab Dark'}); }"
                )
                page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
            problems.update({(theme, width): look(page, width) for width in WIDTHS})
    finally:
        end_lab_sessions(pages["lab"])
    assert_readable(problems)


# -- Voilà ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_every_exercise_kind_reads_whole_in_voila(pages: dict, page: Page, theme: str) -> None:
    page.goto(f"{pages['voila']}/?theme={theme}")
    page.wait_for_function(
        f"() => document.querySelectorAll('.scomm-exercise, .scomm-submit, .scomm-simulator, .scomm-annotator-box').length === {expected_panels()}",
        timeout=120_000,
    )
    assert page.evaluate("() => document.body.dataset.jpThemeLight") == (
        "true" if theme == "light" else "false"
    )
    try:
        problems = {width: look(page, width) for width in WIDTHS}
    finally:
        page.close(run_before_unload=True)  # Voilà shuts the page's kernel down
    assert_readable(problems)
