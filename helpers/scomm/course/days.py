"""A day written in words, only as precisely as the sources give it.

The lowest of the course's modules (it imports none of them), so captions, citations and notes
all write days one way.

>>> import pandas as pd
>>> when(pd.Timestamp("2010-09-07"), "day"), when(pd.Timestamp("2011-08-05"), "month")
('7 September 2010', 'August 2011')
"""

from __future__ import annotations

import pandas as pd

#: How a day is written at each precision the data give (``date_precision``).
PRECISION_FORMAT = {"day": "%d %B %Y", "month": "%B %Y", "year": "%Y"}


def when(date: pd.Timestamp, precision: str) -> str:
    """A date written only as precisely as the sources give it: '7 September 2010', 'August 2011', '2008'."""
    return date.strftime(PRECISION_FORMAT[precision]).lstrip("0")


#: How far past its written day a date of each precision may lie (``latest``; the world's public days).
PERIOD_END = {"month": pd.offsets.MonthEnd(0), "year": pd.offsets.YearEnd(0)}

#: What a date known only to its month or year leaves open, said after it in charts and tables.
UNKNOWN_PART = {"day": "", "month": "", "year": ", month not known"}


def when_known(date: pd.Timestamp, precision: str) -> str:
    """A date as what it is, saying so where only the year is known (never 'January' or 'the 1st').

    >>> when_known(pd.Timestamp("2010-01-01"), "year"), when_known(pd.Timestamp("2011-08-01"), "month")
    ('2010, month not known', 'August 2011')
    """
    return when(date, precision) + UNKNOWN_PART[precision]


def latest(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day a date known only to ``precision`` could be: its sort key, so a row dated only
    to a year comes after the dated rows of that year.

    >>> latest(pd.Timestamp("2010-01-01"), "year").date(), latest(pd.Timestamp("2011-02-01"), "month").date()
    (datetime.date(2010, 12, 31), datetime.date(2011, 2, 28))
    """
    return date + PERIOD_END.get(str(precision), pd.offsets.Day(0))


def in_date_order(
    frame: pd.DataFrame, then: str, column: str = "date", precision: str = "date_precision"
) -> pd.DataFrame:
    """``frame`` in date order, a row dated only to a month or year after the dated rows of that
    period; ties broken by the column ``then``.

    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2010-01-01", "2010-03-05"]), "date_precision": ["year", "day"], "id": ["a", "b"]})
    >>> list(in_date_order(rows, "id")["id"])
    ['b', 'a']
    """
    key = [latest(d, p) for d, p in zip(frame[column], frame[precision], strict=True)]
    order = frame.assign(_latest=key).sort_values(["_latest", column, then], kind="stable")
    return order.drop(columns="_latest").reset_index(drop=True)
