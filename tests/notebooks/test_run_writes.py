"""scomm run writes what it ran: one notebook per run, whole while it is written, never over a file it did
not write."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest
from test_run import LESSON, _all_output_text, _scomm_run

from scomm.notebooks import run

from conftest import BIN


@pytest.mark.slow
def test_parallel_runs_leave_the_working_directory_alone(tmp_path: Path) -> None:
    import os
    import shutil

    here = Path.cwd()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copies = [shutil.copy(LESSON, tmp_path / "a.ipynb"), shutil.copy(LESSON, elsewhere / "b.ipynb")]
    outcomes = run.run_course([Path(c) for c in copies], out=tmp_path / "out", progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert Path.cwd() == here
    assert os.path.exists("tests/nbval_sanitize.cfg"), "relative paths still resolve after a run"


def _echo_notebook(folder: Path) -> Path:
    """A notebook that declares the id parameters, checks them as a lesson does and prints them."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('student_id = "demo-student"\nseed = 7', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import scomm\n"
            'p = scomm.start("echo", student_id=student_id, seed=seed)\n'
            "print(repr(p.student_id), repr(p.seed))"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "echo.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("student_id", ["12345", "00123"])
def test_an_id_of_digits_reaches_the_lesson_unchanged_through_papermill(
    tmp_path: Path, student_id: str
) -> None:
    lesson = _echo_notebook(tmp_path)
    result, output = _scomm_run(tmp_path / "out", ("student_id", student_id), ("seed", "None"), lesson=lesson)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{student_id!r} None" in _all_output_text(output)


def test_scomm_run_refuses_to_replace_a_file_it_did_not_write(tmp_path: Path) -> None:
    theirs = tmp_path / LESSON.name
    theirs.write_text("an instructor's own copy", encoding="utf-8")
    result, _ = _scomm_run(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"scomm run: {theirs} was not written by scomm; move it away, choose another --out, "
        "or pass --force to replace it."
    )
    assert theirs.read_text(encoding="utf-8") == "an instructor's own copy"


def _slow_notebook(path: Path, cells: int = 40) -> Path:
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(
        cells=[new_code_cell(f"import time\ntime.sleep(0.05)\nprint('x' * 20000, {n})") for n in range(cells)]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_two_runs_at_once_never_show_each_other_a_half_written_notebook(tmp_path: Path) -> None:
    import threading
    import time

    notebook = _slow_notebook(tmp_path / "slow.ipynb")
    out = tmp_path / "out"
    target = out / notebook.name
    reads: list[str] = []
    stop = threading.Event()

    def look() -> None:
        # What another run, a browser or JupyterLab would see if it opened the file just now.
        if target.exists():
            try:
                seen = nbformat.read(target, as_version=4)
                done = all(c.execution_count is not None for c in seen.cells)
                reads.append("whole" if done else "unfinished")
            except Exception:
                reads.append("unreadable")

    def watch() -> None:
        while not stop.is_set():
            look()
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    args = [str(BIN / "scomm"), "run", str(notebook), "--out", str(out)]
    runs = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    finished = [(run_.wait(timeout=300), run_.communicate()) for run_ in runs]
    stop.set()
    watcher.join()
    look()
    assert [code for code, _ in finished] == [0, 0], finished
    assert reads and set(reads) == {"whole"}, (
        f"{reads.count('unfinished')} unfinished, {reads.count('unreadable')} unreadable"
    )
    assert sorted(p.name for p in out.iterdir()) == [".scomm-manifest.json", "slow.ipynb"], (
        "no temporary file is left"
    )


def _counting_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notebook papermill writes, wherever in papermill it writes it."""
    import papermill.engines
    import papermill.execute

    written: list[str] = []
    write = papermill.iorw.write_ipynb

    def counted(nb: object, path: str) -> None:
        if path:
            written.append(path)
        write(nb, path)

    for module in (papermill.engines, papermill.execute):
        monkeypatch.setattr(module, "write_ipynb", counted)
    return written


def test_a_run_writes_its_notebook_once_whatever_its_length_and_keeps_each_cells_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _counting_writes(monkeypatch)
    notebook = _slow_notebook(tmp_path / "slow.ipynb", cells=12)
    outcome = run.execute(notebook, tmp_path / "out.ipynb", {})
    assert outcome.ok, outcome.error
    assert len(written) == 1, "papermill's default writes at the start, at the end and twice a cell"
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert [c.metadata.papermill["status"] for c in nb.cells] == ["completed"] * 12
    assert all(c.metadata.papermill["duration"] >= 0.05 for c in nb.cells)
    # A long print may reach the notebook as two stream outputs (the kernel flushes a large write at
    # once and the rest moments later, as the machine's load decides): the cell's text is all of them.
    printed = ["".join(o["text"] for o in c.outputs) for c in nb.cells]
    assert [text.split()[-1] for text in printed] == [str(n) for n in range(12)]


def test_a_finished_run_signs_what_it_wrote_without_reading_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbformat.sign import NotebookNotary
    from nbformat.v4 import new_code_cell, new_notebook

    shown = (
        "from IPython.display import SVG, HTML, JSON, display\n"
        'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\'), HTML(\'<b>é</b>\'))\n'
        "display(JSON({'n': 1.5, 'list': [1, None, True], 'text': 'naïve'}))\n"
        "print('printed'); {'a': 1}"
    )
    nb = new_notebook(cells=[new_code_cell("x = 0.1 + 0.2"), new_code_cell(shown)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "shown.ipynb")
    reads: list[object] = []
    read = nbformat.read
    monkeypatch.setattr(nbformat, "read", lambda *args, **kwargs: reads.append(args) or read(*args, **kwargs))
    outcome = run.execute(tmp_path / "shown.ipynb", tmp_path / "out.ipynb", {})
    assert outcome.ok, outcome.error
    assert reads == [], "the executed notebook is not parsed and schema-checked again to sign it"
    done = read(tmp_path / "out.ipynb", as_version=4)
    assert len(done.cells[1].outputs) == 5
    assert NotebookNotary().check_signature(done), "what is on disk is what was signed: JupyterLab trusts it"


def test_a_failed_run_still_writes_the_cells_up_to_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbformat.sign import NotebookNotary
    from nbformat.v4 import new_code_cell, new_notebook

    written = _counting_writes(monkeypatch)
    nb = new_notebook(
        cells=[new_code_cell("print('before')"), new_code_cell("1 / 0"), new_code_cell("print('after')")]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "fails.ipynb")
    outcome = run.execute(tmp_path / "fails.ipynb", tmp_path / "out.ipynb", {})
    assert outcome.error == "ZeroDivisionError: division by zero"
    assert len(written) == 1, "the failed notebook is written, once"
    done = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    code = [c for c in done.cells if c.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "before\n"
    assert code[1].metadata.papermill["status"] == "failed"
    assert code[1].outputs[-1]["ename"] == "ZeroDivisionError"
    assert code[2].outputs == []
    assert NotebookNotary().check_signature(done), "a failed run is signed too"
