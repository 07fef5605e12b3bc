"""Lesson 1's evidence tables: what each side argued, the figures ICE reported, the documents' own words.

Each table holds only what was public on ``p.as_of`` and counts what came later:

>>> from scomm.course.params import validate
>>> early = validate("01_program_mechanics", as_of="2009-01-15")
>>> claims(early).frame["Who"].tolist()
['Julie L. Myers']
>>> len(agency_figures(validate("01_program_mechanics", as_of="2012-10-01"))) >= 4
True
"""

from __future__ import annotations

import pandas as pd

from scomm.course import timeline
from scomm.course.charts import qualified
from scomm.course.params import Params
from scomm.course.tables import SIDES, Table, words
from scomm.lessons.shared import lesson_day, sources_cells

#: The figures ICE and DHS gave for whom the program found and removed, as the supporters cited them.
AGENCY_METRICS = {
    "identified_convicted": "identified as criminal aliens (charged or convicted) in local custody",
    "identified_level1": "of those, charged with or convicted of Level 1 crimes",
    "removals_level1": "removed after a Level 1 identification",
    "removals": "removed through the program (all, with or without a conviction)",
    "removals_convicted": "removed through the program who had a criminal conviction",
}


def agency_figures(p: Params) -> Table:
    """The counts ICE and DHS reported for the program (identifications, Level 1 and convicted removals)."""
    stats = p.world.table("statistics")
    rows = stats[stats["metric"].isin(AGENCY_METRICS) & (stats["scope"] == "national")]
    rows = rows.sort_values(["period_end", "stat_id"], ignore_index=True)
    frame = pd.DataFrame(
        {
            "Up to": [timeline.when(d, "month") for d in rows["period_end"]],
            "People": [qualified(r) for _, r in rows.iterrows()],
            "Counted as": rows["metric"].map(AGENCY_METRICS),
            "Sources": sources_cells(rows["source_ids"], as_of=p.as_of),
        }
    )
    return Table(
        frame,
        f"What the program's own figures said, by {lesson_day(p)}",
    )


def claims(p: Params, *, question: str | None = None) -> Table:
    """Each side's argument with the evidence it offered, in date order (one ``question`` or all)."""
    table = p.world.table("claims").sort_values(["date", "claim_id"], ignore_index=True)
    if question is not None:
        table = table[table["question"] == question].reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "When": [
                timeline.when(d, pr) for d, pr in zip(table["date"], table["date_precision"], strict=True)
            ],
            "Side": words(table["side"], SIDES),
            "Who": table["speaker"],
            "Argued": table["claim"],
            "Evidence offered": table["evidence"],
            "Sources": sources_cells(table["source_ids"], as_of=p.as_of),
        }
    )
    later = _later(p, "claims", "claims", question=question)
    return Table(frame, f"Arguments made by {lesson_day(p)}{later}")


def excerpts(p: Params) -> Table:
    """The primary-source passages the lesson plan assigns, each shown from the day it was public."""
    table = p.world.table("excerpts")
    table = table[table["lesson"] == p.kit_lesson.number].sort_values(
        ["date", "excerpt_id"], ignore_index=True
    )
    frame = pd.DataFrame(
        {
            "When": [
                timeline.when(d, pr) for d, pr in zip(table["date"], table["date_precision"], strict=True)
            ],
            "Who": [
                f"{s} ({r})" if r else s for s, r in zip(table["speaker"], table["speaker_role"], strict=True)
            ],
            "In their words": table["quote"],
            "Where": table["pinpoint"],
            "Read it for": table["why"],
            "Source": table["source_id"],
        }
    )
    later = _later(p, "excerpts", "passages", lesson=p.kit_lesson.number)
    return Table(frame, f"Primary sources in their own words{later}")


def _later(p: Params, name: str, noun: str, **equal: object) -> str:
    """'; 3 more <noun> became public later' for rows of ``name`` holding ``equal``, or ''."""
    count = p.world.later(name, **{k: v for k, v in equal.items() if v is not None})
    return f"; {count} more {noun} became public later" if count else ""
