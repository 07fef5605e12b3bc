"""Parameter checks: every bad value names the parameter, the value and what is allowed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pandas as pd
import pytest

from scomm.course import params
from scomm.course.layout import lesson
from scomm.course.world import horizon

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
        (
            "as_of",
            "2999-01-01",
            "Parameter as_of: 2999-01-01 is after 2025-01-20, the last day the kit's data describe",
        ),
        ("role", "teacher", "Parameter role: 'teacher' is not a role (allowed: 'student' or 'instructor')"),
        (
            "level",
            "high school",
            "Parameter level: 'high school' is not a class level (allowed: 'undergraduate' or 'high_school')",
        ),
        ("level", None, "Parameter level: None is not a class level"),
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


def test_the_knowledge_horizon_is_the_latest_allowed_day() -> None:
    last = horizon().date()
    assert params.validate(L, as_of=last.isoformat()).as_of.date() == last
    with pytest.raises(params.ParameterError) as caught:
        params.validate(L, as_of=(last + timedelta(days=1)).isoformat())
    message = str(caught.value)
    assert message.startswith(f"Parameter as_of: {last + timedelta(days=1)} is after {last}")
    assert "knowledge horizon" in message
    assert f"to {last}" in message


def test_a_day_outside_the_lessons_own_range_is_refused() -> None:
    narrow = replace(lesson(1), earliest=date(2008, 3, 28), latest=date(2012, 12, 31))
    assert params.lesson_days(narrow) == (date(2008, 3, 28), date(2012, 12, 31))
    assert params.validate(narrow, as_of="2008-03-28").as_of.date() == date(2008, 3, 28)
    for day in ("2008-03-27", "2013-01-01"):
        with pytest.raises(params.ParameterError) as caught:
            params.validate(narrow, as_of=day)
        assert str(caught.value) == (
            f"Parameter as_of: {day} is outside the days lesson 01_program_mechanics is written for "
            "(allowed: a date from 2008-03-28 to 2012-12-31)"
        )


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


# -- ids an institution uses, values typed after -p, long values in messages ----------------------


@pytest.mark.parametrize("student_id", ["12345", "00123", "0", "s1042", "a.b_c-d", "9" * 64])
def test_any_id_an_institution_uses_passes_unchanged(student_id: str) -> None:
    assert params.from_text("student_id", student_id) == student_id
    assert params.validate(L, student_id=student_id).student_id == student_id


@pytest.mark.parametrize("student_id", ["abc\n", "abc\n\n", "\nabc", "a b", ".hidden", "9" * 65, ""])
def test_an_id_with_anything_more_is_refused(student_id: str) -> None:
    with pytest.raises(
        params.ParameterError, match=r"Parameter student_id: .* cannot name a student's files"
    ):
        params.validate(L, student_id=student_id)


def test_a_number_given_as_the_id_is_refused_because_it_lost_its_zeros() -> None:
    # what papermill's own command line makes of -p student_id 00123
    with pytest.raises(params.ParameterError) as caught:
        params.validate(L, student_id=123)
    message = str(caught.value)
    assert message.startswith(
        "Parameter student_id: 123 is a number, and a number loses an id's leading zeros"
    )
    assert "-r student_id 00123" in message


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("seed", "None", None),
        ("seed", "7", 7),
        ("seed", "seven", "seven"),  # left for the check, which names it
        ("student_id", "00123", "00123"),
        ("focus", "17031", "17031"),
        ("as_of", "2011-03-31", "2011-03-31"),
        ("colour", "12", "12"),  # an unknown name stays as typed; check_names refuses it
    ],
)
def test_a_typed_value_is_read_as_its_parameter_reads_text(name: str, text: str, value: object) -> None:
    assert params.from_text(name, text) == value
    assert params.from_options([(name, text)]) == {name: value}


def test_seed_none_typed_on_a_command_line_is_accepted() -> None:
    assert params.validate(L, seed=params.from_text("seed", "None")).seed is None


LONG = "x" * 40 + "y" * 460


@pytest.mark.parametrize("name", ["focus", "as_of", "role", "level", "student_id", "seed"])
def test_a_long_bad_value_is_shown_as_a_short_prefix_for_every_parameter(name: str) -> None:
    with pytest.raises(params.ParameterError) as caught:
        params.validate(L, **{name: params.from_text(name, LONG)})
    message = str(caught.value)
    assert message.startswith(f"Parameter {name}: ")
    assert f"{'x' * 40!r}…" in message
    assert "xy" not in message  # not one character past the prefix
    assert len(message) < 400


def test_a_long_unknown_name_is_shown_as_a_short_prefix() -> None:
    with pytest.raises(params.ParameterError) as caught:
        params.check_names(L, declared=["focus"], given=[LONG])
    assert str(caught.value).startswith(f"Parameter {'x' * 40}…: {L} takes no parameter of that name")
    assert "xy" not in str(caught.value)


def test_a_date_given_as_a_timestamp_or_datetime_is_read_as_its_day() -> None:
    from datetime import datetime

    assert params.validate(L, as_of=pd.Timestamp("2011-03-31")).as_of == pd.Timestamp("2011-03-31")
    assert params.validate(L, as_of=datetime(2011, 3, 31, 15, 30)).as_of == pd.Timestamp("2011-03-31")
