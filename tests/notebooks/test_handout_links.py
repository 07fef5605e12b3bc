"""`scomm handout` writes a student-only git repository; `scomm links` the nbgitpuller links to it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from scomm.cli import main as cli
from scomm.course.layout import KEYS_DIR, LESSONS
from scomm.course.notes import NOTES_DIR
from scomm.notebooks import handout
from scomm.notebooks.build import secrets


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def test_the_handout_is_a_committed_repository_of_student_lessons_only(tmp_path: Path, capsys) -> None:
    repo = tmp_path / "scomm-handout"
    assert cli.main(["handout", str(repo)]) == 0
    tracked = set(_git(repo, "ls-files").split())
    assert tracked == {".gitignore", "README.md", *(f"{lesson.slug}.ipynb" for lesson in LESSONS)}
    assert _git(repo, "status", "--porcelain") == ""
    text = "\n".join((repo / name).read_text(encoding="utf-8") for name in tracked)
    for secret in secrets(KEYS_DIR, NOTES_DIR):
        assert json.dumps(secret)[1:-1] not in text and secret not in text
    lesson_1 = json.loads((repo / "01_program_mechanics.ipynb").read_text(encoding="utf-8"))
    assert all("instructor" not in c["metadata"].get("tags", []) for c in lesson_1["cells"])
    assert all(not c.get("outputs") for c in lesson_1["cells"] if c["cell_type"] == "code")
    assert 'role = "student"' in "".join(lesson_1["cells"][1]["source"])
    # A second run with nothing changed makes no new commit.
    assert cli.main(["handout", str(repo)]) == 0
    assert "already committed" in capsys.readouterr().out
    assert len(_git(repo, "log", "--oneline").splitlines()) == 1


def test_instructor_text_in_a_lesson_stops_the_handout_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    lesson_1 = json.loads(LESSONS[0].notebook.read_text(encoding="utf-8"))
    shown = next("".join(c["source"]) for c in lesson_1["cells"] if c["cell_type"] == "markdown")
    monkeypatch.setattr(handout, "secrets", lambda *_: [shown.splitlines()[-1]])
    assert cli.main(["handout", str(tmp_path / "h")]) == 2
    assert "01_program_mechanics.ipynb would show instructor text to students" in capsys.readouterr().err
    assert not (tmp_path / "h").exists()


def test_one_shared_link_opens_the_lesson_for_whoever_signs_in(capsys) -> None:
    repo = "https://git.example.edu/teaching/scomm-handout.git"
    assert cli.main(["links", "--hub", "https://hub.example.edu/", "--repo", repo, "--lesson", "2"]) == 0
    url = urlsplit(capsys.readouterr().out.strip())
    assert (url.netloc, url.path) == ("hub.example.edu", "/hub/user-redirect/git-pull")
    assert parse_qs(url.query) == {
        "repo": [repo],
        "branch": ["main"],
        "urlpath": ["lab/tree/scomm-handout/02_opt_out_dispute.ipynb"],
    }


def test_a_roster_gives_each_student_a_link_to_their_own_server(tmp_path: Path, capsys) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text('student_id,name\nana,"Doe, Ana"\nbad id,Someone\nben,Ben Roe\n', encoding="utf-8")
    argv = [
        "links",
        "--hub",
        "http://127.0.0.1:8000",
        "--repo",
        "file:///srv/handout",
        "--roster",
        str(roster),
    ]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    rows = [line.split(",")[0] for line in out.splitlines()]
    assert rows == ["student_id", "ana", "ben"]
    ben = urlsplit(out.splitlines()[2].split(",")[-1])
    assert ben.path == "/hub/spawn/ben"
    pull = urlsplit(parse_qs(ben.query)["next"][0])
    assert pull.path == "/user/ben/git-pull"
    assert parse_qs(pull.query)["repo"] == ["file:///srv/handout"]
    assert "roster.csv, row 3: Parameter student_id: 'bad id'" in err


@pytest.mark.parametrize(("flag", "value"), [("--hub", "hub.example.edu"), ("--repo", "git@host:me/h.git")])
def test_an_address_that_is_not_a_url_is_refused_in_one_sentence(flag: str, value: str, capsys) -> None:
    good = {"--hub": "https://hub.example.edu", "--repo": "https://git.example.edu/h.git"}
    argv = ["links", *(x for k, v in {**good, flag: value}.items() for x in (k, v))]
    assert cli.main(argv) == 2
    assert f"{flag} {value!r} is not an address" in capsys.readouterr().err
