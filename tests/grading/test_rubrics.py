"""Rubrics in keys/rubrics/: loaded, and every mistake named by file, rubric, criterion and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from written_class import LESSON, RUBRIC_TOML, exercises, rubric_folder

from scomm.cli import main as cli
from scomm.grading import rubrics
from scomm.grading.rubrics import RubricError


def test_a_rubric_loads_with_its_criteria_levels_best_first_and_points(tmp_path: Path) -> None:
    found = rubrics.load(LESSON, rubric_folder(tmp_path))
    memo = found["l4-memo"]
    assert [c.id for c in memo.criteria] == ["legal", "evidence"]
    assert [lv.id for lv in memo.criterion("legal").levels] == ["4", "2", "0"]
    assert memo.points == 6 and found["l4-short"].points == 1
    assert memo.good_answer[0] == "names the November 2014 memos"
    assert memo.criterion("legal").level("2").descriptor == "Some legal claims are right."


def test_a_lesson_without_a_rubric_file_has_no_rubrics(tmp_path: Path) -> None:
    assert rubrics.load(LESSON, tmp_path) == {}


BROKEN = {
    "no level": (
        RUBRIC_TOML.split('[[rubric]]\nexercise = "l4-short"')[0]
        + '[[rubric]]\nexercise = "x"\n[[rubric.criterion]]\nid = "c"\nname = "C"\n',
        "rubric x, criterion c: level has no entries",
    ),
    "points not a number": (
        RUBRIC_TOML.replace("points = 4\n", 'points = "four"\n', 1),
        "rubric l4-memo, criterion legal, level 4: points must be a number",
    ),
    "levels worst first": (
        RUBRIC_TOML.replace('id = "yes"\npoints = 1', 'id = "yes"\npoints = 0').replace(
            'id = "no"\npoints = 0', 'id = "no"\npoints = 1'
        ),
        "rubric l4-short, criterion idea: levels must be listed best first",
    ),
    "criterion id twice": (
        RUBRIC_TOML.replace('id = "evidence"', 'id = "legal"'),
        "rubric l4-memo: criterion id 'legal' is used twice",
    ),
    "level id twice": (
        RUBRIC_TOML.replace('id = "weak"', 'id = "good"'),
        "criterion evidence: level id 'good' is used twice",
    ),
    "exercise twice": (
        RUBRIC_TOML.replace('exercise = "l4-short"', 'exercise = "l4-memo"'),
        "rubric l4-memo: a second rubric for the same exercise",
    ),
    "no descriptor": (
        RUBRIC_TOML.replace('descriptor = "Does not."', ""),
        "criterion idea, level no: descriptor must be non-empty text (missing)",
    ),
    "no name": (RUBRIC_TOML.replace('name = "Main idea"', ""), "criterion idea: name must be non-empty text"),
    "other lesson": (
        RUBRIC_TOML.replace('lesson = "04_pep_transition"', 'lesson = "03_detainer_law"'),
        "but the file is named for",
    ),
    "not TOML": ("lesson = ", "not valid TOML"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_mistake_is_named_by_file_rubric_criterion_and_field(tmp_path: Path, case: str) -> None:
    text, expected = BROKEN[case]
    path = tmp_path / f"{LESSON}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as raised:
        rubrics.load(LESSON, tmp_path)
    assert str(raised.value).startswith(str(path)) and expected in str(raised.value)


def test_rubrics_are_checked_against_the_written_exercises(tmp_path: Path) -> None:
    found = rubrics.load(LESSON, rubric_folder(tmp_path))
    assert rubrics.problems(LESSON, exercises(), found) == []
    without_short = {k: v for k, v in found.items() if k != "l4-short"}
    assert rubrics.problems(LESSON, exercises(), without_short) == [
        f"lesson {LESSON}, exercise l4-short: assessed written answer with no rubric in keys/rubrics/{LESSON}.toml"
    ]
    from dataclasses import replace

    worth_five = {**exercises(), "l4-memo": replace(exercises()["l4-memo"], points=5)}
    assert "add up to 6 points but the exercise is worth 5" in rubrics.problems(LESSON, worth_five, found)[0]
    not_written = {**found, "l4-pick": found["l4-short"]}
    assert (
        "rubric l4-pick: no written exercise l4-pick" in rubrics.problems(LESSON, exercises(), not_written)[0]
    )


def test_check_all_lists_every_problem_and_counts_the_rubrics(tmp_path: Path) -> None:
    folder = rubric_folder(tmp_path)
    assert rubrics.check_all({LESSON: exercises()}, folder) == 2
    (folder / "99_nothing.toml").write_text(RUBRIC_TOML, encoding="utf-8")
    with pytest.raises(RubricError, match=r"99_nothing\.toml: no lesson 99_nothing has an exercise set"):
        rubrics.check_all({LESSON: exercises()}, folder)


def test_scomm_validate_checks_the_kits_rubrics(capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["validate"]) == 0
    assert "keys/rubrics/ is valid" in capsys.readouterr().out


def test_scomm_validate_refuses_a_broken_rubric(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / f"{LESSON}.toml").write_text(RUBRIC_TOML.replace("points = 4\n", "points = -1\n", 1))
    monkeypatch.setattr(rubrics, "folder", lambda: tmp_path)
    assert cli.main(["validate"]) == 2
    assert "level 4: points must be a number of at least 0, not -1" in capsys.readouterr().err
