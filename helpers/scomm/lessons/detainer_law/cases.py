"""Lesson 3's detainer cases as of a day: a booking drawn for one student, the engine's answer, and
an explanation that names only what was public on that day.

``case(exercise_id, seed, as_of=...)`` is the generator lesson 3's scenario exercises name. Its
booking days are never after ``as_of``, its explanation leaves out when a regime later ended, and
its sources are only those published by then; the grader, given the same seed and the ``as_of``
the submission records, draws the same case:

>>> case("l3-case-1", 7, as_of="2011-06-01") == case("l3-case-1", 7, as_of="2011-06-01")
True
>>> all(case("l3-case-2", s, as_of="2011-06-01")["facts"]["Booked on"][-4:] <= "2011" for s in range(20))
True

The cases are SYNTHETIC: invented bookings, not people.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from scomm.course import citations
from scomm.course.world import horizon
from scomm.lessons.detainer_law.dated import present, regime_name
from scomm.policy.detainers import HOLD_HOURS, Decision, DetainerError, decide
from scomm.policy.scenarios import JAIL_OPTIONS, PLACES, RECORDS, REQUEST_OPTIONS, booking_for

__all__ = ["JAIL_OPTIONS", "QUESTIONS", "REQUEST_OPTIONS", "case", "days", "explain"]

QUESTIONS = {
    "request": ("What would ICE ask the jail for?", tuple(REQUEST_OPTIONS.values())),
    "jail": ("What would the jail do?", tuple(JAIL_OPTIONS.values())),
}

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
    day_of = _as_date(as_of)
    rng = random.Random(f"{exercise_id}:{seed}")
    place, day = rng.choice(PLACES), rng.choice(days(day_of))
    label, record = rng.choice(RECORDS)
    decision = decide(booking_for(place, day, record))
    shown, _later = citations.split(_cited(decision), as_of=pd.Timestamp(day_of))
    return {
        "facts": {
            "Booked on": f"{day.day} {day:%B %Y}",
            "Jail": decision.place,
            "Record": label,
            "Immigration check": "fingerprints matched a non-citizen the records show as removable",
        },
        "answers": {
            "request": REQUEST_OPTIONS[decision.ice_request],
            "jail": JAIL_OPTIONS[decision.jail_action],
        },
        "explanation": explain(decision, pd.Timestamp(day_of)),
        "rests_on": tuple(f"sources:{s}" for s in shown),
    }


def explain(decision: Decision, as_of: pd.Timestamp) -> str:
    """The engine's answer in words, as a reader on ``as_of`` could follow it.

    Unlike ``Decision.explain`` it never says when a regime ended (that may lie after ``as_of``),
    leaves out sentences about later years, and names only sources published by ``as_of``.
    """
    place = decision.place or decision.booking.jurisdiction_id
    federal, *local = decision.reasons
    parts = [
        f"Booked on {_day(decision.booking.booked_on)} in {place}.",
        f"Federal rules: {_regime(decision.federal, as_of)}.",
        f"ICE asks for: {_lower(REQUEST_OPTIONS[decision.ice_request])}. Why: {_reason(federal, as_of)}",
    ]
    if decision.ice_request != "none":
        parts.append(_form(decision))
    if decision.local is None:
        parts.append(f"Local rules: none recorded for {place} on that day.")
    else:
        parts.append(f"Local rules: {_regime(decision.local, as_of)}.")
    if local:
        parts.append(
            f"The jail: {_lower(JAIL_OPTIONS[decision.jail_action])}. Why: {_reason(local[0], as_of)}"
        )
    else:
        parts.append("ICE asked for nothing, so the jail has nothing to answer.")
    if decision.hold_until is not None:
        parts.append(
            f"It may keep the person until {_day(decision.hold_until.date())} at {decision.hold_until:%H:%M} "
            f"({_hours(decision)} hours after release, not counting weekends and federal holidays)."
        )
    parts.append("The rules are simplified: the regimes table says what each one leaves out.")
    return " ".join(parts)


def _reason(reason: object, as_of: pd.Timestamp) -> str:
    text, _dropped = present(reason.text, as_of)
    text = text or "the kit's wording of this rule tells of later events, so it is not shown on this day."
    if not any(reason.source_ids):  # the engine's own default: no regime rule, so no source
        return f"{text} (rule {reason.rule_id})"
    shown, later = citations.split([s for s in reason.source_ids if s], as_of=as_of)
    cites = [*shown, citations.later_text(later)] if later else shown
    return f"{text} (rule {reason.rule_id}; {'; '.join(cites) or 'no source published by then'})"


def _regime(regime: object, as_of: pd.Timestamp) -> str:
    name = regime_name(regime.name, regime.regime_id, as_of)
    return f"{name} ({regime.regime_id}, from {_day(regime.starts)})"


def _cited(decision: Decision) -> list[str]:
    return [s for r in decision.reasons for s in r.source_ids]


def _form(decision: Decision) -> str:
    # The form in use on a booking day up to as_of was public by then (data/detainer_forms.csv).
    if decision.form is None:
        return "No ICE form for this request is recorded for that day."
    return f"ICE's form that day: {decision.form} ({decision.form_name})."


def _hours(decision: Decision) -> int:
    return decision.local.hold_hours if decision.local is not None else HOLD_HOURS


def _lower(option: str) -> str:
    return option[:1].lower() + option[1:]


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _as_date(as_of: str | date | None) -> date:
    if as_of is None:
        return horizon().date()
    return pd.Timestamp(as_of).date()
