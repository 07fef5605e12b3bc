"""Free text written with hindsight, cut to what a reader on ``as_of`` could have read.

The engine's regimes and rules, and some tables' descriptions, were written after the fact: a
sentence naming a later year or month tells of what had not happened yet, so it is left out
and counted. A regime whose name points to a later year is called by its id instead.

>>> import pandas as pd
>>> day = pd.Timestamp("2012-06-01")
>>> present("Cook County acted in 2011. The program ended in 2014.", day)
('Cook County acted in 2011.', 1)
"""

from __future__ import annotations

import calendar
import re

import pandas as pd

#: A year (1900-2099) standing alone, as in "in 2014" or "FY2015"; ids such as vox-2014 are not years.
_YEAR = re.compile(r"(?<![\w-])(?:FY\s?)?((?:19|20)\d\d)(?![\w-])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")


def present(text: str, as_of: pd.Timestamp) -> tuple[str, int]:
    """The sentences of ``text`` that tell of nothing after ``as_of``, and how many were left out.

    A sentence is left out when it names a later year, or ``as_of``'s own year together with a
    month still to come (or "mid-"): the free text gives no finer date to decide by.
    """
    kept, dropped = [], 0
    for sentence in _SENTENCE_END.split(str(text or "").strip()):
        if sentence and _is_later(sentence, as_of):
            dropped += 1
        elif sentence:
            kept.append(sentence)
    return " ".join(kept), dropped


def _is_later(sentence: str, as_of: pd.Timestamp) -> bool:
    """Whether a sentence tells of a day after ``as_of``.

    >>> _is_later("A paper of September 2010 gives 27 July 2010.", pd.Timestamp("2011-03-31"))
    False
    >>> _is_later("In 2011 the county acted in September.", pd.Timestamp("2011-03-31"))
    True
    """
    # A month written with its year is a date: compare it, then look at what is left.
    if any(_written_day(match) > as_of for match in _MONTH_YEAR.finditer(sentence)):
        return True
    rest = _MONTH_YEAR.sub(" ", sentence)
    years = [int(y) for y in _YEAR.findall(rest)]
    if any(y > as_of.year for y in years):
        return True
    # A sentence naming only this year may still tell of a later month: keep it only at year's end.
    return as_of.year in years and as_of.month < 12 and _names_later_month(rest, as_of)


_MONTHS = tuple(calendar.month_name[1:])
_MONTH_YEAR = re.compile(
    r"\b(?:([0-3]?\d)\s+)?(" + "|".join(_MONTHS) + r")\s+(?:([0-3]?\d),?\s+)?((?:19|20)\d\d)\b"
)


def _written_day(match: re.Match) -> pd.Timestamp:
    """The first day a written date can mean ("July 2010" is 1 July; "31 June" is read as June)."""
    day, month, other_day, year = match.groups()
    first = pd.Timestamp(int(year), _MONTHS.index(month) + 1, 1)
    number = int(day or other_day or 1)
    return first + pd.Timedelta(days=number - 1) if number <= first.days_in_month else first


def _names_later_month(sentence: str, as_of: pd.Timestamp) -> bool:
    later = _MONTHS[as_of.month :]
    return any(re.search(rf"\b{m}\b", sentence) for m in later) or "mid-" in sentence.lower()


def regime_name(name: str, regime_id: str, as_of: pd.Timestamp) -> str:
    """A regime's name, or its id when the name points to a later year ("... before the 2012 guidance").

    >>> regime_name("Secure Communities before the 2012 guidance", "scomm-practice", pd.Timestamp("2011-06-01"))
    'scomm-practice'
    """
    return regime_id if present(name, as_of)[1] else name
