"""Student and instructor builds, and per-student release: what students get, and what they never get."""

from __future__ import annotations

import ast
import contextlib
import copy
import csv
import html
import io
import json
import re
import tomllib
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scomm.cli import build as cli_build
from scomm.cli import main as cli
from scomm.course import layout, notes, params
from scomm.exercises import definitions as exercises
from scomm.notebooks import build as notebook_build
from scomm.notebooks import fresh, personal, release, run, steps

LESSON = "01_program_mechanics"
FIXTURE_NOTE = "FIXTURE NOTE: only instructors read this"
STEPS = sorted(
    {*steps.STUDENT_STEPS, *steps.INSTRUCTOR_STEPS, *steps.FINISHING_STEPS}, key=lambda s: s.__name__
)


def _notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _tagged(source: str, *tags: str) -> nbformat.NotebookNode:
    return new_code_cell(source, metadata={"tags": list(tags)})


def fixture_notebook() -> nbformat.NotebookNode:
    """A lesson in miniature: parameters, a stale injected cell, instructor cells, stored outputs."""
    shown = new_code_cell('print(f"role={role}")', execution_count=3)
    shown.outputs = [new_output("stream", name="stdout", text="role=instructor\n")]
    shown.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb = _notebook(
        new_markdown_cell("# A fixture lesson"),
        _tagged(
            'role = "student"  # "student" or "instructor"\nstudent_id = "demo-student"\nseed = None',
            "parameters",
        ),
        _tagged('# Parameters\nrole = "instructor"\n', "injected-parameters"),
        _tagged(f'print("{FIXTURE_NOTE}")', "instructor"),
        new_markdown_cell("Instructors: ask about the start dates.", metadata={"tags": ["instructor"]}),
        shown,
    )
    nb.metadata["papermill"] = {"input_path": "/somewhere/else.ipynb"}
    return nb


def _text(path: Path) -> str:
    """A file's text as stored, plus (for notebooks) every string in it decoded and HTML-unescaped."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".ipynb":
        return raw
    decoded = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            decoded.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            decoded.append("".join(v for v in node if isinstance(v, str)))
            for value in node:
                walk(value)

    walk(json.loads(raw))
    joined = "\n".join(decoded)
    return "\n".join([raw, joined, html.unescape(joined)])


def _injected(path: Path) -> dict[str, object]:
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path} has {len(cells)} injected-parameters cells"
    tree = ast.parse(cells[0].source)
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}


# -- each step on its own -----------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.__name__)
def test_every_step_is_safe_to_run_twice_and_leaves_its_input_alone(step) -> None:
    nb = fixture_notebook()
    before = copy.deepcopy(nb)
    once = step(nb)
    assert step(once) == once
    assert nb == before, f"{step.__name__} changed the notebook it was given"


def test_drop_instructor_cells_removes_code_and_markdown_for_instructors() -> None:
    sources = [c.source for c in steps.drop_instructor_cells(fixture_notebook()).cells]
    assert not any(FIXTURE_NOTE in s or "Instructors:" in s for s in sources)
    assert len(sources) == 4


def test_the_role_steps_set_the_parameters_default_and_keep_the_comment() -> None:
    student = steps.student_role(steps.instructor_role(fixture_notebook()))
    assert student.cells[1].source.splitlines()[0] == 'role = "student"  # "student" or "instructor"'
    instructor = steps.instructor_role(student)
    assert instructor.cells[1].source.startswith('role = "instructor"  #')
    assert instructor.cells[2].source == '# Parameters\nrole = "instructor"\n', "only the parameters cell"


def test_a_notebook_without_role_is_left_as_it_is() -> None:
    nb = _notebook(_tagged("focus = 'Cook County, IL'", "parameters"))
    assert steps.student_role(nb) == nb


def test_clear_outputs_and_drop_run_records_leave_no_trace_of_an_earlier_run() -> None:
    nb = steps.drop_run_records(steps.clear_outputs(steps.drop_injected_parameters(fixture_notebook())))
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert all("execution" not in c.metadata for c in nb.cells) and "papermill" not in nb.metadata
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_the_leak_guard_finds_a_key_explanation_in_an_output() -> None:
    explanation = tomllib.loads((layout.KEYS_DIR / f"{LESSON}.toml").read_text())["l1-growth"]["explanation"]
    cell = new_code_cell("print(key)")
    cell.outputs = [new_output("stream", name="stdout", text=explanation)]
    forbidden = notebook_build.secrets(layout.KEYS_DIR, notes.NOTES_DIR)
    assert notebook_build.leaks(_notebook(cell), forbidden) == [explanation[:60] + "…"]
    assert notebook_build.leaks(fixture_notebook(), forbidden) == []


def test_personalise_leaves_its_input_alone_and_is_safe_to_run_twice() -> None:
    nb = steps.apply(steps.STUDENT_STEPS, fixture_notebook())
    before = copy.deepcopy(nb)
    once = personal.personalise(nb, {"student_id": "ada", "seed": 7})
    assert personal.personalise(once, {"student_id": "ada", "seed": 7}) == once
    assert nb == before


# -- scomm build --------------------------------------------------------------------------------


def _scomm(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One `scomm build` of every lesson plus the fixture lesson, shared by this module's tests."""
    work = tmp_path_factory.mktemp("builds")
    sources = work / "sources"
    sources.mkdir()
    nbformat.write(fixture_notebook(), sources / "zz_fixture.ipynb")
    lessons = run.course_notebooks()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCOMM_RESPONSES", str(work / "responses"))  # kernels inherit it
        code, out, err = _scomm(
            "build", *map(str, lessons), str(sources / "zz_fixture.ipynb"), "--out", str(work / "build")
        )
    return {"out": work / "build", "code": code, "stdout": out, "stderr": err, "lessons": lessons}


@pytest.mark.slow
def test_build_writes_a_student_and_an_instructor_copy_of_every_lesson(built) -> None:
    from nbformat.sign import NotebookNotary

    assert built["code"] == 0, built["stdout"] + built["stderr"]
    notary = NotebookNotary()
    for lesson in [*built["lessons"], Path("zz_fixture.ipynb")]:
        for variant in ("student", "instructor"):
            assert (built["out"] / variant / lesson.name).is_file()
            assert f"{variant}/{lesson.name}" in built["stdout"]
            copy = nbformat.read(built["out"] / variant / lesson.name, as_version=4)
            assert notary.check_signature(copy), f"{variant}/{lesson.name} opens trusted: its charts show"
    assert "Student build:" in built["stdout"] and "Instructor build:" in built["stdout"]


@pytest.mark.slow
def test_the_student_copy_runs_as_student_without_instructor_cells(built) -> None:
    nb = nbformat.read(built["out"] / "student" / "zz_fixture.ipynb", as_version=4)
    text = _text(built["out"] / "student" / "zz_fixture.ipynb")
    assert "role=student" in text and "role=instructor" not in text
    assert FIXTURE_NOTE not in text and "Instructors: ask" not in text
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    assert "papermill" not in nb.metadata, "no build paths or timings recorded"


@pytest.mark.slow
def test_the_instructor_copy_keeps_everything_and_carries_the_keys(built) -> None:
    text = _text(built["out"] / "instructor" / "zz_fixture.ipynb")
    assert "role=instructor" in text and FIXTURE_NOTE in text and "Instructors: ask" in text
    for key in layout.KEYS_DIR.glob("*.toml"):
        assert (built["out"] / "instructor" / "keys" / key.name).read_bytes() == key.read_bytes()


@pytest.mark.slow
def test_the_instructor_copy_shows_the_teaching_notes(built) -> None:
    for lesson in built["lessons"]:
        text = _text(built["out"] / "instructor" / lesson.name)
        assert "Instructor note." in text
        shown = [note for note in notes.sections(lesson.stem).values() if note.split("\n\n")[0] in text]
        assert shown, f"no teaching note of {lesson.stem} in its instructor build"


def _public_strings() -> set[str]:
    """Every option or item a student sees by design (a correct option is not a leak by itself)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in exercises.SETS_DIR.glob("*.toml"):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("exercise", []):
            walk([entry.get(name) for name in ("options", "items", "categories", "questions")])
    return found


def _instructor_only_texts(built) -> list[str]:
    """What the student build must not contain: key texts, teaching notes, instructor cell sources."""
    public = _public_strings()
    texts: list[str] = []
    for path in layout.KEYS_DIR.glob("*.toml"):
        raw = path.read_text(encoding="utf-8")
        for entry in tomllib.loads(raw).values():
            texts.append(entry["explanation"])
            answers = entry.get("answer")
            answers = answers if isinstance(answers, list) else [answers]
            texts += [a for a in answers if isinstance(a, str) and len(a) >= 12 and a not in public]
        # numbers as the key file writes them, in context
        texts += re.findall(r"^(?:answer|tolerance) = -?[\d.]+$", raw, flags=re.MULTILINE)
    for path in notes.NOTES_DIR.glob("*.md"):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            lines = [line for line in paragraph.splitlines() if not line.startswith("#")]
            if len(" ".join(lines).strip()) >= 20:
                texts.append("\n".join(lines).strip())
    for lesson in [*built["lessons"], built["out"].parent / "sources" / "zz_fixture.ipynb"]:
        nb = nbformat.read(lesson, as_version=4)
        texts += [
            c.source for c in nb.cells if "instructor" in c.metadata.get("tags", []) and c.source.strip()
        ]
    return [*texts, "Instructor note."]


@pytest.mark.slow
def test_nothing_for_instructors_reaches_the_student_build(built) -> None:
    files = [p for p in (built["out"] / "student").rglob("*") if p.is_file()]
    assert files and all(p.suffix == ".ipynb" for p in files), "the student build holds notebooks only"
    assert not (built["out"] / "student" / "keys").exists()
    forbidden = _instructor_only_texts(built)
    assert len(forbidden) > 10
    for path in files:
        text = _text(path)
        found = [f[:70] for f in forbidden if f in text]
        assert not found, f"{path.name} contains instructor-only text: {found}"


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


# -- scomm release ------------------------------------------------------------------------------


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


def _roster(
    path: Path, rows: list[list[str]], header: tuple[str, ...] = ("student_id", "name", "seed")
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


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
    built = nbformat.read(tmp_path / "build" / "student" / f"{LESSON}.ipynb", as_version=4)
    mine = nbformat.read(path, as_version=4)
    assert [c.source for c in mine.cells if "injected-parameters" not in c.metadata.get("tags", [])] == [
        c.source for c in built.cells
    ]


@pytest.mark.slow
def test_the_real_lessons_release_from_their_student_build(built, tmp_path: Path) -> None:
    takes_id = [p.stem for p in built["lessons"] if "student_id" in run.declared_parameters(p)]
    if not takes_id:
        pytest.skip("no lesson declares student_id yet")
    students, _ = release.read_roster(_roster(tmp_path / "roster.csv", [["ada", "", ""], ["bo", "", "3"]]))
    paths = release.release(
        students, takes_id, build_dir=built["out"], out=tmp_path / "r", progress=False
    ).paths
    assert len(paths) == 2 * len(takes_id)
    for path in paths:
        assert _injected(path)["student_id"] == path.parent.name
        assert "Instructor note." not in _text(path)


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


@pytest.mark.slow
def test_a_released_copy_is_byte_for_byte_what_papermill_writes_for_that_student(built) -> None:
    base = steps.read(built["out"] / "student" / "01_program_mechanics.ipynb")
    lean = personal.without_outputs(base)
    for takes_seed in (True, False):
        template = personal.Template(lean, takes_seed)
        assert template.fast, "the stand-ins occur once each in the template"
        for student_id, seed in (("ada", 7), ("00123", 0), ("x.y_z-9", 4294967295), ("a" * 64, 31415)):
            values = {"student_id": student_id, **({"seed": seed} if takes_seed else {})}
            expected = nbformat.writes(personal.personalise(lean, values)).encode()
            assert template.copy_for(student_id, seed) == expected


@pytest.mark.slow
def test_a_released_copy_holds_no_outputs_only_a_note_to_run_each_cell(built, tmp_path) -> None:
    students, _ = release.read_roster(_roster(tmp_path / "roster.csv", [["ada", "", "7"]]))
    lesson = "01_program_mechanics"
    release.release(students, [lesson], build_dir=built["out"], out=tmp_path / "r", progress=False)
    mine = nbformat.read(tmp_path / "r" / "ada" / f"{lesson}.ipynb", as_version=4)
    base = nbformat.read(built["out"] / "student" / f"{lesson}.ipynb", as_version=4)
    shown = [c for c in base.cells if c.cell_type == "code" and c.outputs]
    notes = [c for c in mine.cells if c.cell_type == "code" and c.outputs]
    assert shown and len(notes) == len(shown)
    for cell in notes:
        assert [o["data"] for o in cell.outputs] == [{"text/markdown": personal.PLACEHOLDER}]
        assert cell.execution_count is None
    assert "widgets" not in mine.metadata


@pytest.mark.slow
def test_the_real_lesson_released_to_three_thousand_students_fits_in_a_hundred_megabytes(
    built, tmp_path
) -> None:
    students, _ = release.read_roster(_roster(tmp_path / "roster.csv", [["ada", "", ""], ["bo", "", "3"]]))
    paths = release.release(
        students, ["01_program_mechanics"], build_dir=built["out"], out=tmp_path / "r", progress=False
    ).paths
    per_student = max(path.stat().st_size for path in paths)
    assert per_student * 3000 <= 100e6, f"{per_student} bytes per student"
