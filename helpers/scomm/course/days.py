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
