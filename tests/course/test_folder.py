"""An instructor's course folder: `scomm init` writes one; every other command refuses without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from scomm.cli import main as cli
from scomm.course import folder, layout


def test_init_writes_a_course_folder_that_the_commands_accept(tmp_path: Path, capsys) -> None:
    assert cli.main(["init", str(tmp_path / "fall")]) == 0
    made = tmp_path / "fall"
    assert (made / "data" / "datapackage.json").is_file()
    assert (made / "notebooks" / "01_program_mechanics.ipynb").is_file()
    assert (made / "keys" / "01_program_mechanics.toml").is_file()
    assert folder.check_course(made)["course"]["made_with"].startswith("scomm-kit ")
    assert f"Course folder written: {made}" in capsys.readouterr().out


def test_init_refuses_a_folder_that_holds_anything(tmp_path: Path, capsys) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    assert cli.main(["init", str(tmp_path)]) == 2
    assert f"scomm init: {tmp_path} already exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "is not a course folder (it has no scomm.toml); run it inside a course folder"),
        ("[course\n", "scomm.toml cannot be read as TOML"),
        ('title = "x"\n', "scomm.toml has no [course] table"),
    ],
)
def test_a_command_outside_a_course_folder_refuses_in_one_sentence(
    config: str | None, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    if config is not None:
        (tmp_path / "scomm.toml").write_text(config, encoding="utf-8")
    monkeypatch.setattr(layout, "ROOT", tmp_path)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scomm validate: ") and message in err


def test_a_course_folder_is_found_from_any_folder_inside_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(layout.COURSE_ENV, raising=False)
    (tmp_path / "scomm.toml").write_text("[course]\n", encoding="utf-8")
    (tmp_path / "notebooks" / "deep").mkdir(parents=True)
    assert layout.find_course(tmp_path / "notebooks" / "deep") == tmp_path.resolve()
    monkeypatch.setenv(layout.COURSE_ENV, str(tmp_path / "elsewhere"))
    assert layout.find_course(tmp_path) == (tmp_path / "elsewhere").resolve()
