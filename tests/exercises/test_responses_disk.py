"""Every byte of an answer is on disk before the kit says saved (issue 11): a full, read-only or failing
disk is reported and loses nothing, and new folders are synced."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from test_responses import L

from scomm.exercises import responses, submissions


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
