"""The detainer engine's records: a booking, a regime, a reason and a decision, and how they are said.

>>> Booking(booked_on="2013-06-03", jurisdiction_id="harris-county-tx").release_at
datetime.datetime(2013, 6, 3, 12, 0)
>>> Booking(booked_on="2013-06-03", jurisdiction_id="harris-county-tx", felony_convictions=-1)
Traceback (most recent call last):
...
scomm.policy.detainers.model.DetainerError: felony_convictions must be a whole number of convictions, 0 or more; got -1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from scomm.course import citations, hindsight
from scomm.course.timeline import when
from scomm.errors import ScommError

REQUESTS = ("detainer", "notification", "transfer", "none")
JAIL_ACTIONS = ("hold", "notify", "transfer", "decline", "nothing")
LOCAL_OUTCOMES = ("hold", "notify", "transfer", "decline")
#: A federal rule whose outcome is UNKNOWN marks days for which the kit's sources give no rule:
#: the engine refuses them rather than guess.
UNKNOWN = "unknown"
#: When a jail is bound by several local rules it may do only what all of them allow: the answer
#: with the lowest rank wins (a decline beats a notice, a notice beats a hold).
RESTRICTIVENESS = {"decline": 0, "notify": 1, "transfer": 1, "hold": 2}
PROGRAM_START = date(2008, 3, 28)
PRIORITY_CUTOFF = date(2014, 1, 1)  # the 2014 memo's date for recent arrivals and recent removal orders
BORDER_CUTOFF = date(2020, 11, 1)  # the 2021 priorities' date for recent arrivals
HOLD_HOURS = 48

EPOCH = date(1970, 1, 1)
NO_DAY = np.iinfo(np.int64).min  # a missing date: before every real day, as NaT is in numpy
CUTOFF_DAY = (PRIORITY_CUTOFF - EPOCH).days
BORDER_CUTOFF_DAY = (BORDER_CUTOFF - EPOCH).days

#: The count fields of a booking: whole numbers, 0 or more.
COUNTS = ("felony_convictions", "significant_misdemeanors", "other_misdemeanors")


class DetainerError(ScommError, ValueError):
    """A booking, date, place or table the engine cannot use; the message says which and why."""


# -- the booking and the answer ---------------------------------------------------------------------


@dataclass(frozen=True)
class Booking:
    """One person booked into a jail whose fingerprints matched a non-citizen.

    Dates may be given as ``date`` objects or ``'YYYY-MM-DD'`` strings. ``release_at`` is when
    the jail would otherwise let the person go; it defaults to noon on the day of booking.
    ``prior_removal_order_on`` is an order still outstanding, unless ``reentered_after_removal``
    says the person was removed under it and came back. ``significant_misdemeanor_charge`` is a
    pending charge for one of the misdemeanours ICE's 2012 guidance listed (violence, sexual
    abuse, drunk driving, flight from an accident, firearms, drug trafficking).
    """

    booked_on: date
    jurisdiction_id: str
    removable: bool = True
    felony_convictions: int = 0
    aggravated_felony: bool = False
    significant_misdemeanors: int = 0
    other_misdemeanors: int = 0
    pending_felony_charge: bool = False
    pending_misdemeanor_charge: bool = True
    significant_misdemeanor_charge: bool = False
    illegal_entry_conviction: bool = False
    immigration_fraud: bool = False
    prior_removal_order_on: date | None = None
    reentered_after_removal: bool = False
    gang: bool = False
    national_security: bool = False
    entered_on: date | None = None
    release_at: datetime | None = None  # default: booked_on at 12:00

    def __post_init__(self) -> None:
        booked = as_day(self.booked_on, "booked_on")
        object.__setattr__(self, "booked_on", booked)
        for name in ("prior_removal_order_on", "entered_on"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, as_day(getattr(self, name), name))
        release = datetime.combine(booked, time(12)) if self.release_at is None else self.release_at
        object.__setattr__(self, "release_at", as_moment(release, "release_at"))
        for name in COUNTS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                raise DetainerError(
                    f"{name} must be a whole number of convictions, 0 or more; got {value!r}."
                )


@dataclass(frozen=True)
class Reason:
    """Why one step of the decision came out as it did: the rule, in words, and its sources."""

    rule_id: str
    text: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Regime:
    """One set of detainer rules in force from ``starts`` to ``ends`` (inclusive; ``None`` = open)."""

    regime_id: str
    level: str
    name: str
    jurisdiction_id: str
    starts: date
    ends: date | None
    summary: str
    simplifications: str
    source_ids: tuple[str, ...]
    also_applies_to: tuple[str, ...] = ()
    starts_precision: str = "day"
    note: str = ""
    hold_hours: int = HOLD_HOURS  # a local law's own limit on a hold, where it sets one
    ends_public: date | None = None  # the day a source giving ``ends`` could be read, when later

    @property
    def jurisdiction_ids(self) -> tuple[str, ...]:
        """Every jurisdiction the regime names directly."""
        return (self.jurisdiction_id, *self.also_applies_to)

    def in_force(self, on: date | str, known_on: date | None = None) -> bool:
        """Whether the regime applied on ``on`` (both ends inclusive), as the public knew on
        ``known_on`` (by default, with hindsight): an end no source had yet reported has not come.
        """
        day = as_day(on, "on")
        ended = self.ends is not None and day > self.ends
        if ended and known_on is not None and self.ends_public is not None:
            ended = self.ends_public <= known_on
        return self.starts <= day and not ended


@dataclass(frozen=True)
class Decision:
    """What ICE asked for, what the jail did, and why, for one booking."""

    booking: Booking
    federal: Regime
    local: Regime | None
    ice_request: str
    jail_action: str
    hold_until: datetime | None
    reasons: tuple[Reason, ...]
    place: str = ""  # the jail's jurisdiction by name, as data/jurisdictions.csv writes it
    form: str | None = None  # ICE's form for the request that day (data/detainer_forms.csv)
    form_name: str = ""

    def explain(self, as_of: date | str | None = None) -> str:
        """A plain-language paragraph naming both regimes and each reason with its sources.

        Given ``as_of`` (a lesson's day), it says only what a reader could follow then: a
        regime whose name points to a later year is called by its level, a rule's sentences about
        later years are left out, and sources published later are only counted. Regimes, rules and
        sources are named in words, never by their ids.
        """
        day = None if as_of is None else pd.Timestamp(as_of).normalize()
        place = self.place or self.booking.jurisdiction_id
        federal, *local = self.reasons
        parts = [
            f"Booked on {say_day(self.booking.booked_on)} in {place}.",
            f"Federal rules: {_regime_label(self.federal, day)}.",
            f"ICE asks for {_REQUEST_WORDS[self.ice_request]}, because: {_cite(federal, day)}",
        ]
        if self.ice_request != "none":
            parts.append(_form_words(self.form, self.form_name))
        if self.local is None:
            parts.append(f"Local rules: none recorded for {place} on that day answer this request.")
        else:
            parts.append(f"Local rules: {_regime_label(self.local, day)}.")
        if local:
            parts.append(f"The jail {_ACTION_WORDS[self.jail_action]}, because: {_cite(local[0], day)}")
        else:
            parts.append("ICE asked for nothing, so the jail has nothing to answer.")
        if self.hold_until is not None:
            hours = self.local.hold_hours if self.local else HOLD_HOURS
            parts.append(
                f"It may keep the person until {say_day(self.hold_until.date())} at {self.hold_until:%H:%M} "
                f"({hours} hours after release, not counting weekends and federal holidays)."
            )
        parts.append("The rules are simplified: the regimes table says what each one leaves out.")
        return " ".join(parts)


# -- how the engine says things ------------------------------------------------------------------------

_REQUEST_WORDS = {
    "detainer": "a detainer (a hold)",
    "notification": "notice of the release",
    "transfer": "the person to be handed over to ICE (a request for transfer)",
    "none": "nothing",
}
_ACTION_WORDS = {
    "hold": "holds the person",
    "notify": "tells ICE when the person will be released",
    "transfer": "hands the person over to ICE",
    "decline": "declines ICE's request",
    "nothing": "does nothing",
}


def _form_words(form: str | None, name: str) -> str:
    if form is None:
        return "No ICE form for this request is recorded for that day."
    return f"ICE's form that day: {form} ({name})."


def as_day(value: object, name: str) -> date:
    if isinstance(value, datetime):  # also pandas Timestamps
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DetainerError(f"{name} must be a date written YYYY-MM-DD; got {value!r}.")


def as_moment(value: object, name: str) -> datetime:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0))
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DetainerError(f"{name} must be a date and time such as '2013-06-07 15:00'; got {value!r}.")


def day_number(value: date) -> int:
    return (value - EPOCH).days


def from_day_number(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def too_late(day: date, horizon: date) -> str:
    return (
        f"{day} is after the kit's knowledge horizon, {horizon}: its sources do not say which rules "
        f"applied later, and the engine will not answer from rules that may have changed. "
        f"Choose a booking date up to {horizon}."
    )


def too_early(day: date) -> str:
    return (
        f"Secure Communities had not started on {day}: the engine covers bookings from "
        f"{say_day(PROGRAM_START)}, the day ICE announced the program. Choose a later booking date."
    )


def say_day(day: date) -> str:
    """A day as the kit writes one everywhere: '1 June 2014' (``timeline.when``)."""
    return when(day, "day")


def say_start(regime: Regime) -> str:
    if regime.starts_precision == "month":
        return f"{regime.starts:%B %Y} (month only)"
    if regime.starts_precision == "year":
        return f"{regime.starts:%Y} (year only)"
    if regime.starts_precision == "estimate":
        return f"{say_day(regime.starts)} (the kit's estimate; see note)"
    return say_day(regime.starts)


def _regime_label(regime: Regime, as_of: pd.Timestamp | None) -> str:
    """A regime as the kit names one to a reader: its name and first day in words, never its id.

    A name that tells of a later year is not shown on an earlier day; the regime is then named by
    its level. (No end date: the regime in force on the booking day had not ended that day.)
    """
    later = as_of is not None and hindsight.present(regime.name, as_of)[1]
    name = f"the {regime.level} rules of that day" if later else regime.name
    return f"{name}, in force from {say_start(regime)}"


def _cite(reason: Reason, as_of: pd.Timestamp | None) -> str:
    """A rule's words with its sources by publisher and date, as every table names them (the rule's
    and the sources' ids stay in the data); sources published after ``as_of`` only counted."""
    text = reason.text
    if as_of is not None:
        text = hindsight.present(text, as_of)[0] or "(the kit's words for this rule tell of later events)"
    shown, later = citations.split([s for s in reason.source_ids if s], as_of=as_of)
    if not shown and not later:  # the engine's own default: no regime rule, so no source
        return text
    named = [
        citations.labels(shown) or "none published by then",
        *([citations.later_text(later)] if later else []),
    ]
    return f"{text} [sources: {'; '.join(named)}]"
