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

from scomm.course import data
from scomm.policy.detainers.model import (
    HOLD_HOURS,
    PROGRAM_START,
    DetainerError,
    Reason,
    Regime,
    as_day,
    too_early,
)


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

    @property
    def federal_starts(self) -> list[date]:
        return [r.starts for r in self.federal]


# Where no local regime applies, the jail does what ICE asks.
DEFAULT_ANSWERS = {
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
    """The federal regime in force on ``on``."""
    day = as_day(on, "on")
    if day < PROGRAM_START:
        raise DetainerError(too_early(day))
    federal = loaded().federal
    found = federal[bisect.bisect_right(loaded().federal_starts, day) - 1]
    if not found.in_force(day):
        raise DetainerError(f"No federal regime is recorded for {day}; check data/regimes.csv for a gap.")
    return found


def local_regime(jurisdiction_id: str, on: date | str) -> Regime | None:
    """The local regime for a jail on ``on``: the place's own first, then its state's; else ``None``.

    >>> local_regime("san-diego-county-ca", "2014-03-01").regime_id
    'california-trust-2014'
    >>> local_regime("harris-county-tx", "2014-03-01") is None
    True
    """
    check_place(jurisdiction_id)
    day = as_day(on, "on")
    catalogue = loaded()
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
    day = as_day(on, "on")
    return [r for r in loaded().local if r.in_force(day)]


def check_place(jurisdiction_id: object) -> None:
    places = loaded().places
    if jurisdiction_id in places:
        return
    close = difflib.get_close_matches(str(jurisdiction_id), list(places), n=3)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise DetainerError(
        f"Unknown jurisdiction id {jurisdiction_id!r}: it is not in data/jurisdictions.csv.{hint}"
    )
