"""Every argument is attributed, and a lesson that shows one side's claim shows the other side's reply.

Claims (data/claims.csv) and arguments (data/arguments.csv) each name a speaker, the speaker's
role, a side and sources (the schema requires them; ``scomm validate`` checks the sources
resolve). Here: each question the claims answer has a claim from each camp, the agency and its
supporters on one hand and the critics on the other (researchers belong to neither); and each
lesson, run as a student on every day a claim or argument becomes public within its range,
shows every claim of the other camp on a question whenever it shows one camp's claim on it and
the data holds the other camp's reply public by then. Which views show claims is read from the
lesson's own notebook calls (``lesson_calls``), not listed here.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest
from lesson_calls import default_day, results

from scomm.course import data
from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days, validate
from scomm.course.tables import Table

#: The two camps a reply crosses between; researchers belong to neither.
CAMPS = {"agency": "for", "supporters": "for", "critics": "against"}
#: Questions the data holds only one camp's claims on, and why (data/BALANCE.md, "Left as it is").
#: (Community trust had only the critics' side until ICE's answer of 17 June 2011 was found:
#: cl-2011-06-17-ice-victims-witnesses.)
ONE_CAMP_ONLY: set[str] = set()
#: Arguments (lesson 4's "was it only a new name?") answer one question of their own.
ARGUMENTS = "new-name"


def _rows() -> pd.DataFrame:
    claims = data.load("claims")[["question", "side", "speaker", "role", "claim", "source_ids", "date"]]
    arguments = data.load("arguments").assign(question=ARGUMENTS)[list(claims.columns)]
    return pd.concat([claims, arguments], ignore_index=True)


def test_every_claim_and_argument_names_its_speaker_role_side_and_sources() -> None:
    rows = _rows()
    for column in ("speaker", "role", "side", "claim"):
        blank = rows[rows[column].astype(str).str.strip().isin(["", "nan", "<NA>"])]
        assert blank.empty, f"rows without a {column}: {list(blank['claim'])[:3]}"
    assert all(len(ids) > 0 for ids in rows["source_ids"])
    assert set(rows["side"]) <= set(CAMPS) | {"researchers"}


def test_each_question_holds_a_claim_from_each_camp() -> None:
    rows = _rows().assign(camp=lambda f: f["side"].map(CAMPS))
    camps = rows.dropna(subset=["camp"]).groupby("question")["camp"].agg(set)
    one_sided = {question for question, found in camps.items() if found != {"for", "against"}}
    # Fails when a new question is one-sided, and when a reply is found for a listed one.
    assert one_sided == ONE_CAMP_ONLY


def missing_replies(shown: Table, public: pd.DataFrame) -> list[str]:
    """Claims of the other camp, public by then, on a question where ``shown`` has one camp's claim."""
    text = " ".join(str(value) for value in shown.frame.to_numpy().ravel())
    seen = public[[claim in text for claim in public["claim"]]]
    missing = []
    for question, part in seen.groupby("question"):
        camps_seen = set(part["side"].map(CAMPS).dropna())
        others = public[(public["question"] == question) & ~public["side"].map(CAMPS).isin(camps_seen)]
        others = others[others["side"].map(CAMPS).notna()]
        missing += [f"{question}: {r.speaker} ({r.side})" for r in others.itertuples() if r.claim not in text]
    return missing


#: A table of claims or arguments (data/claims.csv, data/arguments.csv) says what evidence each side offered.
CLAIMS_COLUMNS = {"Evidence offered", "Their evidence"}


@cache
def _claims_calls(slug: str) -> tuple[str, ...]:
    """The lesson's calls that show a table of claims or arguments (read from its last day's output)."""
    last = lesson_days(next(i for i in LESSONS if i.slug == slug))[1].isoformat()
    return tuple(
        expression
        for expression, shown in results(slug, last)
        if isinstance(shown, Table) and CLAIMS_COLUMNS & set(shown.frame.columns)
    )


def _cases() -> list:
    rows = _rows()
    cases = []
    for item in LESSONS:
        first, last = lesson_days(item)
        inside = {d.date() for d in rows["date"] if first <= d.date() <= last}
        days = sorted({first, last, pd.Timestamp(default_day(item.slug)).date(), *inside})
        cases += [pytest.param(item.slug, day.isoformat()) for day in days]
    return cases


@pytest.mark.parametrize(("slug", "as_of"), _cases())
def test_a_lesson_showing_one_sides_claim_shows_the_others_reply(slug: str, as_of: str) -> None:
    wanted = _claims_calls(slug)
    assert wanted, f"{slug} shows no table of claims or arguments"
    world = validate(slug, as_of=as_of).world
    columns = ["question", "side", "speaker", "claim"]
    public = pd.concat(
        [world.table("claims")[columns], world.table("arguments").assign(question=ARGUMENTS)[columns]],
        ignore_index=True,
    )
    problems = [
        f"{expression}: {missing}"
        for expression, shown in results(slug, as_of, wanted)
        for missing in missing_replies(shown, public)
    ]
    assert problems == []


def test_the_check_finds_a_reply_left_out() -> None:
    public = _rows()
    agency = public[public["side"] == "agency"].iloc[[0]]
    question = agency["question"].iloc[0]
    table = Table(pd.DataFrame({"Argued": list(agency["claim"])}), "data/claims.csv")
    replies = public[(public["question"] == question) & (public["side"] == "critics")]
    assert missing_replies(table, public) == [
        f"{question}: {r.speaker} (critics)" for r in replies.itertuples()
    ]
