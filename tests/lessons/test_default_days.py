"""A lesson's default day opens most of its questions, and a question about what the lesson shows
opens on the day it is shown (issue: lesson 2 on 15 September 2010 opened 1 of 11, lesson 1 on
28 March 2008 closed the two questions about its own diagram)."""

from __future__ import annotations

import pytest
from lesson_calls import default_day

from scomm import front
from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days, validate
from scomm.exercises import definitions


def _open(slug: str, day: str) -> list[str]:
    p = validate(slug, as_of=day, student_id="default-day-check")
    return [e for e in definitions.load_set(slug) if "scomm-waiting" not in front.exercise(p, e)._dom_classes]


@pytest.mark.parametrize("slug", [item.slug for item in LESSONS])
def test_the_default_day_opens_most_of_the_lessons_questions(slug: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    opened, every = _open(slug, default_day(slug)), definitions.load_set(slug)
    assert len(opened) > len(every) / 2, f"{slug} at {default_day(slug)} opens {len(opened)} of {len(every)}"


def test_lesson_2_is_set_when_the_disputes_records_are_public(tmp_path, monkeypatch) -> None:
    # 30 June 2012: the released emails, ICE's August 2011 letters, the 2010 memo, the inspector
    # general's report and DC's activation are public; only the trust discussion waits (for 2014).
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    slug = "02_opt_out_dispute"
    assert default_day(slug) == "2012-06-30"
    closed = set(definitions.load_set(slug)) - set(_open(slug, default_day(slug)))
    assert closed == {"l2-discuss-trust"}


def test_lesson_1s_questions_on_its_diagram_open_with_the_diagram(tmp_path, monkeypatch) -> None:
    # The booking-path diagram is drawn from ICE's release of 28 March 2008 (and DHS's of 2006,
    # which names the center a match goes to): the questions on it open that day too.
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    slug = "01_program_mechanics"
    first = lesson_days(next(i for i in LESSONS if i.slug == slug))[0].isoformat()
    assert {"l1-ident", "l1-flow-order"} <= set(_open(slug, first))


def test_lesson_3s_default_day_has_its_reading_and_every_question_open(tmp_path, monkeypatch) -> None:
    # On 1 June 2014, the old default, the reading and l3-discuss-veto waited for Vox (6 June 2014).
    from scomm.sources import corpus

    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    slug = "03_detainer_law"
    assert set(_open(slug, default_day(slug))) == set(definitions.load_set(slug))
    assert corpus.dated(validate(slug, as_of=default_day(slug))).later == ()
