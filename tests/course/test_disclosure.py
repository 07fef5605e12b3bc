"""No row is shown before the public could read it: a row dated well before every source says when it became public."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scomm.course import data, disclosure
from scomm.course.world import PUBLIC, World

from conftest import edit_csv, scomm_validate


def _row_number(table: str, row_id: str, folder: Path | None = None) -> int:
    ids = data.row_ids(table, data_dir=folder)
    return ids.index(row_id) + 2


def test_every_row_dated_before_all_its_sources_says_when_it_became_public() -> None:
    problems = [str(p) for p in disclosure.find_problems()]
    assert problems == []


@pytest.mark.parametrize(
    ("table", "row_id"),
    [
        ("statements", "st-2010-10-02-ice-legal-memo"),  # a memo printed by the LA Times in January 2012
        ("events", "ev-2010-05-changing-policy-email"),  # an internal email released under FOIA
        ("regimes", "dc-2012-review"),  # a council act known from the later codified law
    ],
)
def test_a_private_document_without_became_public_is_named_by_file_row_and_column(
    data_copy: Path, table: str, row_id: str
) -> None:
    row = _row_number(table, row_id, data_copy)
    edit_csv(data_copy / f"{table}.csv", row, "became_public", "")
    problems = list(disclosure.find_problems(data_copy))
    assert [(p.path, p.row, p.column) for p in problems] == [(f"data/{table}.csv", row, "became_public")]
    assert problems[0].problem.startswith(f"{row_id}: dated ")
    assert "more than a month later" in problems[0].problem
    with pytest.raises(
        data.DataError, match=rf"data/{table}\.csv, row {row}, column 'became_public': {row_id}"
    ):
        disclosure.check(data_copy)


def test_a_table_without_became_public_asks_for_an_earlier_source(data_copy: Path) -> None:
    # Claims have no became_public column: a claim dated years before its sources must cite an earlier one.
    row = _row_number("claims", "cl-2012-12-21-morton-fy2012", data_copy)
    edit_csv(data_copy / "claims.csv", row, "date", "2010-01-04")
    problems = list(disclosure.find_problems(data_copy))
    assert [(p.path, p.row, p.column) for p in problems] == [("data/claims.csv", row, "source_ids")]
    assert problems[0].problem.endswith("cite a source published within a month of the date")


def test_a_source_within_a_month_needs_no_became_public(data_copy: Path) -> None:
    # The Heffernan letter (3 June 2011) was released by the state on 6 June: three days is a report, not a secret.
    row = _row_number("statements", "st-2011-06-03-heffernan-letter", data_copy)
    edit_csv(data_copy / "statements.csv", row, "became_public", "")
    assert list(disclosure.find_problems(data_copy)) == []


def test_a_table_public_only_through_its_sources_is_not_asked(data_copy: Path) -> None:
    # Glossary rows are public once a source defining them is, so they cannot be shown early.
    row = _row_number("glossary", "statement-of-intent", data_copy)
    edit_csv(data_copy / "glossary.csv", row, "exists_from", "2000-01-01")
    assert list(disclosure.find_problems(data_copy)) == []
    first = World("2030-01-01", data_dir=data_copy).public_days("glossary")["statement-of-intent"]
    assert first > pd.Timestamp("2000-01-01")


def test_scomm_validate_refuses_the_row_in_one_line(data_copy: Path) -> None:
    row = _row_number("statements", "st-2010-10-02-ice-legal-memo", data_copy)
    edit_csv(data_copy / "statements.csv", row, "became_public", "")
    result = scomm_validate(data_copy)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"scomm validate: data/statements.csv, row {row}, column 'became_public': st-2010-10-02-ice-legal-memo: "
        "dated 2010-10-02 but its first source was published on 2012-01-08, more than a month later; give the "
        "day the public could read it: the row's own date for a public act its source shows was public then, "
        "else the day it was released or published, else the first source's day"
    ]


def test_no_row_is_shown_before_a_source_of_it_could_be_read() -> None:
    # Before the rule, 38 rows (Makowski's lawsuit, DACA, lesson 2's letters of 31 August 2010...)
    # were shown on their own day with every source published later.
    world = World("1900-01-01")
    published = world.public_days("sources")
    early = []
    for name in data.tables():
        frame = data.load(name)
        if name == "sources" or "source_ids" not in frame or not data.resource(name).get(PUBLIC):
            continue  # the names of places are public throughout
        first = frame["source_ids"].map(lambda ids: min((published[s] for s in ids), default=pd.NaT))
        shown = world.public_from(name)
        ids = data.row_ids(name)
        early += [(name, ids[n]) for n in frame.index if first[n] > shown[n]]
    # A regime's rules come with their regime (the simulator applies them whole): those two cite a later source.
    assert early == [("regime_rules", "sp-not-removable"), ("regime_rules", "sp-fallback")]


def test_a_public_act_reported_only_later_waits_for_its_report(data_copy: Path) -> None:
    # The bill was public on 4 May 2010; cite only a September report and it waits for that report.
    row = _row_number("statements", "st-2010-05-dc-council-bill", data_copy)
    edit_csv(data_copy / "statements.csv", row, "source_ids", "truthout-2010")
    world = World("2010-06-01", data_dir=data_copy)
    assert "st-2010-05-dc-council-bill" not in world.public_ids("statements")
    assert world.public_days("statements")["st-2010-05-dc-council-bill"] == pd.Timestamp("2010-09-30")
    listed = {(t, i): (own, shown) for t, i, own, shown in disclosure.waiting(data_copy)}
    assert listed[("statements", "st-2010-05-dc-council-bill")] == (
        pd.Timestamp("2010-05-04"),
        pd.Timestamp("2010-09-30"),
    )
