"""A student's own detainer cases: a booking drawn for them and the rules engine's answer to it.

``case(exercise_id, seed)`` draws one booking for one student (a jail, a day, a record) and the
engine's answer to it. Scenario exercises whose definition names this function as their
``generator`` give every student their own cases, and the grader, which calls the same
function with the submission's seed, checks them against the same rules:

>>> case("l3-case-1", 7) == case("l3-case-1", 7)
True
>>> sorted(case("l3-case-1", 7)["answers"])
['jail', 'request']

The cases are SYNTHETIC: invented bookings, not people.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from scomm.policy.detainers import Booking, decide

REQUEST_OPTIONS = {
    "detainer": "A detainer: hold the person up to 48 hours",
    "notification": "A request to be told before release",
    "transfer": "A request to hand the person over (transfer)",
    "none": "Nothing",
}
JAIL_OPTIONS = {
    "hold": "Hold the person for ICE",
    "notify": "Tell ICE when the person will be released",
    "transfer": "Hand the person over to ICE",
    "decline": "Decline ICE's request",
    "nothing": "Nothing to do: ICE asked for nothing",
}
QUESTIONS = {
    "request": ("What would ICE ask the jail for?", tuple(REQUEST_OPTIONS.values())),
    "jail": ("What would the jail do?", tuple(JAIL_OPTIONS.values())),
}

# Places and days chosen so the cases cross the federal and local rule changes.
PLACES = (
    "harris-county-tx",
    "cook-county-il",
    "los-angeles-county-ca",
    "district-of-columbia",
    "clackamas-county-or",
    "connecticut",
)
DAYS = (date(2011, 6, 15), date(2013, 6, 3), date(2014, 6, 2), date(2016, 3, 1), date(2018, 2, 1))
RECORDS = (
    ("no prior convictions; arrested on a misdemeanor charge", {}),
    ("one felony conviction", {"felony_convictions": 1}),
    ("three misdemeanor convictions", {"other_misdemeanors": 3}),
    ("one significant misdemeanor (e.g. drunk driving)", {"significant_misdemeanors": 1}),
    (
        "an earlier removal order; arrested on a misdemeanor charge",
        {"prior_removal_order_on": date(2009, 5, 1)},
    ),
    ("no convictions; arrested on a felony charge", {"pending_felony_charge": True}),
)


def booking_for(place: str, day: date, record: dict) -> Booking:
    """A ``Booking`` for a removable person booked in ``place`` on ``day``."""
    return Booking(
        booked_on=day,
        jurisdiction_id=place,
        release_at=datetime(day.year, day.month, day.day, 15, 0),
        **record,
    )


def case(exercise_id: str, seed: int) -> dict:
    """One student's case for one exercise: facts to show, the engine's answers and its reasons."""
    rng = random.Random(f"{exercise_id}:{seed}")
    place, day = rng.choice(PLACES), rng.choice(DAYS)
    label, record = rng.choice(RECORDS)
    decision = decide(booking_for(place, day, record))
    return {
        "facts": {
            "Booked on": day.strftime("%-d %B %Y"),
            "Jail": decision.place,
            "Record": label,
            "Immigration check": "fingerprints matched a non-citizen the records show as removable",
        },
        "answers": {
            "request": REQUEST_OPTIONS[decision.ice_request],
            "jail": JAIL_OPTIONS[decision.jail_action],
        },
        "explanation": decision.explain(),
        "rests_on": tuple(f"sources:{s}" for r in decision.reasons for s in r.source_ids),
    }
