"""A student's own detainer cases: a booking drawn for them and the rules engine's answer to it.

``case(exercise_id, seed, as_of=...)`` draws one booking for one student (a jail, a day, a
record) and the engine's answer to it, as a reader on ``as_of`` could follow it: the booking day
is never after ``as_of`` and the explanation names only what was public then. Scenario exercises
whose definition names this function as their ``generator`` give every student their own cases,
and the grader, which calls it with the submission's seed and ``as_of``, draws the same one:

>>> case("l3-case-1", 7, as_of="2011-06-01") == case("l3-case-1", 7, as_of="2011-06-01")
True
>>> sorted(case("l3-case-1", 7)["answers"])
['jail', 'request']
>>> all(case("l3-case-2", s, as_of="2011-06-01")["facts"]["Booked on"][-4:] <= "2011" for s in range(20))
True

The cases are SYNTHETIC: invented bookings, not people.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from functools import lru_cache

import pandas as pd

from scomm.course import citations, data
from scomm.course.timeline import when
from scomm.course.world import World, horizon
from scomm.policy.detainers import Booking, DetainerError, decide

#: The cases are invented: an exercise drawing them is labelled SYNTHETIC (``scomm.course.synthetic``).
SYNTHETIC = True
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
#: The jail's answer that grants each kind of request; declining answers any request.
GRANTS = {"detainer": "hold", "notification": "notify", "transfer": "transfer", "none": "nothing"}
#: When the person entered the United States, as the simulator offers it: the later rules (their
#: condition in data/regime_rules.csv) that turn on a recent entry, and the day each offers.
ENTRIES = (
    ("entered_since_2014", "In June 2014", date(2014, 6, 1)),
    ("entered_since_nov_2020", "In December 2020", date(2020, 12, 1)),
)
LONG_AGO = "Years before the booking"
#: How a case and the simulator name where the person was booked: the places include a state
#: (Connecticut), whose name alone is not a jail's.
PLACE_LABEL = "Jail in"
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
#: Booking days chosen to cross the federal and local rule changes; a case uses those up to as_of.
DAYS = (
    date(2010, 6, 1),
    date(2011, 10, 3),
    date(2013, 6, 3),
    date(2014, 6, 2),
    date(2016, 3, 1),
    date(2018, 2, 1),
)
#: A case booked this many days before as_of has its hold deadline (48 hours, weekends and
#: holidays not counted) before as_of too, so the case shows nothing after the lesson's day.
BEFORE = timedelta(days=7)
RECORDS = (
    ("no prior convictions; arrested on a misdemeanor charge", {}),
    ("one felony conviction", {"felony_convictions": 1}),
    ("three misdemeanor convictions", {"other_misdemeanors": 3}),
    ("one misdemeanor conviction for drunk driving", {"significant_misdemeanors": 1}),
    (
        "an earlier removal order; arrested on a misdemeanor charge",
        {"prior_removal_order_on": date(2009, 5, 1)},
    ),
    ("no convictions; arrested on a felony charge", {"pending_felony_charge": True}),
)


def requests_from() -> dict[str, str]:
    """The first day (ISO) each kind of request could be ICE's answer: the day the first federal
    rule that asks for it had begun and was public. Notification and transfer requests came with
    the 2014-15 rules (the I-247N and I-247X forms, data/detainer_forms.csv), not before.

    >>> requests_from()["detainer"], requests_from()["transfer"]
    ('2008-03-28', '2015-12-01')
    """
    return dict(_requests_from(data.digest()))


@lru_cache(maxsize=4)
def _requests_from(_digest: str) -> dict[str, str]:
    # Worked out once per version of the data (``data.digest``): every scenario of lesson 3's set
    # asks for it each time the set is built, and a lesson builds its set once per exercise shown.
    regimes = data.load("regimes")
    federal = regimes[regimes["level"] == "federal"]
    public = World(federal["starts"].max()).public_days("regimes")
    begun = {r.regime_id: max(r.starts, public[r.regime_id]) for r in federal.itertuples()}
    rules = data.load("regime_rules")
    asked = rules[rules["regime_id"].isin(list(begun)) & rules["outcome"].isin(list(REQUEST_OPTIONS))]
    first: dict[str, pd.Timestamp] = {}
    for rule in asked.itertuples():
        first[rule.outcome] = min(first.get(rule.outcome, begun[rule.regime_id]), begun[rule.regime_id])
    return {kind: first[kind].date().isoformat() for kind in REQUEST_OPTIONS if kind in first}


def request_options(as_of: str | date | pd.Timestamp) -> dict[str, str]:
    """The requests a student may predict for a booking up to ``as_of``: only kinds ICE's rules
    could ask for by then (``requests_from``).

    >>> list(request_options("2011-06-01"))
    ['detainer', 'none']
    """
    day = pd.Timestamp(as_of).date().isoformat()
    begun = requests_from()
    return {k: words for k, words in REQUEST_OPTIONS.items() if begun.get(k, "9999") <= day}


def jail_options(as_of: str | date | pd.Timestamp) -> dict[str, str]:
    """The jail's answers a student may predict up to ``as_of``: granting a request of the day, or declining.

    >>> list(jail_options("2011-06-01"))
    ['hold', 'decline', 'nothing']
    """
    granted = {GRANTS[kind] for kind in request_options(as_of)} | {"decline"}
    return {k: words for k, words in JAIL_OPTIONS.items() if k in granted}


def option_from() -> dict[str, str]:
    """Each answer's words and the first day it may be offered (a scenario's ``option_from``)."""
    begun = requests_from()
    days = {REQUEST_OPTIONS[k]: day for k, day in begun.items()}
    return days | {JAIL_OPTIONS[GRANTS[k]]: day for k, day in begun.items()}


def entry_options(later: frozenset[str]) -> list[tuple[str, date | None]]:
    """When the person may have entered the United States, for the later rules in ``later``.

    A single choice is a fact of the booking, not a question (the simulator shows it as one).

    >>> entry_options(frozenset())
    [('Years before the booking', None)]
    """
    return [(LONG_AGO, None)] + [(words, day) for name, words, day in ENTRIES if name in later]


def booking_for(place: str, day: date, record: dict) -> Booking:
    """A ``Booking`` for a removable person booked in ``place`` on ``day``."""
    return Booking(
        booked_on=day,
        jurisdiction_id=place,
        release_at=datetime(day.year, day.month, day.day, 15, 0),
        **record,
    )


def days(as_of: date) -> tuple[date, ...]:
    """The booking days a case may fall on when the lesson is set on ``as_of``: the fixed ones
    up to a week before it, and that day a week before (so a case can show the rules of the time),
    leaving out any day on which the engine can state no federal rule.

    >>> [d.isoformat() for d in days(date(2011, 6, 1))]
    ['2010-06-01', '2011-05-25']
    """
    last = as_of - BEFORE
    return tuple(d for d in (*[d for d in DAYS if d < last], last) if _answerable(d))


def _answerable(day: date) -> bool:
    # Some days have no federal rule the kit can state (a court set the rules aside): no case then.
    try:
        decide(booking_for(PLACES[0], day, {}))
    except DetainerError:
        return False
    return True


def case(exercise_id: str, seed: int, as_of: str | date | None = None) -> dict:
    """One student's case for one exercise on ``as_of`` (the knowledge horizon when not given)."""
    day_of = horizon().date() if as_of is None else pd.Timestamp(as_of).date()
    rng = random.Random(f"{exercise_id}:{seed}")
    place, day = rng.choice(PLACES), rng.choice(days(day_of))
    label, record = rng.choice(RECORDS)
    decision = decide(booking_for(place, day, record), known_on=day_of)
    cited = [s for r in decision.reasons for s in r.source_ids if s]
    shown, _later = citations.split(cited, as_of=pd.Timestamp(day_of))
    return {
        "facts": {
            "Booked on": when(day, "day"),
            PLACE_LABEL: decision.place,
            "Record": label,
            "Immigration check": "fingerprints matched a non-citizen the records show as removable",
        },
        "answers": {
            "request": REQUEST_OPTIONS[decision.ice_request],
            "jail": JAIL_OPTIONS[decision.jail_action],
        },
        "explanation": decision.explain(as_of=day_of),
        "rests_on": tuple(f"sources:{s}" for s in shown),
    }
