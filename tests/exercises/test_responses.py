"""Answers survive kill -9 and concurrent kernels; submissions carry a checksum the grader can verify."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import random
import signal
import stat
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


# -- every byte on disk before "saved" (issue 11) --------------------------------------------------


def test_filling_the_disk_part_way_through_an_answer_never_acknowledges_a_lost_one(
    small_disk, monkeypatch
) -> None:
    # 4 amounts of free space (0 to 3 pages) x 10 answer sizes (1 to 13 KB): many writes fail part-way.
    written, real_write = [], os.write
    monkeypatch.setattr(os, "write", lambda fd, data: written.append(real_write(fd, data)) or written[-1])
    acknowledged, refused, part_way = 0, 0, 0
    for round_ in range(40):
        small_disk.empty()
        log = responses.Log(f"s{round_}", L, folder=small_disk.path)
        log.record("q", "older answer")
        small_disk.leave_free((round_ % 4) * 4096)
        newer = f"newer {round_} " + "x" * (1000 + 1300 * (round_ // 4))
        written.clear()
        try:
            log.record("q", newer)
        except responses.NotSaved as problem:
            refused += 1
            part_way += sum(written) > 0  # some of the line reached the disk before it filled
            assert "NOT saved" in str(problem) and "is full" in str(problem)
            expected = "older answer"  # the student was told: not silently older
        else:
            acknowledged += 1
            expected = newer
        assert log.latest()["q"]["answer"] == expected, f"round {round_}: the answer on disk is the one shown"
        assert log.read().damaged == 0, f"round {round_}: no half-written line is left"
        log.path.unlink()
    assert acknowledged >= 10 and refused >= 10 and part_way >= 10, (acknowledged, refused, part_way)


def test_the_log_still_works_after_the_disk_is_freed_again(small_disk) -> None:
    log = responses.Log("s1", L, folder=small_disk.path)
    log.record("a", "kept")
    small_disk.leave_free(0)
    with pytest.raises(responses.NotSaved, match="NOT saved"):
        log.record("b", "y" * 9000)
    small_disk.empty()
    log.record("c", "after")
    assert {k: r["answer"] for k, r in log.latest().items()} == {"a": "kept", "c": "after"}
    assert log.read().damaged == 0


def test_a_read_only_answers_folder_is_reported_not_acknowledged(small_disk) -> None:
    log = responses.Log("s1", L, folder=small_disk.path)
    log.record("a", "before")
    small_disk.read_only()
    with pytest.raises(responses.NotSaved) as raised:
        log.record("a", "after")
    message = str(raised.value)
    assert message.startswith("Your answer was NOT saved") and "is read-only" in message
    assert "tell your instructor" in message and message.count(". ") == 0, "one sentence"
    assert log.latest()["a"]["answer"] == "before"


def test_a_short_write_is_carried_on_until_every_byte_is_down(tmp_path: Path, monkeypatch) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    log = responses.Log("s1", L, folder=tmp_path)
    log.record("a", "a longer answer than seven bytes")
    log.record("b", {"nested": ["answer"] * 20})
    monkeypatch.undo()
    assert log.read() == (log.read().records, 0, 0) and set(log.latest()) == {"a", "b"}


def test_a_write_failing_part_way_leaves_the_log_as_it_was(tmp_path: Path, monkeypatch) -> None:
    log = responses.Log("s1", L, folder=tmp_path)
    log.record("a", "one")
    before = log.path.read_bytes()
    real_write = os.write
    calls = []

    def half_then_full(fd: int, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(responses.NotSaved, match="is full"):
        log.record("a", "two")
    monkeypatch.undo()
    assert log.path.read_bytes() == before, "the half line is cut away"
    log.record("b", "three")
    assert log.read() == (log.read().records, 0, 0) and log.latest()["a"]["answer"] == "one"


def _synced(monkeypatch) -> list[Path]:
    folders: list[Path] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            folders.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return folders


def test_a_new_log_and_a_replaced_submission_sync_their_folders(tmp_path: Path, monkeypatch) -> None:
    folders = _synced(monkeypatch)
    log = responses.Log("s1", L, folder=tmp_path / "answers")
    log.record("l1-ident", "IDENT (DHS)")
    assert tmp_path / "answers" / L in folders, "the new log's folder entry is durable"
    assert tmp_path / "answers" in folders, "so is the new lesson folder's entry"
    folders.clear()
    log.record("l1-ident", "LESC (ICE)")
    assert folders == [], "appending to an existing log needs no folder sync"
    path = submissions.submit(log, folder=tmp_path / "out")
    folders.clear()
    submissions.submit(log, folder=tmp_path / "out")
    assert path.parent in folders, "replacing a submission syncs its folder"


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
