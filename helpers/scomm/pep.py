"""The PEP transition (lesson 4): the 2014 priorities, notification instead of detention, and
whether anything changed beyond the name, tested on the same SYNTHETIC bookings.

>>> counts = compare_regimes(n=2_000, seed=1)
>>> sorted(counts["regime"].unique())
['PEP (2016)', 'S-Comm practice (2011)', 'detainer guidance (2012)']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course import data
from scomm.course.charts import HEIGHT, MUTED, PALETTE, WIDTH, finish
from scomm.course.tables import Table, cited
from scomm.policy import caseload, detainers

# One day under each federal regime, in a county with no local limits, so only the
# federal rules differ between the runs.
COMPARED = (
    ("S-Comm practice (2011)", "2011-06-15"),
    ("detainer guidance (2012)", "2013-06-03"),
    ("PEP (2016)", "2016-03-01"),
)
NEUTRAL_JAIL = "harris-county-tx"


def compare_regimes(*, n: int = 20_000, seed: int = 2015) -> pd.DataFrame:
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


def comparison_chart(*, n: int = 20_000, seed: int = 2015):
    """The comparison as a chart, labelled synthetic."""

    return regime_comparison(compare_regimes(n=n, seed=seed))


def priorities() -> Table:
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


def new_name_debate() -> Table:
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


REQUEST_COLOURS = {"detainer": PALETTE[5], "notification": PALETTE[0], "none": MUTED}


def regime_comparison(frame: pd.DataFrame) -> alt.LayerChart:
    """The same SYNTHETIC bookings under several federal regimes: what ICE would request.

    ``frame``: regime, day, ice_request, bookings (see ``scomm.pep.compare_regimes``).
    """
    order = list(dict.fromkeys(frame["regime"]))
    requests = [r for r in REQUEST_COLOURS if r in set(frame["ice_request"])]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("regime:N", sort=order, title="Federal rules in force", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "bookings:Q", title="Synthetic bookings matched to a removable person (count)", stack="zero"
            ),
            color=alt.Color(
                "ice_request:N",
                title="ICE would request",
                sort=requests,
                scale=alt.Scale(domain=requests, range=[REQUEST_COLOURS[r] for r in requests]),
            ),
            order=alt.Order("ice_request:N"),
        )
    )
    matched = int(frame.groupby("regime")["bookings"].sum().max())
    n = frame.attrs.get("n", matched)
    lines = "; ".join(
        f"{regime}: " + ", ".join(f"{r.bookings:,} {r.ice_request}" for r in part.itertuples())
        for regime, part in frame.groupby("regime", sort=False)
    )
    return finish(
        bars.properties(width=WIDTH - 100, height=HEIGHT),
        title="SYNTHETIC: the same bookings under three sets of federal rules",
        note=f"The {matched:,} of {n:,} invented bookings (scomm.policy.caseload) whose prints matched a removable non-citizen, "
        "run through scomm.policy.detainers in a county with no local limits. Not real cases: the record mix is calibrated "
        "to published shares (see the calibration table).",
        source_ids=frame.attrs.get("source_ids", ()),
        description=f"SYNTHETIC data. Stacked bar chart of the same {matched:,} invented matched bookings under each regime. {lines}.",
    )
