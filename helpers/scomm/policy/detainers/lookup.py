"""Looking the detainer rules up: the regimes binding a jail on a day, ICE's form for a request,
and the days and places the engine refuses.

>>> federal_regime("2012-12-20").regime_id, federal_regime("2012-12-21").regime_id
('scomm-practice', 'guidance-2012')
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd

from scomm.course import world
from scomm.policy.detainers.catalogue import UNPLACEABLE_LEVELS, Form, loaded
from scomm.policy.detainers.model import (
    PROGRAM_START,
    DetainerError,
    Regime,
    as_day,
    say_day,
    too_early,
    too_late,
)


def form_for(request: str, on: date, known_on: date | None = None) -> Form | None:
    """ICE's form for ``request`` in use on ``on``, or None where the kit records none.

    With ``known_on``, only the forms public that day, with the last days then known.

    >>> form_for("notification", date(2016, 3, 1)).form
    'I-247N'
    >>> form_for("notification", date(2015, 3, 1)) is None
    True
    """
    forms = loaded().forms.get(request, ())
    if known_on is not None:
        known = _known_forms(known_on)
        forms = tuple(replace(f, ends=known[f.form_id]) for f in forms if f.form_id in known)
    for form in forms:
        if form.starts <= on and (form.ends is None or on <= form.ends):
            return form
    return None


def _known_forms(known_on: date) -> dict[str, date | None]:
    """Each form public on ``known_on``, with its last day as known then (None: not yet known)."""
    table = world.World(known_on).table("detainer_forms")
    return {
        f: None if pd.isna(u) else u.date() for f, u in zip(table["form_id"], table["until"], strict=True)
    }


def check_day(day: date) -> None:
    """Refuse a day before the program or after the knowledge horizon, in one sentence."""
    if day < PROGRAM_START:
        raise DetainerError(too_early(day))
    horizon = loaded().horizon
    if horizon is not None and day > horizon:
        raise DetainerError(too_late(day, horizon))


def federal_regime(on: date | str) -> Regime:
    """The federal regime in force on ``on`` (refusing days before 2008-03-28 or past the horizon)."""
    day = as_day(on, "on")
    check_day(day)
    federal = loaded().federal
    found = federal[bisect.bisect_right(loaded().federal_starts, day) - 1]
    if not found.in_force(day):
        raise DetainerError(f"No federal regime is recorded for {day}; check data/regimes.csv for a gap.")
    return found


def local_regimes(jurisdiction_id: str, on: date | str, known_on: date | None = None) -> list[Regime]:
    """Every local regime binding a jail on ``on``: the place's own, oldest first, then its state's.

    With ``known_on``, only what the public could read that day: a regime whose row (and so a
    source of it) was not yet public does not bind, and an end not yet reported has not come
    (as ``data/regimes.csv``'s table shows it that day).

    >>> [r.regime_id for r in local_regimes("santa-clara-county-ca", "2014-03-01")]
    ['santa-clara-2011', 'california-trust-2014']
    >>> local_regimes("harris-county-tx", "2014-03-01")
    []
    """
    check_place(jurisdiction_id)
    day = as_day(on, "on")
    catalogue = loaded()
    state = catalogue.places[jurisdiction_id]["state"]
    known = _known_regimes(known_on)
    binding = [r for r in catalogue.local if known(r) and r.in_force(day, known_on)]
    own = [r for r in binding if jurisdiction_id in r.jurisdiction_ids]
    by_state = [
        r for r in binding if state and catalogue.state_regimes.get(r.regime_id) == state and r not in own
    ]
    return own + by_state


def _known_regimes(known_on: date | None) -> Callable[[Regime], bool]:
    """Whether a regime's row was public on ``known_on`` (every regime, when None: hindsight)."""
    if known_on is None:
        return lambda regime: True
    public = world.World(known_on).public_ids("regimes")
    return lambda regime: regime.regime_id in public


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
