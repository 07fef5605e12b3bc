"""Lesson 2's views, the opt-out dispute: who said what, what a county controlled, and what came of
its attempts.

Every view shows only what was public on ``p.as_of``: internal ICE emails count from their
release under FOIA, not from the day they were written. That is what a county counsel could
actually have read:

>>> from scomm.course.params import validate
>>> before = statements(validate("02_opt_out_dispute", as_of="2010-09-15"))
>>> after = statements(validate("02_opt_out_dispute", as_of="2011-03-01"))
>>> len(before) < len(after)
True
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course import data, timeline
from scomm.course.params import Params
from scomm.course.tables import Prose, Table, cited, markdown
from scomm.course.world import certain_by
from scomm.lessons.opt_out_dispute.charts import actions_timeline, statements_timeline
from scomm.lessons.shared import booking_flow
from scomm.policy import flow

__all__ = [  # what lesson 2's notebook shows
    "actions_chart",
    "actions_table",
    "control_chart",
    "control_table",
    "stance_summary",
    "statements_chart",
    "statements_table",
]

STANCES = ("voluntary", "mandatory", "ambiguous")
SIDES = ("federal", "congress", "state", "local", "advocate")

# Who controlled each lane of the booking flow, and what a county could do there.
# The kit's reading of the sources: prints go to the FBI through the state (truthout-2010);
# a county could at most decline to receive results (Lore Haley, truthout-2010); after
# August 2011 what remained was whether to honour detainers (Cook County, vox-2014).
CONTROL = {
    flow.JAIL: ("the county", "books and fingerprints; later, decides whether to honour a detainer"),
    flow.STATE: ("the state", "forwards every set of prints to the FBI, as it always had"),
    flow.FBI: ("federal agencies", "checks criminal records; shares the prints with DHS"),
    flow.DHS: (
        "federal agencies",
        "checks immigration records; a county could only decline to see the results",
    ),
    flow.ICE: ("federal agencies", "decides whether to act; the county has no say"),
}
CONTROL_SOURCES = ("truthout-2010", "wikipedia-scomm", "vox-2014")


def statements(p: Params) -> pd.DataFrame:
    """The statements public by ``p.as_of``, in date order."""
    return _statements(p.as_of)


def _statements(as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Statements in date order; with ``as_of``, only those public by that day."""
    table = data.load("statements").sort_values(["date", "statement_id"], ignore_index=True)
    if as_of is not None:
        public = table["became_public"].fillna(certain_by(table["date"], table["date_precision"]))
        table = table[public <= pd.Timestamp(as_of)]
    return table.reset_index(drop=True)


def statements_table(p: Params) -> Table:
    """The statements public by ``p.as_of``, for students to read."""
    as_of = p.as_of
    table = statements(p)
    frame = pd.DataFrame(
        {
            "When": [
                timeline.when(d, p) for d, p in zip(table["date"], table["date_precision"], strict=True)
            ],
            "Who": [
                f"{s} ({r}, {o})"
                for s, r, o in zip(table["speaker"], table["role"], table["organization"], strict=True)
            ],
            "How": table["venue"].astype(str),
            "Stance": table["stance"].astype(str),
            "What they said": [
                p + (f' In their words: "{q}"' if q else "")
                for p, q in zip(table["paraphrase"], table["quote"], strict=True)
            ],
            "Sources": cited(table["source_ids"]),
        }
    )
    return Table(frame, f"Statements public by {timeline.when(as_of, 'day')} (data/statements.csv)")


def stance_summary(p: Params) -> Prose:
    """How the public record read on ``p.as_of``: counts by stance and the latest federal word."""
    as_of = p.as_of
    table = statements(p)
    hidden = len(_statements()) - len(table)
    if table.empty:
        return markdown(
            f"**On {timeline.when(as_of, 'day')}:** no statement about opting out had been made public yet."
        )
    counts = table["stance"].value_counts()
    tally = ", ".join(f"{counts.get(s, 0)} {s}" for s in STANCES)
    latest = table[table["side"] == "federal"].tail(1)
    federal = (
        f" The latest federal word: {latest['speaker'].iloc[0]} ({timeline.when(latest['date'].iloc[0], latest['date_precision'].iloc[0])}), "
        f"**{latest['stance'].iloc[0]}**."
        if len(latest)
        else ""
    )
    later = f" {hidden} more statement(s) in the data became public after this day." if hidden else ""
    return markdown(
        f"**On {timeline.when(as_of, 'day')}:** {len(table)} statement(s) were public: {tally}.{federal}{later}"
    )


def control_steps(p: Params) -> pd.DataFrame:
    """The booking flow on ``p.as_of`` with who controlled each step and what a county could do there."""
    steps = flow.booking_flow(p.as_of)
    return steps.assign(
        controlled_by=[CONTROL[lane][0] for lane in steps["lane"]],
        county_lever=[CONTROL[lane][1] for lane in steps["lane"]],
        source_ids=[tuple(dict.fromkeys((*ids, *CONTROL_SOURCES))) for ids in steps["source_ids"]],
    )


def control_table(p: Params) -> Table:
    """Each step of the flow on ``p.as_of``: who controlled it and what a county could do there."""
    steps = control_steps(p)
    frame = pd.DataFrame(
        {
            "Step": steps["step"],
            "Where": steps["lane"],
            "What happens": steps["action"],
            "Controlled by": steps["controlled_by"],
            "What a county could do": steps["county_lever"],
        }
    )
    return Table(frame, f"Who controlled each step ({', '.join(CONTROL_SOURCES)})")


def actions(p: Params, *, only_jurisdiction: bool = False) -> pd.DataFrame:
    """What jurisdictions did by ``p.as_of``, in date order (only the lesson's own, if asked)."""
    return _actions(as_of=p.as_of, focus=p.jurisdiction if only_jurisdiction else None)


def _actions(*, as_of: str | pd.Timestamp | None = None, focus: str | None = None) -> pd.DataFrame:
    """What jurisdictions did, in date order, with each jurisdiction's display name."""
    table = data.load("actions").sort_values(["date", "action_id"], ignore_index=True)
    names = data.load("jurisdictions").set_index("jurisdiction_id")["name"]
    table = table.assign(jurisdiction=table["jurisdiction_id"].map(names))
    if as_of is not None:
        table = table[certain_by(table["date"], table["date_precision"]) <= pd.Timestamp(as_of)]
    if focus is not None:
        table = table[table["jurisdiction"] == focus]
    return table.reset_index(drop=True)


def actions_table(p: Params) -> Table:
    """The lesson's jurisdiction's own attempts by ``p.as_of`` (or a sentence saying there were none)."""
    focus, as_of = p.jurisdiction, p.as_of
    table = actions(p, only_jurisdiction=True)
    frame = pd.DataFrame(
        {
            "When": [
                timeline.when(d, p) for d, p in zip(table["date"], table["date_precision"], strict=True)
            ],
            "Who": table["actor"],
            "What": table["description"],
            "Outcome": [
                f"{o}: {n}" if n else str(o)
                for o, n in zip(table["outcome"], table["outcome_note"], strict=True)
            ],
            "Sources": cited(table["source_ids"]),
        }
    )
    caption = f"What {focus} did, up to {timeline.when(as_of, 'day')} (data/actions.csv)"
    if frame.empty:
        caption += f": the data record no action by {focus} in this period"
    return Table(frame, caption)


# -- charts ---------------------------------------------------------------------------------------


def statements_chart(p: Params) -> alt.LayerChart:
    """Statements public by ``p.as_of``, by speaker and stance."""
    shown = statements(p)
    return statements_timeline(shown, as_of=p.as_of, hidden=len(_statements()) - len(shown))


def control_chart(p: Params) -> alt.LayerChart:
    """The booking flow on ``p.as_of``, each step coloured by who controlled it."""
    return booking_flow(
        control_steps(p),
        as_of=p.as_of,
        colour_by="controlled_by",
        title=f"Who controlled each step, as the rules stood on {p.as_of.date().isoformat()}",
    )


def actions_chart(p: Params) -> alt.LayerChart:
    """Every jurisdiction's attempts up to ``p.as_of``, by outcome, with the lesson's jurisdiction ringed."""
    return actions_timeline(actions(p), as_of=p.as_of, focus=p.jurisdiction)
