"""Answers survive kill -9 and concurrent kernels; submissions carry a checksum the grader can verify."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from scomm.course import params
from scomm.exercises import responses, submission_check, submissions

L = "01_program_mechanics"
FORK = multiprocessing.get_context("fork")


def _writer(folder: str, student: str, tag: str, count: int, size: int, acks) -> None:
    log = responses.Log(student, L, folder=Path(folder))
    rng = random.Random(tag)
    for i in range(count):
        log.record(f"ex-{i % 7}", {"writer": tag, "i": i, "pad": "x" * rng.randint(0, size)})
        acks.put(i)  # only after record() returned: the answer is on disk


def test_answers_survive_fifty_kills_mid_write(tmp_path: Path) -> None:
    rng = random.Random(2026)
    acknowledged: list[int] = []
    for round_ in range(50):
        acks = FORK.Queue()
        child = FORK.Process(
            target=_writer, args=(str(tmp_path), "s1", f"round{round_}", 10_000, 200_000, acks)
        )
        child.start()
        time.sleep(rng.uniform(0.002, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        while not acks.empty():
            acknowledged.append((round_, acks.get()))
    records, damaged, _foreign = responses.Log("s1", L, folder=tmp_path).read()
    found = {(int(r["answer"]["writer"][5:]), r["answer"]["i"]) for r in records}
    assert set(acknowledged) <= found, "every answer acknowledged before a kill is still there"
    assert damaged <= 50, "at most one unfinished line per kill"
    assert all(set(r) == {"student_id", "lesson", "exercise", "answer", "at"} for r in records)
    # the log keeps working after all that
    responses.Log("s1", L, folder=tmp_path).record("after", "fine")
    assert responses.Log("s1", L, folder=tmp_path).latest()["after"]["answer"] == "fine"


def test_two_kernels_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    queues = [FORK.Queue(), FORK.Queue()]
    writers = [
        FORK.Process(target=_writer, args=(str(tmp_path), "s2", tag, 300, 20_000, q))
        for tag, q in zip(("A", "B"), queues, strict=True)
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
        assert w.exitcode == 0
    records, damaged, _foreign = responses.Log("s2", L, folder=tmp_path).read()
    assert damaged == 0 and len(records) == 600
    for tag in ("A", "B"):
        mine = [r["answer"]["i"] for r in records if r["answer"]["writer"] == tag]
        assert mine == list(range(300)), "each writer's answers are whole and in order"


def test_a_torn_last_line_is_skipped_and_reported(tmp_path: Path) -> None:
    log = responses.Log("s3", L, folder=tmp_path)
    log.record("a", 1)
    with log.path.open("ab") as handle:
        handle.write(b'{"answer": 2, "exercise": "b"')  # what a kill mid-write would leave
    log.record("c", 3)
    records, damaged, _foreign = log.read()
    assert [r["exercise"] for r in records] == ["a", "c"] and damaged == 1


def test_an_edited_line_fails_its_checksum(tmp_path: Path) -> None:
    log = responses.Log("s4", L, folder=tmp_path)
    log.record("a", "IAFIS (FBI)")
    log.path.write_text(log.path.read_text().replace("IAFIS", "IDENT"))
    assert log.read() == ([], 1, 0)


def test_the_latest_answer_wins(tmp_path: Path) -> None:
    log = responses.Log("s5", L, folder=tmp_path)
    for answer in ("one", "two", "three"):
        log.record("q", answer)
    assert log.latest()["q"]["answer"] == "three"


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a/b", "", ".hidden", "x" * 65])
def test_a_student_id_cannot_escape_the_answers_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(params.ParameterError, match="Parameter student_id"):
        responses.Log(bad, L, folder=tmp_path)


def test_a_submission_is_written_atomically_with_a_checksum(tmp_path: Path) -> None:
    log = responses.Log("s6", L, folder=tmp_path)
    log.record("l1-ident", "IDENT (DHS)")
    log.record("l1-growth", 4.1)
    path = submissions.submit(log, seed=7, folder=tmp_path / "out")
    body = json.loads(path.read_text())
    assert path == tmp_path / "out" / L / "s6.json"
    assert body["checksum"] == submission_check.checksum(body)
    assert body["seed"] == 7 and body["student_id"] == "s6" and body["format"] == submission_check.FORMAT
    assert set(body["answers"]) == {"l1-ident", "l1-growth"}
    assert not list((tmp_path / "out" / L).glob("*.tmp"))
    body["answers"]["l1-growth"]["answer"] = 9
    assert submission_check.checksum(body) != body["checksum"], "an edited answer no longer matches"


# -- only this student's lines, whatever the editor did (issue 11) ---------------------------------


def test_a_line_pasted_from_another_students_log_is_not_their_answer(tmp_path: Path) -> None:
    mine = responses.Log("s1", L, folder=tmp_path)
    theirs = responses.Log("s2", L, folder=tmp_path)
    other_lesson = responses.Log("s1", "02_opt_out_dispute", folder=tmp_path)
    mine.record("q", "mine")
    theirs.record("q", "theirs")
    other_lesson.record("q", "other lesson")
    with mine.path.open("ab") as handle:
        handle.write(theirs.path.read_bytes() + other_lesson.path.read_bytes())
    reading = mine.read()
    assert [r["answer"] for r in reading.records] == ["mine"]
    assert (reading.damaged, reading.foreign) == (0, 2)
    assert mine.latest()["q"]["answer"] == "mine"


def test_a_log_resaved_with_crlf_line_ends_keeps_every_answer(tmp_path: Path) -> None:
    log = responses.Log("s1", L, folder=tmp_path)
    for n in range(3):
        log.record(f"q{n}", f"answer {n}")
    log.path.write_bytes(b"\xef\xbb\xbf" + log.path.read_bytes().replace(b"\n", b"\r\n"))
    assert log.read().damaged == 0 and [r["answer"] for r in log.read().records] == [
        "answer 0",
        "answer 1",
        "answer 2",
    ]
    log.record("q3", "answer 3")  # appending after CRLF lines still gives a readable line
    assert len(log.read().records) == 4 and log.read().damaged == 0


def test_a_lone_surrogate_is_refused_with_a_message_and_nothing_written(tmp_path: Path) -> None:
    log = responses.Log("s1", L, folder=tmp_path)
    log.record("q", "before")
    size = log.path.stat().st_size
    with pytest.raises(responses.NotSaved, match=r"NOT saved: .*U\+D83D.*retype"):
        log.record("q", "flag \ud83d half")
    assert log.path.stat().st_size == size and log.latest()["q"]["answer"] == "before"


# -- submit refuses what the grader would refuse (issue 11) ----------------------------------------


def test_a_submission_over_the_graders_limit_is_refused_not_reported_submitted(tmp_path: Path) -> None:
    log = responses.Log("s1", L, folder=tmp_path)
    log.record("l1-ident", "IDENT (DHS)")
    earlier = submissions.submit(log, folder=tmp_path / "out")
    kept = earlier.read_bytes()
    log.record("annotation:x", "w" * submission_check.MAX_BYTES)
    with pytest.raises(responses.NotSaved) as raised:
        submissions.submit(log, folder=tmp_path / "out")
    assert "grader would refuse it" in str(raised.value) and f"{submission_check.MAX_BYTES:,}" in str(
        raised.value
    )
    assert earlier.read_bytes() == kept, "the earlier submission is left as it was"
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["s1.json"], "no temporary file is left"


def test_a_submission_on_a_full_disk_leaves_no_temporary_file(small_disk, tmp_path: Path) -> None:
    log = responses.Log("s1", L, folder=tmp_path)
    log.record("l1-ident", "IDENT (DHS)")
    earlier = submissions.submit(log, folder=small_disk.path)
    kept = earlier.read_bytes()
    log.record("l1-growth", "z" * 20_000)
    small_disk.leave_free(4096)
    with pytest.raises(responses.NotSaved, match=r"submission was NOT saved: .* is full"):
        submissions.submit(log, folder=small_disk.path)
    assert earlier.read_bytes() == kept
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["s1.json"]
