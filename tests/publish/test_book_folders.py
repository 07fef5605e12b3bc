"""The course site's day and folder: the day it is cut to, the closing memo on either side of lesson 4, the
data it copies, and someone else's files left alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from scomm.cli import main as cli
from scomm.course import layout, timeline
from scomm.course.layout import ROOT
from scomm.course.params import last_day, validate
from scomm.exercises import opening
from scomm.publish.book import dated, pages, practice


@pytest.mark.parametrize("day", ["2009-06-01", "2014-11-19"])
def test_a_site_day_before_lesson_4s_first_shows_the_closing_memo_as_not_open(day: str) -> None:
    """The closing assessment sets lesson 4's memo; a site whose lessons all stop before lesson 4
    can be set is told the question opens later, as a lesson says it, instead of failing the build."""
    first = layout.lesson(4).earliest.isoformat()
    assert day < first
    note = dated.waiting_on(pd.Timestamp(day))("04_pep_transition", "l4-memo")
    said = timeline.when(pd.Timestamp(day), "day")
    assert note is not None and note.startswith(f"This question rests on records made public after {said};")
    assert "Instructor" not in note and first not in note
    plans = pages.plan_pages(ROOT / "lessons", student=True, waiting=dated.waiting_on(pd.Timestamp(day)))
    assert plans["closing_assessment"].splitlines()[2] == note


def test_on_and_after_lesson_4s_days_the_memo_waits_as_the_lesson_decides() -> None:
    last = pd.Timestamp(last_day())
    assert dated.waiting_on(last)("04_pep_transition", "l4-memo") is None
    early = dated.waiting_on(pd.Timestamp("2014-11-20"))("04_pep_transition", "l4-memo")
    assert early == opening.closed(validate("04_pep_transition", as_of="2014-11-20"), "l4-memo")
    assert dated.waiting_on(last + pd.Timedelta(days=400))("04_pep_transition", "l4-memo") is None


def test_copy_data_copies_the_notes_it_is_given_whole(tmp_path: Path) -> None:
    day = pd.Timestamp("2010-01-01")
    dated.copy_data(layout.DATA_DIR, tmp_path / "teacher", day=day, notes=pages.DATA_NOTES)
    dated.copy_data(layout.DATA_DIR, tmp_path / "student", day=day)
    for name in pages.DATA_NOTES:
        assert (tmp_path / "teacher" / name).read_bytes() == (layout.DATA_DIR / name).read_bytes()
        assert not (tmp_path / "student" / name).exists()


THEIRS = {
    "notes.txt": "my notes\n",
    "data/grades-2024.csv": "student,grade\nana,A\n",
    "lessons/week1.md": "# Week 1\n",
    "lessons/01_program_mechanics/handout.md": "# Handout\n",
    "plans/term.txt": "the term's plan\n",
}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _plant(root: Path, files: dict[str, str]) -> dict[str, bytes]:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return _files(root)


@pytest.mark.slow
def test_the_site_over_someone_elses_folder_leaves_every_file_of_theirs(tmp_path: Path) -> None:
    theirs = _plant(tmp_path, THEIRS)
    assert cli.main(["build", "--site", "--out", str(tmp_path)]) == 0
    after = _files(tmp_path)
    assert {rel: after.get(rel) for rel in theirs} == theirs
    assert (tmp_path / "index.html").is_file() and (tmp_path / pages.DOWNLOADS / "events.csv").is_file()
    # again: every file is the site's own now, and still nothing of theirs is touched
    assert cli.main(["build", "--site", "--out", str(tmp_path)]) == 0
    assert {rel: _files(tmp_path).get(rel) for rel in theirs} == theirs


@pytest.mark.slow
def test_a_file_of_theirs_where_the_site_would_write_stops_it_before_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = _plant(tmp_path, {**THEIRS, "index.html": "<p>my own course page</p>"})
    assert cli.main(["build", "--site", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"scomm build --site: {tmp_path / 'index.html'} was not written by scomm; move it away, "
        "choose another --out, or pass --force to replace it.\n"
    )
    assert _files(tmp_path) == theirs, "nothing is written, nothing deleted"
    assert cli.main(["build", "--site", "--out", str(tmp_path), "--force"]) == 0
    after = _files(tmp_path)
    assert after["index.html"] != theirs["index.html"]
    assert {rel: after[rel] for rel in THEIRS} == {rel: theirs[rel] for rel in THEIRS}


@pytest.mark.slow
def test_the_site_with_out_dot_inside_a_copy_of_the_checkout_deletes_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    ignore = shutil.ignore_patterns(".venv", "build", ".git", "__pycache__", "*.egg-info", ".*_cache")
    shutil.copytree(ROOT, checkout, ignore=ignore)
    before = _files(checkout)
    monkeypatch.chdir(checkout)
    assert cli.main(["build", "--site", "--out", "."]) == 0
    after = _files(checkout)
    assert {rel: after.get(rel) for rel in before} == before
    assert (checkout / "index.html").is_file() and (checkout / "search.html").is_file()


def test_the_site_day_is_the_latest_as_of_a_lesson_ran_with(tmp_path: Path) -> None:
    import nbformat

    def lesson(name: str, defaults: str, injected: str | None) -> Path:
        cells = [nbformat.v4.new_code_cell(defaults, metadata={"tags": [layout.PARAMETERS_TAG]})]
        if injected is not None:
            cells.append(nbformat.v4.new_code_cell(injected, metadata={"tags": [layout.INJECTED_TAG]}))
        path = tmp_path / name
        nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
        return path

    first = lesson("a.ipynb", 'as_of = "2011-03-31"\nrole = "student"', None)
    second = lesson("b.ipynb", 'as_of = "2011-03-31"', '# Parameters\nas_of = "2014-06-01"\n')
    broken = lesson("c.ipynb", "as_of = (", None)
    assert dated.as_of_of(first).date().isoformat() == "2011-03-31"
    assert dated.as_of_of(second).date().isoformat() == "2014-06-01"  # what papermill injected wins
    assert dated.as_of_of(broken) is None
    assert dated.site_day([first, second, broken]).date().isoformat() == "2014-06-01"
    assert dated.site_day([broken]) is None


def test_an_exercise_not_yet_open_on_the_pages_day_stays_a_note_on_the_site() -> None:
    from scomm.course.params import validate

    early = practice.replacers("04_pep_transition", p=validate("04_pep_transition", as_of="2014-12-01"))[0]
    later = practice.replacers("04_pep_transition", p=validate("04_pep_transition", as_of="2016-03-01"))[0]
    marks = {layout.EXERCISE: "l4-compare"}
    assert "opens when the lesson is set on a later date" in early(marks)
    assert "opens when the lesson is set on a later date" not in later(marks)
