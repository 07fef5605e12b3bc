"""One kernel for several builds: each notebook starts as in a new kernel, and a dead kernel is replaced."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from scomm.notebooks import build as notebook_build
from scomm.notebooks.kernels import Kernel

pytestmark = pytest.mark.slow


def _write(path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _outputs(path: Path) -> list[tuple[int | None, str]]:
    nb = nbformat.read(path, as_version=4)
    return [
        (cell.execution_count, "".join(o.get("text", "") or o.get("evalue", "") for o in cell.outputs))
        for cell in nb.cells
    ]


def test_each_notebook_sees_no_name_from_the_last_and_counts_from_one_in_its_folder(tmp_path: Path) -> None:
    first = _write(tmp_path / "a" / "first.ipynb", "secret = 41", "print(secret + 1)")
    second = _write(tmp_path / "b" / "second.ipynb", "import os\nprint(os.getcwd())", "print(secret)")
    with Kernel(tmp_path) as kernel:
        assert kernel.run(first) is None
        error = kernel.run(second)
    assert error == "NameError: name 'secret' is not defined"
    assert _outputs(first) == [(1, ""), (2, "42\n")]
    (count, cwd), (second_count, _) = _outputs(second)
    assert (count, second_count) == (1, 2), "execution counts start again at 1"
    assert Path(cwd.strip()) == (tmp_path / "b").resolve(), "the kernel runs in the notebook's folder"


def test_a_notebook_that_kills_its_kernel_is_reported_and_the_next_runs_in_a_new_one(tmp_path: Path) -> None:
    fatal = _write(tmp_path / "fatal.ipynb", "import os\nos._exit(3)")
    after = _write(tmp_path / "after.ipynb", "print('still here')")
    with Kernel(tmp_path) as kernel:
        error = kernel.run(fatal)
        assert kernel.run(after) is None
    assert error and error.startswith("DeadKernelError")
    assert _outputs(after) == [(1, "still here\n")]


def _cells(path: Path) -> str:
    """A build's cells, less what differs between any two runs (widget model ids)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return re.sub(r"[0-9a-f]{32}", "<id>", json.dumps(cells, sort_keys=True))


def test_a_lesson_built_after_another_in_the_same_kernel_is_the_lesson_built_alone(tmp_path: Path) -> None:
    lessons = sorted(Path("notebooks").glob("0[12]_*.ipynb"))
    shared = notebook_build.build(
        lessons, out=tmp_path / "shared", variants=["student"], jobs=1, progress=False
    )
    alone = notebook_build.build(lessons[1:], out=tmp_path / "alone", variants=["student"], progress=False)
    assert all(o.ok for o in [*shared, *alone]), [o.error for o in [*shared, *alone]]
    name = lessons[1].name
    assert _cells(tmp_path / "shared" / "student" / name) == _cells(tmp_path / "alone" / "student" / name)


def test_student_and_instructor_builds_never_share_a_kernel() -> None:
    student, instructor = notebook_build.VARIANTS["student"], notebook_build.VARIANTS["instructor"]
    tasks = [(Path(f"{n}.ipynb"), variant, "") for n in range(3) for variant in (student, instructor)]
    for width in (1, 2, 3, 4):
        lanes = notebook_build.lanes(tasks, width)
        assert all(len({variant.name for _, variant, _ in lane}) == 1 for lane in lanes)
        assert sorted(map(str, (t[0] for lane in lanes for t in lane))) == sorted(
            map(str, (t[0] for t in tasks))
        )
