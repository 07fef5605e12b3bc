"""Deciding many bookings at once: ``decide`` for a whole table, with numpy, giving the same answers.

>>> frame = pd.DataFrame({"booked_on": ["2016-03-01", "2016-03-01"],
...                       "jurisdiction_id": ["harris-county-tx", "cook-county-il"],
...                       "felony_convictions": [1, 1]})
>>> decide_many(frame)[["ice_request", "jail_action"]].values.tolist()
[['notification', 'notify'], ['notification', 'decline']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from scomm.policy.detainers.catalogue import DEFAULT_ANSWERS, Catalogue, Rule, loaded
from scomm.policy.detainers.model import (
    HOLD_HOURS,
    RESTRICTIVENESS,
    UNKNOWN,
    DetainerError,
    day_number,
    from_day_number,
)
from scomm.policy.detainers.rules import CONDITIONS, federal_holidays, unknown_day
from scomm.policy.detainers.table import columns as read_columns

_OUTPUT = (
    "federal_regime",
    "local_regime",
    "ice_request",
    "jail_action",
    "federal_rule",
    "local_rule",
    "hold_until",
    "form",
)


def decide_many(bookings: pd.DataFrame) -> pd.DataFrame:
    """``decide`` for a table of bookings at once, with the same answers row by row.

    The columns are ``Booking``'s fields (``booked_on`` and ``jurisdiction_id`` required; the others
    take ``Booking``'s defaults when absent or blank), plus any others such as ``booking_id``, which
    are kept. Adds ``federal_regime``, ``local_regime``, ``ice_request``, ``jail_action``,
    ``federal_rule``, ``local_rule`` (the reason for the jail's answer; blank when ICE asked
    nothing), ``hold_until`` and ``form`` (ICE's form for the request that day, blank if none).
    Refuses the whole table, naming the first row, if any row cannot be answered (as ``decide``).

    >>> frame = pd.DataFrame({"booked_on": ["2016-03-01", "2016-03-01"],
    ...                       "jurisdiction_id": ["harris-county-tx", "cook-county-il"],
    ...                       "felony_convictions": [1, 1]})
    >>> decide_many(frame)[["ice_request", "jail_action"]].values.tolist()
    [['notification', 'notify'], ['notification', 'decline']]
    """
    columns = read_columns(bookings)
    catalogue = loaded()
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
    _refuse_unknown(catalogue, bookings.index, days, federal_index, request)
    action, local_rule, local_index = _jail_answers(
        catalogue, test, request, days, columns["jurisdiction_id"]
    )
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
    out["hold_until"] = _hold_column(catalogue, action, local_index, columns["release_at"])
    out["form"] = _form_column(catalogue, request, days)
    return out


def _refuse_unknown(
    catalogue: Catalogue, index: pd.Index, days: np.ndarray, federal_index: np.ndarray, request: np.ndarray
) -> None:
    unknown = request == UNKNOWN
    if unknown.any():
        row = int(unknown.argmax())
        regime = catalogue.federal[federal_index[row]]
        rule = next(r for r in catalogue.rules[regime.regime_id] if r.outcome == UNKNOWN)
        raise DetainerError(f"Row {index[row]!r}: {unknown_day(from_day_number(days[row]), regime, rule)}")


def _hold_column(
    catalogue: Catalogue, action: np.ndarray, local_index: np.ndarray, release_at: np.ndarray
) -> np.ndarray:
    hold_until = np.full(action.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
    hours = np.array([r.hold_hours for r in catalogue.local] + [HOLD_HOURS])[local_index]
    for limit in np.unique(hours[action == "hold"]):
        chosen = (action == "hold") & (hours == limit)
        hold_until[chosen] = _hold_deadlines(release_at[chosen], hours=int(limit))
    return hold_until


def _form_column(catalogue: Catalogue, request: np.ndarray, days: np.ndarray) -> np.ndarray:
    form = np.full(request.shape, None, dtype=object)
    for asked, forms in catalogue.forms.items():
        asking = request == asked
        if not asking.any():
            continue
        for item in forms:
            end = day_number(item.ends) if item.ends else np.iinfo(np.int64).max
            form[asking & (days >= day_number(item.starts)) & (days <= end)] = item.form
    return form


def _jail_answers(
    catalogue: Catalogue,
    test: Callable[[str], np.ndarray],
    request: np.ndarray,
    days: np.ndarray,
    places: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As ``rules._jail_answer``, for every row: the most restrictive local answer, else the default."""
    action = np.full(request.shape, "nothing", dtype=object)
    local_rule = np.full(request.shape, "", dtype=object)
    local_index = np.full(request.shape, -1, dtype=np.int64)
    asking = {asked: request == asked for asked in DEFAULT_ANSWERS}
    for asked, (answer, reason) in DEFAULT_ANSWERS.items():
        action[asking[asked]] = answer
        local_rule[asking[asked]] = reason.rule_id
    best = np.full(request.shape, len(RESTRICTIVENESS), dtype=np.int64)  # the default ranks last
    for number, covered in _coverage(catalogue, days, places):
        rules = catalogue.rules[catalogue.local[number].regime_id]
        for asked in {r.request for r in rules}:
            rows = covered & asking[asked]
            if not rows.any():
                continue
            outcome = np.full(request.shape, "", dtype=object)
            rule_ids = np.full(request.shape, "", dtype=object)
            _apply_rules(rules, test, rows, asked, outcome, rule_ids)
            rank = np.full(request.shape, len(RESTRICTIVENESS), dtype=np.int64)
            for answer, value in RESTRICTIVENESS.items():
                rank[rows & (outcome == answer)] = value
            better = rows & ((local_index < 0) | (rank < best))
            action[better], local_rule[better], local_index[better] = (
                outcome[better],
                rule_ids[better],
                number,
            )
            best[better] = rank[better]
    return action, local_rule, local_index


def _apply_rules(
    rules: Iterable[Rule],
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
        raise DetainerError(
            f"No rule matched (request {request!r}); every regime must end with an 'always' rule."
        )


def _federal_index(catalogue: Catalogue, days: np.ndarray) -> np.ndarray:
    starts = np.array([day_number(r.starts) for r in catalogue.federal])
    ends = np.array([day_number(r.ends) if r.ends else np.iinfo(np.int64).max for r in catalogue.federal])
    index = np.searchsorted(starts, days, side="right") - 1
    gap = days > ends[index]
    if gap.any():
        raise DetainerError(
            f"No federal regime is recorded for {from_day_number(days[gap][0])}; check data/regimes.csv."
        )
    return index


def _coverage(catalogue: Catalogue, days: np.ndarray, places: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(regime number, rows it binds that day), the places' own regimes first, then their states'."""
    # Work on the few distinct places, then spread to the rows: comparing object arrays is slow.
    codes, distinct = pd.factorize(places)
    states = np.array([catalogue.places[p]["state"] for p in distinct], dtype=object)
    own = [(n, np.isin(distinct, r.jurisdiction_ids)) for n, r in enumerate(catalogue.local)]
    by_state = [
        (n, (states == catalogue.state_regimes[r.regime_id]) & ~np.isin(distinct, r.jurisdiction_ids))
        for n, r in enumerate(catalogue.local)
        if r.regime_id in catalogue.state_regimes
    ]
    out = []
    for number, covered in [*own, *by_state]:
        if not covered.any():
            continue
        regime = catalogue.local[number]
        end = day_number(regime.ends) if regime.ends else np.iinfo(np.int64).max
        rows = covered[codes] & (days >= day_number(regime.starts)) & (days <= end)
        if rows.any():
            out.append((number, rows))
    return out


def _hold_deadlines(release_at: np.ndarray, *, hours: int = HOLD_HOURS) -> np.ndarray:
    """``hold_deadline`` for an array of datetime64 values, with numpy's business-day functions."""
    days = release_at.astype("datetime64[D]")
    holidays = np.array(sorted(federal_holidays(int(str(days.min())[:4]), int(str(days.max())[:4]) + 1)))
    into_day = release_at - days.astype("datetime64[ns]")
    counted = np.is_busday(days, holidays=holidays)
    whole_days = hours // 24
    # Released on a counted day part-way through: the rest of it, the next whole counted days,
    # then the same time of day on the counted day after them. At midnight, or on a day that does
    # not count, that many full counted days, ending at the midnight after the last.
    partway = counted & (into_day > np.timedelta64(0, "ns"))
    last_part = np.busday_offset(days, whole_days, roll="forward", holidays=holidays)
    last_whole = np.busday_offset(days, whole_days - 1, roll="forward", holidays=holidays)
    whole = last_whole + np.timedelta64(1, "D")
    return np.where(partway, last_part.astype("datetime64[ns]") + into_day, whole.astype("datetime64[ns]"))
