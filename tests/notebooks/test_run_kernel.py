"""The kernel a lesson runs in: its garbage collection, history, message packing and schema check, switched
on only while runs go."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from scomm.notebooks import run


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
