"""`make lab` opens working copies: tracked lessons never change, a student's edits are never lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from lab_servers import free_port
from scomm.cli import main as cli
from scomm.cli.lab import lab_command, write_offline_config
from scomm.course.layout import NOTEBOOK_DIR, ROOT, WIDGET_WAITING
from scomm.notebooks import workcopy


def _lesson(folder: Path, text: str, name: str = "01_x.ipynb") -> Path:
    cell = new_code_cell("scomm.exercise(p, 'l1-ident')")
    cell.outputs = [
        new_output(
            "display_data",
            data={workcopy.WIDGET: {"model_id": "abc"}, "text/plain": "VBox(children=(...))"},
        ),
        new_output("stream", name="stdout", text=text),
    ]
    folder.mkdir(exist_ok=True)
    nbformat.write(new_notebook(cells=[cell]), folder / name)
    return folder / name


def test_a_copy_follows_its_lesson_until_the_student_edits_it(tmp_path: Path) -> None:
    lessons, work = tmp_path / "notebooks", tmp_path / "work"
    lesson = _lesson(lessons, "one")
    tracked = lesson.read_bytes()
    (made,) = workcopy.refresh([lesson], work)
    assert made.action == "made" and made.path == work / lesson.name
    copied = nbformat.read(made.path, as_version=4)
    data = copied.cells[0].outputs[0]["data"]
    assert data == {"text/plain": WIDGET_WAITING}, "no widget to fail to draw, no repr: the sentence"
    assert lesson.read_bytes() == tracked, "the tracked lesson is never written"

    assert [c.action for c in workcopy.refresh([lesson], work)] == ["kept"]
    _lesson(lessons, "two")
    (updated,) = workcopy.refresh([lesson], work)
    assert updated.action == "updated" and "two" in updated.path.read_text()

    edited = nbformat.read(updated.path, as_version=4)
    edited.cells.append(new_code_cell("my own work"))
    nbformat.write(edited, updated.path)
    _lesson(lessons, "three")
    (beside,) = workcopy.refresh([lesson], work)
    assert beside.action == "beside" and beside.path == work / "01_x.new.ipynb"
    assert "my own work" in (work / lesson.name).read_text(), "the student's copy is kept"
    assert "three" in beside.path.read_text()
    said = workcopy.summary([beside])
    assert "your copy is kept" in said and "01_x.new.ipynb" in said


def test_a_stored_placeholder_is_kept_as_the_lesson_wrote_it() -> None:
    nb = {
        "cells": [{"outputs": [{"data": {workcopy.WIDGET: {}, "text/plain": "A", "text/html": "<p>A</p>"}}]}]
    }
    assert json.loads(workcopy.without_widgets(json.dumps(nb)))["cells"][0]["outputs"][0]["data"] == {
        "text/plain": "A",
        "text/html": "<p>A</p>",
    }


def test_scomm_lab_serves_the_kit_folder_and_opens_a_trusted_copy(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from nbformat.sign import NotebookNotary

    monkeypatch.setenv("JUPYTERLAB_DIR", str(tmp_path / "lab"))  # where this JupyterLab reads defaults

    before = {p.name: p.read_bytes() for p in workcopy.lessons()}
    assert cli.main(["lab", "--work", str(tmp_path), "--prepare-only"]) == 2
    assert "outside the kit's folder" in capsys.readouterr().err
    work = ROOT / "build" / f"test-lab-{tmp_path.name}"  # build/ is ignored by git, as my-lessons/ is
    assert cli.main(["lab", "--work", str(work), "--prepare-only"]) == 0
    out = capsys.readouterr().out
    assert f"--ServerApp.root_dir={ROOT}" in out
    first = workcopy.lessons()[0].name
    assert f"Made your working copy {first}" in out and "responses/" in out
    assert sorted(p.name for p in work.glob("*.ipynb")) == sorted(before)
    assert NotebookNotary().check_signature(nbformat.read(work / first, as_version=4))
    assert {p.name: p.read_bytes() for p in workcopy.lessons()} == before
    assert workcopy.lessons() and workcopy.lessons()[0].parent == NOTEBOOK_DIR
    shutil.rmtree(work)
    assert f"{first.removesuffix('.ipynb')}" in out.splitlines()[-1]  # the command opens the first lesson
    # Every cell laid out: JupyterLab reads the kit's defaults from its settings folder.
    defaults = json.loads((tmp_path / "lab" / "settings" / "overrides.d" / "scomm-kit.json").read_text())
    assert defaults["@jupyterlab/notebook-extension:tracker"] == {"windowingMode": "none"}


def test_scomm_lab_still_starts_where_its_layout_default_cannot_be_written(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # A read-only installation (a file where JupyterLab's folder should be stands in: root may write anywhere).
    (tmp_path / "installed").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("JUPYTERLAB_DIR", str(tmp_path / "installed" / "lab"))
    work = ROOT / "build" / f"test-lab-{tmp_path.name}"
    try:
        assert cli.main(["lab", "--work", str(work), "--prepare-only"]) == 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = capsys.readouterr().out
    assert "layout default for the lessons was not written" in out
    assert f"--ServerApp.root_dir={ROOT}" in out.splitlines()[-1]


def test_scomm_lab_asks_nothing_of_the_network() -> None:
    from jupyterlab.handlers.announcements import NeverCheckForUpdate
    from jupyterlab.labapp import LabApp

    command = lab_command(ROOT / "my-lessons" / "01_program_mechanics.ipynb", allow_root=False)
    served = LabApp()
    served.parse_command_line(command[2:])  # JupyterLab's own reading of the command
    assert served.news_url is None, "no news feed fetched"
    assert served.check_for_updates_class is NeverCheckForUpdate, "PyPI is not asked for a newer JupyterLab"
    assert served.extension_manager == "readonly", "the extension manager searches nothing"
    assert served.config.LabApp.check_for_updates_class, "set by the command, not a default"


def test_an_image_set_up_like_binder_serves_a_jupyterlab_that_asks_nothing_of_the_network(
    tmp_path: Path,
) -> None:

    config = tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    config.parent.mkdir(parents=True)
    config.write_text('{"ServerApp": {"port": 8999}}', encoding="utf-8")  # an admin's own setting
    assert write_offline_config(tmp_path) == config
    assert json.loads(config.read_text())["ServerApp"] == {"port": 8999}, "the admin's settings are kept"
    # A real JupyterLab started over that prefix reads the file: its start-up log names the manager.
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(config.parent)}
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            f"--port={free_port()}",
            "--allow-root",
            f"--ServerApp.root_dir={tmp_path}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen = ""
        for line in server.stderr:
            seen += line
            if "Extension Manager is" in line:
                break
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Extension Manager is 'readonly'" in seen, seen[-2000:]
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "write_offline_config(Path(sys.prefix))" in post_build
    assert "write_lab_settings()" in post_build


def test_the_hub_test_sets_up_its_image_with_the_lines_the_deployment_guide_gives(tmp_path: Path) -> None:
    """tests/test_hub.py runs these before its hub starts (realhub.harness.prepare_image), read from
    the guide itself, so the hub test checks the set-up the guide documents."""
    from realhub import harness

    lines = harness.image_commands()
    assert len(lines) == 2 and all(line.startswith("python -c ") for line in lines)
    assert "write_offline_config(Path(sys.prefix))" in lines[0] and "write_lab_settings()" in lines[1]
    moved = tmp_path / "deployment.md"
    moved.write_text("# A guide that no longer says it\n", encoding="utf-8")
    with pytest.raises(harness.HubError, match="no longer says"):
        harness.image_commands(moved)
