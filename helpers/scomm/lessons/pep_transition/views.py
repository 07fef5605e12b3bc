"""Lesson 4's views, the PEP transition: the November 2014 memos, notification instead of detention,
the detainer forms, what the rules say (SYNTHETIC bookings) beside what the records show, both sides'
evidence, and the memos and orders that made and unmade the policy. Every view reads ``p.world``.

>>> from scomm.course.params import validate
>>> p = validate("04_pep_transition", as_of="2014-11-20")
>>> list(detainer_forms(p).frame["Form"])
['I-247', 'I-247', 'I-247']
>>> len(executive_record(p).frame)
2
"""

from __future__ import annotations

import pandas as pd

from scomm.course.params import Params
from scomm.course.tables import SIDES, Prose, Table, markdown, words
from scomm.course.timeline import when
from scomm.lessons.pep_transition.comparison import calibration_table, compare_regimes, comparison_chart
from scomm.lessons.pep_transition.records import (
    agency_figures,
    detainer_chart,
    detainer_shares,
    profiling_debate,
    public_safety_debate,
    sources_cell,
)
from scomm.lessons.shared import dates, flow_chart
from scomm.policy import flow

__all__ = [  # what lesson 4's notebook shows: its own views and the shared one it uses
    "agency_figures",
    "calibration_table",
    "compare_regimes",
    "comparison_chart",
    "detainer_chart",
    "detainer_forms",
    "detainer_shares",
    "excerpts",
    "executive_record",
    "flow_chart",
    "memo_pending",
    "new_name_debate",
    "priorities",
    "profiling_debate",
    "public_safety_debate",
    "transition_events",
]

LESSON = 4
#: Who made or unmade the federal rules by memo or order (the actors of lesson 4's policy events).
EXECUTIVE = ("President", "Secretary")


def _sources(frame: pd.DataFrame, p: Params) -> list[str]:
    return [sources_cell(ids, p.as_of) for ids in frame["source_ids"]]


def _lesson_events(p: Params) -> pd.DataFrame:
    events = p.world.table("events")
    return events[events["lesson"] == LESSON].sort_values(["date", "event_id"]).reset_index(drop=True)


def transition_events(p: Params) -> Table:
    """The lesson's events public on ``p.as_of``, in date order."""
    table = _lesson_events(p)
    frame = pd.DataFrame(
        {
            "When": dates(table),
            "What happened": table["title"],
            "Details": table["description"],
            "Sources": _sources(table, p),
        }
    )
    return Table(frame, "The lesson's events, as far as they were public on the lesson's date")


def executive_record(p: Params) -> Table:
    """The memos and executive orders that set or unset the federal rules, and the rulings on them, from
    the lesson's first day (the November 2014 memos) to ``p.as_of``."""
    events = _lesson_events(p)
    table = events[events["date"] >= pd.Timestamp(p.kit_lesson.earliest)]
    by_executive = table["event_type"].isin(["policy", "program"]) & table["actor"].str.contains(
        "|".join(EXECUTIVE)
    )
    chosen = table[by_executive | (table["event_type"] == "ruling")]
    frame = pd.DataFrame(
        {
            "When": dates(chosen),
            "Who": chosen["actor"],
            "Kind": [
                "court ruling" if kind == "ruling" else "memo or order" for kind in chosen["event_type"]
            ],
            "What it did": chosen["description"],
            "Sources": _sources(chosen, p),
        }
    )
    return Table(
        frame.reset_index(drop=True),
        "Memos, executive orders and court rulings on the federal rules, as public on the lesson's date",
    )


def memo_pending(p: Params) -> Prose | None:
    """Before the memos' request for notice applied (the kit's reading), one line saying why the
    diagram still ends in a hold; ``None`` from then on.

    The only source found for the day the memos took effect (5 January 2015) was published later,
    so the line names no day: on the lesson's first days it would be a date from the future.

    >>> from scomm.course.params import validate
    >>> [memo_pending(validate("04_pep_transition", as_of=day)) is None for day in ("2014-11-20", "2015-01-05")]
    [False, True]
    """
    if flow.notice_asked_by(p.as_of):
        return None
    return markdown(
        "The memos were signed on 20 November 2014, but in the kit's reading their request for notice "
        "applied only once their new priorities took effect, after the lesson's date. Until then ICE's "
        "detainer guidance of December 2012 stood, so the diagram above still ends in a request to hold."
    )


def priorities(p: Params) -> Table:
    """The November 2014 memo's three priority tiers, for students."""
    table = p.world.table("priorities")
    frame = pd.DataFrame(
        {
            "Priority": table["tier"],
            "Who": table["who"],
            # The memos' instructions, true from their day; PEP's later forms are in detainer_forms.
            "What ICE was to seek from jails": table["in_jails"],
            "Sources": _sources(table, p),
        }
    )
    # The memo's day and the number of tiers are the rows' (executive_record dates the memo).
    return Table(frame, f"The {len(frame)} enforcement priorities set for PEP")


def detainer_forms(p: Params) -> Table:
    """The forms on which ICE made its requests to jails, as far as they existed on ``p.as_of``.

    A form's last day is shown only once it had passed; until then the form is 'in use'.
    """
    table = p.world.table("detainer_forms").sort_values("from")
    ended = table["until"].notna() & (table["until"] < p.as_of)
    frame = pd.DataFrame(
        {
            "Form": table["form"],
            "Title": table["name"],
            "In use": [
                in_use(start, prec, end if done else None)
                for start, prec, end, done in zip(
                    table["from"], table["from_precision"], table["until"], ended, strict=True
                )
            ],
            "What it asked of the jail": table["asks"],
            "For whom": table["who"],
            "Sources": _sources(table, p),
        }
    )
    return Table(
        frame.reset_index(drop=True),
        "ICE's detainer forms, as far as they existed on the lesson's date",
    )


def in_use(start: pd.Timestamp, precision: str, end: pd.Timestamp | None = None) -> str:
    """When a form was in use, as its sources date it. A form dated only to a year is one the
    sources show in use by then (the rule that names it), not one they date the first use of.

    >>> in_use(pd.Timestamp("2015-06-12"), "day", pd.Timestamp("2017-04-01"))
    'from 12 June 2015 to 1 April 2017'
    >>> in_use(pd.Timestamp("1997-01-01"), "year", pd.Timestamp("2011-12-28"))
    'by 1997, until 28 December 2011'
    """
    if precision == "year":
        return f"by {when(start, precision)}" + (f", until {when(end, 'day')}" if end is not None else "")
    return f"from {when(start, precision)}" + (f" to {when(end, 'day')}" if end is not None else "")


def new_name_debate(p: Params) -> Table:
    """'Was it only a new name?': each side's evidence, attributed, as public on ``p.as_of``."""
    table = p.world.table("arguments").sort_values(["side", "date"])
    frame = pd.DataFrame(
        {
            "Side": words(table["side"], SIDES),
            "Who": table["speaker"],
            "When": dates(table),
            "Claim": table["claim"],
            "Evidence offered": table["evidence"],
            "Sources": _sources(table, p),
        }
    )
    return Table(frame.reset_index(drop=True), "Was PEP only a new name? Both sides' evidence")


def excerpts(p: Params) -> Table:
    """The primary-source passages lesson 4 assigns that were public on ``p.as_of``, quoted and cited."""
    table = p.world.table("excerpts")
    rows = table[table["lesson"] == LESSON].sort_values(["date", "excerpt_id"])
    frame = pd.DataFrame(
        {
            "Who": rows["speaker"] + " (" + rows["speaker_role"] + ")",
            "When": dates(rows),
            "In their words": rows["quote"],
            "Where": rows["pinpoint"],
            "Read it for": rows["why"].fillna(""),
            "Source": rows["source_id"],
        }
    )
    return Table(frame.reset_index(drop=True), "In the documents' own words")
