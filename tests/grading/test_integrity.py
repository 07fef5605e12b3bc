"""No file displaces another student's work unseen: ids against names and home folders, no future
dates, every displaced or conflicting file listed with its reason and printed."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from test_grading import LESSON, body, gradebook, put

from scomm.cli import main as cli
from scomm.exercises import responses, submission_check, submissions
from scomm.grading import grade

RIGHT = {"l1-growth": 4.1, "l1-ident": "IDENT (DHS)"}  # both right: 3 points
MONDAY, TUESDAY = "2026-01-12T09:00:00+00:00", "2026-01-13T09:00:00+00:00"


def skipped_rows(out: Path) -> dict[str, str]:
    with (out / "skipped.csv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row["reason"] for row in csv.DictReader(handle)}


def test_a_later_file_named_for_bob_carrying_alices_id_does_not_replace_alices(
    tmp_path: Path, capsys
) -> None:
    put(tmp_path / "in", "alice.json", body("alice", RIGHT, when=MONDAY))
    put(tmp_path / "in", "bob.json", body("alice", {}, when=TUESDAY))
    assert cli.main(["grade", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    total = gradebook(tmp_path / "out")["alice"]["total"]
    assert float(total) > 0, "alice's own file is graded"
    reason = skipped_rows(tmp_path / "out")["bob.json"]
    assert reason.startswith("it holds the answers of alice but is named 'bob.json'")
    assert "skipped bob.json: it holds the answers of alice" in capsys.readouterr().out


def test_a_file_dated_2099_is_refused_and_the_real_one_graded(tmp_path: Path) -> None:
    put(tmp_path / "in", "real/alice.json", body("alice", RIGHT, when=MONDAY))
    put(tmp_path / "in", "forged/alice.json", body("alice", {}, when="2099-01-01T00:00:00+00:00"))
    report = grade.grade(tmp_path / "in", tmp_path / "out")
    assert [g.file for g in report.graded] == ["real/alice.json"]
    assert (
        "submitted_at '2099-01-01T00:00:00+00:00' is later than the grader's clock"
        in (skipped_rows(tmp_path / "out")["forged/alice.json"])
    )


def test_a_clock_a_minute_ahead_is_accepted(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    soon = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    put(tmp_path / "in", "alice.json", body("alice", RIGHT, when=soon))
    assert [g.student_id for g in grade.grade(tmp_path / "in", tmp_path / "out").graded] == ["alice"]


def _graded_among_junk(tmp_path: Path, capsys) -> str:
    """What ``scomm grade`` prints for ``tmp_path/in`` with 25 damaged files added, more than it lists."""
    for n in range(25):
        put(tmp_path / "in", f"junk/{n:02d}.json", b"{")
    assert cli.main(["grade", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    return capsys.readouterr().out


def test_two_files_of_one_student_with_the_same_time_are_a_conflict_printed_in_full(
    tmp_path: Path, capsys
) -> None:
    put(tmp_path / "in", "a/alice.json", body("alice", RIGHT, when=MONDAY))
    put(tmp_path / "in", "b/alice.json", body("alice", {}, when=MONDAY))
    printed = _graded_among_junk(tmp_path, capsys)  # the conflict is still printed
    assert "  skipped a/alice.json: conflict: alice has another submission of 01_program_mechanics" in printed
    assert "the same submitted_at, b/alice.json, which was graded instead" in printed
    assert "... and 5 more, listed in" in printed
    assert skipped_rows(tmp_path / "out")["a/alice.json"].startswith("conflict:")


def test_a_file_that_could_stand_in_for_anothers_is_printed_however_many_others_are_refused(
    tmp_path: Path, capsys
) -> None:
    put(tmp_path / "in", "real/alice.json", body("alice", RIGHT, when=MONDAY))
    put(tmp_path / "in", "future/alice.json", body("alice", {}, when="2099-01-01T00:00:00+00:00"))
    put(tmp_path / "in", "bob.json", body("alice", {}, when=TUESDAY))
    printed = _graded_among_junk(tmp_path, capsys)
    assert "  skipped future/alice.json: submitted_at '2099-01-01T00:00:00+00:00' is later than" in printed
    assert "  skipped bob.json: it holds the answers of alice but is named 'bob.json'" in printed
    assert "... and 5 more, listed in" in printed
    assert set(skipped_rows(tmp_path / "out")) >= {"future/alice.json", "bob.json"}


@pytest.mark.parametrize("student", ["abc\n", "abc\r\n", "\nabc", "abc\x00", "abc "])
def test_an_id_with_a_trailing_newline_or_control_character_is_refused(tmp_path: Path, student: str) -> None:
    put(tmp_path / "in", "abc.json", body(student, RIGHT))
    report = grade.grade(tmp_path / "in", tmp_path / "out")
    assert report.graded == []
    assert "Parameter student_id" in report.skipped[0].reason
    with pytest.raises(submission_check.Rejected, match="Parameter student_id"):
        submission_check.read_submission(put(tmp_path, "x.json", body(student, {})), {LESSON: {}})


def test_scomm_submit_refuses_an_id_with_a_newline_and_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "subs"
    assert cli.main(["submit", "--student", "abc\n", "--lesson", "1", "--out", str(out)]) == 2
    assert "Parameter student_id" in capsys.readouterr().err
    assert not out.exists()


def test_submit_still_writes_what_the_grader_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "answers"))
    log = responses.Log("carol", LESSON)
    log.record("l1-growth", 4.1)
    path = submissions.submit(log, seed=1, folder=tmp_path / "subs")
    assert path.name == "carol.json"
    report = grade.grade(tmp_path / "subs", tmp_path / "out")
    assert [g.student_id for g in report.graded] == ["carol"] and report.skipped == []


# -- collected from home folders ------------------------------------------------------------------


def _homes(tmp_path: Path) -> Path:
    homes = tmp_path / "home"
    put(homes, f"alice/scomm-responses/submissions/{LESSON}/alice.json", body("alice", RIGHT, when=MONDAY))
    put(homes, f"bob/scomm-responses/submissions/{LESSON}/alice.json", body("alice", {}, when=TUESDAY))
    put(homes, f"bob/scomm-responses/submissions/{LESSON}/bob.json", body("bob", RIGHT, when=MONDAY))
    put(homes, "stray.json", body("stray", RIGHT))
    return homes


def test_collected_from_homes_a_file_counts_only_for_the_student_whose_home_holds_it(tmp_path: Path) -> None:
    homes = _homes(tmp_path)
    assert cli.main(["grade", str(homes), "--homes", "--out", str(tmp_path / "out")]) == 0
    assert sorted(gradebook(tmp_path / "out")) == ["alice", "bob"]
    rows = skipped_rows(tmp_path / "out")
    forged = f"bob/scomm-responses/submissions/{LESSON}/alice.json"
    assert rows[forged] == f"owner: it names alice, but bob is whose folder it was in ({homes / forged})"
    assert rows["stray.json"].startswith("it is not inside a home folder")
    # Without --homes only the date decides, and the instructor sees alice's own file displaced.
    report = grade.grade(homes, tmp_path / "plain")
    assert {g.student_id: g.file for g in report.graded}["alice"] == forged
    assert {s.file: s.reason for s in report.skipped}[
        f"alice/scomm-responses/submissions/{LESSON}/alice.json"
    ].startswith(f"duplicate: alice also submitted {LESSON} in {forged}")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_collected_from_homes_a_file_another_user_owns_is_refused(tmp_path: Path) -> None:
    homes = _homes(tmp_path)
    planted = homes / "alice" / "scomm-responses" / "submissions" / LESSON / "alice.json"
    os.chown(planted, 54321, -1)
    report = grade.grade(homes, tmp_path / "out", homes=True)
    reasons = {s.file: s.reason for s in report.skipped}
    assert reasons[f"alice/scomm-responses/submissions/{LESSON}/alice.json"] == (
        f"owner: it names alice, but uid-54321 is who owns the file ({planted})"
    )
    assert "alice" not in {g.student_id for g in report.graded}


def test_a_home_named_as_tljh_names_it_counts_for_its_student(tmp_path: Path) -> None:
    homes = tmp_path / "home"
    put(homes, f"jupyter-alice/scomm-responses/submissions/{LESSON}/alice.json", body("alice", RIGHT))
    put(
        homes, f"jupyter-bob/scomm-responses/submissions/{LESSON}/alice.json", body("alice", {}, when=TUESDAY)
    )
    report = grade.grade(homes, tmp_path / "out", homes=True)
    assert [(g.student_id, g.file.split("/")[0]) for g in report.graded] == [("alice", "jupyter-alice")]
    assert [s.reason.split(" (")[0] for s in report.skipped] == [
        "owner: it names alice, but jupyter-bob is whose folder it was in"
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to other accounts needs root")
def test_collect_and_grade_homes_decide_who_wrote_a_file_alike(tmp_path: Path) -> None:
    """bin writes a file naming daemon into daemon's (writable) home: bin's account owns bin's home
    only, so it is bin's own account, not a shared one, and the file is bin's, wherever it lies."""
    homes = tmp_path / "home"
    for user, uid in (("daemon", 1), ("bin", 2)):
        put(homes, f"{user}/scomm-responses/submissions/{LESSON}/{user}.json", body(user, RIGHT))
        for path in [homes / user, *(homes / user).rglob("*")]:
            os.chown(path, uid, uid)
    planted = put(
        homes,
        f"daemon/scomm-responses/submissions/late/{LESSON}/daemon.json",
        body("daemon", {}, when=TUESDAY),
    )
    os.chown(planted, 2, 2)
    expected = f"owner: it names daemon, but bin is who owns the file ({planted})"
    at_home = grade.grade(homes, tmp_path / "graded-at-home", homes=True)
    assert {s.reason for s in at_home.skipped} == {expected}
    assert cli.main(["collect", "--homes", f"{homes}/*", "--out", str(tmp_path / "collected")]) == 0
    collected = grade.grade(tmp_path / "collected", tmp_path / "graded-collected")
    assert {s.reason for s in collected.skipped} == {expected}
    for report in (at_home, collected):
        assert {g.student_id: g.total for g in report.graded} == {"bin": 3.0, "daemon": 3.0}
