"""The simulator applies, on each day of lesson 3, exactly the local rules its regimes table shows.

A student running lesson 3 on a day reads the regimes table and then asks the simulator; the
two must agree, and neither may apply a rule no public source yet described.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from scomm.course.layout import lesson
from scomm.course.param_dates import lesson_days
from scomm.course.world import World
from scomm.policy.detainers import Booking, decide, local_regimes
from scomm.policy.detainers.catalogue import loaded

FIRST, LAST = lesson_days(lesson(3))
MONTHS = [d.date() for d in pd.date_range(FIRST, LAST, freq="MS")]


def _shown_in_force(day: date) -> dict[str, pd.Series]:
    """The local regimes the table shows on ``day`` as in force (started, no end shown or not yet past)."""
    table = World(day).table("regimes")
    local = table[table["level"] == "local"]
    started = local["starts"] <= pd.Timestamp(day)
    open_ended = local["ends"].isna() | (local["ends"] >= pd.Timestamp(day))
    return {row.regime_id: row for _, row in local[started & open_ended].iterrows()}


@pytest.mark.parametrize("day", MONTHS, ids=str)
def test_the_simulator_applies_what_the_table_shows_that_day(day: date) -> None:
    shown = _shown_in_force(day)
    sources = World(day).public_ids("sources")
    applied = {
        r.regime_id
        for place in loaded().places
        if loaded().places[place]["level"] not in ("nation", "state")
        for r in local_regimes(place, day, known_on=day)
    }
    assert applied <= set(shown), f"applied but not shown in force on {day}: {applied - set(shown)}"
    for regime_id in applied:
        assert set(shown[regime_id]["source_ids"]) & sources, f"{regime_id} has no public source on {day}"
    every_place = {j for r in loaded().local for j in r.jurisdiction_ids}
    missed = {
        r
        for r in shown
        if not any(r in {x.regime_id for x in local_regimes(j, day, known_on=day)} for j in every_place)
    }
    assert missed == set(), f"shown in force on {day} but never applied: {missed}"


def test_dc_before_its_review_act_was_published_keeps_the_june_act() -> None:
    day = date(2012, 12, 1)
    decision = decide(Booking(booked_on=day, jurisdiction_id="district-of-columbia"), known_on=day)
    assert decision.local is not None and decision.local.regime_id == "dc-2012-emergency"
    assert "none published by then" not in decision.explain(as_of=day)


def test_with_hindsight_the_review_act_applies() -> None:
    day = date(2012, 12, 1)
    assert [r.regime_id for r in local_regimes("district-of-columbia", day)] == ["dc-2012-review"]
