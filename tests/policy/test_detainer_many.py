"""decide_many, the vectorised engine, agrees with decide on every booking, and takes dates as strings and
minimal columns."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from detainer_strategies import ANSWERABLE_PLACES, answerable, bookings
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scomm.policy import detainers
from scomm.policy.detainers import Booking, decide, decide_many


def _frame(items: list[Booking]) -> pd.DataFrame:
    frame = pd.DataFrame([vars(b) for b in items])
    frame.insert(0, "booking_id", [f"b{i}" for i in range(len(items))])
    return frame


def _assert_same_as_decide(items: list[Booking], frame: pd.DataFrame) -> None:
    out = decide_many(frame)
    assert list(out["booking_id"]) == list(frame["booking_id"])
    for booking, row in zip(items, out.itertuples(), strict=True):
        one = decide(booking)
        local_rule = one.reasons[1].rule_id if len(one.reasons) > 1 else None
        expected = (
            one.federal.regime_id,
            one.local.regime_id if one.local else None,
            one.ice_request,
            one.jail_action,
            one.reasons[0].rule_id,
            local_rule,
            one.hold_until,
            one.form,
        )
        hold = None if pd.isna(row.hold_until) else row.hold_until.to_pydatetime()
        local_regime, local_rule, form = (
            None if pd.isna(v) else v for v in (row.local_regime, row.local_rule, row.form)
        )
        got = (
            row.federal_regime,
            local_regime,
            row.ice_request,
            row.jail_action,
            row.federal_rule,
            local_rule,
            hold,
            form,
        )
        assert got == expected, f"{booking}: {got} != {expected}"


# No deadline: 25 bookings through the frame path can take over 200 ms on a loaded 2-core machine.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(bookings(), min_size=1, max_size=25))
def test_decide_many_matches_decide(items: list[Booking]) -> None:
    items = [b for b in items if answerable(b.booked_on)]
    assume(items)
    _assert_same_as_decide(items, _frame(items))


def test_decide_many_matches_decide_on_a_seeded_random_sample() -> None:
    rng = np.random.default_rng(20141120)
    n = 600
    start = np.datetime64("2008-03-28")
    booked = start + rng.integers(0, 4670, n).astype("timedelta64[D]")  # to the end of 2020
    order = np.where(
        rng.random(n) < 0.3,
        start + rng.integers(-3000, 3000, n).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    frame = pd.DataFrame(
        {
            "booking_id": [f"s{i}" for i in range(n)],
            "booked_on": booked.astype("datetime64[ns]"),
            "jurisdiction_id": rng.choice(ANSWERABLE_PLACES, n),
            "removable": rng.random(n) < 0.9,
            "felony_convictions": rng.poisson(0.3, n),
            "aggravated_felony": rng.random(n) < 0.05,
            "significant_misdemeanors": rng.poisson(0.2, n),
            "other_misdemeanors": rng.poisson(0.8, n),
            "pending_felony_charge": rng.random(n) < 0.25,
            "significant_misdemeanor_charge": rng.random(n) < 0.1,
            "illegal_entry_conviction": rng.random(n) < 0.05,
            "immigration_fraud": rng.random(n) < 0.02,
            "entered_on": np.where(
                rng.random(n) < 0.3,
                np.datetime64("2012-01-01") + rng.integers(0, 3000, n).astype("timedelta64[D]"),
                np.datetime64("NaT"),
            ).astype("datetime64[ns]"),
            "prior_removal_order_on": order.astype("datetime64[ns]"),
            "reentered_after_removal": rng.random(n) < 0.1,
            "gang": rng.random(n) < 0.03,
            "national_security": rng.random(n) < 0.01,
        }
    )
    items = detainers.bookings_of(frame)
    _assert_same_as_decide(items, frame)


def test_decide_many_accepts_dates_strings_and_minimal_columns() -> None:
    frame = pd.DataFrame(
        {"booked_on": [date(2014, 6, 1), date(2014, 5, 30)], "jurisdiction_id": ["los-angeles-county-ca"] * 2}
    )
    frame["felony_convictions"] = 1
    frame.index = ["x", "y"]
    out = decide_many(frame)
    assert list(out.index) == ["x", "y"]
    assert list(out["jail_action"]) == ["decline", "hold"]
    assert list(out["local_regime"]) == ["los-angeles-county-2014", "california-trust-2014"]
    assert list(out["form"]) == ["I-247", "I-247"]
    assert out.loc["y", "hold_until"] == pd.Timestamp("2014-06-03 12:00")
