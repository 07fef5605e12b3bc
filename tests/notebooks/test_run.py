"""The course runs through papermill under a matrix of parameters, and bad parameters fail clearly."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import nbformat
import pytest

from scomm.course import params
from scomm.notebooks import run

from conftest import BIN, NOTEBOOKS

LESSON = NOTEBOOKS / "01_program_mechanics.ipynb"


def _scomm_run(
    tmp_path: Path, *pairs: tuple[str, str], lesson: Path = LESSON
) -> tuple[subprocess.CompletedProcess, Path]:
    args = [str(BIN / "scomm"), "run", str(lesson), "--out", str(tmp_path)]
    for name, value in pairs:
        args += ["-p", name, value]
    return subprocess.run(args, capture_output=True, text=True, timeout=300), tmp_path / lesson.name


def _all_output_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for key in ("text/markdown", "text/plain", "text/html"):
                parts.append(str(output.get("data", {}).get(key, "")))
            parts.append(str(output.get("text", "")))
    return "\n".join(parts)


def test_every_lesson_declares_the_teaching_parameters() -> None:
    for notebook in run.course_notebooks():
        declared = run.declared_parameters(notebook)
        assert {"focus", "as_of", "role", "level", "student_id", "seed"} <= set(declared)
        for name, default in declared.items():
            params.PARAMETERS[name].check(ast.literal_eval(default))


LESSON2 = NOTEBOOKS / "02_opt_out_dispute.ipynb"
LESSON3 = NOTEBOOKS / "03_detainer_law.ipynb"
LESSON4 = NOTEBOOKS / "04_pep_transition.ipynb"

MATRIX = {
    "defaults": ((), ["Harris County, TX", "31 March 2011", "48 hours"], ["Instructor note"]),
    "another focus": ((("focus", "cook county"),), ["Cook County, IL"], []),
    "early as_of": (
        (("as_of", "2009-06-01"),),
        ["1 June 2009", "No count of fingerprint submissions had been published by 1 June 2009"],
        ["FY2009", "FY2010"],
    ),
    "late as_of, instructor": (
        (("as_of", "2016-03-01"), ("role", "instructor")),
        ["1 March 2016", "tell it before release", "Instructor note"],
        [],
    ),
    "alias focus, instructor": (
        (("focus", "Washington, DC"), ("role", "instructor")),
        ["District of Columbia", "Instructor note"],
        [],
    ),
}


MATRIX_2 = {
    "lesson 2 defaults": ((), ["15 September 2010", "became public after this day"], ["Instructor note"]),
    "lesson 2 after the FOIA release, instructor": (
        (("as_of", "2011-03-01"), ("role", "instructor")),
        ["1 March 2011", "Instructor note", "internal email"],
        [],
    ),
    "lesson 2 earliest, another focus": (
        (("as_of", "2010-05-04"), ("focus", "Cook County, IL")),
        ["4 May 2010", "no action by Cook County, IL"],
        [],
    ),
    "lesson 2 late, alias focus": (
        (("as_of", "2012-01-01"), ("focus", "Washington DC")),
        ["District of Columbia", "agreements void"],
        [],
    ),
}


MATRIX_3 = {
    "lesson 3 defaults": (
        (),
        ["Local limits on holding people for ICE", "Events in Cook County, IL"],
        ["Instructor note"],
    ),
    "lesson 3 before the limits, instructor": (
        (("as_of", "2011-06-01"), ("role", "instructor")),
        ["Instructor note", "as public on 1 June 2011", "more passages of this section open after as_of"],
        [],
    ),
    "lesson 3 another focus": (
        (("focus", "Los Angeles County, CA"), ("as_of", "2016-01-01")),
        ["Los Angeles County, CA"],
        [],
    ),
}
MATRIX_4 = {
    "lesson 4 defaults": ((), ["SYNTHETIC", "tell it before release"], ["Instructor note"]),
    "lesson 4 restored, instructor": (
        (("as_of", "2018-01-01"), ("role", "instructor")),
        ["Instructor note", "48 hours"],
        [],
    ),
    "lesson 4 early": ((("as_of", "2014-12-01"),), ["SYNTHETIC"], []),
}
LESSON_OF = {
    **dict.fromkeys(MATRIX, LESSON),
    **dict.fromkeys(MATRIX_2, LESSON2),
    **dict.fromkeys(MATRIX_3, LESSON3),
    **dict.fromkeys(MATRIX_4, LESSON4),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(LESSON_OF))
def test_the_lesson_runs_under_each_parameter_set(tmp_path: Path, case: str) -> None:
    lesson = LESSON_OF[case]
    pairs, present, absent = {**MATRIX, **MATRIX_2, **MATRIX_3, **MATRIX_4}[case]
    result, output = _scomm_run(tmp_path, *pairs, lesson=lesson)
    assert result.returncode == 0, result.stdout + result.stderr
    assert lesson.name in result.stdout and "Executed copies:" in result.stdout
    text = _all_output_text(output)
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase
    injected = [
        c
        for c in nbformat.read(output, as_version=4).cells
        if "injected-parameters" in c.metadata.get("tags", [])
    ]
    assert len(injected) == (1 if pairs else 0)


BAD = {
    "misspelt jurisdiction": (
        ("focus", "Cook Cnty"),
        "Parameter focus: unknown jurisdiction 'Cook Cnty'; did you mean 'Cook County, IL'?",
    ),
    "empty focus": (("focus", ""), "Parameter focus: '' is not a jurisdiction name"),
    "impossible date": (("as_of", "2011-13-01"), "Parameter as_of: '2011-13-01' is not a date"),
    "date before the program": (
        ("as_of", "1999-01-01"),
        "Parameter as_of: 1999-01-01 is outside the period the kit covers",
    ),
    "date in the future": (
        ("as_of", "2999-01-01"),
        "Parameter as_of: 2999-01-01 is after 2025-01-20, the last day",
    ),
    "unknown role": (
        ("role", "teacher"),
        "Parameter role: 'teacher' is not a role (allowed: 'student' or 'instructor')",
    ),
    "misspelt name": (
        ("foucs", "Cook County, IL"),
        "Parameter foucs: 01_program_mechanics takes no parameter of that name; did you mean 'focus'?",
    ),
    "parameter the lesson does not take": (
        ("colour", "red"),
        "Parameter colour: 01_program_mechanics takes no parameter of that name",
    ),
    "unsafe student id": (
        ("student_id", "../../etc"),
        "Parameter student_id: '../../etc' cannot name a student's files",
    ),
}


@pytest.mark.parametrize(
    "lesson", [LESSON, LESSON2, LESSON3, LESSON4], ids=["lesson 1", "lesson 2", "lesson 3", "lesson 4"]
)
@pytest.mark.parametrize("case", list(BAD))
def test_scomm_run_refuses_a_bad_parameter_before_starting_a_kernel(
    tmp_path: Path, case: str, lesson: Path
) -> None:
    pair, message = BAD[case]
    message = message.replace("01_program_mechanics", lesson.stem)
    result, output = _scomm_run(tmp_path, pair, lesson=lesson)
    assert result.returncode == 2
    assert message in result.stderr
    assert not output.exists(), "nothing is executed when a parameter is bad"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pair", "message"),
    [
        (
            ("focus", "Cook Cnty"),
            "Parameter focus: unknown jurisdiction 'Cook Cnty'; did you mean 'Cook County, IL'?",
        ),
        (
            ("foucs", "Cook County, IL"),
            "Parameter foucs: 01_program_mechanics takes no parameter of that name",
        ),
    ],
)
def test_plain_papermill_fails_in_the_validation_cell_with_the_same_sentence(
    tmp_path: Path, pair, message
) -> None:
    output = tmp_path / "out.ipynb"
    result = subprocess.run(
        [str(BIN / "papermill"), str(LESSON), str(output), "-p", *pair, "--cwd", str(NOTEBOOKS)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    nb = nbformat.read(output, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert [e["ename"] for e in errors] == ["ParameterError"]
    assert message in errors[0]["evalue"]
    assert nb.metadata["papermill"]["exception"] is True


def test_preflight_gives_each_notebook_only_its_own_parameters() -> None:
    chosen = run.preflight([LESSON], {"focus": "Cook County, IL"})
    assert chosen == {LESSON: {"focus": "Cook County, IL"}}


def test_summary_says_where_to_look() -> None:
    outcome = run.Outcome(LESSON, Path("/tmp/out/01_program_mechanics.ipynb"), 3.25)
    failed = run.Outcome(LESSON, Path("/tmp/out/01_program_mechanics.ipynb"), 1.0, "ParameterError: bad")
    text = run.summary([outcome, failed], wall_seconds=4.0)
    assert "3.2" in text and "ok" in text and "FAILED: ParameterError: bad" in text
    assert "Executed copies: /tmp/out/" in text and "lessons/README.md" in text


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


# -- the output folder ------------------------------------------------------------------------------


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


# -- the executed notebook written once, not twice a cell --------------------------------------------


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


def test_a_lesson_kernel_collects_garbage_less_often_and_leaves_nothing_in_the_namespace(
    tmp_path: Path,
) -> None:
    from nbformat.v4 import new_code_cell, new_notebook

    code = "import gc\nprint(repr((gc.get_threshold(), len(In), sorted(n for n in dir() if n[0] != '_'))))"
    nb = new_notebook(cells=[new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "gc.ipynb")
    outcome = run.execute(tmp_path / "gc.ipynb", tmp_path / "out.ipynb", {})
    assert outcome.ok, outcome.error
    cell = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[0]
    threshold, inputs, names = ast.literal_eval(cell.outputs[0]["text"])
    assert threshold == (10_000, 20, 20)
    assert (cell.execution_count, inputs) == (1, 2), (
        "the setting is no cell of the run and not in its history"
    )
    assert set(names) <= {"In", "Out", "exit", "quit", "get_ipython", "open", "gc"}, (
        "and it leaves no name behind"
    )


def test_a_run_keeps_its_history_in_the_kernel_not_in_the_users_history_file(tmp_path: Path) -> None:
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(
        cells=[new_code_cell("x = 1"), new_code_cell("print(get_ipython().history_manager.hist_file, _i)")]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "history.ipynb")
    outcome = run.execute(tmp_path / "history.ipynb", tmp_path / "out.ipynb", {})
    assert outcome.ok, outcome.error
    printed = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[1].outputs[0]["text"]
    assert printed == ":memory: x = 1\n", "the input history a lesson's parameter check reads is still kept"


def test_a_lesson_kernel_and_scomm_run_pack_messages_with_orjson(tmp_path: Path) -> None:
    # Every widget a lesson opens is a message: with orjson installed (a dependency), jupyter_client
    # packs and unpacks them with it on both sides instead of the json module.
    from jupyter_client.session import Session
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("s = get_ipython().kernel.session\nprint(s.packer, s.unpacker)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "packer.ipynb")
    outcome = run.execute(tmp_path / "packer.ipynb", tmp_path / "out.ipynb", {})
    assert outcome.ok, outcome.error
    assert (
        nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[0].outputs[0]["text"] == "orjson orjson\n"
    )
    assert (Session().packer, Session().unpacker) == ("orjson", "orjson")


def test_outputs_are_checked_against_the_schema_once_when_the_notebook_is_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """nbformat's per-output check is off only while notebooks run; the finished notebook is checked
    whole, so an output the schema refuses is still named in the outcome, never passed as a success."""
    from nbformat.v4 import nbbase, new_code_cell, new_notebook, new_output

    per_output = []
    check = nbbase.validate
    monkeypatch.setattr(nbbase, "validate", lambda node, ref=None: per_output.append(ref) or check(node, ref))
    bad = "from IPython.display import display\ndisplay({'text/plain': 5}, raw=True)"
    for name, source in (("good.ipynb", "print('fine'); 1"), ("bad.ipynb", bad)):
        nb = new_notebook(cells=[new_code_cell(source), new_code_cell("2")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / name)
    per_output.clear()
    good = run.execute(tmp_path / "good.ipynb", tmp_path / "good-out.ipynb", {})
    assert good.ok, good.error
    assert "stream" not in per_output and "execute_result" not in per_output, "no output checked one by one"
    bad_run = run.execute(tmp_path / "bad.ipynb", tmp_path / "bad-out.ipynb", {})
    assert bad_run.error == (
        "the finished notebook breaks the notebook schema: 5 is not valid under any of the given schemas"
    )
    # the switch is turned back when the run ends: nbformat checks each new output again
    with pytest.raises(nbformat.ValidationError):
        new_output("display_data", data={"text/plain": 5})
    # the dates read with the standard library are papermill's and nbclient's as before
    done = nbformat.read(tmp_path / "good-out.ipynb", as_version=4)
    for cell in done.cells:
        timing = cell.metadata.papermill
        assert 0 <= timing["duration"] < 60 and timing["start_time"] <= timing["end_time"]
        assert cell.metadata.execution["iopub.status.busy"] <= cell.metadata.execution["shell.execute_reply"]


def test_the_switches_are_on_only_while_runs_go_and_off_when_the_last_of_several_ends() -> None:
    """Each replaces a name the library has (an upgrade that renames one fails here, not silently)."""
    import dateutil
    import jupyter_client.jsonutil
    import papermill.engines
    from nbformat.v4 import nbbase

    from scomm.notebooks import lighter

    names = [
        (nbbase, "validate"),
        (jupyter_client.jsonutil, "_dateutil_parse"),
        (papermill.engines, "dateutil"),
    ]
    before = [getattr(module, name) for module, name in names]
    assert papermill.engines.dateutil is dateutil
    stamp = "2026-12-01T03:20:27.123456Z"
    expected = jupyter_client.jsonutil.parse_date(stamp)
    with lighter.while_running():
        with lighter.while_running():  # a second notebook, on another thread of `scomm run`
            assert all(getattr(m, n) is not b for (m, n), b in zip(names, before, strict=True))
            assert jupyter_client.jsonutil.parse_date(stamp) == expected
            assert papermill.engines.dateutil.parser.parse(stamp) == expected
        assert nbbase.validate is not before[0], "one run still going: still on"
    assert [getattr(module, name) for module, name in names] == before
