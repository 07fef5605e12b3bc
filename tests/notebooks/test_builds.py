"""Student and instructor builds of the real lessons, and their release: what students get, and what
they never get. The build's steps, its refusals and release from a roster are in test_build_steps.py,
test_build_refusals.py and test_release.py."""

from __future__ import annotations

import ast
import contextlib
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

from scomm.cli import main as cli
from scomm.course import layout, notes
from scomm.exercises import definitions as exercises
from scomm.notebooks import personal, release, run, steps

LESSON = "01_program_mechanics"
FIXTURE_NOTE = "FIXTURE NOTE: only instructors read this"


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


# -- scomm release ------------------------------------------------------------------------------


def _roster(
    path: Path, rows: list[list[str]], header: tuple[str, ...] = ("student_id", "name", "seed")
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


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
