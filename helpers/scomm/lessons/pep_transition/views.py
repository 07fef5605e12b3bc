"""Lesson 4's views, the PEP transition: the 2014 priorities, notification instead of detention,
and whether anything changed beyond the name, tested on the same SYNTHETIC bookings.

>>> from scomm.course.params import validate
>>> p = validate("04_pep_transition", as_of="2016-03-01")
>>> counts = compare_regimes(p, n=2_000, seed=1)
>>> sorted(counts["regime"].unique())
['PEP (2016)', 'S-Comm practice (2011)', 'detainer guidance (2012)']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course import data, timeline
from scomm.course.params import Params
from scomm.course.tables import Table, cited
from scomm.lessons.pep_transition.charts import regime_comparison
from scomm.lessons.shared import flow_chart
from scomm.policy import calibration, caseload, detainers

__all__ = [  # what lesson 4's notebook shows: its own views and the shared one it uses
    "calibration_table",
    "comparison_chart",
    "flow_chart",
    "new_name_debate",
    "priorities",
    "transition_events",
]

# One day under each federal regime, in a county with no local limits, so only the
# federal rules differ between the runs.
COMPARED = (
    ("S-Comm practice (2011)", "2011-06-15"),
    ("detainer guidance (2012)", "2013-06-03"),
    ("PEP (2016)", "2016-03-01"),
)
NEUTRAL_JAIL = "harris-county-tx"


def transition_events(p: Params) -> Table:
    """The transition's events in the timeline, up to ``p.as_of``."""
    table = timeline.events(as_of=p.as_of, lesson=4)
    return timeline.events_table(table, "The transition, as far as the timeline goes (data/events.csv)")


def compare_regimes(p: Params, *, n: int = 20_000, seed: int = 2015) -> pd.DataFrame:
    """Of the same SYNTHETIC bookings whose prints matched a removable non-citizen, how many draw a
    detainer, a notification request or nothing, under each regime."""
    everyone = caseload.synthetic_bookings(n, seed=seed, jurisdiction_id=NEUTRAL_JAIL)
    # Only matches concern ICE: the rules differ in what they ask about removable people.
    bookings = everyone[everyone["removable"]].reset_index(drop=True)
    rows, sources = [], []
    for label, day in COMPARED:
        sources += detainers.federal_regime(day).source_ids
        # Move every booking to the regime's day, and its release time with it.
        shift = pd.Timestamp(day) - pd.to_datetime(bookings["booked_on"])
        moved = bookings.assign(
            booked_on=pd.Timestamp(day), release_at=pd.to_datetime(bookings["release_at"]) + shift
        )
        decided = detainers.decide_many(moved)
        for request, count in decided["ice_request"].value_counts().items():
            rows.append({"regime": label, "day": day, "ice_request": request, "bookings": int(count)})
    frame = pd.DataFrame(rows)
    frame.attrs["label"] = everyone.attrs.get("label", "SYNTHETIC bookings")
    frame.attrs["n"] = n
    frame.attrs["matched"] = len(bookings)
    frame.attrs["source_ids"] = tuple(dict.fromkeys(sources))
    return frame


def comparison_chart(p: Params, *, n: int = 20_000, seed: int = 2015) -> alt.LayerChart:
    """The comparison as a chart, labelled synthetic."""
    return regime_comparison(compare_regimes(p, n=n, seed=seed), as_of=p.as_of)


def calibration_table(p: Params) -> Table:
    """Where each number behind the SYNTHETIC bookings comes from: a source or an assumption."""
    return calibration.calibration_table()


def priorities(p: Params) -> Table:
    """The November 2014 memo's three priority tiers, for students."""
    table = data.load("priorities")
    frame = pd.DataFrame(
        {
            "Priority": table["tier"],
            "Who": table["who"],
            "Under PEP in jails": table["in_jails"],
            "Sources": cited(table["source_ids"]),
        }
    )
    return Table(frame, "The three enforcement priorities of 20 November 2014 (data/priorities.csv)")


def new_name_debate(p: Params) -> Table:
    """'Was it only a new name?': each side's evidence, attributed."""
    table = data.load("arguments").sort_values(["side", "date"])
    frame = pd.DataFrame(
        {
            "Side": table["side"].astype(str),
            "Who": table["speaker"],
            "Claim": table["claim"],
            "Evidence offered": table["evidence"],
            "Sources": cited(table["source_ids"]),
        }
    )
    return Table(frame, "Was PEP only a new name? Both sides' evidence (data/arguments.csv)")
