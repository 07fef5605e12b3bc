"""Per-student release: each roster row gets the student build with its own parameters; bad rows are named
and skipped, and a notebook a student worked in is never overwritten."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell
from test_builds import (
    FIXTURE_NOTE,
    LESSON,
    _injected,
    _notebook,
    _roster,
    _scomm,
    _tagged,
    _text,
    fixture_notebook,
)

from scomm.course import layout, params
from scomm.notebooks import fresh, release, steps


@pytest.fixture
def student_build(tmp_path: Path) -> Path:
    """A build folder whose student copy of lesson 1 is the (unexecuted) fixture lesson."""
    return _student_build(tmp_path / "build", steps.apply(steps.STUDENT_STEPS, fixture_notebook()))


def _student_build(folder: Path, nb: nbformat.NotebookNode) -> Path:
    """A build as `scomm build` leaves it: stamped as made from today's lesson 1, so release keeps it."""
    fresh.stamp(nb, fresh.inputs(layout.NOTEBOOK_DIR / f"{LESSON}.ipynb", instructor=False))
    (folder / "student").mkdir(parents=True)
    nbformat.write(nb, folder / "student" / f"{LESSON}.ipynb")
    return folder


MIXED = [
    ["ada", "Ada", "7"],  # row 2
    ["bo", "Bo", ""],  # row 3: seed derived from the id
    ["../evil", "Evil", "1"],  # row 4
    ["a b", "Space", ""],  # row 5
    ["ada", "Ada again", "3"],  # row 6
    ["cy", "Cy", "seven"],  # row 7
    ["di", "Di", "-1"],  # row 8
    ["", "Nobody", ""],  # row 9
]


def _release(tmp_path: Path, build: Path, roster: Path, out: str = "release") -> tuple[int, str, str]:
    return _scomm(
        "release",
        "--roster",
        str(roster),
        "--lesson",
        "1",
        "--build",
        str(build),
        "--out",
        str(tmp_path / out),
    )


def test_release_personalises_good_rows_and_reports_bad_ones(tmp_path: Path, student_build: Path) -> None:
    code, out, err = _release(tmp_path, student_build, _roster(tmp_path / "roster.csv", MIXED))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "release").iterdir() if p.is_dir()) == ["ada", "bo"]
    assert _injected(tmp_path / "release" / "ada" / f"{LESSON}.ipynb") == {"student_id": "ada", "seed": 7}
    assert _injected(tmp_path / "release" / "bo" / f"{LESSON}.ipynb") == {
        "student_id": "bo",
        "seed": params.default_seed("bo"),
    }
    assert "to 2 student(s)" in out and "Skipped 6 roster row(s)" in out
    for row, reason in [
        (4, "'../evil' cannot name a student's files"),
        (5, "'a b' cannot name a student's files"),
        (6, "student_id 'ada' is already on row 2"),
        (7, "seed 'seven' is not a whole number"),
        (8, "-1 is not a usable seed"),
        (9, "student_id is empty"),
    ]:
        assert f"roster.csv, row {row}: " in out and reason in out, reason
    assert f"{tmp_path / 'release'}/<student_id>/<lesson>.ipynb" in out


def test_a_released_notebook_is_the_student_build_with_one_injected_cell(tmp_path, student_build) -> None:
    _release(tmp_path, student_build, _roster(tmp_path / "roster.csv", [["ada", "", "7"]]))
    base = nbformat.read(student_build / "student" / f"{LESSON}.ipynb", as_version=4)
    mine = nbformat.read(tmp_path / "release" / "ada" / f"{LESSON}.ipynb", as_version=4)
    assert [c.source for c in mine.cells if "injected-parameters" not in c.metadata.get("tags", [])] == [
        c.source for c in base.cells
    ]
    assert mine.cells[2].metadata["tags"] == ["injected-parameters"], "right after the parameters cell"


def test_releasing_twice_writes_the_same_bytes(tmp_path: Path, student_build: Path) -> None:
    roster = _roster(tmp_path / "roster.csv", MIXED)
    _release(tmp_path, student_build, roster, out="release")
    first = {p: p.read_bytes() for p in (tmp_path / "release").rglob("*.ipynb")}
    assert _release(tmp_path, student_build, roster, out="release")[0] == 0
    assert {p: p.read_bytes() for p in (tmp_path / "release").rglob("*.ipynb")} == first


def test_release_exit_codes_and_messages(tmp_path: Path, student_build: Path) -> None:
    code, _, err = _release(tmp_path, student_build, tmp_path / "absent.csv")
    assert code == 2 and f"no roster at {tmp_path / 'absent.csv'}" in err
    code, _, err = _release(tmp_path, student_build, _roster(tmp_path / "ids.csv", [["ada"]], header=("id",)))
    assert code == 2 and "has no student_id column (its first line names: id)" in err
    code, out, err = _release(tmp_path, student_build, _roster(tmp_path / "bad.csv", [["../x", "", ""]]))
    assert code == 1 and "bad.csv, row 2: " in out and "no student released" in err
    assert not (tmp_path / "release").exists()
    code, _, err = _scomm("release", "--roster", str(tmp_path / "bad.csv"), "--lesson", "9")
    assert code == 2 and "unknown lesson 9" in err


def test_release_accepts_the_lesson_by_name(tmp_path: Path, student_build: Path) -> None:
    roster = _roster(tmp_path / "roster.csv", [["ada", "", ""]])
    code, _, _ = _scomm(
        "release",
        "--roster",
        str(roster),
        "--lesson",
        LESSON,
        "--build",
        str(student_build),
        "--out",
        str(tmp_path / "r"),
    )
    assert code == 0 and (tmp_path / "r" / "ada" / f"{LESSON}.ipynb").is_file()


def test_release_refuses_a_lesson_without_a_student_id_parameter(tmp_path: Path) -> None:
    build = _student_build(tmp_path / "build", _notebook(_tagged('role = "student"', "parameters")))
    code, _, err = _release(tmp_path, build, _roster(tmp_path / "roster.csv", [["ada", "", ""]]))
    assert code == 2 and "declares no student_id parameter" in err


@pytest.mark.slow
def test_release_builds_the_student_copy_first_when_it_is_missing(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    nbformat.write(fixture_notebook(), tmp_path / "sources" / f"{LESSON}.ipynb")
    students, _ = release.read_roster(_roster(tmp_path / "roster.csv", [["ada", "", "5"]]))
    (path,) = release.release(
        students,
        [LESSON],
        build_dir=tmp_path / "build",
        out=tmp_path / "r",
        sources=tmp_path / "sources",
        progress=False,
    ).paths
    assert (tmp_path / "build" / "student" / f"{LESSON}.ipynb").is_file()
    assert _injected(path) == {"student_id": "ada", "seed": 5}
    assert FIXTURE_NOTE not in _text(path)
    student = nbformat.read(tmp_path / "build" / "student" / f"{LESSON}.ipynb", as_version=4)
    mine = nbformat.read(path, as_version=4)
    assert [c.source for c in mine.cells if "injected-parameters" not in c.metadata.get("tags", [])] == [
        c.source for c in student.cells
    ]


def test_a_rerelease_keeps_a_notebook_a_student_worked_in_and_writes_the_new_one_beside_it(
    tmp_path: Path, student_build: Path
) -> None:
    _release(tmp_path, student_build, _roster(tmp_path / "roster.csv", [["ada", "", "7"], ["bo", "", "8"]]))
    ada = tmp_path / "release" / "ada" / f"{LESSON}.ipynb"
    bo = tmp_path / "release" / "bo" / f"{LESSON}.ipynb"
    worked = nbformat.read(ada, as_version=4)
    worked.cells.append(new_markdown_cell("My answer: the prints went to the FBI first."))
    nbformat.write(worked, ada)
    theirs, bo_before = ada.read_bytes(), (bo.read_bytes(), bo.stat().st_mtime_ns)
    late = _roster(tmp_path / "roster2.csv", [["ada", "", "7"], ["bo", "", "8"], ["cy", "Late joiner", "9"]])
    code, out, err = _release(tmp_path, student_build, late)
    assert code == 0, err
    assert ada.read_bytes() == theirs, "the student's work is kept as it is"
    beside = ada.with_name(f"{LESSON}.new.ipynb")
    assert _injected(beside) == {"student_id": "ada", "seed": 7}
    assert (bo.read_bytes(), bo.stat().st_mtime_ns) == bo_before, "an unchanged notebook is not rewritten"
    assert _injected(tmp_path / "release" / "cy" / f"{LESSON}.ipynb") == {"student_id": "cy", "seed": 9}
    assert "Kept 1 notebook(s) that differ from what was released" in out
    assert f"{ada}: the new version is {LESSON}.new.ipynb" in out
    # once more: the new version beside it is the kit's own and may be replaced; the student's is not
    assert _release(tmp_path, student_build, late)[0] == 0
    assert ada.read_bytes() == theirs and beside.is_file()


def test_when_the_new_version_beside_was_changed_too_nothing_is_written_and_the_summary_says_so(
    tmp_path: Path, student_build: Path
) -> None:
    roster = _roster(tmp_path / "roster.csv", [["ada", "", "7"]])
    _release(tmp_path, student_build, roster)
    ada = tmp_path / "release" / "ada" / f"{LESSON}.ipynb"
    beside = ada.with_name(f"{LESSON}.new.ipynb")
    ada.write_text(ada.read_text(encoding="utf-8") + " ", encoding="utf-8")
    _release(tmp_path, student_build, roster)
    beside.write_text(beside.read_text(encoding="utf-8") + "  ", encoding="utf-8")
    kept = ada.read_bytes(), beside.read_bytes()
    code, out, _ = _release(tmp_path, student_build, roster)
    assert code == 0 and (ada.read_bytes(), beside.read_bytes()) == kept
    assert f"{ada}: kept, and {beside.name} beside it was changed too, so nothing was written" in out


def test_a_notebook_released_before_manifests_is_never_overwritten(
    tmp_path: Path, student_build: Path
) -> None:
    mine = tmp_path / "release" / "ada" / f"{LESSON}.ipynb"
    mine.parent.mkdir(parents=True)
    mine.write_text('{"a student\'s notebook": true}', encoding="utf-8")
    code, out, _ = _release(tmp_path, student_build, _roster(tmp_path / "roster.csv", [["ada", "", "7"]]))
    assert code == 0 and mine.read_text(encoding="utf-8") == '{"a student\'s notebook": true}'
    assert mine.with_name(f"{LESSON}.new.ipynb").is_file() and "Kept 1 notebook(s)" in out


def _roster_bytes(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("student_id,name,seed\r\nana,Ana Núñez,7\r\njose,José Álvarez,\r\n", "cp1252"),
        ("student_id;name;seed\r\nana;Ana Núñez;7\r\njose;José Álvarez;\r\n", "cp1252"),
        ("student_id\tname\tseed\nana\tAna Núñez\t7\njose\tJosé Álvarez\t\n", "utf-8"),
        ("\ufeffstudent_id,name,seed\r\nana,Ana Núñez,7\r\njose,José Álvarez,\r\n", "utf-8"),
    ],
    ids=["Excel on Windows (cp1252)", "semicolons, cp1252", "tabs", "CSV UTF-8 with BOM and CRLF"],
)
def test_a_roster_saved_by_a_spreadsheet_is_read_with_its_accented_names(
    tmp_path: Path, student_build: Path, text: str, encoding: str
) -> None:
    roster = _roster_bytes(tmp_path / "roster.csv", text, encoding)
    students, skipped = release.read_roster(roster)
    assert [(s.student_id, s.name, s.row) for s in students] == [
        ("ana", "Ana Núñez", 2),
        ("jose", "José Álvarez", 3),
    ]
    assert skipped == []
    code, out, err = _release(tmp_path, student_build, roster)
    assert code == 0 and "to 2 student(s)" in out, err
    assert _injected(tmp_path / "release" / "ana" / f"{LESSON}.ipynb") == {"student_id": "ana", "seed": 7}


def test_bad_roster_rows_are_named_and_skipped_and_everyone_else_released(
    tmp_path: Path, student_build: Path
) -> None:
    roster = _roster_bytes(
        tmp_path / "roster.csv",
        'student_id,name,seed\nana,Ana,1\nbo,"Bo,2\ncy,Cy,3\ndi,"Smith, Di",4\nel,El,5,extra\nfay\n',
        "utf-8",
    )
    code, out, _ = _release(tmp_path, student_build, roster)
    assert code == 0
    released = sorted(p.name for p in (tmp_path / "release").iterdir() if p.is_dir())
    assert released == ["ana", "cy", "di", "fay"], "a stray quote spoils only its own row"
    assert (
        "roster.csv, row 3: a stray double quote in column 'name': the cell opens a quote that this row "
        'never closes; remove the " or close it'
    ) in out
    assert "roster.csv, row 6: the row has 4 cells where the first line names 3" in out


def test_a_roster_in_an_encoding_nobody_can_tell_is_refused_with_the_reason(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes(b"student_id\n\x81\x8d\x8f\x90\x9d\x00\xff\n")
    code, _, err = _scomm("release", "--roster", str(roster), "--lesson", "1", "--out", str(tmp_path / "r"))
    assert code == 2
    assert err == f'scomm release: {roster} is in an encoding the kit cannot tell; save it as "CSV UTF-8"\n'


def test_a_roster_saved_as_unicode_text_by_excel_is_read(tmp_path: Path) -> None:
    roster = _roster_bytes(tmp_path / "roster.csv", "student_id\tname\r\nana\tAna Núñez\r\n", "utf-16")
    students, skipped = release.read_roster(roster)
    assert [(s.student_id, s.name) for s in students] == [("ana", "Ana Núñez")] and skipped == []


def _class_build(tmp_path: Path) -> Path:
    """The fixture lesson with a class's parameters in its parameters cell, as the real lessons have."""
    nb = fixture_notebook()
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    cell.source += '\nas_of = "2011-03-31"\nlevel = "undergraduate"'
    return _student_build(tmp_path / "class-build", steps.apply(steps.STUDENT_STEPS, nb))


def test_a_class_day_and_level_given_to_release_are_in_every_copy(tmp_path: Path) -> None:
    build = _class_build(tmp_path)
    roster = _roster(tmp_path / "roster.csv", [["ada", "", "7"], ["bo", "", ""]])
    code, _, err = _release(tmp_path, build, roster)
    assert code == 0, err
    code, _, err = _scomm(
        "release", "--roster", str(roster), "--lesson", "1", "--build", str(build),
        "--out", str(tmp_path / "class"), "-p", "as_of", "2012-06-01", "-p", "level", "high_school",
    )  # fmt: skip
    assert code == 0, err
    for student, seed in (("ada", 7), ("bo", params.default_seed("bo"))):
        assert _injected(tmp_path / "class" / student / f"{LESSON}.ipynb") == {
            "as_of": "2012-06-01",
            "level": "high_school",
            "student_id": student,
            "seed": seed,
        }


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            ("as_of", "2008-02-01"),
            "Parameter as_of: 2008-02-01 is outside the days lesson 01_program_mechanics",
        ),
        (("level", "HS"), "Parameter level: 'HS' is not a class level"),
        (("seed", "3"), "Parameter seed: comes from the roster, one per student"),
    ],
)
def test_a_bad_class_parameter_is_refused_by_name_before_anything_is_written(
    tmp_path: Path, given: tuple[str, str], said: str
) -> None:
    build = _class_build(tmp_path)
    roster = _roster(tmp_path / "roster.csv", [["ada", "", "7"]])
    code, _, err = _scomm(
        "release", "--roster", str(roster), "--lesson", "1", "--build", str(build),
        "--out", str(tmp_path / "class"), "-p", *given,
    )  # fmt: skip
    assert code == 2 and said in err, err
    assert not (tmp_path / "class").exists()
