"""`scomm mark` on the command line: the desk served by the real command, agreement between two
markers printed and written, and refusals in one sentence."""

from __future__ import annotations

import csv
import os
import urllib.request
from pathlib import Path

import pytest
from written_class import LESSON, exercises, stand_in

from lab_servers import free_port, serving
from scomm.cli import main as cli
from scomm.grading.marking import desk_for

from conftest import BIN


@pytest.fixture
def marked_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three memos marked by two markers who differ on one; the written lesson stands in for the kit's."""
    students = stand_in(monkeypatch, tmp_path)
    for marker, levels in (("ta-lee", ("4", "2", "0")), ("ta-kim", ("4", "2", "2"))):
        desk = desk_for(students, exercises(), LESSON, tmp_path / "marking", marker)
        for item, level in zip(desk.orders["q"][:3], levels, strict=True):
            desk.give(item.key, item.digest, {"legal": level, "evidence": "good"}, "")
    return tmp_path


def test_agreement_is_printed_per_criterion_and_disagreements_written(marked_class: Path, capsys) -> None:
    args = ["mark", "4", "--submissions", str(marked_class / "in"), "--marks", str(marked_class / "marking")]
    assert cli.main([*args, "--agreement", "ta-lee,ta-kim"]) == 0
    out = capsys.readouterr().out
    assert "Agreement between ta-lee and ta-kim, Krippendorff's alpha (ordinal) per criterion:" in out
    assert "l4-memo legal: alpha" in out and "1 answer-criterion pair(s) marked differently." in out
    with (marked_class / "marking" / LESSON / "agreement.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["answer", "exercise", "criterion", "ta-lee", "ta-kim"] and rows[1][2:] == [
        "legal",
        "0",
        "2",
    ]
    assert rows[1][0].startswith("Student ")  # a pseudonym, never the name
    assert cli.main([*args, "--agreement"]) == 0  # exactly two markers: no need to name them


def test_agreement_needs_two_markers_who_have_marked(marked_class: Path, capsys) -> None:
    args = ["mark", "4", "--submissions", str(marked_class / "in"), "--marks", str(marked_class / "marking")]
    assert cli.main([*args, "--agreement", "ta-lee,ta-nobody"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scomm mark: --agreement needs two markers who have marked 04_pep_transition")
    assert "(found: ta-kim, ta-lee)" in err


def test_a_marker_name_that_could_be_a_path_is_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    assert cli.main(["mark", "4", "--submissions", str(tmp_path / "in"), "--marker", "../../etc"]) == 2
    assert "scomm mark: --marker '../../etc' is not a marker name" in capsys.readouterr().err


def test_a_missing_submissions_folder_is_refused(tmp_path: Path, capsys) -> None:
    assert cli.main(["mark", "4", "--submissions", str(tmp_path / "nowhere"), "--marker", "ta"]) == 2
    assert "no folder of submissions at" in capsys.readouterr().err


def test_the_command_serves_the_desk_on_127_0_0_1(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    port = free_port()
    command = [str(BIN / "scomm"), "mark", "4", "--submissions", str(tmp_path / "in")]
    command += ["--marks", str(tmp_path / "marking"), "--marker", "ta-lee", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/"
    with (
        serving(command, env=dict(os.environ), probe=url, log=tmp_path / "mark.log"),
        urllib.request.urlopen(url) as reply,
    ):
        page = reply.read().decode()
    assert "Marking The PEP transition" in page
    assert f"Open http://127.0.0.1:{port}/ in your browser" in (tmp_path / "mark.log").read_text()
