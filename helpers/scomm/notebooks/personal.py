"""A student's own copy of a lesson: the student build with their parameters and without stored outputs.

A released copy carries no stored outputs: each code cell that showed something holds a one-line
note saying to run it instead. The student's kernel draws every chart and table when they run
the lesson, at their own parameters, so a copy is the lesson's text and code only (about 20 KB,
not the 340 KB of a build with every chart stored twice), and a class of 3,000 fits in 100 MB.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell('student_id = "demo-student"', metadata={"tags": ["parameters"]})])
>>> nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
>>> copy = nbformat.reads(Template(without_outputs(nb), takes_seed=False).copy_for("ada", 0), as_version=4)
>>> copy.cells[1].source
'# Parameters\\nstudent_id = "ada"\\n'
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from scomm.course import params
from scomm.course.layout import INJECTED_TAG
from scomm.notebooks.steps import cell_tags

#: The id of the injected-parameters cell in released notebooks; a fixed id keeps a re-release identical.
INJECTED_CELL_ID = "injected-parameters"


def personalise(nb: Any, values: Mapping[str, object]) -> Any:
    """A copy of ``nb`` whose injected-parameters cell sets ``values`` (papermill's own machinery)."""
    from papermill.parameterize import parameterize_notebook

    mine = type(nb)(nb)  # parameterize_notebook replaces the cell list; only the metadata is edited
    mine.metadata = copy.deepcopy(nb.metadata)
    # papermill expects every cell to have a tags list, as its own reader ensures
    mine.cells = [cell if "tags" in cell.metadata else _with_tags_list(cell) for cell in nb.cells]
    mine.metadata.setdefault("papermill", {})
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    mine = parameterize_notebook(mine, dict(values), kernel_name=kernel, language="python")
    for cell in mine.cells:
        if INJECTED_TAG in cell_tags(cell):
            cell.id = INJECTED_CELL_ID
    return mine


#: What a released copy shows in place of an output until the student runs the cell.
PLACEHOLDER = "*Run this cell (Shift+Enter), or the whole lesson (Run → Run All Cells), to see it here.*"


def without_outputs(nb: Any) -> Any:
    """``nb`` with each code cell's outputs replaced by ``PLACEHOLDER`` where there were any.

    Widgets need the student's kernel anyway, and charts and tables are drawn in it at the
    student's parameters, so the stored outputs of the build would only be stale copies.
    """
    import nbformat

    mine = type(nb)(nb)
    mine.cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            shown = bool(cell.get("outputs"))
            cell = type(cell)(cell)
            cell.execution_count = None
            cell.outputs = (
                [nbformat.v4.new_output("display_data", data={"text/markdown": PLACEHOLDER})] if shown else []
            )
        mine.cells.append(cell)
    mine.metadata = copy.deepcopy(nb.metadata)
    mine.metadata.pop("widgets", None)  # widget state belongs to the build's kernel, not the student's
    return mine


class Template:
    """One lesson's released notebook as text, personalised per student by replacing two values.

    ``nbformat.writes`` of a whole notebook for every student spends its time re-encoding the
    same cells; the injected cell is the only difference, so it is written once with stand-in
    values and each student's copy is that text with the stand-ins replaced. Student ids allow
    only letters, digits, '.', '_' and '-', which JSON and Python write the same way, so the
    copy is byte-for-byte what ``nbformat.writes(personalise(nb, values))`` gives: one probe student is
    written both ways first, and any difference means every copy is written the slow way.
    """

    ID = "scomm-release-student-id-stand-in"
    SEED = 3141592653

    def __init__(self, nb: Any, takes_seed: bool, shared: Mapping[str, object] | None = None) -> None:
        import nbformat

        self.nb, self.takes_seed, self.shared = nb, takes_seed, dict(shared or {})
        self.text = nbformat.writes(personalise(nb, self._values(self.ID, self.SEED)))
        self.fast = True
        # One probe written both ways: any other place the stand-ins occur would show here.
        probe = ("probe-0", 12345)
        expected = nbformat.writes(personalise(nb, self._values(*probe))).encode()
        self.fast = self.copy_for(*probe) == expected

    def _values(self, student_id: str, seed: int) -> dict[str, object]:
        return {**self.shared, "student_id": student_id, **({"seed": seed} if self.takes_seed else {})}

    def copy_for(self, student_id: str, seed: int) -> bytes:
        """The student's notebook as the bytes to write."""
        if not self.fast or not params.STUDENT_ID.fullmatch(student_id):
            import nbformat

            return nbformat.writes(personalise(self.nb, self._values(student_id, seed))).encode()
        text = self.text.replace(self.ID, student_id)
        if self.takes_seed:
            text = text.replace(str(self.SEED), str(seed))
        return text.encode("utf-8")


def _with_tags_list(cell: Any) -> Any:
    mine = type(cell)(cell)
    mine.metadata = type(cell.metadata)({**cell.metadata, "tags": []})
    return mine
