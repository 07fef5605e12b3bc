"""The build's steps, one transformation each: safe to run twice, leaving their input alone, and each doing
only its own job."""

from __future__ import annotations

import copy
import tomllib

import pytest
from nbformat.v4 import new_code_cell, new_output
from test_builds import FIXTURE_NOTE, LESSON, _notebook, _tagged, fixture_notebook

from scomm.course import layout, notes
from scomm.notebooks import build as notebook_build
from scomm.notebooks import personal, steps

STEPS = sorted(
    {*steps.STUDENT_STEPS, *steps.INSTRUCTOR_STEPS, *steps.FINISHING_STEPS}, key=lambda s: s.__name__
)


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.__name__)
def test_every_step_is_safe_to_run_twice_and_leaves_its_input_alone(step) -> None:
    nb = fixture_notebook()
    before = copy.deepcopy(nb)
    once = step(nb)
    assert step(once) == once
    assert nb == before, f"{step.__name__} changed the notebook it was given"


def test_drop_instructor_cells_removes_code_and_markdown_for_instructors() -> None:
    sources = [c.source for c in steps.drop_instructor_cells(fixture_notebook()).cells]
    assert not any(FIXTURE_NOTE in s or "Instructors:" in s for s in sources)
    assert len(sources) == 4


def test_the_role_steps_set_the_parameters_default_and_keep_the_comment() -> None:
    student = steps.student_role(steps.instructor_role(fixture_notebook()))
    assert student.cells[1].source.splitlines()[0] == 'role = "student"  # "student" or "instructor"'
    instructor = steps.instructor_role(student)
    assert instructor.cells[1].source.startswith('role = "instructor"  #')
    assert instructor.cells[2].source == '# Parameters\nrole = "instructor"\n', "only the parameters cell"


def test_a_notebook_without_role_is_left_as_it_is() -> None:
    nb = _notebook(_tagged("focus = 'Cook County, IL'", "parameters"))
    assert steps.student_role(nb) == nb


def test_clear_outputs_and_drop_run_records_leave_no_trace_of_an_earlier_run() -> None:
    nb = steps.drop_run_records(steps.clear_outputs(steps.drop_injected_parameters(fixture_notebook())))
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert all("execution" not in c.metadata for c in nb.cells) and "papermill" not in nb.metadata
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_the_leak_guard_finds_a_key_explanation_in_an_output() -> None:
    explanation = tomllib.loads((layout.KEYS_DIR / f"{LESSON}.toml").read_text())["l1-growth"]["explanation"]
    cell = new_code_cell("print(key)")
    cell.outputs = [new_output("stream", name="stdout", text=explanation)]
    forbidden = notebook_build.secrets(layout.KEYS_DIR, notes.NOTES_DIR)
    assert notebook_build.leaks(_notebook(cell), forbidden) == [explanation[:60] + "…"]
    assert notebook_build.leaks(fixture_notebook(), forbidden) == []


def test_personalise_leaves_its_input_alone_and_is_safe_to_run_twice() -> None:
    nb = steps.apply(steps.STUDENT_STEPS, fixture_notebook())
    before = copy.deepcopy(nb)
    once = personal.personalise(nb, {"student_id": "ada", "seed": 7})
    assert personal.personalise(once, {"student_id": "ada", "seed": 7}) == once
    assert nb == before
