"""The steps a lesson notebook goes through on its way to a student or instructor build.

Each step is a pure function from notebook to notebook, and running it twice changes nothing
more than running it once; the ordering rules sit beside the lists:

>>> from nbformat.v4 import new_code_cell, new_notebook
>>> nb = new_notebook(cells=[new_code_cell('role = "instructor"', metadata={"tags": ["parameters"]}),
...                          new_code_cell('scomm.note(p, "start")', metadata={"tags": ["instructor"]})])
>>> student = apply(STUDENT_STEPS, nb)
>>> [cell.source for cell in student.cells]
['role = "student"']
>>> apply(STUDENT_STEPS, student) == student
True
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from scomm.course.layout import INJECTED_TAG, INSTRUCTOR_TAG, PARAMETERS_TAG

#: A step takes a notebook (an nbformat NotebookNode) and returns a new one; it never edits its input.
Step = Callable[[Any], Any]


def cell_tags(cell: Mapping) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _without_cells(nb: Any, tag: str) -> Any:
    result = copy.deepcopy(nb)
    result.cells = [cell for cell in result.cells if tag not in cell_tags(cell)]
    return result


def drop_instructor_cells(nb: Any) -> Any:
    """Remove every cell tagged ``instructor`` (teaching notes and anything else for instructors)."""
    return _without_cells(nb, INSTRUCTOR_TAG)


def drop_injected_parameters(nb: Any) -> Any:
    """Remove a cell papermill injected in an earlier run, so the parameters cell's defaults apply."""
    return _without_cells(nb, INJECTED_TAG)


def clear_outputs(nb: Any) -> Any:
    """Empty every code cell's outputs and execution count; the build's own run fills them again."""
    result = copy.deepcopy(nb)
    for cell in result.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return result


def drop_run_records(nb: Any) -> Any:
    """Remove the timings and file paths papermill and Jupyter record about a run."""
    result = copy.deepcopy(nb)
    result.metadata.pop("papermill", None)
    for cell in result.cells:
        for key in ("execution", "papermill"):
            cell.metadata.pop(key, None)
    return result


_ROLE_LINE = re.compile(r"""^role\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[\w.]+)""", re.MULTILINE)


def _with_role(nb: Any, role: str) -> Any:
    result = copy.deepcopy(nb)
    for cell in result.cells:
        if PARAMETERS_TAG in cell_tags(cell):
            cell.source = _ROLE_LINE.sub(f'role = "{role}"', cell.source, count=1)
            break
    return result


def student_role(nb: Any) -> Any:
    """Make ``role = "student"`` the parameters cell's default (a notebook without ``role`` is left alone)."""
    return _with_role(nb, "student")


def instructor_role(nb: Any) -> Any:
    """Make ``role = "instructor"`` the parameters cell's default, so notes show when the copy is re-run."""
    return _with_role(nb, "instructor")


# Ordering rules:
# - drop_instructor_cells comes first, so no later step (or the kernel) ever sees instructor content;
# - drop_injected_parameters comes before execution: a stale injected cell would override the role
#   the role step writes into the parameters cell;
# - clear_outputs comes before execution, so every stored output comes from this build's own run
#   (an output saved in the source by an instructor's run never reaches students);
# - drop_run_records runs both before execution and after it (FINISHING_STEPS): papermill records
#   timings and the build's file paths, which say nothing about the lesson.
# The other steps commute.
INSTRUCTOR_STEPS: tuple[Step, ...] = (
    drop_injected_parameters,
    instructor_role,
    clear_outputs,
    drop_run_records,
)
STUDENT_STEPS: tuple[Step, ...] = (
    drop_instructor_cells,
    *INSTRUCTOR_STEPS[:1],
    student_role,
    *INSTRUCTOR_STEPS[2:],
)
FINISHING_STEPS: tuple[Step, ...] = (drop_run_records,)


def apply(steps: Iterable[Step], nb: Any) -> Any:
    """Pass ``nb`` through ``steps`` in order."""
    for step in steps:
        nb = step(nb)
    return nb


# -- reading and writing ------------------------------------------------------------------------


def read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


def write(nb: Any, path: Path) -> Path:
    """The one writer every build and release goes through: nbformat's JSON, written in place."""
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path
