"""The engine refuses what it cannot answer, and each refusal names the value, what is allowed and the fix."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from test_detainers import NEUTRAL

from scomm.course import world
from scomm.policy import detainers
from scomm.policy.detainers import Booking, batch, catalogue, decide, decide_many
from scomm.policy.detainers import rules as detainer_rules


def test_decide_refuses_a_day_before_the_program() -> None:
    with pytest.raises(ValueError, match="Secure Communities had not started on 2008-02-29"):
        decide(Booking(booked_on=date(2008, 2, 29), jurisdiction_id=NEUTRAL))


def test_decide_refuses_a_day_past_the_knowledge_horizon() -> None:
    horizon = world.horizon().date()
    with pytest.raises(detainers.DetainerError, match=f"after the kit's knowledge horizon, {horizon}"):
        decide(Booking(booked_on=horizon + timedelta(days=1), jurisdiction_id=NEUTRAL))
    with pytest.raises(detainers.DetainerError, match="knowledge horizon"):
        detainers.federal_regime("2030-01-01")


@pytest.mark.parametrize("place", ["united-states"])
def test_decide_refuses_the_whole_country(place: str) -> None:
    with pytest.raises(
        detainers.DetainerError,
        match=r"cannot place a booking under 'united-states'.*whole country.*harris-county-tx",
    ):
        decide(Booking(booked_on=date(2016, 3, 1), jurisdiction_id=place))
    with pytest.raises(detainers.DetainerError, match=r"Row 'r1'.*cannot place"):
        decide_many(pd.DataFrame({"booked_on": ["2016-03-01"], "jurisdiction_id": [place]}, index=["r1"]))


def test_a_whole_state_is_refused_only_when_its_jails_differ() -> None:
    # Oregon: one county's own rule from the ruling (miranda-olivares-2014); none the day before.
    assert (
        decide(
            Booking(booked_on=date(2014, 4, 10), jurisdiction_id="oregon", felony_convictions=1)
        ).jail_action
        == "hold"
    )
    with pytest.raises(detainers.DetainerError, match=r"'oregon'.*Clackamas County, OR had its own rules"):
        decide(Booking(booked_on=date(2014, 4, 11), jurisdiction_id="oregon"))
    with pytest.raises(detainers.DetainerError, match=r"Row 1: .*'california'"):
        decide_many(
            pd.DataFrame({"booked_on": ["2010-01-04", "2015-03-02"], "jurisdiction_id": ["california"] * 2})
        )
    # Connecticut's act binds every jail in the state alike (ct-pa-13-155).
    assert (
        decide(Booking(booked_on=date(2016, 3, 1), jurisdiction_id="connecticut", gang=True)).jail_action
        == "notify"
    )


def test_decide_refuses_an_unknown_jurisdiction_and_suggests_one() -> None:
    with pytest.raises(ValueError, match=r"Unknown jurisdiction id 'cook-county'.*cook-county-il"):
        decide(Booking(booked_on=date(2012, 1, 1), jurisdiction_id="cook-county"))


def test_booking_rejects_bad_facts() -> None:
    with pytest.raises(ValueError, match="felony_convictions must be a whole number"):
        Booking(booked_on=date(2012, 1, 1), jurisdiction_id=NEUTRAL, felony_convictions=-1)
    with pytest.raises(ValueError, match="booked_on must be a date written YYYY-MM-DD"):
        Booking(booked_on="1 May 2012", jurisdiction_id=NEUTRAL)
    with pytest.raises(ValueError, match="release_at must be a date and time"):
        Booking(booked_on=date(2012, 1, 1), jurisdiction_id=NEUTRAL, release_at="noon")


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        pytest.param(pd.DataFrame({"booked_on": ["2012-01-01"]}), "missing: jurisdiction_id", id="missing-column"),
        pytest.param(pd.DataFrame({"booked_on": ["2007-01-01"], "jurisdiction_id": [NEUTRAL]}), "had not started", id="too-early"),
        pytest.param(pd.DataFrame({"booked_on": ["2016-01-01", "2026-01-01"], "jurisdiction_id": [NEUTRAL] * 2}), "Row 1: 2026-01-01 is after the kit's knowledge horizon", id="past-horizon"),
        pytest.param(pd.DataFrame({"booked_on": ["2016-01-01", "2021-01-25"], "jurisdiction_id": [NEUTRAL] * 2}), "Row 1: The kit cannot say what ICE asked jails for on 25 January 2021", id="unknown-day"),
        pytest.param(pd.DataFrame({"booked_on": ["2012-01-01"], "jurisdiction_id": ["atlantis"]}), "Unknown jurisdiction id 'atlantis'", id="unknown-place"),
        pytest.param(pd.DataFrame({"booked_on": [None], "jurisdiction_id": [NEUTRAL]}), "booked_on is blank", id="blank-date"),
        pytest.param(pd.DataFrame({"booked_on": ["someday"], "jurisdiction_id": [NEUTRAL]}), "must hold dates", id="bad-date"),
        pytest.param(pd.DataFrame({"booked_on": ["2012-01-01"], "jurisdiction_id": [NEUTRAL], "gang": [True], "other_misdemeanors": [-2]}), "whole number", id="negative-count"),
        pytest.param([{"booked_on": "2012-01-01"}], "needs a pandas DataFrame", id="not-a-frame"),
    ],
)  # fmt: skip
def test_decide_many_errors_name_the_problem(frame: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decide_many(frame)


def test_federal_regime_refuses_early_days_and_bad_dates() -> None:
    with pytest.raises(ValueError, match="had not started"):
        detainers.federal_regime("2008-02-29")
    with pytest.raises(ValueError, match="must be a date"):
        detainers.federal_regime("soon")


def test_a_missing_fallback_is_reported() -> None:
    partial = [r for r in catalogue.loaded().rules["pep"] if r.condition != "always"]
    with pytest.raises(ValueError, match="must end with an 'always' rule"):
        detainer_rules._first_match(
            partial,
            detainer_rules._facts_of(Booking(booked_on=date(2016, 1, 4), jurisdiction_id=NEUTRAL)),
            request=None,
        )
    with pytest.raises(ValueError, match="must end with an 'always' rule"):
        batch._apply_rules(
            partial,
            lambda c: np.array([False]),
            np.array([True]),
            None,
            np.array([""], dtype=object),
            np.array([""], dtype=object),
        )
