"""The detainer rules engine: what ICE asked a jail for, and what the jail did, on any day from 2008.

A booking's fingerprints matched a non-citizen. Two sets of rules then apply, one after the other:

1. the **federal regime** in force that day decides what ICE asks for: a ``detainer`` (hold the
   person up to 48 hours), a ``notification`` (tell ICE before release) or ``none``;
2. the **local regime** of the jail's county (or, failing that, its state) decides how the jail
   answers: ``hold``, ``notify``, ``decline``, or ``nothing`` when ICE asked for nothing. Where
   no local regime is recorded the jail does what ICE asks.

The rules are data (``data/regimes.csv`` and ``data/regime_rules.csv``), each citing its sources;
this module only knows the named conditions the rules test. Every answer says which rule gave it.

>>> d = decide(Booking(booked_on=date(2013, 6, 3), jurisdiction_id="harris-county-tx", felony_convictions=1))
>>> d.ice_request, d.jail_action, d.federal.regime_id
('detainer', 'hold', 'guidance-2012')
>>> decide(Booking(booked_on=date(2013, 6, 3), jurisdiction_id="cook-county-il", felony_convictions=1)).jail_action
'decline'
>>> str(hold_deadline(datetime(2013, 6, 7, 15, 0)))  # a Friday afternoon: the weekend does not count
'2013-06-11 15:00:00'

The engine simplifies: every regime's ``simplifications`` (``regimes_table()``) say what it
leaves out, and the dates the sources do not fix exactly are marked there too.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import cache

import numpy as np
import pandas as pd

from scomm.course import data
from scomm.course.tables import Table

REQUESTS = ("detainer", "notification", "none")
JAIL_ACTIONS = ("hold", "notify", "decline", "nothing")
LOCAL_OUTCOMES = ("hold", "notify", "decline")
PROGRAM_START = date(2008, 3, 1)
PRIORITY_CUTOFF = date(2014, 1, 1)  # the 2014 memo's date for recent arrivals and recent removal orders
HOLD_HOURS = 48

_EPOCH = date(1970, 1, 1)
_NO_DAY = np.iinfo(np.int64).min  # a missing date: before every real day, as NaT is in numpy
_CUTOFF_DAY = (PRIORITY_CUTOFF - _EPOCH).days


# -- the booking and the answer ---------------------------------------------------------------------


@dataclass(frozen=True)
class Booking:
    """One person booked into a jail whose fingerprints matched a non-citizen.

    Dates may be given as ``date`` objects or ``'YYYY-MM-DD'`` strings. ``release_at`` is when
    the jail would otherwise let the person go; it defaults to noon on the day of booking.
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
    prior_removal_order_on: date | None = None
    reentered_after_removal: bool = False
    gang: bool = False
    national_security: bool = False
    entered_on: date | None = None
    release_at: datetime | None = None  # default: booked_on at 12:00

    def __post_init__(self) -> None:
        booked = _day(self.booked_on, "booked_on")
        object.__setattr__(self, "booked_on", booked)
        for name in ("prior_removal_order_on", "entered_on"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _day(getattr(self, name), name))
        release = datetime.combine(booked, time(12)) if self.release_at is None else self.release_at
        object.__setattr__(self, "release_at", _moment(release, "release_at"))
        for name in _COUNTS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                raise ValueError(f"{name} must be a whole number of convictions, 0 or more; got {value!r}.")


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

    @property
    def jurisdiction_ids(self) -> tuple[str, ...]:
        """Every jurisdiction the regime names directly."""
        return (self.jurisdiction_id, *self.also_applies_to)

    def in_force(self, on: date | str) -> bool:
        """Whether the regime applied on ``on`` (both ends inclusive)."""
        day = _day(on, "on")
        return self.starts <= day and (self.ends is None or day <= self.ends)


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

    def explain(self) -> str:
        """A plain-language paragraph naming both regimes and each reason with its sources."""
        place = _catalogue().places[self.booking.jurisdiction_id]["name"]
        federal, *local = self.reasons
        parts = [
            f"Booked on {_say(self.booking.booked_on)} in {place}.",
            f"Federal rules: {_regime_label(self.federal)}.",
            f"ICE asks for {_REQUEST_WORDS[self.ice_request]}, because: {_cite(federal)}",
        ]
        if self.local is None:
            parts.append(f"Local rules: none recorded for {place} on that day.")
        else:
            parts.append(f"Local rules: {_regime_label(self.local)}.")
        if local:
            parts.append(f"The jail {_ACTION_WORDS[self.jail_action]}, because: {_cite(local[0])}")
        else:
            parts.append("ICE asked for nothing, so the jail has nothing to answer.")
        if self.hold_until is not None:
            parts.append(
                f"It may keep the person until {_say(self.hold_until.date())} at {self.hold_until:%H:%M} "
                f"({HOLD_HOURS} hours after release, not counting weekends and federal holidays)."
            )
        parts.append("The rules are simplified: regimes_table() says what each one leaves out.")
        return " ".join(parts)


# -- the named conditions the rules may test -----------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """A booking's facts as numbers: scalars for one booking, numpy arrays for many (same code)."""

    removable: object
    felony_convictions: object
    aggravated_felony: object
    significant_misdemeanors: object
    other_misdemeanors: object
    pending_felony_charge: object
    removal_order_day: object  # days since 1970-01-01; _NO_DAY when there is none
    reentered_after_removal: object
    gang: object
    national_security: object
    entered_day: object


def _criminal_priority(f: _Facts) -> object:
    return (
        f.aggravated_felony
        | f.gang
        | f.national_security
        | (f.felony_convictions >= 1)
        | (f.significant_misdemeanors >= 1)
        | (f.significant_misdemeanors + f.other_misdemeanors >= 3)
    )


#: Each condition a rule in ``data/regime_rules.csv`` may name. Written with ``|``, ``>=`` and
#: ``np.logical_not`` so the one definition serves ``decide`` (scalars) and ``decide_many`` (arrays).
CONDITIONS: dict[str, Callable[[_Facts], object]] = {
    "always": lambda f: True,
    "not_removable": lambda f: np.logical_not(f.removable),
    "any_removable": lambda f: f.removable,
    "felony_conviction": lambda f: f.felony_convictions >= 1,
    "aggravated_felony": lambda f: f.aggravated_felony,
    "pending_felony_charge": lambda f: f.pending_felony_charge,
    "three_misdemeanors": lambda f: f.significant_misdemeanors + f.other_misdemeanors >= 3,
    "significant_misdemeanor": lambda f: f.significant_misdemeanors >= 1,
    "prior_removal_order": lambda f: f.removal_order_day != _NO_DAY,
    "reentry": lambda f: f.reentered_after_removal,
    "gang": lambda f: f.gang,
    "national_security": lambda f: f.national_security,
    "final_order_since_2014": lambda f: f.removal_order_day >= _CUTOFF_DAY,
    "entered_since_2014": lambda f: f.entered_day >= _CUTOFF_DAY,
    # The kit's stand-in for the 2014 memos' "special circumstances" (see regimes.csv).
    "special_circumstance": lambda f: (
        f.national_security | (_criminal_priority(f) & (f.removal_order_day != _NO_DAY))
    ),
}
_COUNTS = ("felony_convictions", "significant_misdemeanors", "other_misdemeanors")
_FLAGS = (
    "removable",
    "aggravated_felony",
    "pending_felony_charge",
    "pending_misdemeanor_charge",
    "reentered_after_removal",
    "gang",
    "national_security",
)
_DATES = ("prior_removal_order_on", "entered_on")


def _facts_of(booking: Booking) -> _Facts:
    def days(value: date | None) -> int:
        return _NO_DAY if value is None else (value - _EPOCH).days

    return _Facts(
        removable=bool(booking.removable),
        felony_convictions=int(booking.felony_convictions),
        aggravated_felony=bool(booking.aggravated_felony),
        significant_misdemeanors=int(booking.significant_misdemeanors),
        other_misdemeanors=int(booking.other_misdemeanors),
        pending_felony_charge=bool(booking.pending_felony_charge),
        removal_order_day=days(booking.prior_removal_order_on),
        reentered_after_removal=bool(booking.reentered_after_removal),
        gang=bool(booking.gang),
        national_security=bool(booking.national_security),
        entered_day=days(booking.entered_on),
    )


# -- the rules, loaded once from data/ -----------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    rule_id: str
    regime_id: str
    order: int
    request: str | None
    condition: str
    outcome: str
    reason: Reason


@dataclass(frozen=True)
class _Catalogue:
    federal: tuple[Regime, ...]  # by start date
    local: tuple[Regime, ...]  # by start date
    rules: dict[str, tuple[_Rule, ...]]  # regime_id -> rules in order
    places: dict[str, dict]  # jurisdiction_id -> {name, state, level}
    state_regimes: dict[str, str] = field(default_factory=dict)  # local regime_id -> state code it covers

    @property
    def federal_starts(self) -> list[date]:
        return [r.starts for r in self.federal]


# Where no local regime applies, the jail does what ICE asks.
_DEFAULT_ANSWERS = {
    "detainer": (
        "hold",
        Reason(
            "default-hold",
            "No local limit is recorded here for that day, so the jail does as ICE asks and keeps "
            f"the person for up to {HOLD_HOURS} hours, not counting weekends and federal holidays.",
            ("cfr-287-7",),
        ),
    ),
    "notification": (
        "notify",
        Reason(
            "default-notify",
            "No local limit is recorded here for that day, so the jail tells ICE when the person "
            "will be released.",
            ("dhs-2014-scomm-memo",),
        ),
    ),
}


@cache
def _catalogue() -> _Catalogue:
    # Loaded once per session; restart the kernel after editing the rules in data/.
    places = {
        row.jurisdiction_id: {"name": row.name, "state": row.state or None, "level": str(row.level)}
        for row in data.load("jurisdictions").itertuples()
    }
    regimes = [_regime(row) for row in data.load("regimes").sort_values("starts").itertuples()]
    rules: dict[str, list[_Rule]] = {r.regime_id: [] for r in regimes}
    for row in data.load("regime_rules").sort_values(["regime_id", "order"]).itertuples():
        reason = Reason(row.rule_id, row.explanation, tuple(row.source_ids))
        request = None if pd.isna(row.request) else str(row.request)
        rules[row.regime_id].append(
            _Rule(
                row.rule_id,
                row.regime_id,
                int(row.order),
                request,
                str(row.condition),
                str(row.outcome),
                reason,
            )
        )
    local = tuple(r for r in regimes if r.level == "local")
    return _Catalogue(
        federal=tuple(r for r in regimes if r.level == "federal"),
        local=local,
        rules={key: tuple(value) for key, value in rules.items()},
        places=places,
        state_regimes={
            r.regime_id: places[r.jurisdiction_id]["state"]
            for r in local
            if places[r.jurisdiction_id]["level"] == "state"
        },
    )


def _regime(row: object) -> Regime:
    return Regime(
        regime_id=row.regime_id,
        level=str(row.level),
        name=row.name,
        jurisdiction_id=row.jurisdiction_id,
        starts=row.starts.date(),
        ends=None if pd.isna(row.ends) else row.ends.date(),
        summary=row.summary,
        simplifications=row.simplifications,
        source_ids=tuple(row.source_ids),
        also_applies_to=tuple(row.also_applies_to),
        starts_precision=str(row.starts_precision),
        note=row.note,
    )


# -- looking regimes up ----------------------------------------------------------------------------------


def federal_regime(on: date | str) -> Regime:
    """The federal regime in force on ``on``.

    >>> federal_regime("2012-12-20").regime_id, federal_regime("2012-12-21").regime_id
    ('scomm-practice', 'guidance-2012')
    """
    day = _day(on, "on")
    if day < PROGRAM_START:
        raise ValueError(_too_early(day))
    federal = _catalogue().federal
    found = federal[bisect.bisect_right(_catalogue().federal_starts, day) - 1]
    if not found.in_force(day):
        raise ValueError(f"No federal regime is recorded for {day}; check data/regimes.csv for a gap.")
    return found


def local_regime(jurisdiction_id: str, on: date | str) -> Regime | None:
    """The local regime for a jail on ``on``: the place's own first, then its state's; else ``None``.

    >>> local_regime("san-diego-county-ca", "2014-03-01").regime_id
    'california-trust-2014'
    >>> local_regime("harris-county-tx", "2014-03-01") is None
    True
    """
    _check_place(jurisdiction_id)
    day = _day(on, "on")
    catalogue = _catalogue()
    own = [r for r in catalogue.local if jurisdiction_id in r.jurisdiction_ids and r.in_force(day)]
    if own:
        return own[0]
    state = catalogue.places[jurisdiction_id]["state"]
    for regime in catalogue.local:
        if state and catalogue.state_regimes.get(regime.regime_id) == state and regime.in_force(day):
            return regime
    return None


def limits_in_force(on: date | str) -> list[Regime]:
    """Every local regime in force on ``on``, anywhere, oldest first (for the 'spread' chart).

    >>> [r.regime_id for r in limits_in_force("2012-06-01")]
    ['cook-county-2011']
    """
    day = _day(on, "on")
    return [r for r in _catalogue().local if r.in_force(day)]


# -- deciding one booking -------------------------------------------------------------------------------


def decide(booking: Booking) -> Decision:
    """What ICE asked for and what the jail did for one booking, with the reasons."""
    federal = federal_regime(booking.booked_on)
    local = local_regime(booking.jurisdiction_id, booking.booked_on)
    facts = _facts_of(booking)
    rules = _catalogue().rules
    federal_rule = _first_match(rules[federal.regime_id], facts, request=None)
    request = federal_rule.outcome
    reasons = [federal_rule.reason]
    if request == "none":
        action = "nothing"
    elif local is None:
        action, reason = _DEFAULT_ANSWERS[request]
        reasons.append(reason)
    else:
        local_rule = _first_match(rules[local.regime_id], facts, request=request)
        action = local_rule.outcome
        reasons.append(local_rule.reason)
    hold_until = hold_deadline(booking.release_at) if action == "hold" else None
    return Decision(booking, federal, local, request, action, hold_until, tuple(reasons))


def _first_match(rules: Iterable[_Rule], facts: _Facts, *, request: str | None) -> _Rule:
    for rule in rules:
        if rule.request == request and bool(CONDITIONS[rule.condition](facts)):
            return rule
    raise ValueError(f"No rule matched (request {request!r}); every regime must end with an 'always' rule.")


# -- deciding many bookings at once ---------------------------------------------------------------------

_OUTPUT = (
    "federal_regime",
    "local_regime",
    "ice_request",
    "jail_action",
    "federal_rule",
    "local_rule",
    "hold_until",
)


def bookings_of(frame: pd.DataFrame) -> list[Booking]:
    """One ``Booking`` per row of a bookings table (the columns ``decide_many`` takes).

    Columns the table lacks keep ``Booking``'s defaults; missing dates (NaT) become None.
    """
    names = [f.name for f in fields(Booking) if f.name in frame.columns]

    def plain(value: object) -> object:
        if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
            return None
        return value.item() if isinstance(value, np.generic) else value

    return [
        Booking(**{n: plain(v) for n, v in zip(names, row, strict=True)})
        for row in frame[names].itertuples(index=False)
    ]


def decide_many(bookings: pd.DataFrame) -> pd.DataFrame:
    """``decide`` for a table of bookings at once, with the same answers row by row.

    The columns are ``Booking``'s fields (``booked_on`` and ``jurisdiction_id`` required; the others
    take ``Booking``'s defaults when absent or blank), plus any others such as ``booking_id``, which
    are kept. Adds ``federal_regime``, ``local_regime``, ``ice_request``, ``jail_action``,
    ``federal_rule``, ``local_rule`` (the reason for the jail's answer; blank when ICE asked
    nothing) and ``hold_until``.

    >>> frame = pd.DataFrame({"booked_on": ["2016-03-01", "2016-03-01"],
    ...                       "jurisdiction_id": ["harris-county-tx", "cook-county-il"],
    ...                       "felony_convictions": [1, 1]})
    >>> decide_many(frame)[["ice_request", "jail_action"]].values.tolist()
    [['notification', 'notify'], ['notification', 'decline']]
    """
    columns = _columns(bookings)
    catalogue = _catalogue()
    days = columns["booked_day"]
    federal_index = _federal_index(catalogue, days)
    memo: dict[str, np.ndarray] = {}

    def test(condition: str) -> np.ndarray:
        if condition not in memo:
            memo[condition] = np.broadcast_to(CONDITIONS[condition](columns["facts"]), days.shape)
        return memo[condition]

    request = np.full(days.shape, "", dtype=object)
    federal_rule = np.full(days.shape, "", dtype=object)
    for number, regime in enumerate(catalogue.federal):
        _apply_rules(
            catalogue.rules[regime.regime_id], test, federal_index == number, None, request, federal_rule
        )
    local_index = _local_index(catalogue, days, columns["jurisdiction_id"])
    action, local_rule = _jail_answers(catalogue, test, request, local_index)
    hold_until = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
    holding = action == "hold"
    if holding.any():
        hold_until[holding] = _hold_deadlines(columns["release_at"][holding])
    out = bookings.copy()
    names = [r.regime_id for r in catalogue.federal], [r.regime_id for r in catalogue.local]
    out["federal_regime"] = np.asarray(names[0], dtype=object)[federal_index]
    out["local_regime"] = np.where(
        local_index >= 0, np.asarray([*names[1], ""], dtype=object)[local_index], None
    )
    out["ice_request"] = request
    out["jail_action"] = action
    out["federal_rule"] = federal_rule
    out["local_rule"] = np.where(local_rule == "", None, local_rule)
    out["hold_until"] = hold_until
    return out


def _jail_answers(
    catalogue: _Catalogue, test: Callable[[str], np.ndarray], request: np.ndarray, local_index: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    action = np.full(request.shape, "nothing", dtype=object)
    local_rule = np.full(request.shape, "", dtype=object)
    unlimited = local_index < 0
    for asked, (answer, reason) in _DEFAULT_ANSWERS.items():
        chosen = unlimited & (request == asked)
        action[chosen] = answer
        local_rule[chosen] = reason.rule_id
    for number, regime in enumerate(catalogue.local):
        rows = local_index == number
        if rows.any():
            rules = catalogue.rules[regime.regime_id]
            for asked in ("detainer", "notification"):
                _apply_rules(rules, test, rows & (request == asked), asked, action, local_rule)
    return action, local_rule


def _apply_rules(
    rules: Iterable[_Rule],
    test: Callable[[str], np.ndarray],
    rows: np.ndarray,
    request: str | None,
    outcome: np.ndarray,
    rule_ids: np.ndarray,
) -> None:
    undecided = rows.copy()
    for rule in rules:
        if not undecided.any():
            return
        if rule.request != request:
            continue
        hit = undecided & test(rule.condition)
        outcome[hit] = rule.outcome
        rule_ids[hit] = rule.rule_id
        undecided &= ~hit
    if undecided.any():
        raise ValueError(
            f"No rule matched (request {request!r}); every regime must end with an 'always' rule."
        )


def _federal_index(catalogue: _Catalogue, days: np.ndarray) -> np.ndarray:
    starts = np.array([_days(r.starts) for r in catalogue.federal])
    ends = np.array([_days(r.ends) if r.ends else np.iinfo(np.int64).max for r in catalogue.federal])
    index = np.searchsorted(starts, days, side="right") - 1
    gap = days > ends[index]
    if gap.any():
        raise ValueError(
            f"No federal regime is recorded for {_from_days(days[gap][0])}; check data/regimes.csv."
        )
    return index


def _local_index(catalogue: _Catalogue, days: np.ndarray, places: np.ndarray) -> np.ndarray:
    index = np.full(days.shape, -1, dtype=np.int64)
    states = pd.Series({k: v["state"] for k, v in catalogue.places.items()})
    row_states = states.reindex(places).to_numpy(dtype=object)
    own = [(n, np.isin(places, r.jurisdiction_ids)) for n, r in enumerate(catalogue.local)]
    by_state = [
        (n, row_states == catalogue.state_regimes[r.regime_id])
        for n, r in enumerate(catalogue.local)
        if r.regime_id in catalogue.state_regimes
    ]
    for number, covered in [*own, *by_state]:  # the place's own regime first, then its state's
        regime = catalogue.local[number]
        end = _days(regime.ends) if regime.ends else np.iinfo(np.int64).max
        chosen = (index < 0) & covered & (days >= _days(regime.starts)) & (days <= end)
        index[chosen] = number
    return index


def _columns(bookings: pd.DataFrame) -> dict:
    """Check a bookings table and turn it into arrays, with Booking's defaults where blank."""
    if not isinstance(bookings, pd.DataFrame):
        raise ValueError(f"decide_many needs a pandas DataFrame of bookings; got {type(bookings).__name__}.")
    missing = [c for c in ("booked_on", "jurisdiction_id") if c not in bookings]
    if missing:
        raise ValueError(
            f"decide_many needs the columns booked_on and jurisdiction_id; missing: {', '.join(missing)}."
        )
    booked = _day_numbers(bookings["booked_on"], "booked_on", required=True)
    early = booked < _days(PROGRAM_START)
    if early.any():
        raise ValueError(
            f"Row {bookings.index[early.argmax()]!r}: {_too_early(_from_days(booked[early][0]))}"
        )
    places = bookings["jurisdiction_id"].astype(object).to_numpy()
    for place in pd.unique(places):
        _check_place(place)
    defaults = Booking.__dataclass_fields__
    flags = {
        name: bookings[name].fillna(defaults[name].default).astype(bool).to_numpy()
        if name in bookings
        else np.full(len(bookings), defaults[name].default)
        for name in _FLAGS
    }
    counts = {name: _count_column(bookings, name) for name in _COUNTS}
    dates = {
        name: _day_numbers(bookings[name], name) if name in bookings else np.full(len(bookings), _NO_DAY)
        for name in _DATES
    }
    facts = _Facts(
        removable=flags["removable"],
        felony_convictions=counts["felony_convictions"],
        aggravated_felony=flags["aggravated_felony"],
        significant_misdemeanors=counts["significant_misdemeanors"],
        other_misdemeanors=counts["other_misdemeanors"],
        pending_felony_charge=flags["pending_felony_charge"],
        removal_order_day=dates["prior_removal_order_on"],
        reentered_after_removal=flags["reentered_after_removal"],
        gang=flags["gang"],
        national_security=flags["national_security"],
        entered_day=dates["entered_on"],
    )
    noon = booked.astype("datetime64[D]").astype("datetime64[ns]") + np.timedelta64(12, "h")
    release = noon
    if "release_at" in bookings:
        given = pd.to_datetime(bookings["release_at"]).to_numpy(dtype="datetime64[ns]")
        release = np.where(np.isnat(given), noon, given)
    return {"booked_day": booked, "jurisdiction_id": places, "facts": facts, "release_at": release}


def _count_column(bookings: pd.DataFrame, name: str) -> np.ndarray:
    if name not in bookings:
        return np.zeros(len(bookings), dtype=np.int64)
    values = pd.to_numeric(bookings[name].fillna(0)).to_numpy()
    if (values < 0).any() or (values != np.floor(values)).any():
        raise ValueError(f"{name} must be a whole number of convictions, 0 or more, in every row.")
    return values.astype(np.int64)


def _day_numbers(column: pd.Series, name: str, *, required: bool = False) -> np.ndarray:
    try:
        stamps = pd.to_datetime(column)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"Column {name} must hold dates written YYYY-MM-DD ({exc}).") from None
    days = stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    if required and np.isnat(days).any():
        raise ValueError(f"Column {name} is blank in row {column.index[np.isnat(days).argmax()]!r}.")
    return days.astype(np.int64)  # NaT becomes the smallest int64, which is _NO_DAY


# -- how long a jail may hold -------------------------------------------------------------------------


def hold_deadline(release_at: datetime) -> datetime:
    """The latest a jail may keep someone on a detainer: 48 hours after ``release_at``, not counting
    Saturdays, Sundays and federal holidays (8 CFR 287.7(d); holidays as pandas'
    ``USFederalHolidayCalendar`` lists them, on the days they are observed).

    >>> str(hold_deadline(datetime(2013, 6, 6, 0, 0)))  # Thursday midnight: ends as Friday ends
    '2013-06-08 00:00:00'
    >>> str(hold_deadline(datetime(2013, 5, 24, 9, 30)))  # Friday before Memorial Day
    '2013-05-29 09:30:00'
    """
    moment = _moment(release_at, "release_at")
    remaining = timedelta(hours=HOLD_HOURS)
    while True:
        midnight = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=moment.tzinfo)
        if _counts(moment.date()):
            if remaining <= midnight - moment:
                return moment + remaining
            remaining -= midnight - moment
        moment = midnight


def _counts(day: date) -> bool:
    """Whether the hours of ``day`` count towards the 48 (a weekday that is not a federal holiday)."""
    return day.weekday() < 5 and np.datetime64(day, "D") not in _holidays(day.year, day.year)


@cache
def _holidays(first_year: int, last_year: int) -> frozenset:
    from pandas.tseries.holiday import USFederalHolidayCalendar

    # A year either side, so a holiday observed across New Year is not missed.
    days = USFederalHolidayCalendar().holidays(f"{first_year - 1}-01-01", f"{last_year + 1}-12-31")
    return frozenset(days.to_numpy(dtype="datetime64[D]"))


def _hold_deadlines(release_at: np.ndarray) -> np.ndarray:
    """``hold_deadline`` for an array of datetime64 values, with numpy's business-day functions."""
    days = release_at.astype("datetime64[D]")
    holidays = np.array(sorted(_holidays(int(str(days.min())[:4]), int(str(days.max())[:4]) + 1)))
    into_day = release_at - days.astype("datetime64[ns]")
    counted = np.is_busday(days, holidays=holidays)
    one_day = np.timedelta64(1, "D")
    second = np.busday_offset(days, 1, roll="forward", holidays=holidays)  # next counted day after the first
    third = np.busday_offset(days, 2, roll="forward", holidays=holidays)
    # Released on a counted day part-way through: the rest of it, one full day, then the same
    # time of day on the next counted day. At midnight, or on a day that does not count, two
    # full counted days, ending at the midnight after the second.
    partway = counted & (into_day > np.timedelta64(0, "ns"))
    whole = np.where(counted, second, np.busday_offset(days, 1, roll="forward", holidays=holidays)) + one_day
    return np.where(partway, third.astype("datetime64[ns]") + into_day, whole.astype("datetime64[ns]"))


# -- tables for students -----------------------------------------------------------------------------------


def regimes_table() -> Table:
    """Every regime with its dates, what it did, what the engine leaves out, and its sources."""
    catalogue = _catalogue()
    rows = []
    for regime in (*catalogue.federal, *catalogue.local):
        rows.append(
            {
                "Regime": regime.name,
                "Level": regime.level,
                "Where": ", ".join(catalogue.places[j]["name"] for j in regime.jurisdiction_ids),
                "From": _say_start(regime),
                "Until": _say(regime.ends) if regime.ends else "(no end in the kit's sources)",
                "What it did": regime.summary,
                "What the engine leaves out": regime.simplifications,
                "Sources": "; ".join(regime.source_ids),
                "Note": regime.note,
            }
        )
    return Table(
        pd.DataFrame(rows), "Detainer rules the engine applies: federal, then local (data/regimes.csv)"
    )


def rules_table(regime_id: str) -> Table:
    """One regime's rules in the order the engine tries them."""
    rules = _catalogue().rules.get(regime_id)
    if rules is None:
        raise ValueError(f"Unknown regime {regime_id!r}; choose one of {', '.join(_catalogue().rules)}.")
    frame = pd.DataFrame(
        {
            "Order": [r.order for r in rules],
            "Answers": [r.request or "(any case)" for r in rules],
            "If": [r.condition.replace("_", " ") for r in rules],
            "Then": [r.outcome for r in rules],
            "Why": [r.reason.text for r in rules],
            "Sources": ["; ".join(r.reason.source_ids) for r in rules],
        }
    )
    return Table(frame, f"Rules of {regime_id}, first match wins (data/regime_rules.csv)")


# -- small helpers ---------------------------------------------------------------------------------------

_REQUEST_WORDS = {
    "detainer": "a detainer (a hold)",
    "notification": "notice of the release",
    "none": "nothing",
}
_ACTION_WORDS = {
    "hold": "holds the person",
    "notify": "tells ICE when the person will be released",
    "decline": "declines ICE's request",
    "nothing": "does nothing",
}


def _day(value: object, name: str) -> date:
    if isinstance(value, datetime):  # also pandas Timestamps
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{name} must be a date written YYYY-MM-DD; got {value!r}.")


def _moment(value: object, name: str) -> datetime:
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
    raise ValueError(f"{name} must be a date and time such as '2013-06-07 15:00'; got {value!r}.")


def _days(value: date) -> int:
    return (value - _EPOCH).days


def _from_days(number: int) -> date:
    return _EPOCH + timedelta(days=int(number))


def _too_early(day: date) -> str:
    return (
        f"Secure Communities had not started on {day}: the engine covers bookings from "
        f"{_say(PROGRAM_START)}, the kit's rollout date. Choose a later booking date."
    )


def _check_place(jurisdiction_id: object) -> None:
    places = _catalogue().places
    if jurisdiction_id in places:
        return
    close = difflib.get_close_matches(str(jurisdiction_id), list(places), n=3)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(
        f"Unknown jurisdiction id {jurisdiction_id!r}: it is not in data/jurisdictions.csv.{hint}"
    )


def _say(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _say_start(regime: Regime) -> str:
    if regime.starts_precision == "month":
        return f"{regime.starts:%B %Y} (month only)"
    if regime.starts_precision == "year":
        return f"{regime.starts:%Y} (year only)"
    if regime.starts_precision == "estimate":
        return f"{_say(regime.starts)} (the kit's estimate; see note)"
    return _say(regime.starts)


def _regime_label(regime: Regime) -> str:
    until = f" to {_say(regime.ends)}" if regime.ends else " onwards"
    return f"{regime.name} ({regime.regime_id}, {_say_start(regime)}{until})"


def _cite(reason: Reason) -> str:
    return f"{reason.text} [rule {reason.rule_id}; sources: {', '.join(reason.source_ids)}]"
