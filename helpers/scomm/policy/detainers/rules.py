"""Deciding one booking: the named conditions a rule may test, the first rule that matches, and how
long a jail may hold.

>>> d = decide(Booking(booked_on=date(2013, 6, 3), jurisdiction_id="harris-county-tx", felony_convictions=1))
>>> d.ice_request, d.jail_action, d.federal.regime_id
('detainer', 'hold', 'guidance-2012')
>>> str(hold_deadline(datetime(2013, 6, 7, 15, 0)))  # a Friday afternoon: the weekend does not count
'2013-06-11 15:00:00'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import numpy as np

from scomm.policy.detainers.catalogue import DEFAULT_ANSWERS, Rule, loaded
from scomm.policy.detainers.lookup import (
    check_place,
    federal_regime,
    form_for,
    local_regimes,
    refuse_split_state,
    split_state,
)
from scomm.policy.detainers.model import (
    BORDER_CUTOFF_DAY,
    CUTOFF_DAY,
    EPOCH,
    HOLD_HOURS,
    NO_DAY,
    RESTRICTIVENESS,
    UNKNOWN,
    Booking,
    Decision,
    DetainerError,
    Reason,
    Regime,
    as_moment,
    say_day,
)


@dataclass(frozen=True)
class Facts:
    """A booking's facts as numbers: scalars for one booking, numpy arrays for many (same code)."""

    removable: object
    felony_convictions: object
    aggravated_felony: object
    significant_misdemeanors: object
    other_misdemeanors: object
    pending_felony_charge: object
    significant_misdemeanor_charge: object
    illegal_entry_conviction: object
    immigration_fraud: object
    removal_order_day: object  # days since 1970-01-01; NO_DAY when there is none
    reentered_after_removal: object
    gang: object
    national_security: object
    entered_day: object


def _conviction_priority(f: Facts) -> object:
    return (
        f.aggravated_felony
        | f.national_security
        | (f.felony_convictions >= 1)
        | (f.significant_misdemeanors >= 1)
        | (f.significant_misdemeanors + f.other_misdemeanors >= 3)
    )


def _criminal_priority(f: Facts) -> object:
    # PEP's forms (June 2015) also name knowing gang participation, with or without a conviction.
    return _conviction_priority(f) | f.gang


#: Each condition a rule in ``data/regime_rules.csv`` may name. Written with ``|``, ``>=`` and
#: ``np.logical_not`` so the one definition serves ``decide`` (scalars) and ``decide_many`` (arrays).
CONDITIONS: dict[str, Callable[[Facts], object]] = {
    "always": lambda f: True,
    "not_removable": lambda f: np.logical_not(f.removable),
    "any_removable": lambda f: f.removable,
    "felony_conviction": lambda f: f.felony_convictions >= 1,
    "aggravated_felony": lambda f: f.aggravated_felony,
    "pending_felony_charge": lambda f: f.pending_felony_charge,
    "three_misdemeanors": lambda f: f.significant_misdemeanors + f.other_misdemeanors >= 3,
    "significant_misdemeanor": lambda f: f.significant_misdemeanors >= 1,
    "significant_misdemeanor_charge": lambda f: f.significant_misdemeanor_charge,
    "illegal_entry_conviction": lambda f: f.illegal_entry_conviction,
    "immigration_fraud": lambda f: f.immigration_fraud,
    "prior_removal_order": lambda f: f.removal_order_day != NO_DAY,
    # An order is outstanding unless the person was removed under it (and came back).
    "outstanding_removal_order": lambda f: (
        (f.removal_order_day != NO_DAY) & np.logical_not(f.reentered_after_removal)
    ),
    "reentry": lambda f: f.reentered_after_removal,
    "gang": lambda f: f.gang,
    "national_security": lambda f: f.national_security,
    "final_order_since_2014": lambda f: f.removal_order_day >= CUTOFF_DAY,
    "entered_since_2014": lambda f: f.entered_day >= CUTOFF_DAY,
    "entered_since_nov_2020": lambda f: f.entered_day >= BORDER_CUTOFF_DAY,
    # The kit's stand-in for the 2021 Guidelines' case-by-case public-safety test (see regimes.csv).
    "serious_record": lambda f: f.aggravated_felony | f.gang | (f.felony_convictions >= 1),
    # The kit's stand-in for the 2014 memos' "special circumstances" (see regimes.csv).
    "special_circumstance": lambda f: (
        f.national_security | (_criminal_priority(f) & (f.removal_order_day != NO_DAY))
    ),
    # The same before PEP's forms: the memo let ICE seek people from jails only for listed convictions.
    "special_circumstance_convicted": lambda f: (
        f.national_security | (_conviction_priority(f) & (f.removal_order_day != NO_DAY))
    ),
}
FLAGS = (
    "removable",
    "aggravated_felony",
    "pending_felony_charge",
    "pending_misdemeanor_charge",
    "significant_misdemeanor_charge",
    "illegal_entry_conviction",
    "immigration_fraud",
    "reentered_after_removal",
    "gang",
    "national_security",
)
DATES = ("prior_removal_order_on", "entered_on")


def _facts_of(booking: Booking) -> Facts:
    def days(value: date | None) -> int:
        return NO_DAY if value is None else (value - EPOCH).days

    return Facts(
        removable=bool(booking.removable),
        felony_convictions=int(booking.felony_convictions),
        aggravated_felony=bool(booking.aggravated_felony),
        significant_misdemeanors=int(booking.significant_misdemeanors),
        other_misdemeanors=int(booking.other_misdemeanors),
        pending_felony_charge=bool(booking.pending_felony_charge),
        significant_misdemeanor_charge=bool(booking.significant_misdemeanor_charge),
        illegal_entry_conviction=bool(booking.illegal_entry_conviction),
        immigration_fraud=bool(booking.immigration_fraud),
        removal_order_day=days(booking.prior_removal_order_on),
        reentered_after_removal=bool(booking.reentered_after_removal),
        gang=bool(booking.gang),
        national_security=bool(booking.national_security),
        entered_day=days(booking.entered_on),
    )


def decide(booking: Booking, known_on: date | None = None) -> Decision:
    """What ICE asked for and what the jail did for one booking, with the reasons.

    ``known_on`` (a lesson's day) applies only the local rules public that day, as their table
    shows them; without it the engine applies every rule with hindsight.

    Refuses (``DetainerError``) a day the kit's sources give no federal rule for, a day past the
    knowledge horizon, and a place that is not one jail system.
    """
    day = booking.booked_on
    federal = federal_regime(day)
    check_place(booking.jurisdiction_id)
    split = split_state(booking.jurisdiction_id, day)
    if split is not None:
        raise refuse_split_state(booking.jurisdiction_id, day, split)
    facts = _facts_of(booking)
    catalogue = loaded()
    federal_rule = _first_match(catalogue.rules[federal.regime_id], facts, request=None)
    if federal_rule.outcome == UNKNOWN:
        raise unknown_day(day, federal, federal_rule)
    request = federal_rule.outcome
    reasons = [federal_rule.reason]
    local = None
    if request == "none":
        action = "nothing"
    else:
        local, action, reason = _jail_answer(booking, facts, request, known_on)
        reasons.append(reason)
    hours = local.hold_hours if local else HOLD_HOURS
    hold_until = hold_deadline(booking.release_at, hours=hours) if action == "hold" else None
    place = catalogue.places[booking.jurisdiction_id]["name"]
    form = form_for(request, day, known_on)
    return Decision(
        booking,
        federal,
        local,
        request,
        action,
        hold_until,
        tuple(reasons),
        place,
        form.form if form else None,
        form.name if form else "",
    )


def _jail_answer(
    booking: Booking, facts: Facts, request: str, known_on: date | None = None
) -> tuple[Regime | None, str, Reason]:
    """Every local regime binding the jail that has rules for ``request`` answers; the most
    restrictive answer wins (the jail may do only what all of them allow). None: ICE's default."""
    rules = loaded().rules
    best: tuple[Regime | None, str, Reason] = (None, *DEFAULT_ANSWERS[request])
    for regime in local_regimes(booking.jurisdiction_id, booking.booked_on, known_on):
        if not any(r.request == request for r in rules[regime.regime_id]):
            continue
        rule = _first_match(rules[regime.regime_id], facts, request=request)
        if best[0] is None or RESTRICTIVENESS[rule.outcome] < RESTRICTIVENESS[best[1]]:
            best = (regime, rule.outcome, rule.reason)
    return best


def unknown_day(day: object, federal: Regime, rule: Rule) -> DetainerError:
    """The refusal for a day the kit's sources give no federal rule for."""
    return DetainerError(
        f"The kit cannot say what ICE asked jails for on {say_day(day)} ({federal.name}, "
        f"{federal.regime_id}): {rule.reason.text} Choose another booking date."
    )


def _first_match(rules: Iterable[Rule], facts: Facts, *, request: str | None) -> Rule:
    for rule in rules:
        if rule.request == request and bool(CONDITIONS[rule.condition](facts)):
            return rule
    raise DetainerError(
        f"No rule matched (request {request!r}); every regime must end with an 'always' rule."
    )


# -- how long a jail may hold -------------------------------------------------------------------------


def hold_deadline(release_at: datetime, *, hours: int = HOLD_HOURS) -> datetime:
    """The latest a jail may keep someone on a detainer: ``hours`` (48 under 8 CFR 287.7(d); a local
    law may set fewer) after ``release_at``, not counting Saturdays, Sundays and federal holidays
    (holidays as pandas' ``USFederalHolidayCalendar`` lists them, on the days they are observed).

    >>> str(hold_deadline(datetime(2013, 6, 6, 0, 0)))  # Thursday midnight: ends as Friday ends
    '2013-06-08 00:00:00'
    >>> str(hold_deadline(datetime(2013, 5, 24, 9, 30)))  # Friday before Memorial Day
    '2013-05-29 09:30:00'
    """
    moment = as_moment(release_at, "release_at")
    remaining = timedelta(hours=hours)
    while True:
        midnight = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=moment.tzinfo)
        if _counts(moment.date()):
            if remaining <= midnight - moment:
                return moment + remaining
            remaining -= midnight - moment
        moment = midnight


def _counts(day: date) -> bool:
    """Whether the hours of ``day`` count towards the 48 (a weekday that is not a federal holiday)."""
    # Asked for the day's decade, not its year: pandas works out each span's holidays in about 20 ms,
    # and a lesson's cases and simulator ask for days in several years of one decade.
    decade = day.year - day.year % 10
    return day.weekday() < 5 and np.datetime64(day, "D") not in federal_holidays(decade, decade + 9)


@cache
def federal_holidays(first_year: int, last_year: int) -> frozenset:
    from pandas.tseries.holiday import USFederalHolidayCalendar

    # A year either side, so a holiday observed across New Year is not missed.
    days = USFederalHolidayCalendar().holidays(f"{first_year - 1}-01-01", f"{last_year + 1}-12-31")
    return frozenset(days.to_numpy(dtype="datetime64[D]"))
