"""Random bookings for the detainer engine's property tests, and which days and places it answers.

Used by ``test_detainers.py``, ``test_hold_deadline.py``, ``test_detainer_many.py`` and
``test_detainer_history.py``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import strategies as st

from scomm.course import world
from scomm.policy import detainers
from scomm.policy.detainers import Booking, catalogue

NEUTRAL = "harris-county-tx"  # Texas: no local limit is recorded anywhere in the state
HORIZON = world.horizon().date()
#: Places one jail system answers for on every day: counties, cities, the District, and
#: Connecticut (whose act binds every jail in the state alike).
ANSWERABLE_PLACES = (
    NEUTRAL,
    "cook-county-il",
    "chicago-il",
    "san-francisco-ca",
    "los-angeles-county-ca",
    "los-angeles-ca",
    "san-diego-county-ca",
    "santa-clara-county-ca",
    "san-mateo-county-ca",
    "connecticut",
    "district-of-columbia",
    "clackamas-county-or",
)
optional_day = st.one_of(st.none(), st.dates(min_value=date(1995, 1, 1), max_value=HORIZON))
moments = st.datetimes(min_value=datetime(2008, 1, 1), max_value=datetime(2030, 12, 1)).map(
    lambda m: m.replace(second=0, microsecond=0)
)


def answerable(day: date) -> bool:
    """Whether the kit's sources give a federal rule for ``day`` (else the engine refuses it)."""
    if day < detainers.PROGRAM_START or day > HORIZON:
        return False
    regime = detainers.federal_regime(day)
    return catalogue.loaded().rules[regime.regime_id][0].outcome != detainers.UNKNOWN


def bookings(first: date = detainers.PROGRAM_START, last: date = HORIZON) -> st.SearchStrategy[Booking]:
    """Bookings in a jail the engine can place, on any day from ``first`` to ``last``."""
    return st.builds(
        Booking,
        booked_on=st.dates(min_value=first, max_value=last),
        jurisdiction_id=st.sampled_from(ANSWERABLE_PLACES),
        removable=st.booleans(),
        felony_convictions=st.integers(0, 3),
        aggravated_felony=st.booleans(),
        significant_misdemeanors=st.integers(0, 2),
        other_misdemeanors=st.integers(0, 4),
        pending_felony_charge=st.booleans(),
        pending_misdemeanor_charge=st.booleans(),
        significant_misdemeanor_charge=st.booleans(),
        illegal_entry_conviction=st.booleans(),
        immigration_fraud=st.booleans(),
        prior_removal_order_on=optional_day,
        reentered_after_removal=st.booleans(),
        gang=st.booleans(),
        national_security=st.booleans(),
        entered_on=optional_day,
        release_at=st.one_of(st.none(), moments),
    )


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
