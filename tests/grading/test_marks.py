"""The marks store: every mark acknowledged is on disk, a killed marker loses only the mark being
written, and the mark that counts is the latest complete one that fits the answer handed in."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scomm.grading import marks
from scomm.grading.marks import MarkError, Store


def test_a_mark_is_read_back_with_its_levels_comment_marker_and_time(tmp_path: Path) -> None:
    store = Store(tmp_path, "04_pep_transition", "ta-lee")
    given = store.give("kim", "l4-memo", marks.digest("text"), {"legal": "4"}, "Well argued.\nSecond line.")
    again = Store(tmp_path, "04_pep_transition", "ta-lee").latest()[("kim", "l4-memo")]
    assert again == given
    assert (again.levels, again.comment, again.marker) == (
        {"legal": "4"},
        "Well argued.\nSecond line.",
        "ta-lee",
    )
    assert store.path == tmp_path / "04_pep_transition" / "ta-lee.jsonl"


def test_a_later_mark_replaces_an_earlier_one_without_rewriting_it(tmp_path: Path) -> None:
    store = Store(tmp_path, "04_pep_transition", "ta-lee")
    store.give("kim", "l4-memo", "sha256:a", {"legal": "2"})
    first = store.path.read_bytes()
    store.give("kim", "l4-memo", "sha256:a", {"legal": "4"}, "changed my mind")
    assert store.path.read_bytes().startswith(first)  # append-only
    assert store.latest()[("kim", "l4-memo")].levels == {"legal": "4"}


@pytest.mark.parametrize("name", ["../x", "a/b", "", ".hidden", "x" * 65, "tab\there"])
def test_a_marker_name_that_could_be_a_path_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(MarkError, match="is not a marker name"):
        Store(tmp_path, "04_pep_transition", name)


def test_a_comment_with_control_characters_or_too_long_is_refused_and_nothing_written(tmp_path: Path) -> None:
    store = Store(tmp_path, "04_pep_transition", "ta-lee")
    with pytest.raises(MarkError, match="control characters"):
        store.give("kim", "l4-memo", "sha256:a", {"legal": "4"}, "bell\x07")
    with pytest.raises(MarkError, match="at most 5,000 characters"):
        store.give("kim", "l4-memo", "sha256:a", {"legal": "4"}, "x" * 5001)
    assert not store.path.exists()


def test_torn_and_edited_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    store = Store(tmp_path, "04_pep_transition", "ta-lee")
    store.give("kim", "l4-memo", "sha256:a", {"legal": "4"})
    with store.path.open("ab") as handle:
        handle.write(b'{"student":"ana","exercise":"l4-memo"')  # a writer killed mid-line
    store.give("ana", "l4-memo", "sha256:b", {"legal": "2"})  # starts on a fresh line
    text = store.path.read_text()
    store.path.write_text(text.replace('"legal":"4"', '"legal":"0"'))  # edited by hand
    found, damaged = store.read()
    assert [(g.student, g.levels) for g in found] == [("ana", {"legal": "2"})]
    assert damaged == 2


WRITER = """
import sys
from scomm.grading.marks import Store
store = Store(sys.argv[1], "04_pep_transition", "ta-lee")
n = 0
while True:
    n += 1
    store.give(f"s{n:05d}", "l4-memo", "sha256:" + "a" * 64, {"legal": "4"}, "comment " * 200)
    print(n, flush=True)
"""


def test_a_marker_killed_mid_write_loses_no_acknowledged_mark(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    acknowledged = 0
    deadline = time.monotonic() + 60
    while acknowledged < 30 and time.monotonic() < deadline:
        acknowledged = int(writer.stdout.readline() or acknowledged)
    writer.send_signal(signal.SIGKILL)  # mid-way through a later mark, most likely
    writer.wait()
    assert acknowledged >= 30, "the writer never got going"
    found, damaged = Store(tmp_path, "04_pep_transition", "ta-lee").read()
    students = [g.student for g in found]
    assert students[:acknowledged] == [f"s{n:05d}" for n in range(1, acknowledged + 1)]
    assert damaged <= 1
    # Marking carries on after the crash, and the torn fragment never swallows the next mark.
    Store(tmp_path, "04_pep_transition", "ta-lee").give("after", "l4-memo", "sha256:b", {"legal": "2"})
    assert Store(tmp_path, "04_pep_transition", "ta-lee").latest()[("after", "l4-memo")].levels == {
        "legal": "2"
    }


def test_the_mark_that_counts_is_the_latest_complete_one_of_any_marker(tmp_path: Path) -> None:
    lee = Store(tmp_path, "04_pep_transition", "ta-lee")
    kim = Store(tmp_path, "04_pep_transition", "ta-kim")
    lee.give("s1", "l4-memo", "sha256:a", {"legal": "2", "evidence": "good"})
    kim.give("s1", "l4-memo", "sha256:a", {"legal": "4", "evidence": "good"})  # later: a moderator's re-mark
    kim.give("s2", "l4-memo", "sha256:b", {"legal": "4"})  # incomplete: counts for nothing
    settled = marks.settled(tmp_path, "04_pep_transition", {"l4-memo": ("legal", "evidence")})
    assert settled[("s1", "l4-memo")].levels["legal"] == "4"
    assert ("s2", "l4-memo") not in settled
    assert marks.markers(tmp_path, "04_pep_transition") == ["ta-kim", "ta-lee"]
