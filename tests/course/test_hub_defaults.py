"""Under JupyterHub (JUPYTERHUB_USER set) a lesson records the hub user's answers in their home,
with no notebook edited; an explicit student_id or SCOMM_RESPONSES still wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from scomm.course import params
from scomm.exercises import responses, submissions

L = "01_program_mechanics"


@pytest.fixture
def on_a_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    home = tmp_path / "home" / "ana"
    home.mkdir(parents=True)
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SCOMM_RESPONSES", raising=False)
    return home


def test_the_demo_default_becomes_the_hub_user_and_answers_go_to_their_home(on_a_hub: Path) -> None:
    p = params.validate(L, student_id="demo-student", seed=None)
    assert p.student_id == "ana"
    log = responses.Log(p.student_id, L)
    log.record("l1-ident", "IDENT")
    assert log.path == on_a_hub / "scomm-responses" / L / "ana.jsonl"
    path = submissions.submit(log, seed=params.default_seed("ana"))
    assert path == on_a_hub / "scomm-responses" / "submissions" / L / "ana.json"


def test_an_id_set_in_the_notebook_or_by_release_is_kept(on_a_hub: Path) -> None:
    assert params.validate(L, student_id="s-042").student_id == "s-042"


def test_scomm_responses_still_wins(on_a_hub: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "shared"))
    assert responses.root() == tmp_path / "shared"


def test_off_a_hub_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("SCOMM_RESPONSES", raising=False)
    assert params.validate(L, student_id="demo-student").student_id == "demo-student"
    assert responses.root().name == "responses"


def test_a_hub_name_that_cannot_name_files_is_refused_in_one_sentence(
    on_a_hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "ana@example.edu")
    with pytest.raises(params.ParameterError, match=r"Parameter student_id: 'ana@example.edu'"):
        params.validate(L, student_id="demo-student")
