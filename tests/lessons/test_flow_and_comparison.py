"""Lesson 4's booking-path diagram and its comparison of the rules agree on every day: the diagram's
last request is the one the federal rules in force that day ask for in the comparison (on 20 November
2014 the diagram showed notification while the comparison's rules in force, the 2012 guidance, asked
only for detainers until the memos' rules applied on 5 January 2015)."""

from __future__ import annotations

import pytest

from scomm.course.params import validate
from scomm.lessons.pep_transition.comparison import compare_regimes, federal_regimes
from scomm.policy.flow import booking_flow

#: The memo's day and the weeks after it, the day its rules applied, PEP's start and the days around the 2017 order.
DAYS = [
    "2014-11-20",
    "2014-11-21",
    "2014-12-01",
    "2014-12-15",
    "2015-01-04",
    "2015-01-05",
    "2015-06-30",
    "2015-07-01",
    "2015-11-30",
    "2015-12-01",
    "2016-03-01",
    "2017-01-24",
    "2017-01-25",
]


@pytest.mark.parametrize("day", DAYS)
def test_the_diagrams_request_is_the_one_the_rules_in_force_ask_for(day: str) -> None:
    p = validate("04_pep_transition", as_of=day)
    in_force = federal_regimes(p)["regime_id"].iloc[-1]
    counts = compare_regimes(p, n=2_000, seed=1)
    asked = set(counts.loc[(counts["regime_id"] == in_force) & (counts["bookings"] > 0), "ice_request"])
    last_request = booking_flow(day).iloc[-2]["short"]
    assert ("notify ICE" in last_request) == ("notification" in asked), (day, in_force, asked, last_request)
    assert ("detainer" in last_request) == ("notification" not in asked)
    # From 1 December 2015 the comparison runs the I-247X transfer request (pep-transfer).
    assert ("transfer" in last_request) == ("transfer" in asked), (day, in_force, asked, last_request)
