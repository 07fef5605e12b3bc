"""Reading a table of bookings for ``decide_many``: each column checked and turned into arrays, with
``Booking``'s defaults where a column is absent or blank, and the rows the engine refuses named.

>>> frame = pd.DataFrame({"booked_on": ["2013-06-03"], "jurisdiction_id": ["harris-county-tx"]})
>>> columns(frame)["facts"].felony_convictions.tolist()
[0]
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pandas as pd

from scomm.policy.detainers.catalogue import loaded
from scomm.policy.detainers.lookup import check_day, check_place, refuse_split_state, split_state
from scomm.policy.detainers.model import COUNTS, NO_DAY, Booking, DetainerError, from_day_number
from scomm.policy.detainers.rules import DATES, FLAGS, Facts


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


def columns(bookings: pd.DataFrame) -> dict:
    """Check a bookings table and turn it into arrays, with Booking's defaults where blank."""
    if not isinstance(bookings, pd.DataFrame):
        raise DetainerError(
            f"decide_many needs a pandas DataFrame of bookings; got {type(bookings).__name__}."
        )
    missing = [c for c in ("booked_on", "jurisdiction_id") if c not in bookings]
    if missing:
        raise DetainerError(
            f"decide_many needs the columns booked_on and jurisdiction_id; missing: {', '.join(missing)}."
        )
    booked = _day_numbers(bookings["booked_on"], "booked_on", required=True)
    for row, day in (
        (bookings.index[booked.argmin()], booked.min()),
        (bookings.index[booked.argmax()], booked.max()),
    ):
        try:
            check_day(from_day_number(day))
        except DetainerError as exc:
            raise DetainerError(f"Row {row!r}: {exc}") from None
    places = bookings["jurisdiction_id"].astype(object).to_numpy()
    for place in pd.unique(places):
        try:
            check_place(place)
        except DetainerError as exc:
            raise DetainerError(f"Row {bookings.index[(places == place).argmax()]!r}: {exc}") from None
        _check_state_rows(bookings.index, booked, places, place)
    defaults = Booking.__dataclass_fields__
    flags = {
        name: bookings[name].fillna(defaults[name].default).astype(bool).to_numpy()
        if name in bookings
        else np.full(len(bookings), defaults[name].default)
        for name in FLAGS
    }
    counts = {name: _count_column(bookings, name) for name in COUNTS}
    dates = {
        name: _day_numbers(bookings[name], name) if name in bookings else np.full(len(bookings), NO_DAY)
        for name in DATES
    }
    facts = Facts(
        removable=flags["removable"],
        felony_convictions=counts["felony_convictions"],
        aggravated_felony=flags["aggravated_felony"],
        significant_misdemeanors=counts["significant_misdemeanors"],
        other_misdemeanors=counts["other_misdemeanors"],
        pending_felony_charge=flags["pending_felony_charge"],
        significant_misdemeanor_charge=flags["significant_misdemeanor_charge"],
        illegal_entry_conviction=flags["illegal_entry_conviction"],
        immigration_fraud=flags["immigration_fraud"],
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


def _check_state_rows(index: pd.Index, days: np.ndarray, places: np.ndarray, place: str) -> None:
    """Refuse the first row filed under a whole state on a day its jails answered ICE differently."""
    if loaded().places[place]["level"] != "state":
        return
    rows = np.flatnonzero(places == place)
    for day in np.unique(days[rows]):
        split = split_state(place, from_day_number(day))
        if split is not None:
            row = index[rows[days[rows] == day][0]]
            raise DetainerError(f"Row {row!r}: {refuse_split_state(place, from_day_number(day), split)}")


def _count_column(bookings: pd.DataFrame, name: str) -> np.ndarray:
    if name not in bookings:
        return np.zeros(len(bookings), dtype=np.int64)
    values = pd.to_numeric(bookings[name].fillna(0)).to_numpy()
    if (values < 0).any() or (values != np.floor(values)).any():
        raise DetainerError(f"{name} must be a whole number of convictions, 0 or more, in every row.")
    return values.astype(np.int64)


def _day_numbers(column: pd.Series, name: str, *, required: bool = False) -> np.ndarray:
    try:
        stamps = pd.to_datetime(column)
    except (ValueError, TypeError) as exc:
        raise DetainerError(f"Column {name} must hold dates written YYYY-MM-DD ({exc}).") from None
    days = stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    if required and np.isnat(days).any():
        raise DetainerError(f"Column {name} is blank in row {column.index[np.isnat(days).argmax()]!r}.")
    return days.astype(np.int64)  # NaT becomes the smallest int64, which is NO_DAY
