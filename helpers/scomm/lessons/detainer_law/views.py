"""Lesson 3's views, detainer law: what the courts said, how local limits spread, and the rules the
simulator applies, with what the engine leaves out.

Every view takes the lesson's parameters ``p`` and reads the kit's tables only through
``p.world`` (the tables as public on ``p.as_of``), so a student sees nothing published later:

>>> from scomm.course.params import validate
>>> early = validate("03_detainer_law", focus="Cook County, IL", as_of="2011-06-01")
>>> "Galarza" in " ".join(rulings(early).frame["What happened"])
False
>>> len(rules_table(validate("03_detainer_law", as_of="2016-01-01"), regime_id="pep")) > 0
True
"""

from __future__ import annotations

import pandas as pd

from scomm.course import timeline
from scomm.course.charts import alt
from scomm.course.counts import count_of
from scomm.course.drawings import drawn
from scomm.course.params import Params, fail
from scomm.course.tables import SIDES, Table, words
from scomm.lessons.detainer_law.charts import limits_timeline
from scomm.lessons.detainer_law.dated import (
    events,
    events_table,
    present,
    regime_name,
    sources_cell,
    with_later,
)
from scomm.lessons.shared import dates, disagreements, lesson_day

__all__ = [  # what lesson 3's notebook shows
    "claims",
    "disagreements",
    "excerpts",
    "focus_events",
    "limits_chart",
    "regimes_table",
    "rulings",
    "trust_act",
]

LESSON = 3
#: The month the chart of local limits starts: before the first limit the kit records.
FIRST_MONTH = "2010-01-01"
#: The regulation the lesson turns on, shown with the court decisions.
REGULATION = "ev-1997-detainer-rule"
#: The sources the lesson's reading tells of (sources/readings/03_detainer_law.md): the 2014
#: rulings and the June 2014 explainer that reported ICE's and Gascon's words. The front shows the
#: reading only once all were published. (It also draws on an encyclopedia article written later,
#: for events reported at the time: the ordinance, Napolitano's testimony, WBEZ's story.)
READING_NEEDS = ("galarza-2014", "miranda-olivares-2014", "vox-2014")


def rulings(p: Params) -> Table:
    """The regulation and the court decisions the lesson turns on, as public on ``p.as_of``."""
    rows = events(p)
    wanted = (rows["lesson"] == LESSON) & rows["event_type"].isin(["ruling", "lawsuit"])
    rows = rows[wanted | (rows["event_id"] == REGULATION)]
    return events_table(p, rows, "The law of detainers: the regulation and the courts")


def focus_events(p: Params) -> Table:
    """What had happened in the lesson's jurisdiction by ``p.as_of``."""
    rows = events(p)
    rows = rows[rows["jurisdiction_id"] == p.jurisdiction_id]
    return events_table(p, rows, f"Events in {p.jurisdiction} as public on {lesson_day(p)}")


def trust_act(p: Params) -> Table:
    """California's TRUST Act from passage to force, as the public record stood on ``p.as_of``.

    Emails written in 2012 and released under FOIA count from their release, not their writing.
    """
    rows = events(p)
    rows = rows[(rows["jurisdiction_id"] == "california") & (rows["lesson"] == LESSON)]
    # The act's name came with its first event (August 2012): the caption does not name it before.
    what = "California's TRUST Act" if len(rows) else "California's record on detainer holds"
    return events_table(p, rows, f"{what}, as the public record stood")


def excerpts(p: Params) -> Table:
    """The short primary-source excerpts lesson 3 reads, those public on ``p.as_of``, oldest first.

    Why each is assigned is shown to instructors only: that column was written with hindsight.
    """
    rows = p.world.table("excerpts")
    rows = rows[rows["lesson"] == LESSON].sort_values(["date", "excerpt_id"])
    frame = pd.DataFrame(
        {
            "Who": [f"{s} ({r})" for s, r in zip(rows["speaker"], rows["speaker_role"], strict=True)],
            "Words (verbatim)": [f"“{q}”" for q in rows["quote"]],
            "Where": rows["pinpoint"],
            "Source": rows["source_id"],
        }
    )
    if p.instructor:  # the editors' "why" was written with hindsight (it may name later rulings)
        frame["Why read it (instructor)"] = list(rows["why"])
    return Table(frame.reset_index(drop=True), "Primary sources in their own words")


#: Public safety, and the community trust critics said it rests on: from the first local objection
#: (May 2010) critics argued safety through trust, so both sides are heard from lesson 3's first day.
SAFETY_QUESTIONS = ("public-safety", "community-trust")


def claims(p: Params, *, questions: tuple[str, ...] = SAFETY_QUESTIONS) -> Table:
    """Each side's claims on these questions and the evidence it offered, as public on ``p.as_of``, oldest first."""
    rows = p.world.table("claims")
    rows = rows[rows["question"].isin(questions)].sort_values(["date", "claim_id"])
    frame = pd.DataFrame(
        {
            "When": dates(rows),
            "Who (side)": [
                f"{s}, {r} ({side})"
                for s, r, side in zip(rows["speaker"], rows["role"], words(rows["side"], SIDES), strict=True)
            ],
            "Claim": rows["claim"],
            "Evidence offered": rows["evidence"],
            "Sources": [sources_cell(ids, p) for ids in rows["source_ids"]],
        }
    )
    topics = " and ".join(q.replace("-", " ") for q in questions)
    caption = f"Who claimed what about {topics}, with the evidence each offered"
    return Table(frame.reset_index(drop=True), caption)


# -- how the limits spread -------------------------------------------------------------------------------


def local_limits(p: Params) -> pd.DataFrame:
    """The local regimes public on ``p.as_of``, oldest first; ``ends`` is blank while one was in force."""
    regimes = p.world.table("regimes")
    regimes = regimes[regimes["level"] == "local"]
    return regimes.sort_values(["starts", "regime_id"], ignore_index=True)


def limits_frame(p: Params) -> pd.DataFrame:
    """How many local limits were in force at the start of each month, up to ``p.as_of``."""
    limits = local_limits(p)
    months = pd.date_range(FIRST_MONTH, p.as_of, freq="MS")
    counts = [
        int(((limits["starts"] <= m) & (limits["ends"].isna() | (limits["ends"] >= m))).sum()) for m in months
    ]
    return pd.DataFrame({"month": months, "in_force": counts})


@drawn
def limits_chart(p: Params) -> alt.VConcatChart:
    """The spread of local limits up to ``p.as_of``: the count, and one labelled bar per limit."""
    limits = local_limits(p)
    ids = [s for row in limits["source_ids"] for s in row]
    starts = pd.DataFrame(
        {
            "name": limits["name"],
            "starts": limits["starts"],
            "until": limits["ends"].fillna(p.as_of).clip(upper=p.as_of),
        }
    )
    return limits_timeline(limits_frame(p), as_of=p.as_of, starts=starts, source_ids=ids)


# -- the rules, for students ---------------------------------------------------------------------------


def regimes_table(p: Params) -> Table:
    """Every regime that had begun by ``p.as_of``, with what it did, what the engine leaves out, and sources.

    The free text was written later; a sentence about a later year is left out and counted.
    """
    regimes = p.world.table("regimes").sort_values(["level", "starts"], ascending=[True, True])
    places = p.world.table("jurisdictions").set_index("jurisdiction_id")
    names, kinds = places["name"], places["level"]
    rows, withheld = [], 0
    for r in regimes.itertuples():
        texts = [present(t, p.as_of) for t in (r.summary, r.simplifications, r.note)]
        withheld += sum(n for _t, n in texts)
        # Six columns, not nine: level and place read as one, and the dating note sits with the dates
        # it explains, so the table fits a page's column on screen and on paper.
        where = ", ".join(names.get(j, j) for j in (r.jurisdiction_id, *r.also_applies_to))
        rows.append(
            {
                "Regime": regime_name(r.name, r.regime_id, p.as_of),
                "Where": f"{where} ({_law_level(r.level, kinds.get(r.jurisdiction_id))})",
                "In force": _in_force(r, texts[2][0]),
                "What it did": texts[0][0],
                "What the engine leaves out": texts[1][0],
                "Sources": sources_cell(r.source_ids, p),
            }
        )
    caption = (
        f"Detainer rules the engine applies, as public on {lesson_day(p)}: federal, then state and local"
    )
    if withheld:
        caption += f"; {count_of(withheld, 'sentence')} about later events left out"
    return Table(pd.DataFrame(rows), with_later(caption, p.world.later("regimes"), "regime"))


def _law_level(regime_level: str, place_level: str | None) -> str:
    """A regime's level as a reader names it: a state's law is not "local" (Connecticut, California)."""
    return "state" if regime_level == "local" and place_level == "state" else regime_level


def rules_table(p: Params, *, regime_id: str) -> Table:
    """One regime's rules in the order the engine tries them (a regime public on ``p.as_of``)."""
    rules = p.world.table("regime_rules")
    have = list(dict.fromkeys(rules["regime_id"]))
    if regime_id not in have:
        raise fail(
            "regime_id", f"no regime {{value}} was public on {lesson_day(p)}", ", ".join(have), regime_id
        )
    rules = rules[rules["regime_id"] == regime_id].sort_values("order")
    frame = pd.DataFrame(
        {
            "Order": rules["order"],
            "Answers": [r or "(any case)" for r in rules["request"]],
            "If": [c.replace("_", " ") for c in rules["condition"]],
            "Then": rules["outcome"],
            "Why": [present(t, p.as_of)[0] for t in rules["explanation"]],
            "Sources": [sources_cell(ids, p) for ids in rules["source_ids"]],
        }
    )
    return Table(frame.reset_index(drop=True), f"Rules of {regime_id}, first match wins")


def _in_force(regime, note: str) -> str:
    """When a regime applied, in words, with the note on how the kit dates it (if any)."""
    start = _start(regime.starts, regime.starts_precision)
    when = (
        f"From {start}; in force on the lesson's date."
        if pd.isna(regime.ends)
        else f"{start} to {_start(regime.ends, 'day')}."
    )
    return f"{when} {note}".strip()


def _start(day: pd.Timestamp, precision: str) -> str:
    if precision == "estimate":
        return f"{timeline.when(day, 'day')} (the kit's estimate; see note)"
    return timeline.when(day, precision) + {"month": " (month only)", "year": " (year only)"}.get(
        precision, ""
    )
