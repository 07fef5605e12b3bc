"""The days a lesson may be set on: from the kit's first day to its knowledge horizon (or today),
within each lesson's own range. ``as_of`` is checked here.

>>> check_as_of("2011-03-31").date().isoformat()
'2011-03-31'
>>> check_as_of("1999-01-01")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
scomm.course.param_checks.ParameterError: Parameter as_of: 1999-01-01 is outside the period the kit covers ...
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from scomm.course.layout import EARLIEST, Lesson
from scomm.course.param_checks import fail
from scomm.course.world import horizon


def last_day() -> date:
    """The last day any lesson may be set on: the kit's knowledge horizon, or today if it states none.

    Past the horizon the data would describe the program as it stood then while omitting all
    that followed, so such a date is refused rather than answered with a stale world.
    """
    known = horizon()
    return min(known.date(), date.today()) if known is not None else date.today()


def check_as_of(value: object) -> pd.Timestamp:
    last = last_day()
    allowed = f"a date written YYYY-MM-DD from {EARLIEST.isoformat()} to {last.isoformat()}"
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value  # a pandas Timestamp is a datetime
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise fail("as_of", "{value} is not a date", allowed, value) from None
    if day > last:
        raise fail(
            "as_of",
            f"{day.isoformat()} is after {last.isoformat()}, the last day the kit's data describe "
            "(its knowledge horizon); what happened later is not in them",
            allowed,
        )
    if day < EARLIEST:
        raise fail("as_of", f"{day.isoformat()} is outside the period the kit covers", allowed)
    return pd.Timestamp(day)


def lesson_days(item: Lesson) -> tuple[date, date]:
    """The first and last day a lesson may be set on (its own range, cut at the knowledge horizon).

    >>> from scomm.course.layout import lesson
    >>> first, last = lesson_days(lesson(1))
    >>> first <= last
    True
    """
    last = last_day()
    return item.earliest, min(item.latest, last) if item.latest else last


def check_lesson_day(item: Lesson, as_of: pd.Timestamp) -> None:
    first, last = lesson_days(item)
    if not first <= as_of.date() <= last:
        raise fail(
            "as_of",
            f"{as_of.date().isoformat()} is outside the days lesson {item.slug} is written for",
            f"a date from {first.isoformat()} to {last.isoformat()}",
        )
