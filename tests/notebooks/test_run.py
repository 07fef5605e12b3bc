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
