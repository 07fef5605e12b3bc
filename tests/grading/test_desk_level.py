"""The marking desk knows the class's level: lesson 4's memo is shown against 600-900 words for a
high-school class and 800-1,200 otherwise, as the submissions record the level the lesson ran at;
a class whose submissions record none is marked at the default level, and the page says so."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from lab_servers import free_port, serving
from scomm.cli import main as cli
from scomm.course.param_checks import ParameterError, check_level
from scomm.exercises import submission_check, submissions
from scomm.exercises.definitions import load_set
from scomm.grading.desk import class_level
from scomm.grading.marking import desk_for, open_desk
from scomm.grading.marking_page import item_page

from conftest import BIN

LESSON = "04_pep_transition"
WHEN = "2026-03-01T10:00:00.000+00:00"
MEMO = " ".join(["word"] * 950)  # inside 800-1,200; 50 over a high-school class's 600-900


def hand_in(folder: Path, student: str, level: str | None) -> Path:
    body = submissions.submission_body(
        lesson=LESSON,
        student_id=student,
        seed=1,
        answers={"l4-memo": (MEMO, WHEN)},
        submitted_at=WHEN,
        as_of="2016-03-01",
        level=level,
    )
    path = folder / LESSON / f"{student}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def page_text(desk) -> tuple[str, str]:
    page = BeautifulSoup(item_page(desk, "q", 1), "html.parser")
    return page.find(id="class-level").get_text(), page.find(id="length").get_text()


def test_a_submission_records_the_level_and_the_grader_reads_it_back(tmp_path: Path) -> None:
    sets = {LESSON: load_set(LESSON)}
    read = submission_check.read_submission(hand_in(tmp_path, "hs1", "high_school"), sets)
    assert read.level == "high_school"
    assert submission_check.read_submission(hand_in(tmp_path, "old1", None), sets).level is None


def test_a_submission_with_a_level_the_kit_does_not_know_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = hand_in(tmp_path, "x1", "high_school")
    body = json.loads(path.read_text(encoding="utf-8"))
    body["level"] = "college"
    body["checksum"] = submission_check.checksum(body)
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(submission_check.Rejected, match="Parameter level: 'college' is not a class level"):
        submission_check.read_submission(path, {LESSON: load_set(LESSON)})


@pytest.mark.parametrize(
    ("level", "range_", "status"),
    [
        ("high_school", "600-900", "950 words; 600-900 asked: 50 over (level high_school)"),
        ("undergraduate", "800-1,200", "950 words; 800-1,200 asked (level undergraduate)"),
    ],
)
def test_the_desk_shows_and_applies_the_range_of_the_class_being_marked(
    tmp_path: Path, level: str, range_: str, status: str
) -> None:
    for student in ("s1", "s2"):
        hand_in(tmp_path / "in", student, level)
    desk = open_desk(LESSON, tmp_path / "in", tmp_path / "marks", "ta-lee")
    said, length = page_text(desk)
    assert said == f"Class level: {level}, as its submissions record (l4-memo asks {range_} words)."
    assert length == status


def test_a_class_with_no_level_recorded_is_marked_at_the_default_and_the_page_says_so(tmp_path: Path) -> None:
    hand_in(tmp_path / "in", "s1", None)
    desk = open_desk(LESSON, tmp_path / "in", tmp_path / "marks", "ta-lee")
    said, length = page_text(desk)
    assert said.startswith("No class level is recorded in these submissions")
    assert "the default level, undergraduate (l4-memo asks 800-1,200 words)" in said
    assert length == "950 words; 800-1,200 asked (level undergraduate, the default: no level recorded)"


def test_a_class_whose_submissions_disagree_says_so_and_each_answer_keeps_its_own_range(
    tmp_path: Path,
) -> None:
    subs = []
    for student, level in (("s1", "high_school"), ("s2", None)):
        subs.append(
            submission_check.read_submission(hand_in(tmp_path, student, level), {LESSON: load_set(LESSON)})
        )
    desk = desk_for(subs, load_set(LESSON, with_keys=True), LESSON, tmp_path / "marks", "ta-lee")
    assert "different class levels (high_school, none recorded)" in class_level(desk.orders["q"])
    assert {i.student: desk.asked(i).words for i in desk.orders["q"]} == {"s1": (600, 900), "s2": (800, 1200)}


def test_scomm_submit_records_the_level_and_the_desk_reads_it(tmp_path: Path, monkeypatch) -> None:
    from scomm.exercises import responses

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "responses"))
    responses.Log("hs9", LESSON).record("l4-memo", MEMO)
    out = tmp_path / "handed-in"
    argv = ["submit", "--student", "hs9", "--lesson", "4", "--as-of", "2016-03-01", "--out", str(out)]
    assert cli.main([*argv, "--level", "high_school"]) == 0
    assert json.loads((out / LESSON / "hs9.json").read_text(encoding="utf-8"))["level"] == "high_school"
    assert cli.main([*argv, "--level", "college"]) == 2, "a bad level is refused, naming the parameter"
    desk = open_desk(LESSON, out, tmp_path / "marks", "ta-lee")
    assert page_text(desk)[1] == "950 words; 600-900 asked: 50 over (level high_school)"


def _served(tmp_path: Path, *extra: str) -> tuple[str, str, str]:
    """The real ``scomm mark 4`` on ``tmp_path/in``: the first answer's page (class level, length) and
    what the command printed."""
    port = free_port()
    command = [str(BIN / "scomm"), "mark", "4", "--submissions", str(tmp_path / "in"), *extra]
    command += ["--marks", str(tmp_path / "marks"), "--marker", "ta-lee", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/q/1"
    log = tmp_path / "mark.log"
    with serving(command, env=dict(os.environ), probe=url, log=log), urllib.request.urlopen(url) as reply:
        page = BeautifulSoup(reply.read().decode(), "html.parser")
    return page.find(id="class-level").get_text(), page.find(id="length").get_text(), log.read_text()


def test_mark_level_sets_the_level_of_submissions_that_record_none_and_the_page_says_so(
    tmp_path: Path,
) -> None:
    hand_in(tmp_path / "in", "old1", None)
    said, length, printed = _served(tmp_path, "--level", "high_school")
    assert said == (
        "No class level is recorded in these submissions: they are marked at high_school, "
        "as scomm mark --level says (l4-memo asks 600-900 words)."
    )
    assert length == "950 words; 600-900 asked: 50 over (level high_school, from --level: no level recorded)"
    assert said in printed


def test_mark_level_never_overrides_a_level_a_submission_records(tmp_path: Path) -> None:
    hand_in(tmp_path / "in", "new1", "undergraduate")
    hand_in(tmp_path / "in", "old1", None)
    said, _, _ = _served(tmp_path, "--level", "high_school")
    assert (
        "different class levels (none recorded: marked at high_school, from --level, undergraduate)" in said
    )
    desk = open_desk(LESSON, tmp_path / "in", tmp_path / "marks", "ta-lee", assumed="high_school")
    assert {i.student: desk.asked(i).words for i in desk.orders["q"]} == {
        "new1": (800, 1200),
        "old1": (600, 900),
    }
    hand_in(tmp_path / "in", "old1", "undergraduate")
    said, length, _ = _served(tmp_path, "--level", "high_school")
    assert said.endswith("--level is not used: every submission records its level.")
    assert length == "950 words; 800-1,200 asked (level undergraduate)"


def test_a_bad_mark_level_names_the_option_the_value_and_the_levels(tmp_path: Path, capsys) -> None:
    hand_in(tmp_path / "in", "old1", None)
    argv = ["mark", "4", "--submissions", str(tmp_path / "in"), "--marks", str(tmp_path / "marks")]
    assert cli.main([*argv, "--marker", "ta-lee", "--level", "college"]) == 2
    err = capsys.readouterr().err
    # One check serves the notebook's level and the option: the same problem and the same levels allowed.
    with pytest.raises(ParameterError) as checked:
        check_level("college")
    assert err.startswith(
        f"scomm mark: --level {checked.value.problem} (allowed: {checked.value.allowed}); it sets the level"
    )
    assert "'college' is not a class level" in err and "'undergraduate' or 'high_school'" in err
    assert not (tmp_path / "marks").exists(), "nothing is written for a refused command"


def test_mark_level_is_one_value_on_the_desk_and_the_answers_are_the_same_without_it(tmp_path: Path) -> None:
    hand_in(tmp_path / "in", "new1", "undergraduate")
    hand_in(tmp_path / "in", "old1", None)
    plain = open_desk(LESSON, tmp_path / "in", tmp_path / "marks", "ta-lee")
    assumed = open_desk(LESSON, tmp_path / "in", tmp_path / "marks", "ta-lee", assumed="high_school")
    assert assumed.orders == plain.orders, "--level is the desk's, not copied into each answer"
    assert (plain.assumed, assumed.assumed) == (None, "high_school")
    assert {i.student: assumed.asked(i).words for i in assumed.orders["q"]} == {
        "new1": (800, 1200),
        "old1": (600, 900),
    }
    assert {i.student: plain.asked(i).words for i in plain.orders["q"]} == {
        "new1": (800, 1200),
        "old1": (800, 1200),
    }
