"""The numbers behind the SYNTHETIC bookings: which rest on sources and which are assumptions.

The generator (``scomm.policy.caseload``) reads its numbers from ``CALIBRATION`` and nothing else,
so the table students see is the one the code runs on. Only the first three rows rest on
sources:

>>> [s.basis for s in CALIBRATION[:4]]
['source', 'source', 'derived from sources', 'ASSUMPTION']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scomm.course.tables import Table, words

SOURCE, DERIVED, ASSUMPTION = "source", "derived from sources", "ASSUMPTION"


@dataclass(frozen=True)
class Setting:
    """One number the generator uses: what it is, where it comes from, and how it is used."""

    key: str
    quantity: str
    value: float
    unit: str
    basis: str
    source_ids: tuple[str, ...]
    use: str
    #: The data's statistics rows the value is worked out from (data/statistics.csv), for checks.
    stat_ids: tuple[str, ...] = ()


# The generator reads its numbers from this table and nothing else, so the table students
# see is the one the code runs on. Only the first three rows rest on sources.
CALIBRATION: tuple[Setting, ...] = (
    Setting(
        "no_conviction",
        "Removable people with no criminal conviction",
        12_293 / 47_000,
        "share",
        SOURCE,
        ("truthout-2010",),
        "National figure: 12,293 of about 47,000 people removed through August 2010 were classed "
        "non-criminal. Illinois' 'more than 21%' with no conviction "
        "through May 2011 is close. Used as if people booked looked like people removed, which no "
        "source says.",
        ("st-removals-noncriminal-2010-08",),
    ),
    Setting(
        "felony_conviction",
        "Removable people convicted of a serious (felony-level) crime",
        0.22,
        "share",
        SOURCE,
        ("illinois-2011-letter", "wikipedia-scomm"),
        "Illinois through May 2011: under 22% convicted of a serious crime. The letter does not define 'serious'; the kit reads it as "
        "felony-level, though it may mean ICE's narrower Level 1.",
        ("st-illinois-convicted-serious",),
    ),
    Setting(
        "misdemeanor_only",
        "Removable people with misdemeanor convictions only",
        1 - 12_293 / 47_000 - 0.22,
        "share",
        DERIVED,
        ("truthout-2010", "illinois-2011-letter"),
        "The rest. The two sources cover different places and periods, so this mix is the kit's "
        "combination of them, not a figure anyone published.",
    ),
    Setting(
        "removable",
        "Bookings of people ICE could seek to remove",
        0.15,
        "share",
        ASSUMPTION,
        (),
        "No source in the kit gives it. Everyone else is a citizen or a noncitizen not removable; "
        "their histories are drawn from the same mix, and the engine asks nothing of them.",
    ),
    Setting(
        "aggravated_felony",
        "Felony-convicted people whose record includes an aggravated felony",
        0.35,
        "share",
        ASSUMPTION,
        (),
        "Splits the felony group between the top priority tier and the next one.",
    ),
    Setting(
        "extra_felonies",
        "Further felony convictions beyond the first (average)",
        0.3,
        "count",
        ASSUMPTION,
        (),
        "Poisson-distributed; only whether the count is zero matters to the rules the kit models.",
    ),
    Setting(
        "significant_misdemeanor",
        "Convicted people with a 'significant' misdemeanor (drunk driving, for example)",
        0.3,
        "share",
        ASSUMPTION,
        (),
        "Drawn for everyone with a conviction; matters under the 2012 guidance and PEP.",
    ),
    Setting(
        "other_misdemeanors",
        "Other misdemeanor convictions (average)",
        0.8,
        "count",
        ASSUMPTION,
        (),
        "Poisson-distributed; the misdemeanor-only group always has at least one misdemeanor, so some "
        "people reach the 'three or more' thresholds of later rules.",
    ),
    Setting(
        "pending_felony_charge",
        "Bookings whose charge is a felony",
        0.3,
        "share",
        ASSUMPTION,
        (),
        "Every other booking is on a misdemeanor charge; one charge kind per booking.",
    ),
    Setting(
        "prior_removal_order",
        "Removable people with an earlier removal order",
        0.08,
        "share",
        ASSUMPTION,
        (),
        "Kept small; dated at random between first entry and the booking.",
    ),
    Setting(
        "reentered",
        "Of those with an earlier order: came back after being removed",
        0.5,
        "share",
        ASSUMPTION,
        (),
        "Their last entry is dated after the order.",
    ),
    Setting(
        "gang",
        "Bookings flagged as gang members",
        0.01,
        "share",
        ASSUMPTION,
        (),
        "Kept small; a flag, not a finding of any court.",
    ),
    Setting(
        "national_security",
        "Bookings flagged as national-security concerns",
        0.001,
        "share",
        ASSUMPTION,
        (),
        "Kept very small.",
    ),
    Setting(
        "years_since_entry",
        "Years since a removable person entered the United States (average)",
        8.0,
        "years",
        ASSUMPTION,
        (),
        "Exponential, at least 30 days and at most 30 years before the booking. Only removable people "
        "get an entry date.",
    ),
    Setting(
        "quick_release",
        "Bookings the jail would release within two days",
        0.6,
        "share",
        ASSUMPTION,
        (),
        "Release at a random time of day; whether a 48-hour hold runs into a weekend depends on it.",
    ),
    Setting(
        "longer_stay",
        "Days in jail for everyone else (average)",
        30.0,
        "days",
        ASSUMPTION,
        (),
        "At least three days, exponential beyond that.",
    ),
)
#: Each number by key, as the generator reads it.
VALUE = {s.key: s.value for s in CALIBRATION}


def calibration_table() -> Table:
    """``CALIBRATION`` for students: each number, whether a source or an assumption, and its use."""
    frame = pd.DataFrame(
        {
            "Quantity": [s.quantity for s in CALIBRATION],
            "Value": [_format(s.value, s.unit) for s in CALIBRATION],
            "Basis": words(s.basis for s in CALIBRATION),
            "Sources": ["; ".join(s.source_ids) or "none" for s in CALIBRATION],
            "How the generator uses it": [s.use for s in CALIBRATION],
        }
    )
    return Table(
        frame,
        "How the SYNTHETIC bookings are made: invented to illustrate the rules, not evidence about real cases",
    )


def _format(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value:.1%}"
    return f"{value:g} {unit}" if unit != "count" else f"{value:g}"
