"""Lesson 2's views, the opt-out dispute: who said what, what a county controlled, and what came of
its attempts.

Every view reads only ``p.world``, the kit's tables as they were public on ``p.as_of``: internal
ICE emails count from their release under FOIA, not from the day they were written, and what
came of an action shows only once it was known. That is what a county counsel could actually
have read:

>>> from scomm.course.params import validate
>>> from scomm.lessons.opt_out_dispute.said import statements
>>> before = statements(validate("02_opt_out_dispute", as_of="2010-09-15"))
>>> after = statements(validate("02_opt_out_dispute", as_of="2011-03-01"))
>>> len(before) < len(after)
True
"""

from __future__ import annotations

import pandas as pd

from scomm.course import citations
from scomm.course.charts import alt
from scomm.course.days import in_date_order
from scomm.course.drawings import drawn
from scomm.course.params import Params
from scomm.course.tables import Table, words
from scomm.lessons.opt_out_dispute.charts import actions_timeline
from scomm.lessons.opt_out_dispute.cited import cited_table
from scomm.lessons.opt_out_dispute.said import (
    claims_table,
    conflicts_table,
    excerpts_table,
    stance_summary,
    statements_chart,
    statements_table,
)
from scomm.lessons.shared import booking_flow, dates, lesson_day
from scomm.policy import flow

__all__ = [  # what lesson 2's notebook shows; the record of who said what is made in ``said``
    "actions_chart",
    "actions_table",
    "claims_table",
    "conflicts_table",
    "control_chart",
    "control_table",
    "excerpts_table",
    "stance_summary",
    "statements_chart",
    "statements_table",
]

#: What the table shows for an outcome not yet known on ``as_of`` (the world leaves it blank).
NOT_YET_KNOWN = "not yet known"
#: Kinds of action that asked for something or proposed it: until what came of it was public, it
#: was not yet known. Any other kind (signing up, an activation, a withdrawal) took effect when it
#: was done, so until a later change was public it stood, and reads ``in_force``.
ASKED = frozenset({"opt_out_request", "vote", "resolution", "letter", "bill_introduced"})

# Who controlled each lane of the booking flow, and what a county could do there.
# The kit's reading of the sources: prints go to the FBI through the state (truthout-2010);
# what stayed local was the jail's answer to a detainer. Whether it could refuse one was argued
# (8 CFR 287.7 calls a detainer a request and says the agency "shall maintain custody"; Cook
# County refused holds from 7 September 2011), so the table says so rather than ruling on it.
# What ICE said a county could do about the results is dated narrative (section "control").
CONTROL = {
    flow.JAIL: (
        "the county",
        "books and fingerprints; answers an ICE detainer (whether a jail could refuse one was disputed)",
    ),
    flow.STATE: ("the state", "forwards every set of prints to the FBI, as it always had"),
    flow.FBI: ("federal agencies", "checks criminal records; shares the prints with DHS"),
    flow.DHS: (
        "federal agencies",
        "checks immigration records and flags a match to ICE; the county takes no part",
    ),
    flow.ICE: ("federal agencies", "decides whether to act; the county has no say"),
}
CONTROL_SOURCES = ("truthout-2010", "cook-county-2011-ordinance", "wikipedia-scomm")


# -- what a county controlled -----------------------------------------------------------------------


def control_steps(p: Params) -> pd.DataFrame:
    """The booking flow on ``p.as_of`` with who controlled each step and what a county could do there."""
    steps = flow.booking_flow(p.as_of)
    return steps.assign(
        controlled_by=[CONTROL[lane][0] for lane in steps["lane"]],
        county_lever=[CONTROL[lane][1] for lane in steps["lane"]],
        source_ids=[tuple(dict.fromkeys((*ids, *CONTROL_SOURCES))) for ids in steps["source_ids"]],
    )


def control_table(p: Params) -> Table:
    """Each body a booking passes through on ``p.as_of``, once: its steps, who controlled it, what it
    does and what say the county had there.

    One row per body, not per step: a body's controller and part are the same at each of its steps,
    so a row per step repeated them (ICE's three steps read alike).
    """
    steps = control_steps(p)
    bodies = steps.groupby("lane", sort=False)
    frame = pd.DataFrame(
        {
            "Where": list(bodies.groups),
            "Steps and what happens": [
                "; ".join(f"{s.step}. {s.action}" for s in b.itertuples()) for _, b in bodies
            ],
            "Controlled by": bodies["controlled_by"].first().to_list(),
            "What it does, and the county's say": bodies["county_lever"].first().to_list(),
        }
    )
    shown, later = citations.split((i for row in steps["source_ids"] for i in row), as_of=p.as_of)
    return Table(frame, "Who controlled each step.", sources=tuple(shown), later=later)


@drawn
def control_chart(p: Params) -> alt.LayerChart:
    """The booking flow on ``p.as_of``, each step coloured by who controlled it."""
    return booking_flow(
        control_steps(p),
        as_of=p.as_of,
        colour_by="controlled_by",
        title=f"Who controlled each step, as the rules stood on {lesson_day(p)}",
    )


# -- what jurisdictions did -----------------------------------------------------------------------


def actions(p: Params, *, only_jurisdiction: bool = False) -> pd.DataFrame:
    """What jurisdictions did, public by ``p.as_of``, in date order (only the lesson's own, if asked).

    An outcome not yet known on ``p.as_of`` reads ``not yet known`` for a request or a proposal
    and ``in_force`` for an act that took effect when it was done (``ASKED``); its note is empty.
    """
    table = in_date_order(p.world.table("actions"), "action_id")
    names = p.world.table("jurisdictions").set_index("jurisdiction_id")["name"]
    table = table.assign(
        jurisdiction=table["jurisdiction_id"].map(names),
        outcome=[_outcome_then(a, o) for a, o in zip(table["action"], table["outcome"], strict=True)],
        outcome_note=[n if isinstance(n, str) else "" for n in table["outcome_note"]],
    )
    if only_jurisdiction:
        table = table[table["jurisdiction"] == p.jurisdiction]
    return table.reset_index(drop=True)


def _outcome_then(action: object, outcome: object) -> str:
    """What came of an action as far as was public on the lesson's day (``outcome`` blank until then).

    >>> _outcome_then("signed_up", None), _outcome_then("bill_introduced", None), _outcome_then("vote", "refused")
    ('in_force', 'not yet known', 'refused')
    """
    if pd.notna(outcome) and str(outcome):
        return str(outcome)
    return NOT_YET_KNOWN if str(action) in ASKED else "in_force"


def actions_table(p: Params) -> Table:
    """The lesson's jurisdiction's own attempts by ``p.as_of`` (or a sentence saying there were none)."""
    table = actions(p, only_jurisdiction=True)
    columns = {
        "When": dates(table),
        "Who": table["actor"],
        "What": table["description"],
        "Outcome": [
            f"{o}: {n}" if n else o
            for o, n in zip(words(table["outcome"]), table["outcome_note"], strict=True)
        ],
    }
    caption = f"What {p.jurisdiction} did, up to {lesson_day(p)}"
    made = cited_table(p, columns, table["source_ids"], caption)
    if table.empty:
        return Table(
            made.frame,
            made.caption + f": the data record no action by {p.jurisdiction} in this period",
            when_empty="",
        )
    return made


@drawn
def actions_chart(p: Params) -> alt.LayerChart:
    """Every jurisdiction's attempts up to ``p.as_of``, by outcome, with the lesson's jurisdiction ringed."""
    return actions_timeline(actions(p), as_of=p.as_of, focus=p.jurisdiction)
