"""The `scomm` command's smaller verbs, and the static HTML export of a lesson."""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from scomm.cli import main as cli
from scomm.exercises import submission_check

from conftest import BIN, NOTEBOOKS, edit_csv


def test_validate_reports_a_sound_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate"]) == 0
    assert "data/ is valid: sources, jurisdictions" in capsys.readouterr().out


def test_validate_names_the_broken_cell(data_copy: Path, monkeypatch, capsys) -> None:
    edit_csv(data_copy / "events.csv", 9, "date_precision", "week")
    monkeypatch.setattr("scomm.course.data.DATA_DIR", data_copy)
    assert cli.main(["validate"]) == 2
    assert "data/events.csv, row 9, column 'date_precision': value 'week'" in capsys.readouterr().err


def test_params_lists_parameters_and_every_focus(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["params"]) == 0
    out = capsys.readouterr().out
    assert "as_of" in out and "Allowed: a date written YYYY-MM-DD" in out
    assert "  Cook County, IL" in out and "  District of Columbia" in out


def test_run_refuses_a_missing_notebook(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", "notebooks/99_nothing.ipynb"]) == 2
    assert "no notebook at notebooks/99_nothing.ipynb" in capsys.readouterr().err


@pytest.mark.slow
def test_a_plain_html_export_shows_every_chart_and_its_description(tmp_path: Path) -> None:
    subprocess.run(
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "html",
            str(NOTEBOOKS / "01_program_mechanics.ipynb"),
            "--output-dir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    page = (tmp_path / "01_program_mechanics.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/svg+xml;base64,') == 5, "each chart is embedded, so it shows offline"
    assert "&lt;svg" not in page, "no chart may appear as escaped markup"
    assert page.count("Chart description:") == 5, "each chart's written description follows it"
    assert "cdn.jsdelivr" not in page and "vega-embed" not in page, (
        "charts must not load scripts from the internet"
    )


def test_submit_writes_the_latest_answers(tmp_path: Path, monkeypatch, capsys) -> None:
    from scomm.exercises import responses

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    responses.Log("kim", "01_program_mechanics").record("l1-ident", "IDENT (DHS)")
    assert cli.main(["submit", "--student", "kim", "--lesson", "1", "--out", str(tmp_path / "in")]) == 0
    assert "Submitted 1 answer(s) for kim, 01_program_mechanics" in capsys.readouterr().out
    assert (tmp_path / "in" / "01_program_mechanics" / "kim.json").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--student", "nobody", "--lesson", "1"],
            1,
            "no answers recorded for nobody in 01_program_mechanics",
        ),
        (
            ["--student", "../x", "--lesson", "1"],
            2,
            "Parameter student_id: '../x' cannot name a student's files",
        ),
        (["--student", "kim", "--lesson", "9"], 2, "unknown lesson 9"),
    ],
)
def test_submit_refuses_clearly(
    tmp_path: Path, monkeypatch, capsys, args: list[str], code: int, message: str
) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    assert cli.main(["submit", *args]) == code
    assert message in capsys.readouterr().err


def test_submit_to_a_full_disk_prints_one_sentence_and_leaves_no_temporary_file(
    small_disk, tmp_path: Path, monkeypatch, capsys
) -> None:
    from scomm.exercises import responses

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    responses.Log("kim", "01_program_mechanics").record("l1-ident", "IDENT (DHS) " + "x" * 20_000)
    small_disk.leave_free(4096)
    assert cli.main(["submit", "--student", "kim", "--lesson", "1", "--out", str(small_disk.path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert (
        captured.err.startswith("scomm submit: Your submission was NOT saved:") and "is full" in captured.err
    )
    assert captured.err.count("\n") == 1, "one sentence on one line"
    assert not list(small_disk.path.rglob("*.tmp")) and not list(small_disk.path.rglob("*.json"))


def test_submit_refuses_what_the_grader_would_refuse(tmp_path: Path, monkeypatch, capsys) -> None:
    from scomm.exercises import responses

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    responses.Log("kim", "01_program_mechanics").record("l1-ident", "x" * submission_check.MAX_BYTES)
    assert cli.main(["submit", "--student", "kim", "--lesson", "1", "--out", str(tmp_path / "in")]) == 2
    captured = capsys.readouterr()
    assert "Submitted" not in captured.out and "grader would refuse it" in captured.err
    assert f"more than a submission may be: at most {submission_check.MAX_BYTES:,}" in captured.err
    assert not (tmp_path / "in" / "01_program_mechanics" / "kim.json").exists()


def test_submit_reports_lines_of_another_student_it_left_out(tmp_path: Path, monkeypatch, capsys) -> None:
    from scomm.exercises import responses

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    kim, lee = responses.Log("kim", "01_program_mechanics"), responses.Log("lee", "01_program_mechanics")
    kim.record("l1-ident", "IDENT (DHS)")
    lee.record("l1-growth", 4.1)
    with kim.path.open("ab") as handle:
        handle.write(lee.path.read_bytes())
    assert cli.main(["submit", "--student", "kim", "--lesson", "1", "--out", str(tmp_path / "in")]) == 0
    captured = capsys.readouterr()
    assert "Submitted 1 answer(s)" in captured.out and "1 line(s) of another student" in captured.err
    body = json.loads((tmp_path / "in" / "01_program_mechanics" / "kim.json").read_text())
    assert list(body["answers"]) == ["l1-ident"]


def test_an_unknown_lesson_of_500_characters_is_echoed_only_as_its_start(capsys) -> None:
    assert cli.main(["submit", "--student", "kim", "--lesson", "y" * 500]) == 2
    err = capsys.readouterr().err
    assert "unknown lesson" in err and "y" * 41 not in err and "…" in err


def test_each_command_is_found_in_the_family_that_registers_it() -> None:
    from scomm.cli import main

    registered = {}
    for name in main.FAMILIES:
        parser = argparse.ArgumentParser()
        main.family(name).register(commands := parser.add_subparsers())
        registered |= dict.fromkeys(commands.choices, name)
    assert registered == main.COMMANDS


def test_a_command_loads_only_its_own_family() -> None:
    probe = (
        "import sys\nfrom scomm.cli import main\n"
        "try:\n    main.main(['release', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('altair', 'scomm.grading.grade', 'scomm.cli.app') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_help_and_a_misspelt_command_still_list_every_command(capsys) -> None:
    from scomm.cli import main

    with pytest.raises(SystemExit):
        main.main(["relase"])
    err = capsys.readouterr().err
    assert "invalid choice: 'relase'" in err
    for command in ("run", "validate", "release", "grade", "app", "submit"):
        assert command in err


def test_submit_without_seed_grades_the_case_the_student_answered(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """A released student (seed 1 on the roster) who submits from the command line gets their own case."""
    import json

    from scomm.course import params
    from scomm.exercises import widgets
    from scomm.grading import grade

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    student = next(s for s in (f"emily{n:02d}" for n in range(100)) if params.default_seed(s) != 1)
    from scomm.exercises import definitions

    form = widgets.exercise("01_program_mechanics", "l1-when-booked", student_id=student, seed=1)
    # The right answer to seed 1's case, from the key: only a student with that case gets it right.
    keyed = definitions.load_set("01_program_mechanics", with_keys=True)["l1-when-booked"].variant(1)
    form.value = dict(keyed.answer)
    form.button.click()
    assert cli.main(["submit", "--student", student, "--lesson", "1", "--out", str(tmp_path / "in")]) == 0
    capsys.readouterr()
    handed_in = tmp_path / "in" / "01_program_mechanics" / f"{student}.json"
    assert json.loads(handed_in.read_text())["seed"] == 1
    report = grade.grade(tmp_path / "in", tmp_path / "grades")
    (graded,) = report.graded
    assert graded.score("l1-when-booked") == 2 == keyed.points


def test_every_command_has_help_that_says_what_it_does_with_an_example() -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert len(commands.choices) >= 10
    for name, sub in commands.choices.items():
        text = sub.format_help()
        description = text.split("\n\n")[1]
        assert not description.startswith(("positional", "options")), (
            f"scomm {name} --help has no description"
        )
        assert len(description.split()) >= 4, f"scomm {name}: {description!r}"
        example = text.split("Example:\n")[-1]
        assert "Example:" in text and example.strip().startswith(f"scomm {name}"), f"scomm {name}: no example"
        # The example parses: it names options the command really has.
        first = shlex.split(example.strip().splitlines()[0].split("#")[0])[1:]
        assert parser.parse_args(first).command == name
