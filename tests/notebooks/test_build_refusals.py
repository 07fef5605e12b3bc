"""What a build refuses, and says: a key about to leak, an unreadable or missing notebook, a file it did
not write in the way, and a failed lesson build, each with what to run."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell
from test_builds import LESSON, _notebook, _scomm, _tagged, _text, fixture_notebook

from scomm.cli import build as cli_build
from scomm.cli import main as cli
from scomm.course import layout
from scomm.notebooks import build as notebook_build
from scomm.notebooks import run


@pytest.mark.slow
def test_a_student_build_that_would_leak_a_key_is_not_written(tmp_path: Path) -> None:
    leaky = _notebook(
        _tagged('role = "student"', "parameters"),
        new_code_cell(
            f"import tomllib\nprint(tomllib.load(open({str(layout.KEYS_DIR / (LESSON + '.toml'))!r}, 'rb'))"
            "['l1-growth']['explanation'])"
        ),
    )
    nbformat.write(leaky, tmp_path / "leaky.ipynb")
    (outcome,) = notebook_build.build(
        [tmp_path / "leaky.ipynb"], out=tmp_path / "build", variants=["student"], progress=False
    )
    assert not outcome.ok and "instructor text leaked" in outcome.error
    assert list((tmp_path / "build" / "student").iterdir()) == [], "not even a temporary copy is left"


def test_an_unreadable_notebook_is_reported_without_stopping_the_build(tmp_path: Path) -> None:
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    (outcome,) = notebook_build.build(
        [tmp_path / "broken.ipynb"], out=tmp_path / "build", variants=["student"], progress=False
    )
    assert not outcome.ok and outcome.notebook.name == "broken.ipynb"


def test_build_refuses_a_missing_notebook() -> None:
    code, _, err = _scomm("build", "notebooks/99_nothing.ipynb", "--out", "unused")
    assert code == 2 and "scomm build: no notebook at notebooks/99_nothing.ipynb" in err


def test_build_refuses_before_running_when_a_file_it_did_not_write_is_in_the_way(tmp_path: Path) -> None:
    nbformat.write(fixture_notebook(), tmp_path / "lesson.ipynb")
    theirs = tmp_path / "build" / "student" / "lesson.ipynb"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("an instructor's own notebook", encoding="utf-8")
    code, _, err = _scomm("build", str(tmp_path / "lesson.ipynb"), "--out", str(tmp_path / "build"))
    assert code == 2
    assert err.strip() == (
        f"scomm build: {theirs} was not written by scomm; move it away, choose another --out, "
        "or pass --force to replace it."
    )
    assert theirs.read_text(encoding="utf-8") == "an instructor's own notebook"
    assert not (tmp_path / "build" / "instructor").exists(), "nothing ran"


@pytest.mark.slow
def test_rebuilding_replaces_the_kits_own_build_and_force_replaces_only_whats_in_the_way(
    tmp_path: Path,
) -> None:
    nbformat.write(fixture_notebook(), tmp_path / "lesson.ipynb")
    out = tmp_path / "build"
    (out / "student").mkdir(parents=True)
    (out / "student" / "lesson.ipynb").write_text("theirs", encoding="utf-8")
    (out / "student" / "notes.md").write_text("also theirs", encoding="utf-8")
    (outcome,) = notebook_build.build(
        [tmp_path / "lesson.ipynb"], out=out, variants=["student"], progress=False, force=True
    )
    assert outcome.ok, outcome.error
    assert "role=student" in _text(out / "student" / "lesson.ipynb")
    (outcome,) = notebook_build.build(
        [tmp_path / "lesson.ipynb"], out=out, variants=["student"], progress=False
    )
    assert outcome.ok, outcome.error
    assert (out / "student" / "notes.md").read_text(encoding="utf-8") == "also theirs"
    assert sorted(p.name for p in (out / "student").iterdir()) == ["lesson.ipynb", "notes.md"], (
        "no temporary file"
    )


def test_the_scomm_command_offers_build_and_release() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["build"]).func is cli_build.cmd_build
    assert parser.parse_args(["release", "--roster", "r.csv"]).func is cli_build.cmd_release


def test_a_failed_lesson_build_stops_what_needed_it_and_says_what_to_run(tmp_path: Path, monkeypatch) -> None:
    def failing_build(notebooks, *, out, progress):
        return [run.Outcome(Path(n), out / "student" / Path(n).name, 0.1, "NameError: x") for n in notebooks]

    monkeypatch.setattr(notebook_build, "build", failing_build)
    with pytest.raises(RuntimeError, match=r"NameError: x.*run `scomm build`"):
        notebook_build.ensure_builds(tmp_path / "no-builds")
