"""A reading shown at ``as_of`` holds only paragraphs whose sources were published by then.

Each paragraph of a kit reading (``sources/readings/*.md``) names the sources it retells; the
annotator shows it from the day the last of them was published, and tells an instructor, never
a student, how many paragraphs open later.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from scomm import front
from scomm.annotation import store
from scomm.course import data
from scomm.course.layout import LESSONS, lesson
from scomm.course.params import lesson_days, validate
from scomm.sources import corpus

from time_honesty import later_dates, widget_text

SOURCES = data.load("sources")
NAMES = set(SOURCES["source_id"])


def _days(slug: str) -> list[str]:
    """A lesson's first day, the day after a year, and a day in the middle of its range."""
    first, last = lesson_days(lesson(slug))
    middle = first + (last - first) / 2
    return [first.isoformat(), date(first.year + 1, first.month, first.day).isoformat(), middle.isoformat()]


CASES = [
    pytest.param(item.slug, day, id=f"{item.slug}@{day}") for item in LESSONS for day in _days(item.slug)
]


@pytest.mark.parametrize(("slug", "day"), CASES)
def test_the_annotator_shows_a_student_no_date_after_as_of(
    slug: str, day: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    shown = widget_text(front.annotate(validate(slug, as_of=day, student_id="s1")))
    assert " ".join(shown).strip()
    leaks = later_dates(shown, date.fromisoformat(day), names=NAMES)
    assert not leaks, f"{slug}'s reading at {day} shows: " + "; ".join(map(str, leaks[:5]))
    assert "Instructor" not in " ".join(shown)


def test_lesson_one_on_its_first_day_shows_the_plan_but_not_the_rollout() -> None:
    first = corpus.dated(validate("01_program_mechanics", as_of="2008-03-28")).doc.text
    assert "IDENT" in first and "Harris County" not in first and "Berkeley" not in first
    later = corpus.dated(validate("01_program_mechanics", as_of="2011-10-19")).doc.text
    assert "Harris County" in later and "Berkeley" in later


def test_an_instructor_is_told_how_many_paragraphs_open_later_and_from_when(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    p = validate("04_pep_transition", as_of="2014-11-20", role="instructor", student_id="t1")
    told = " ".join(widget_text(front.annotate(p)))
    assert "3 more paragraphs of this reading open after as_of, the first on 2015-07-07" in told
    last = validate(
        "04_pep_transition", as_of=lesson_days(lesson("04_pep_transition"))[1].isoformat(), role="instructor"
    )
    assert corpus.dated(last).note(last) is None


def test_a_reading_with_no_public_paragraph_that_retells_a_source_waits(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    # Lesson 2's first statement is ICE's document of 17 August 2010; before it only framing is public.
    cut = corpus.dated(validate("02_opt_out_dispute", as_of="2010-06-01"))
    assert not cut.tells and cut.later[0] == pd.Timestamp("2010-08-17")


def test_every_paragraph_names_sources_the_kit_lists_and_the_reading_names() -> None:
    for item in LESSONS:
        _, listed, paragraphs = corpus.parts(item.slug)
        named = {s for part in paragraphs for s in part.rests_on}
        assert named <= NAMES, f"{item.slug}: unknown sources {sorted(named - NAMES)}"
        assert named <= set(listed), (
            f"{item.slug}: sources missing from its header {sorted(named - set(listed))}"
        )


def test_the_whole_reading_is_the_paragraphs_in_order() -> None:
    for item in LESSONS:
        whole = corpus.reading(item.slug)
        shown = corpus.dated(validate(item.slug, as_of=lesson_days(lesson(item.slug))[1].isoformat())).doc
        assert [whole.paragraph_text(x) for x in whole.paragraphs] == [
            part.text for part in corpus.parts(item.slug)[2]
        ]
        assert shown.text == whole.text or len(shown.text) < len(whole.text)


@pytest.mark.parametrize("slug", ["02_opt_out_dispute", "03_detainer_law"])
def test_the_key_anchors_on_the_reading_a_student_annotates(slug: str) -> None:
    whole = corpus.reading(slug)
    key = store.load_key(slug, whole)
    assert key and all(a.anchor_status != "orphan" for a in key)
    # The day the annotation exercise opens, every key passage is in the paragraphs shown.
    needs = front._reading_needs(validate(slug))
    opens = max(pd.Timestamp(SOURCES.set_index("source_id").loc[s, "date"]) for s in needs)
    shown = corpus.dated(validate(slug, as_of=opens.date().isoformat())).doc.text
    assert all(a.exact in shown for a in key)


@pytest.mark.parametrize(
    ("day", "vox", "goodis"),
    [("2014-11-20", True, False), ("2015-04-26", True, False), ("2015-07-07", True, True)],
)
def test_lesson_4s_reading_gives_the_critics_vox_reported_before_the_2015_papers(
    day: str, vox: bool, goodis: bool
) -> None:
    # The Vox sentence was gated with Goodis's 2015 paper, so on the memos' day the reading ended
    # with DHS's framing only, though Vox (6 June 2014) was public and the debate table cites it.
    text = corpus.dated(validate("04_pep_transition", as_of=day)).doc.text
    assert ("Vox reported" in text) == vox, day
    assert ("Goodis" in text) == goodis, day
