"""What the data's sources and words say: each source can be followed and is dated right, excerpts are
short official words, and no row tells of a year after it became public (issue 13)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from test_data_history import _row

from scomm.course import data
from scomm.course.world import World


def test_every_source_can_be_followed() -> None:
    sources = data.load("sources")
    lacking = sources[(sources["url"] == "") & (sources["citation"] == "") & (sources["seed_file"] == "")]
    assert lacking["source_id"].tolist() == []


@pytest.mark.parametrize(
    ("source_id", "day"),
    [
        ("venturella-2009-testimony", "2009-04-02"),  # hearing record and DHS posting, not 12 May
        ("vox-2014", "2014-06-06"),  # the published page's address
        ("ice-2009-sop", "2009-09-30"),  # file name securecommunitiesops93009
        ("berkeley-2011", "2011-10-19"),
    ],
)
def test_misdated_sources_are_corrected(source_id: str, day: str) -> None:
    row = _row("sources", source_id)
    assert (row["date"], row["date_precision"]) == (pd.Timestamp(day), "day")


def test_connecticut_s_act_gives_its_effective_date() -> None:
    assert "1 January 2014" in _row("sources", "ct-pa-13-155")["note"]


def test_excerpts_are_short_official_words_with_a_date_and_a_reason() -> None:
    excerpts = data.load("excerpts")
    assert set(excerpts["lesson"]) == {1, 2, 3, 4}
    for row in excerpts.itertuples():
        assert len(row.quote.split()) <= 60, row.excerpt_id
        assert row.why and row.pinpoint, row.excerpt_id
        if pd.notna(row.became_public):
            assert row.became_public >= row.date, row.excerpt_id


def test_the_glossary_defines_a_term_only_once_its_thing_existed() -> None:
    assert "i-247a" not in set(World("2017-04-01").table("glossary")["term_id"])
    assert "i-247a" in set(World("2017-04-02").table("glossary")["term_id"])
    early = set(World("2009-01-01").table("glossary")["term_id"])
    assert {"detainer", "ident", "iafis", "secure-communities"} <= early and "pep" not in early


# Rows that name a later year only as a goal or a label, never as something that had happened.
TARGETS = {
    "events": {
        "ev-2008-10-harris-county-pilot",
        "ev-2008-11-16-cost-estimate-reported",
        "ev-2010-10-napolitano-press-remarks",
        "ev-2011-08-morton-nationwide-regardless",
        "ev-2007-12-26-fy2008-appropriation",
        "ev-2010-10-02-ice-legal-memo",
    },
    "statements": {
        "st-2010-morton-nationwide-by-2013",
        "st-2011-08-morton-regardless-of-assent",
        "st-2010-10-02-ice-legal-memo",
    },
    "actions": {"act-2011-08-ice-agreements-void", "act-2011-08-morton-nationwide-by-2013"},
    "conflicts": {"opt-out-possible"},
}


PROSE = (
    "title",
    "description",
    "note",
    "paraphrase",
    "summary",
    "claim",
    "evidence",
    "definition",
    "why",
    "asks",
    "who",
    "outcome_note",
    "until_note",
)


def _as_list(columns: str | list[str] | None) -> list[str]:
    return [] if not columns else [columns] if isinstance(columns, str) else list(columns)


def _later_years(table: str) -> list[str]:
    resource = data.resource(table)
    withheld = {f["name"]: f.get("x-scomm-known-from") for f in resource["schema"]["fields"]}
    frame = data.load(table)
    public = World("2030-01-01").public_from(table)
    key = data.primary_key(table)
    found = []
    for index, row in frame.iterrows():
        if row[key] in TARGETS.get(table, set()):
            continue
        for column in (c for c in PROSE if c in frame):
            limit = public[index]
            for known in _as_list(withheld.get(column)):
                if pd.notna(row[known]):
                    limit = max(limit, row[known])
            years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", str(row[column] or ""))]
            found += [f"{row[key]}.{column}: {y}" for y in years if y > limit.year]
    return found


# Sources name the dates of the copies they were found in.
@pytest.mark.parametrize("table", [t for t in data.tables() if t != "sources"])
def test_no_row_tells_of_a_year_after_it_became_public(table: str) -> None:
    if "x-scomm-public" not in data.resource(table):
        frame = data.load(table)
        texts = [str(v) for c in PROSE if c in frame for v in frame[c]]
        assert not any(re.search(r"\b(?:19|20)\d\d\b", t) for t in texts), f"{table} is always public"
        return
    assert _later_years(table) == []
