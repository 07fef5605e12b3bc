"""Lesson 2's record of who said what: statements, excerpts, each side's arguments, and where the
sources disagree, each as public on ``p.as_of`` (``scomm.lessons.opt_out_dispute.views`` hands them
to the notebook).
"""

from __future__ import annotations

import pandas as pd

from scomm.course import timeline
from scomm.course.charts import alt
from scomm.course.counts import count_of
from scomm.course.days import in_date_order
from scomm.course.drawings import drawn
from scomm.course.params import Params
from scomm.course.tables import SIDES as CLAIM_SIDES
from scomm.course.tables import Prose, Table, markdown, words
from scomm.lessons.opt_out_dispute.charts import statements_timeline
from scomm.lessons.opt_out_dispute.cited import cited_table
from scomm.lessons.shared import dates, lesson_day

#: The claims this lesson sets side by side: what each side said the program did.
CLAIM_QUESTIONS = ("community-trust", "public-safety")
#: Where the lesson's sources disagree, in the order the lesson meets them.
CONFLICTS = (
    "opt-out-possible",
    "congressional-mandate",
    "santa-clara-activation",
    "lofgren-letter-date",
    "dc-withdrawal-meaning",
    "ny-county-count",
    "agreement-parties",
    "states-with-agreements",
    "nationwide-target-date",
)


# -- statements -----------------------------------------------------------------------------------


def statements(p: Params) -> pd.DataFrame:
    """The statements public by ``p.as_of``, in date order."""
    table = p.world.table("statements")
    return in_date_order(table, "statement_id")


def statements_table(p: Params) -> Table:
    """The statements public by ``p.as_of``, for students to read."""
    table = statements(p)
    columns = {
        "When": dates(table),
        "Who": [
            f"{s} ({r}, {o})"
            for s, r, o in zip(table["speaker"], table["role"], table["organization"], strict=True)
        ],
        "How": words(table["venue"]),
        "Stance": words(table["stance"]),
        "What they said": [
            text + (f' In their words: "{q}"' if q else "")
            for text, q in zip(table["paraphrase"], table["quote"], strict=True)
        ],
    }
    caption = f"Statements public by {lesson_day(p)}"
    return cited_table(p, columns, table["source_ids"], caption)


def stance_summary(p: Params) -> Prose:
    """How the public record read on ``p.as_of``: counts by stance and the latest federal word."""
    table = statements(p)
    hidden = p.world.later("statements")
    later = (
        f" {count_of(hidden, 'more statement')} in the data became public after this day." if hidden else ""
    )
    counts = table["stance"].value_counts()
    # The stances in the data package's order (statements.stance's enum), each counted, 0 too.
    tally = ", ".join(f"{counts.get(s, 0)} {s}" for s in table["stance"].cat.categories)
    latest = table[table["side"] == "federal"].tail(1)
    federal = ""
    if len(latest):
        row = latest.iloc[0]
        federal = (
            f" The latest federal word: {row['speaker']} "
            f"({timeline.when(row['date'], row['date_precision'])}), **{row['stance']}**."
        )
    were = "was" if len(table) == 1 else "were"
    return markdown(
        f"**On {lesson_day(p)}:** {count_of(len(table), 'statement')} {were} public: {tally}.{federal}{later}"
    )


@drawn
def statements_chart(p: Params) -> alt.LayerChart:
    """Statements public by ``p.as_of``, by speaker and stance."""
    return statements_timeline(statements(p), as_of=p.as_of, hidden=p.world.later("statements"))


# -- documents and arguments ----------------------------------------------------------------------


def excerpts_table(p: Params) -> Table:
    """The lesson's primary-source excerpts public by ``p.as_of``: short, cited, each with its speaker."""
    table = p.world.table("excerpts")
    table = table[table["lesson"] == p.kit_lesson.number].sort_values(["date", "excerpt_id"])
    columns = {
        "When": dates(table),
        "Who": [f"{s} ({r})" for s, r in zip(table["speaker"], table["speaker_role"], strict=True)],
        "Their words": [f'"{q}"' for q in table["quote"]],
        "Where in the document": table["pinpoint"],
        "Why read it": table["why"],
    }
    caption = f"Excerpts from the record, public by {lesson_day(p)}"
    return cited_table(p, columns, ((s,) for s in table["source_id"]), caption)


def claims_table(p: Params) -> Table:
    """What each side argued about trust and safety, public by ``p.as_of``, with the evidence it gave."""
    table = p.world.table("claims")
    table = table[table["question"].isin(CLAIM_QUESTIONS)].sort_values(["question", "date", "claim_id"])
    columns = {
        "Question": words(table["question"]),
        "Side": words(table["side"], CLAIM_SIDES),
        "Who, when": [f"{s}, {w}" for s, w in zip(table["speaker"], dates(table), strict=True)],
        "They argued": table["claim"],
        "Their evidence": table["evidence"],
    }
    caption = f"Arguments on both sides, as made by {lesson_day(p)}"
    return cited_table(p, columns, table["source_ids"], caption)


def conflicts_table(p: Params) -> Table:
    """Where the lesson's sources disagree, once every record in the disagreement was public."""
    table = p.world.table("conflicts").set_index("conflict_id")
    shown = [c for c in CONFLICTS if c in table.index]
    table = table.loc[shown]
    waiting = len(CONFLICTS) - len(shown)
    more = f"; {waiting} more became public later" if waiting else ""
    columns = {"Question": table["topic"], "What the sources say": table["summary"]}
    caption = f"Where the sources disagree, as of {lesson_day(p)}{more}"
    return cited_table(p, columns, table["source_ids"], caption)
