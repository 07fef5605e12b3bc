"""The detainer rules, loaded once from ``data/regimes.csv`` and ``data/regime_rules.csv``, and the
regimes in force on a day.

>>> federal_regime("2012-12-20").regime_id, federal_regime("2012-12-21").regime_id
('scomm-practice', 'guidance-2012')
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pandas as pd

from scomm.course import data, world
from scomm.policy.detainers.model import (
    HOLD_HOURS,
    PROGRAM_START,
    DetainerError,
    Reason,
    Regime,
    as_day,
    say_day,
    too_early,
    too_late,
)

#: Which of ICE's forms (``data/detainer_forms.csv``) carried each kind of request. The form
#: in force on the booking day is the one named in an answer.
FORMS_FOR = {
    "detainer": ("i-247-early", "i-247-2011", "i-247-2012", "i-247d", "i-247a"),
    "notification": ("i-247n",),
    "transfer": ("i-247x",),
}
#: Levels of data/jurisdictions.csv that are not one jail system: a booking there cannot be placed.
UNPLACEABLE_LEVELS = ("nation",)


@dataclass(frozen=True)
class Form:
    form_id: str
    form: str
    name: str
    starts: date
    ends: date | None


@dataclass(frozen=True)
class Rule:
    rule_id: str
    regime_id: str
    order: int
    request: str | None
    condition: str
    outcome: str
    reason: Reason


@dataclass(frozen=True)
class Catalogue:
    federal: tuple[Regime, ...]  # by start date
    local: tuple[Regime, ...]  # by start date
    rules: dict[str, tuple[Rule, ...]]  # regime_id -> rules in order
    places: dict[str, dict]  # jurisdiction_id -> {name, state, level}
    state_regimes: dict[str, str] = field(default_factory=dict)  # local regime_id -> state code it covers
    forms: dict[str, tuple[Form, ...]] = field(default_factory=dict)  # request -> its forms, oldest first
    horizon: date | None = None  # the last day the data package describes

    @property
    def federal_starts(self) -> list[date]:
        return [r.starts for r in self.federal]


# Where no local rule answers the request, the jail does what ICE asks.
DEFAULT_ANSWERS = {
    "detainer": (
        "hold",
        Reason(
            "default-hold",
            "No local rule the kit records answers this request here on that day, so the jail does as "
            f"ICE asks and keeps the person for up to {HOLD_HOURS} hours, not counting weekends and "
            "federal holidays.",
            ("cfr-287-7",),
        ),
    ),
    "notification": (
        "notify",
        Reason(
            "default-notify",
            "No local rule the kit records answers this request here on that day, so the jail tells "
            "ICE when the person will be released.",
            ("dhs-2014-scomm-memo",),
        ),
    ),
    "transfer": (
        "transfer",
        Reason(
            "default-transfer",
            "No local rule the kit records answers this request here on that day, so the jail hands "
            "the person over to ICE as asked.",
            ("washtimes-2015-12-01",),
        ),
    ),
}


@cache
def loaded() -> Catalogue:
    # Loaded once per session; restart the kernel after editing the rules in data/.
    places = {
        row.jurisdiction_id: {"name": row.name, "state": row.state or None, "level": str(row.level)}
        for row in data.load("jurisdictions").itertuples()
    }
    regimes = [_regime(row) for row in data.load("regimes").sort_values("starts").itertuples()]
    rules: dict[str, list[Rule]] = {r.regime_id: [] for r in regimes}
    for row in data.load("regime_rules").sort_values(["regime_id", "order"]).itertuples():
        reason = Reason(row.rule_id, row.explanation, tuple(row.source_ids))
        request = None if pd.isna(row.request) else str(row.request)
        rules[row.regime_id].append(
            Rule(
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
    limit = world.horizon()
    return Catalogue(
        federal=tuple(r for r in regimes if r.level == "federal"),
        local=local,
        rules={key: tuple(value) for key, value in rules.items()},
        places=places,
        state_regimes={
            r.regime_id: places[r.jurisdiction_id]["state"]
            for r in local
            if places[r.jurisdiction_id]["level"] == "state"
        },
        forms=_forms(),
        horizon=None if limit is None else limit.date(),
    )


def _forms() -> dict[str, tuple[Form, ...]]:
    table = data.load("detainer_forms").set_index("form_id")
    out = {}
    for request, ids in FORMS_FOR.items():
        out[request] = tuple(
            Form(
                i,
                str(table.at[i, "form"]),
                str(table.at[i, "name"]),
                table.at[i, "from"].date(),
                None if pd.isna(table.at[i, "until"]) else table.at[i, "until"].date(),
            )
            for i in ids
        )
    return out


def form_for(request: str, on: date) -> Form | None:
    """ICE's form for ``request`` in use on ``on``, or None where the kit records none.

    >>> form_for("notification", date(2016, 3, 1)).form
    'I-247N'
    >>> form_for("notification", date(2015, 3, 1)) is None
    True
    """
    for form in loaded().forms.get(request, ()):
        if form.starts <= on and (form.ends is None or on <= form.ends):
            return form
    return None


def _regime(row: object) -> Regime:
    hours = HOLD_HOURS if pd.isna(row.hold_hours) else int(row.hold_hours)
    if hours <= 0 or hours % 24:
        raise DetainerError(
            f"data/regimes.csv, regime {row.regime_id}, column hold_hours: must be a whole number of "
            f"days in hours (24, 48, ...); got {row.hold_hours!r}."
        )
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
        hold_hours=hours,
    )


# -- looking regimes up ----------------------------------------------------------------------------------


def check_day(day: date) -> None:
    """Refuse a day before the program or after the knowledge horizon, in one sentence."""
    if day < PROGRAM_START:
        raise DetainerError(too_early(day))
    horizon = loaded().horizon
    if horizon is not None and day > horizon:
        raise DetainerError(too_late(day, horizon))


def federal_regime(on: date | str) -> Regime:
    """The federal regime in force on ``on`` (refusing days before 2008-03-01 or past the horizon)."""
    day = as_day(on, "on")
    check_day(day)
    federal = loaded().federal
    found = federal[bisect.bisect_right(loaded().federal_starts, day) - 1]
    if not found.in_force(day):
        raise DetainerError(f"No federal regime is recorded for {day}; check data/regimes.csv for a gap.")
    return found


def local_regimes(jurisdiction_id: str, on: date | str) -> list[Regime]:
    """Every local regime binding a jail on ``on``: the place's own, oldest first, then its state's.

    >>> [r.regime_id for r in local_regimes("santa-clara-county-ca", "2014-03-01")]
    ['santa-clara-2011', 'california-trust-2014']
    >>> local_regimes("harris-county-tx", "2014-03-01")
    []
    """
    check_place(jurisdiction_id)
    day = as_day(on, "on")
    catalogue = loaded()
    state = catalogue.places[jurisdiction_id]["state"]
    own = [r for r in catalogue.local if jurisdiction_id in r.jurisdiction_ids and r.in_force(day)]
    by_state = [
        r
        for r in catalogue.local
        if state and catalogue.state_regimes.get(r.regime_id) == state and r not in own and r.in_force(day)
    ]
    return own + by_state


def local_regime(jurisdiction_id: str, on: date | str) -> Regime | None:
    """The first local regime binding a jail on ``on`` (the place's own before its state's), or None.

    >>> local_regime("san-diego-county-ca", "2014-03-01").regime_id
    'california-trust-2014'
    >>> local_regime("harris-county-tx", "2014-03-01") is None
    True
    """
    found = local_regimes(jurisdiction_id, on)
    return found[0] if found else None


def limits_in_force(on: date | str) -> list[Regime]:
    """Every local regime in force on ``on``, anywhere, oldest first (for the 'spread' chart).

    >>> [r.regime_id for r in limits_in_force("2012-06-01")]
    ['cook-county-2011', 'santa-clara-2011']
    """
    day = as_day(on, "on")
    return [r for r in loaded().local if r.in_force(day)]


def check_place(jurisdiction_id: object) -> None:
    """Refuse an id that is not in data/jurisdictions.csv, or a place that is not one jail system."""
    places = loaded().places
    if jurisdiction_id in places:
        if places[jurisdiction_id]["level"] in UNPLACEABLE_LEVELS:
            raise DetainerError(_unplaceable(jurisdiction_id, "it is the whole country, not one jail"))
        return
    close = difflib.get_close_matches(str(jurisdiction_id), list(places), n=3)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise DetainerError(
        f"Unknown jurisdiction id {jurisdiction_id!r}: it is not in data/jurisdictions.csv.{hint}"
    )


def split_state(jurisdiction_id: str, on: date) -> Regime | None:
    """For a booking filed under a whole state: a regime of one of its places in force on ``on``.

    A state's jails then answer ICE differently, so the engine cannot say which jail's rules apply.
    """
    catalogue = loaded()
    place = catalogue.places[jurisdiction_id]
    if place["level"] != "state":
        return None
    for regime in catalogue.local:
        inside = [j for j in regime.jurisdiction_ids if j != jurisdiction_id]
        if any(catalogue.places[j]["state"] == place["state"] for j in inside) and regime.in_force(on):
            return regime
    return None


def refuse_split_state(jurisdiction_id: str, on: date, regime: Regime) -> DetainerError:
    places = loaded().places
    own = ", ".join(places[j]["name"] for j in regime.jurisdiction_ids)
    return DetainerError(
        _unplaceable(
            jurisdiction_id,
            f"on {say_day(on)} its jails did not all answer ICE alike ({own} had its own rules: "
            f"{regime.regime_id})",
        )
    )


def _unplaceable(jurisdiction_id: object, why: str) -> str:
    jails = sorted(j for j, p in loaded().places.items() if p["level"] not in (*UNPLACEABLE_LEVELS, "state"))
    return (
        f"The engine cannot place a booking under {jurisdiction_id!r}: {why}. "
        f"Choose one jail's jurisdiction: {', '.join(jails)}."
    )
