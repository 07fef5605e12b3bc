"""The detainer rules, loaded once from ``data/regimes.csv``, ``data/regime_rules.csv`` and
``data/detainer_forms.csv``, with the knowledge horizon; ``lookup`` finds what applies on a day.

>>> [r.regime_id for r in loaded().federal][:2]
['scomm-practice', 'guidance-2012']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pandas as pd

from scomm.course import data, world
from scomm.policy.detainers.model import (
    HOLD_HOURS,
    DetainerError,
    Reason,
    Regime,
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
        ends_public=None if pd.isna(row.ends_public) else row.ends_public.date(),
    )
