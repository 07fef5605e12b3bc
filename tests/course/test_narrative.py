"""Dated narrative, the lesson's glossary and source captions: each shows only what was public on as_of."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from scomm.course import citations, glossary, narrative
from scomm.course.layout import EARLIEST, lesson
from scomm.course.params import validate
from scomm.course.world import World

L1 = "01_program_mechanics"
#: Lesson 1 without its own first day (28 March 2008), so a day before its passage can be asked for.
L1_ANY_DAY = replace(lesson(1), earliest=EARLIEST)


def test_a_passage_appears_on_the_day_it_could_have_been_written_not_before() -> None:
    # ice-2008-03-28-release: the announcement was public on 28 March 2008.
    assert narrative.passage(validate(L1_ANY_DAY, as_of="2008-03-27"), "announcement") is None
    shown = narrative.passage(validate(L1, as_of="2008-03-28"), "announcement")
    assert shown is not None
    assert "Secure Communities" in shown.text
    assert "Source: U.S. Immigration and Customs Enforcement (2008)." in shown.text


def test_only_an_instructor_is_told_that_passages_open_later() -> None:
    student = narrative.passage(validate(L1_ANY_DAY, as_of="2008-03-01"), "announcement")
    instructor = narrative.passage(
        validate(L1_ANY_DAY, as_of="2008-03-01", role="instructor"), "announcement"
    )
    assert student is None
    assert instructor is not None
    assert "1 more passage of this section open after as_of, the first on 2008-03-28" in instructor.text


def test_every_passage_is_public_no_earlier_than_its_date_and_its_first_source() -> None:
    world = World("2025-01-20")
    table = world.table("narrative")
    sources = World("2025-01-20").public_from("sources")
    published = dict(zip(World("2025-01-20").table("sources")["source_id"], sources, strict=True))
    for row, public in zip(table.itertuples(), world.public_from("narrative"), strict=True):
        assert public >= row.date, row.narrative_id
        assert public >= min(published[s] for s in row.source_ids), row.narrative_id


def test_an_unknown_section_names_the_sections_the_lesson_has() -> None:
    with pytest.raises(narrative.UnknownSection) as caught:
        narrative.passage(validate(L1, as_of="2010-01-01"), "anouncement")
    assert str(caught.value).startswith(
        "lesson 01_program_mechanics has no narrative section 'anouncement'; it has announcement"
    )


def test_a_caption_counts_later_sources_and_never_names_them() -> None:
    text = citations.caption(["ice-2009-sop", "wikipedia-scomm"], as_of=pd.Timestamp("2010-06-01"))
    assert "and 1 source published later" in text
    assert "wikipedia" not in text.casefold() and "2018" not in text
    none_yet = citations.caption(["wikipedia-scomm"], as_of=pd.Timestamp("2010-06-01"))
    assert none_yet == "No source published by then; and 1 source published later."
    timeless = citations.caption(["ice-2009-sop", "wikipedia-scomm"], as_of=None)
    assert "Wikipedia" in timeless and "later" not in timeless


def test_the_glossary_shows_a_term_only_from_the_day_its_thing_existed() -> None:
    before = glossary.terms(validate("04_pep_transition", as_of="2017-04-01"))
    after = glossary.terms(validate("04_pep_transition", as_of="2017-04-02"))
    assert not before.frame["Term"].str.contains("I-247A").any()
    assert after.frame["Term"].str.contains("I-247A").any()
    assert "more came into use after this day" in before.caption
    assert len(after) == len(before) + 1


def test_the_glossary_of_a_lesson_shows_only_its_own_terms() -> None:
    shown = glossary.terms(validate("02_opt_out_dispute", as_of="2025-01-20"))
    expected = World("2025-01-20").table("glossary").query("first_lesson == 2")
    assert sorted(shown.frame["Term"]) == sorted(expected["term"])
