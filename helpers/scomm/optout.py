"""The opt-out dispute (lesson 2): who said what, what a county controlled, and what came of its attempts.

With ``as_of`` every view shows only what was public that day: internal ICE emails count
from their release under FOIA, not from the day they were written. That is what a county
counsel could actually have read.

>>> before = statements(as_of="2010-09-15")
>>> after = statements(as_of="2011-03-01")
>>> len(before) < len(after)
True
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scomm.course import data, timeline
from scomm.course.charts import MUTED, PALETTE, WIDTH, as_of_rule, chartable, finish, source_ids_of
from scomm.course.tables import Prose, Table, cited, markdown
from scomm.course.world import certain_by
from scomm.policy import flow as mechanics

STANCES = ("voluntary", "mandatory", "ambiguous")
SIDES = ("federal", "congress", "state", "local", "advocate")

# Who controlled each lane of the booking flow, and what a county could do there.
# The kit's reading of the sources: prints go to the FBI through the state (truthout-2010);
# a county could at most decline to receive results (Lore Haley, truthout-2010); after
# August 2011 what remained was whether to honour detainers (Cook County, vox-2014).
CONTROL = {
    mechanics.JAIL: ("the county", "books and fingerprints; later, decides whether to honour a detainer"),
    mechanics.STATE: ("the state", "forwards every set of prints to the FBI, as it always had"),
    mechanics.FBI: ("federal agencies", "checks criminal records; shares the prints with DHS"),
    mechanics.DHS: (
        "federal agencies",
        "checks immigration records; a county could only decline to see the results",
    ),
    mechanics.ICE: ("federal agencies", "decides whether to act; the county has no say"),
}
CONTROL_SOURCES = ("truthout-2010", "wikipedia-scomm", "vox-2014")


def statements(*, as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Statements in date order; with ``as_of``, only those public by that day."""
    table = data.load("statements").sort_values(["date", "statement_id"], ignore_index=True)
    if as_of is not None:
        public = table["became_public"].fillna(certain_by(table["date"], table["date_precision"]))
        table = table[public <= pd.Timestamp(as_of)]
    return table.reset_index(drop=True)


def statements_table(as_of: pd.Timestamp) -> Table:
    """The statements public by ``as_of``, for students to read."""
    table = statements(as_of=as_of)
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


def stance_summary(as_of: pd.Timestamp) -> Prose:
    """How the public record read on ``as_of``: counts by stance and the latest word from each side."""
    table = statements(as_of=as_of)
    hidden = len(statements()) - len(table)
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


def control_steps(as_of: pd.Timestamp) -> pd.DataFrame:
    """The booking flow on ``as_of`` with who controlled each step and what a county could do there."""
    steps = mechanics.booking_flow(as_of)
    return steps.assign(
        controlled_by=[CONTROL[lane][0] for lane in steps["lane"]],
        county_lever=[CONTROL[lane][1] for lane in steps["lane"]],
        source_ids=[tuple(dict.fromkeys((*ids, *CONTROL_SOURCES))) for ids in steps["source_ids"]],
    )


def control_table(as_of: pd.Timestamp) -> Table:
    """Each step of the flow on ``as_of``: who controlled it and what a county could do there."""
    steps = control_steps(as_of)
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


def actions(*, as_of: str | pd.Timestamp | None = None, focus: str | None = None) -> pd.DataFrame:
    """What jurisdictions did, in date order, with each jurisdiction's display name."""
    table = data.load("actions").sort_values(["date", "action_id"], ignore_index=True)
    names = data.load("jurisdictions").set_index("jurisdiction_id")["name"]
    table = table.assign(jurisdiction=table["jurisdiction_id"].map(names))
    if as_of is not None:
        table = table[certain_by(table["date"], table["date_precision"]) <= pd.Timestamp(as_of)]
    if focus is not None:
        table = table[table["jurisdiction"] == focus]
    return table.reset_index(drop=True)


def actions_table(focus: str, as_of: pd.Timestamp) -> Table:
    """The focus jurisdiction's own attempts by ``as_of`` (or a sentence saying there were none)."""
    table = actions(as_of=as_of, focus=focus)
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


def statements_chart(as_of: pd.Timestamp):
    """Statements public by ``as_of``, by speaker and stance."""

    shown = statements(as_of=as_of)
    return statements_timeline(shown, as_of=as_of, hidden=len(statements()) - len(shown))


def control_chart(as_of: pd.Timestamp):
    """The booking flow on ``as_of``, each step coloured by who controlled it."""
    from scomm.course import charts

    return charts.booking_flow(
        control_steps(as_of),
        as_of=as_of,
        colour_by="controlled_by",
        title=f"Who controlled each step, as the rules stood on {as_of.date().isoformat()}",
    )


def actions_chart(as_of: pd.Timestamp, focus: str):
    """Every jurisdiction's attempts up to ``as_of``, by outcome, with ``focus`` ringed."""

    return actions_timeline(actions(as_of=as_of), as_of=as_of, focus=focus)


STANCE_COLOURS = {"voluntary": PALETTE[2], "mandatory": PALETTE[5], "ambiguous": PALETTE[0]}
STANCE_SHAPES = {"voluntary": "circle", "mandatory": "square", "ambiguous": "triangle-up"}


def statements_timeline(frame: pd.DataFrame, *, as_of: pd.Timestamp, hidden: int) -> alt.LayerChart:
    """Each statement as a mark: when (x), who (rows, grouped by side), stance (colour and shape).

    ``frame``: statements rows public by ``as_of`` (see ``scomm.optout.statements``);
    ``hidden``: how many more became public later, which the caption says.
    """
    source_ids = source_ids_of(frame)
    order = {side: i for i, side in enumerate(("federal", "congress", "state", "local", "advocate"))}
    frame = chartable(frame).assign(
        who=[
            (s if s == o else f"{s} ({o})")[:60]
            for s, o in zip(frame["speaker"], frame["organization"], strict=True)
        ],
        rank=[order.get(str(s), 9) for s in frame["side"]],
        stance=frame["stance"].astype(str),
        side=frame["side"].astype(str),
    )
    rows = list(dict.fromkeys(frame.sort_values(["rank", "date"])["who"]))
    stances = list(STANCE_COLOURS)
    y = alt.Y("who:N", sort=rows, title=None, axis=alt.Axis(labelLimit=320))
    marks = (
        alt.Chart(frame)
        .mark_point(size=110, filled=True, opacity=0.9)
        .encode(
            x=alt.X("date:T", title="Date of the statement", axis=alt.Axis(format="%b %Y")),
            y=y,
            color=alt.Color(
                "stance:N",
                title="Participation was…",
                scale=alt.Scale(domain=stances, range=list(STANCE_COLOURS.values())),
            ),
            shape=alt.Shape("stance:N", scale=alt.Scale(domain=stances, range=list(STANCE_SHAPES.values()))),
        )
    )
    chart = alt.layer(marks, as_of_rule(as_of)).properties(width=WIDTH, height=max(120, 20 * len(rows)))
    counts = frame["stance"].value_counts()
    by_stance = ", ".join(f"{counts.get(s, 0)} {s}" for s in stances)
    listing = "; ".join(
        f"{d:%b %Y} {w}: {s}" for d, w, s in zip(frame["date"], frame["who"], frame["stance"], strict=True)
    )
    later = f" {hidden} more became public later and are not shown." if hidden else ""
    return finish(
        chart,
        title="Voluntary or not? What was said about opting out",
        note=f"Only statements public by as_of ({as_of.date().isoformat()}) are shown.{later} Colour and shape both mark the stance.",
        source_ids=source_ids,
        description=f"Dot chart of {len(frame)} statements ({by_stance}), one row per speaker, grouped federal, congress, state, local, advocate. {listing}.",
    )


OUTCOME_COLOURS = {
    "granted": PALETTE[2],
    "refused": PALETTE[5],
    "ignored": PALETTE[3],
    "superseded": PALETTE[1],
    "reversed": PALETTE[4],
    "in_force": PALETTE[0],
    "unclear": MUTED,
}


def actions_timeline(frame: pd.DataFrame, *, as_of: pd.Timestamp, focus: str) -> alt.LayerChart:
    """What each jurisdiction did (x = date, rows = jurisdictions), coloured by what came of it."""
    source_ids = source_ids_of(frame)
    frame = chartable(frame).assign(
        outcome=frame["outcome"].astype(str),
        action=frame["action"].astype(str).str.replace("_", " "),
        focus=[j == focus for j in frame["jurisdiction"]],
    )
    outcomes = [o for o in OUTCOME_COLOURS if o in set(frame["outcome"])]
    rows = list(dict.fromkeys(frame["jurisdiction"]))
    y = alt.Y("jurisdiction:N", sort=rows, title=None, axis=alt.Axis(labelLimit=220))
    x = alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y", tickCount="month"))
    marks = (
        alt.Chart(frame)
        .mark_point(size=120, filled=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "outcome:N",
                title="What came of it",
                scale=alt.Scale(domain=outcomes, range=[OUTCOME_COLOURS[o] for o in outcomes]),
            ),
            shape=alt.Shape("outcome:N", scale=alt.Scale(domain=outcomes)),
        )
    )
    ring = (
        alt.Chart(frame[frame["focus"]]).mark_point(size=420, color="black", strokeWidth=1.5).encode(x=x, y=y)
    )
    chart = alt.layer(marks, ring, as_of_rule(as_of)).properties(width=WIDTH, height=max(120, 24 * len(rows)))
    listing = "; ".join(
        f"{d:%b %Y} {j}: {a}, {o}"
        for d, j, a, o in zip(
            frame["date"], frame["jurisdiction"], frame["action"], frame["outcome"], strict=True
        )
    )
    ringed = (
        f" Black rings mark {focus}." if frame["focus"].any() else f" The data record no action by {focus}."
    )
    return finish(
        chart,
        title="Trying to leave: what jurisdictions did and what came of it",
        note=f"The dashed line marks as_of.{ringed}",
        source_ids=source_ids,
        description=f"Dot chart of {len(frame)} actions by {len(rows)} jurisdictions, coloured and shaped by outcome. {listing}.",
    )
