"""Builds are never stale: `scomm build`, `build --site` and `release` remake what changed, and say so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from scomm.course import digests
from scomm.course.layout import BUILD_DIR, NOTEBOOK_DIR
from scomm.course.outputs import MANIFEST, OutputFolder
from scomm.notebooks import build, fresh, release

TODAY = {"notebook": "n1", "code": "c1", "data": "d1"}


def _nb(built_from: dict | None) -> nbformat.NotebookNode:
    nb = new_notebook()
    if built_from is not None:
        fresh.stamp(nb, built_from)
    return nb


@pytest.mark.parametrize(
    ("built_from", "why"),
    [
        (TODAY, ""),
        ({**TODAY, "notebook": "n0"}, "the lesson notebook changed"),
        ({**TODAY, "code": "c0", "data": "d0"}, "the kit's code and the data changed"),
        (
            {"notebook": "n0", "code": "c0", "data": "d0"},
            "the lesson notebook, the kit's code, the data changed",
        ),
        (None, "it was built before builds recorded their inputs"),
    ],
)
def test_stale_names_what_changed(built_from: dict | None, why: str) -> None:
    assert fresh.stale(_nb(built_from), TODAY) == why


def test_the_inputs_change_with_the_notebook_and_with_the_data(tmp_path: Path, monkeypatch) -> None:
    lesson = tmp_path / "lesson.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), lesson)
    before = fresh.inputs(lesson, instructor=True)
    assert set(before) == {"notebook", "code", "data", "keys"}
    assert set(fresh.inputs(lesson, instructor=False)) == {"notebook", "code", "data"}
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 2")]), lesson)
    assert fresh.inputs(lesson, instructor=True) == {
        **before,
        "notebook": fresh.inputs(lesson, instructor=True)["notebook"],
    }
    assert fresh.inputs(lesson, instructor=True)["notebook"] != before["notebook"]
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x\n1\n")
    first = digests.digest_files(data)
    (data / "a.csv").write_text("x\n2\n")
    assert digests.digest_files(data) != first


def test_why_rebuild_reads_the_build(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.ipynb"
    nbformat.write(new_notebook(), lesson)
    built = tmp_path / "student" / "lesson.ipynb"
    assert fresh.why_rebuild(built, lesson, instructor=False) == "there is no build yet"
    built.parent.mkdir()
    built.write_text("{not json")
    assert fresh.why_rebuild(built, lesson, instructor=False).startswith("the build could not be read")
    nbformat.write(_nb(fresh.inputs(lesson, instructor=False)), built)
    assert fresh.why_rebuild(built, lesson, instructor=False) == ""


def _lesson(folder: Path, text: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(f"print({text!r})")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "lesson.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_build_keeps_a_current_build_and_remakes_a_changed_one_saying_why(tmp_path: Path) -> None:
    out = tmp_path / "build"
    lesson = _lesson(tmp_path, "first")
    (made,) = build.build([lesson], out=out, variants=["student"], progress=False)
    assert made.ok and made.note == "there is no build yet"
    stamp = (out / "student" / "lesson.ipynb").stat().st_mtime_ns

    (kept,) = build.build([lesson], out=out, variants=["student"], progress=False)
    assert kept.ok and kept.note == build.KEPT
    assert (out / "student" / "lesson.ipynb").stat().st_mtime_ns == stamp, "a current build is not rewritten"
    summary = build.build_summary([kept], out, wall_seconds=0.1)
    assert "unchanged since the last build: kept" in summary and "0 built and 1 current" in summary

    _lesson(tmp_path, "second")
    (remade,) = build.build([lesson], out=out, variants=["student"], progress=False)
    assert remade.ok and remade.note == "the lesson notebook changed"
    assert "second" in (out / "student" / "lesson.ipynb").read_text()
    assert "(rebuilt: the lesson notebook changed)" in build.build_summary([remade], out, wall_seconds=1)

    (forced,) = build.build([lesson], out=out, variants=["student"], progress=False, rebuild=True)
    assert forced.note == "asked to rebuild"


@pytest.mark.slow
def test_release_rebuilds_a_stale_student_build_and_says_so(tmp_path: Path, capsys) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    lesson = _lesson(sources, "old text").rename(sources / "01_program_mechanics.ipynb")
    (made,) = build.build([lesson], out=tmp_path / "build", variants=["student"], progress=False)
    assert made.ok, made.error
    built = made.output
    nbformat.write(nbformat.read(_lesson(tmp_path, "new text"), as_version=4), lesson)  # the lesson changes

    assert release.release_source(lesson.stem, tmp_path / "build", sources) == built
    assert "first: the lesson notebook changed" in capsys.readouterr().err
    assert "new text" in built.read_text() and "old text" not in built.read_text()
    assert release.release_source(lesson.stem, tmp_path / "build", sources) == built
    assert capsys.readouterr().err == "", "a current build is used as it is"


@pytest.mark.slow
def test_a_site_build_remakes_only_the_lesson_build_whose_lesson_changed_and_says_why(tmp_path: Path) -> None:
    """``scomm build --site`` (and the site fixture) start from ``ensure_builds``: it says what it remade."""
    build.ensure_builds(BUILD_DIR, say=lambda _: None)  # current builds, as a site usually finds them
    builds = tmp_path / "build"
    for part in ("student", "instructor"):
        shutil.copytree(BUILD_DIR / part, builds / part)
    shutil.copy(BUILD_DIR / MANIFEST, builds / MANIFEST)
    name = "student/01_program_mechanics.ipynb"
    nb = json.loads((builds / name).read_text(encoding="utf-8"))
    nb["metadata"]["scomm"]["built_from"]["notebook"] = "0" * 64  # built from an earlier lesson
    OutputFolder(builds, by="build").commit({name: json.dumps(nb).encode()})

    said: list[str] = []
    build.ensure_builds(builds, say=said.append)
    assert said == [f"Rebuilt {name}: the lesson notebook changed."]
    remade = json.loads((builds / name).read_text(encoding="utf-8"))["metadata"]["scomm"]["built_from"]
    assert remade == fresh.inputs(NOTEBOOK_DIR / "01_program_mechanics.ipynb", instructor=False)
    build.ensure_builds(builds, say=said.append)
    assert len(said) == 1, "current builds are used as they are, without a word"
