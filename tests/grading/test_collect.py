"""`scomm collect` copies a class's submissions with each file's owner; `scomm grade` refuses a file
whose owner is not the student it names."""

from __future__ import annotations

import csv
import importlib
import json
import os
import shutil
from pathlib import Path

import pytest

from scomm.cli import main as cli
from scomm.grading import owners
from scomm.grading.grade import _write_submission
from scomm.grading.records import GRADEBOOK, SKIPPED

LESSON = "01_program_mechanics"


def _submit(home: Path, student: str, minute: int = 0) -> Path:
    """A sound submission of ``student`` where the kit keeps it in a hub user's home."""
    return _write_submission(home / "scomm-responses" / "submissions", student, LESSON, 7, {}, minute=minute)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _graded(out: Path) -> dict[str, str]:
    return {r["student_id"]: r["total"] for r in _rows(out / GRADEBOOK)}


def _skipped(out: Path) -> dict[str, str]:
    return {r["file"]: r["reason"] for r in _rows(out / SKIPPED)}


def test_one_account_for_everyone_leaves_the_folder_to_name_the_owner(tmp_path: Path, capsys) -> None:
    homes = tmp_path / "home"
    _submit(homes / "ana", "ana")
    _submit(homes / "ben", "ben")
    _submit(homes / "chloe", "ana", minute=5)  # chloe hands in a file that says it is ana's
    collected = tmp_path / "collected"
    assert cli.main(["collect", "--homes", f"{homes}/*", "--out", str(collected)]) == 0
    assert "Collected 3 file(s) from 3 of 3 folder(s)" in capsys.readouterr().out
    manifest = {r["file"]: r for r in _rows(collected / "collected.csv")}
    assert sorted(manifest) == [
        f"{u}/{LESSON}/{s}.json" for u, s in (("ana", "ana"), ("ben", "ben"), ("chloe", "ana"))
    ]
    assert {r["identified_by"] for r in manifest.values()} == {"folder"}
    assert manifest[f"chloe/{LESSON}/ana.json"]["owner"] == "chloe"
    assert int(manifest[f"ana/{LESSON}/ana.json"]["uid"]) == os.geteuid()

    # A file put among the collected ones by hand has no recorded owner.
    # (Named for its student, so that the name check, which comes first, lets it reach this one.)
    (collected / "ben" / "extra").mkdir()
    shutil.copy(collected / "ben" / LESSON / "ben.json", collected / "ben" / "extra" / "ben.json")
    grades = tmp_path / "grades"
    assert cli.main(["grade", str(collected), "--out", str(grades)]) == 0
    assert set(_graded(grades)) == {"ana", "ben"}
    skipped = _skipped(grades)
    assert skipped[f"chloe/{LESSON}/ana.json"].startswith(
        "owner: it names ana, but chloe is whose folder it was in"
    )
    assert "it is not in collected.csv" in skipped["ben/extra/ben.json"]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to other accounts needs root")
def test_each_students_own_account_names_the_owner(tmp_path: Path) -> None:
    # Two accounts every Debian system has stand in for two students' accounts, as on TLJH.
    homes = tmp_path / "home"
    for user, uid in (("daemon", 1), ("bin", 2)):
        _submit(homes / user, user)
        for path in [homes / user, *(homes / user).rglob("*")]:
            os.chown(path, uid, uid)
    forged = _submit(homes / "bin", "daemon")  # bin's home, but root wrote it
    collected, grades = tmp_path / "collected", tmp_path / "grades"
    assert cli.main(["collect", "--homes", f"{homes}/*", "--out", str(collected)]) == 0
    manifest = {r["file"]: r for r in _rows(collected / "collected.csv")}
    assert manifest[f"bin/{LESSON}/bin.json"]["owner"] == "bin"
    assert {r["identified_by"] for r in manifest.values()} == {"account"}
    assert manifest[f"bin/{LESSON}/daemon.json"]["owner"] == "root"
    assert cli.main(["grade", str(collected), "--out", str(grades)]) == 0
    assert set(_graded(grades)) == {"bin", "daemon"}
    assert _skipped(grades)[f"bin/{LESSON}/daemon.json"] == (
        f"owner: it names daemon, but root is who owns the file ({forged})"
    )


def test_links_and_oversized_files_in_a_home_are_not_collected(tmp_path: Path, capsys) -> None:
    exchange = tmp_path / "handin"
    secret = tmp_path / "secret.json"
    secret.write_text("{}", encoding="utf-8")
    (exchange / "ana").mkdir(parents=True)
    (exchange / "ana" / "sneaky.json").symlink_to(secret)
    (exchange / "ana" / "huge.json").write_bytes(b" " * (300 * 1024))
    os.mkfifo(exchange / "ana" / "\x1b[2Jgone.json")  # a name that would clear the terminal
    for n in range(20):  # listed after the three above: more than are printed
        (exchange / "ana" / f"z-link{n:02d}.json").symlink_to(secret)
    (exchange / "ben").mkdir()
    (exchange / "ben" / "ben.json").write_text(json.dumps({"x": 1}), encoding="utf-8")
    out = tmp_path / "collected"
    assert cli.main(["collect", "--exchange", str(exchange), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Collected 1 file(s) from 1 of 2 folder(s)" in printed
    assert "\x1b" not in printed and "\\x1b[2Jgone.json: it is a link or not a regular file" in printed
    assert "  ... and 3 more file(s) not collected" in printed
    assert "sneaky.json: it is a link or not a regular file" in printed
    assert "huge.json: it is 307,200 bytes, more than a submission may be" in printed
    assert [p.name for p in out.rglob("*.json")] == ["ben.json"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--homes", "/nowhere/*"], "--homes '/nowhere/*' matches no folder"),
        (["--exchange", "/nowhere"], "--exchange /nowhere is not a folder"),
        ([], "give exactly one of --homes PATTERN or --exchange FOLDER"),
    ],
)
def test_nothing_to_collect_from_is_refused_in_one_sentence(argv, message, tmp_path: Path, capsys) -> None:
    assert cli.main(["collect", *argv, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_damaged_manifest_stops_grading_with_its_file_and_row(tmp_path: Path, capsys) -> None:
    homes, collected = tmp_path / "home", tmp_path / "collected"
    _submit(homes / "ana", "ana")
    assert cli.main(["collect", "--homes", f"{homes}/*", "--out", str(collected)]) == 0
    manifest = collected / "collected.csv"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.splitlines()[0] + "\nana/x.json,ana,ana,not-a-uid\n", encoding="utf-8")
    assert cli.main(["grade", str(collected), "--out", str(tmp_path / "grades")]) == 2
    assert f"{manifest}, row 2: not a row scomm collect wrote" in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_written_is_named_in_one_sentence(tmp_path: Path, capsys) -> None:
    homes = tmp_path / "home"
    _submit(homes / "ana", "ana")
    in_the_way = tmp_path / "collected"
    in_the_way.write_text("a file, not a folder", encoding="utf-8")
    assert cli.main(["collect", "--homes", f"{homes}/*", "--out", str(in_the_way)]) == 2
    assert f"scomm collect: {in_the_way} cannot be written" in capsys.readouterr().err


def test_the_readme_says_what_the_checksum_is_not_and_how_the_writer_of_a_file_is_known() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    paragraphs = {line.split("**")[1]: line for line in readme.splitlines() if line.startswith("- **")}
    checksum = paragraphs["What the checksum is, and is not."]
    assert "SHA-256" in checksum and "It is not a signature" in checksum
    who = paragraphs["Who wrote a file, when collected from home folders."]
    for named in (
        "`scomm grade /home --homes`",
        "`scomm collect`",
        "`collected.csv`",
        "`scomm.grading.owners`",
    ):
        assert named in who
    assert importlib.import_module("scomm.grading.owners").refusal is owners.refusal  # the module it names
    assert cli.build_parser().parse_args(["grade", "/home", "--homes"]).homes is True
