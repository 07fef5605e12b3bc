"""Hold deadlines: 48 business hours counted exactly, local limits, and the vectorised deadlines agreeing
with hold_deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from detainer_strategies import moments
from hypothesis import given
from hypothesis import strategies as st
from pandas.tseries.holiday import USFederalHolidayCalendar
from test_detainers import NEUTRAL

from scomm.policy import detainers
from scomm.policy.detainers import Booking, batch, catalogue, decide, hold_deadline

# 48 hours: 8 CFR 287.7(d) (cfr-287-7). 24 hours: the District's act and Santa Clara County's policy
# (dc-2012-detainer-act, sanjoseinside-2013-11-01). Neither counts weekends or holidays.
DEADLINES = [
    (48, "2013-06-07 15:00", "2013-06-11 15:00", "friday-afternoon-to-tuesday"),
    (48, "2013-06-03 09:00", "2013-06-05 09:00", "monday-to-wednesday"),
    (48, "2013-06-06 00:00", "2013-06-08 00:00", "thursday-midnight-ends-as-friday-ends"),
    (48, "2013-06-08 10:00", "2013-06-12 00:00", "saturday-clock-starts-monday"),
    (48, "2013-05-24 09:30", "2013-05-29 09:30", "friday-before-memorial-day-monday"),
    (48, "2013-05-27 10:00", "2013-05-30 00:00", "released-on-memorial-day"),
    (48, "2013-11-27 18:00", "2013-12-02 18:00", "across-thanksgiving-and-weekend"),
    (48, "2010-12-30 12:00", "2011-01-04 12:00", "new-year-observed-on-friday-dec-31"),
    (48, "2011-12-30 12:00", "2012-01-04 12:00", "new-year-observed-on-monday-jan-2"),
    (24, "2013-06-07 15:00", "2013-06-10 15:00", "24h-friday-afternoon-to-monday"),
    (24, "2013-06-03 09:00", "2013-06-04 09:00", "24h-monday-to-tuesday"),
    (24, "2013-06-08 10:00", "2013-06-11 00:00", "24h-saturday-clock-starts-monday"),
    (24, "2013-05-24 09:30", "2013-05-28 09:30", "24h-friday-before-memorial-day-monday"),
]


@pytest.mark.parametrize(
    ("hours", "release", "deadline"), [pytest.param(h, r, d, id=i) for h, r, d, i in DEADLINES]
)
def test_hold_deadline(hours: int, release: str, deadline: str) -> None:
    assert hold_deadline(datetime.fromisoformat(release), hours=hours) == datetime.fromisoformat(deadline)
    vectorised = batch._hold_deadlines(np.array([release], dtype="datetime64[ns]"), hours=hours)
    assert pd.Timestamp(vectorised[0]) == pd.Timestamp(deadline)


def test_the_district_and_santa_clara_carry_their_24_hour_limit() -> None:
    limits = {r.regime_id: r.hold_hours for r in catalogue.loaded().local}
    assert limits["dc-2012"] == limits["dc-2012-emergency"] == limits["santa-clara-2011"] == 24
    assert limits["connecticut-trust-2013"] == detainers.HOLD_HOURS == 48


def test_decision_hold_until_uses_release_time() -> None:
    booking = Booking(
        booked_on=date(2013, 6, 7),
        jurisdiction_id=NEUTRAL,
        felony_convictions=1,
        release_at=datetime(2013, 6, 7, 15),
    )
    assert decide(booking).hold_until == datetime(2013, 6, 11, 15)
    assert Booking(booked_on=date(2013, 6, 7), jurisdiction_id=NEUTRAL).release_at == datetime(2013, 6, 7, 12)


_HOLIDAYS = set(USFederalHolidayCalendar().holidays("2007-01-01", "2031-12-31").date)


def _counted(day: date) -> bool:
    return day.weekday() < 5 and day not in _HOLIDAYS


def _counted_time(start: datetime, end: datetime) -> timedelta:
    total, moment = timedelta(0), start
    while moment < end:
        midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time())
        if _counted(moment.date()):
            total += min(end, midnight) - moment
        moment = midnight
    return total


@given(moments)
def test_hold_deadline_counts_exactly_48_business_hours(release: datetime) -> None:
    deadline = hold_deadline(release)
    assert deadline - release >= timedelta(hours=48)
    assert _counted_time(release, deadline) == timedelta(hours=48)
    if deadline.time() == datetime.min.time():  # ends at a midnight: the day just ended must count
        assert _counted(deadline.date() - timedelta(days=1))
    else:  # ends part-way through a day: that day must count
        assert _counted(deadline.date())


@given(st.lists(moments, min_size=1, max_size=30), st.sampled_from([24, 48, 72]))
def test_vectorised_deadlines_match_hold_deadline(releases: list[datetime], hours: int) -> None:
    got = batch._hold_deadlines(np.array(releases, dtype="datetime64[ns]"), hours=hours)
    assert [pd.Timestamp(g).to_pydatetime() for g in got] == [hold_deadline(r, hours=hours) for r in releases]
