"""Parameter checks: every bad value names the parameter, the value and what is allowed."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

from scomm import params

L = "01_program_mechanics"


def test_good_values_come_back_normalised() -> None:
    p = params.validate(L, focus="  cook   county ", as_of="2011-03-31", role="instructor")
    assert p.focus == "Cook County, IL"
    assert p.as_of == pd.Timestamp("2011-03-31")
    assert p.instructor


def test_an_alias_finds_its_jurisdiction() -> None:
    assert params.validate(L, focus="Washington, DC").focus == "District of Columbia"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "focus",
            "Cook Cnty",
            "Parameter focus: unknown jurisdiction 'Cook Cnty'; did you mean 'Cook County, IL'?",
        ),
        (
            "focus",
            "Atlantis",
            "Parameter focus: unknown jurisdiction 'Atlantis' (allowed: any name in data/jurisdictions.csv",
        ),
        ("focus", "", "Parameter focus: '' is not a jurisdiction name"),
        ("focus", 17031, "Parameter focus: 17031 is not a jurisdiction name"),
        (
            "as_of",
            "2011-13-01",
            "Parameter as_of: '2011-13-01' is not a date (allowed: a date written YYYY-MM-DD",
        ),
        ("as_of", "31/03/2011", "Parameter as_of: '31/03/2011' is not a date"),
        ("as_of", "2001-06-01", "Parameter as_of: 2001-06-01 is outside the period the kit covers"),
        ("as_of", "2999-01-01", "Parameter as_of: 2999-01-01 is outside the period the kit covers"),
        ("role", "teacher", "Parameter role: 'teacher' is not a role (allowed: 'student' or 'instructor')"),
        (
            "student_id",
            "../../etc/passwd",
            "Parameter student_id: '../../etc/passwd' cannot name a student's files",
        ),
        ("seed", -1, "Parameter seed: -1 is not a usable seed (allowed: None or a whole number from 0 to"),
        ("seed", True, "Parameter seed: True is not a usable seed"),
    ],
)
def test_a_bad_value_says_which_parameter_what_value_and_what_is_allowed(
    name: str, value: object, message: str
) -> None:
    with pytest.raises(params.ParameterError) as caught:
        params.validate(L, **{name: value})
    assert str(caught.value).startswith(message)
    assert "allowed:" in str(caught.value)


def test_today_is_the_latest_allowed_day() -> None:
    assert params.validate(L, as_of=date.today().isoformat()).as_of.date() == date.today()


def test_a_misspelt_name_gets_a_suggestion() -> None:
    with pytest.raises(
        params.ParameterError,
        match=r"Parameter foucs: 01_program_mechanics takes no parameter of that name; did you mean 'focus'\? \(allowed: focus, as_of, role\)",
    ):
        params.check_names(L, declared=["focus", "as_of", "role"], given=["foucs"])


def test_an_unknown_name_passed_by_a_notebook_is_refused() -> None:
    with pytest.raises(params.ParameterError, match="Parameter colour: the kit does not know it"):
        params.validate(L, colour="red")


def test_names_injected_by_papermill_are_checked_inside_a_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    history = ["", 'focus = "Harris County, TX"\n', '# Parameters\nfoucs = "Cook County, IL"\n']
    shell = SimpleNamespace(user_ns={"In": history})
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    with pytest.raises(
        params.ParameterError, match="Parameter foucs: 01_program_mechanics takes no parameter"
    ):
        params.validate(L, focus="Harris County, TX")


def test_students_see_one_sentence_not_a_traceback() -> None:
    error = params.ParameterError("Parameter role: 'x' is not a role (allowed: 'student' or 'instructor')")
    assert error._render_traceback_() == [f"ParameterError: {error}"]
