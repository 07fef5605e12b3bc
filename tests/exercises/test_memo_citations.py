"""The closing memo's citations: read as students see sources (publisher and date, a caption's
publisher and year, a reading's title) and, for answers saved earlier, as ids; a warning under the
box, never a mark, says what a citation looks like."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from scomm.course.params import validate
from scomm.exercises import responses, submission_check, submissions, widgets, writing
from scomm.exercises.definitions import load_set
from scomm.exercises.written import CITE_HOW, LongAnswer, ShortAnswer, cited
from scomm.grading import grade

L4 = "04_pep_transition"


@pytest.fixture(autouse=True)
def _answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "responses"))


def memo_form(student: str = "w1", as_of: str = "2016-03-01") -> writing.WrittenForm:
    return widgets.exercise(
        L4, "l4-memo", student_id=student, p=validate(L4, as_of=as_of, student_id=student)
    )


def test_cited_ids_are_found_in_backticks_and_as_bare_ids() -> None:
    known = {"galarza-2014", "cfr-287-7", "vox-2014", "vox-2014-mirror"}
    text = "Per (`galarza-2014`), cfr-287-7 and vox-2014-mirror; non-criminal, pre-2014 case-by-case; `galarza-2041`."
    assert cited(text, known) == ["galarza-2014", "cfr-287-7", "vox-2014-mirror", "galarza-2041"]
    assert cited("ABCvox-2014 and `Vox-2014` are not ids; galarza-2041 bare is prose", known) == []


def test_unknown_and_later_sources_get_a_warning_under_the_box_not_a_mark() -> None:
    form = memo_form(as_of="2016-03-01")
    form.box.value = (
        "Detainers are requests (`cfr-287-7`, `galarza-2014`); see `eo-13768-2017` and `galarza-2041`."
    )
    shown = form.warnings.value
    assert "`galarza-2041` is not the id of any source the course lists" in shown
    # The memo is written as of 1 December 2015, so a 2017 order is later even on a later lesson day.
    assert "`eo-13768-2017` was not yet published on 1 December 2015" in shown
    assert "cfr-287-7" not in shown and "`galarza-2014`" not in shown
    assert html.escape(CITE_HOW) in shown, "a warning comes with what a citation looks like"
    assert responses.Log("w1", L4).latest()["l4-memo"]["answer"] == form.value  # saved all the same


def test_a_source_from_after_an_early_as_of_is_flagged_without_naming_its_date() -> None:
    ex = LongAnswer("x", "?", cite_sources=True)
    warnings = ex.citation_warnings("As `vox-2014` reported.", pd.Timestamp("2012-01-01"))
    assert warnings == ["`vox-2014` was not yet published on 1 January 2012; leave it out."]
    assert ex.citation_warnings("As `vox-2014` reported.", pd.Timestamp("2014-06-06")) == []
    assert ShortAnswer("y", "?").citation_warnings("`nothing-2099`", None) == []  # no check asked


#: One memo's citations, as students cite now (what the lessons show) and as answers saved before
#: students stopped seeing ids cited them.
AS_SHOWN = (
    "Detainers are requests (Code of Federal Regulations, 1997); holding on one alone was unlawful "
    "(U.S. Court of Appeals for the Third Circuit, 4 March 2014; U.S. District Court for the District "
    "of Oregon, 11 April 2014). Illinois saw it early (State of Illinois, 18 August 2011); PEP asked for "
    "notice (National Immigration Law Center, June 2015)."
)
BY_ID = (
    "Detainers are requests (`cfr-287-7`); holding on one alone was unlawful (`galarza-2014`, "
    "`miranda-olivares-2014`). Illinois saw it early (`illinois-2011-letter`); PEP asked for notice "
    "(`nilc-2015-06-pep`)."
)


def test_a_memo_cites_sources_as_the_lessons_name_them() -> None:
    memo = load_set(L4)["l4-memo"]
    day = pd.Timestamp("2016-03-01")
    assert memo.citation_warnings(AS_SHOWN, day) == []
    assert memo.sources_cited(AS_SHOWN) == sorted(
        ["cfr-287-7", "galarza-2014", "miranda-olivares-2014", "illinois-2011-letter", "nilc-2015-06-pep"]
    )
    # As a caption names a source, and in any case or spacing.
    assert memo.citation_warnings("As truthout  (2010) and STATE OF ILLINOIS, 2011 found.", day) == []
    # Two memos of the same day: the course names each with its title, but a citation by publisher
    # and date alone still reads as either.
    assert {"dhs-2014-scomm-memo", "dhs-2014-priorities-memo"} <= set(
        memo.sources_cited("(U.S. Department of Homeland Security, 20 November 2014)")
    )
    later = memo.citation_warnings(AS_SHOWN + " Then came The White House, 25 January 2017.", day)
    assert later == [
        "“The White House, 25 January 2017” was not yet published on 1 December 2015; leave it out."
    ]
    reading = "As the reading From Secure Communities to PEP puts it, little changed."
    assert memo.citation_warnings(reading, day) == []


def test_an_answer_citing_nothing_the_course_reads_is_told_what_a_citation_looks_like() -> None:
    form = memo_form("w5")
    form.box.value = "Detainers are requests (ICE memo, 2014)."
    shown = form.warnings.value
    assert "No source is cited yet in a form the course knows." in shown and html.escape(CITE_HOW) in shown
    form.box.value = AS_SHOWN
    assert form.warnings.value == ""
    assert (
        "publisher and date" in form.widget.spec["prompt"] and "id" not in form.widget.spec["prompt"].split()
    )


def test_an_old_answer_citing_ids_is_read_as_before_and_graded_the_same(tmp_path: Path) -> None:
    """A memo saved before students stopped seeing ids: restored with no warning, citing the same
    sources as the same memo written as students cite now, and graded alike."""
    memo = load_set(L4)["l4-memo"]
    assert memo.sources_cited(BY_ID) == memo.sources_cited(AS_SHOWN)
    responses.Log("old", L4).record("l4-memo", BY_ID, seed=1)  # saved by the kit before this change
    restored = memo_form("old")
    assert restored.value == BY_ID and restored.warnings.value == ""
    exercises = load_set(L4, with_keys=True)
    marks = []
    for student, text in (("old", BY_ID), ("new", AS_SHOWN)):
        body = submissions.submission_body(
            lesson=L4, student_id=student, seed=1, answers={"l4-memo": (text, "2016-01-15T10:00:00+00:00")}
        )
        path = tmp_path / f"{student}.json"
        path.write_text(json.dumps(body), encoding="utf-8")
        graded = grade.grade_submission(submission_check.read_submission(path, {L4: exercises}), exercises)
        memo_mark = next(m for m in graded.marks if m.exercise.id == "l4-memo")
        marks.append((memo_mark.pending, memo_mark.feedback.points, graded.total, graded.pending_points))
    assert marks[0] == marks[1] == (True, 28, 0, 28)


@pytest.mark.parametrize("unit", ["a-2014-", "`a-2014` ", "a-", "x-1999 ", "`" + "b-" * 50 + "`"])
def test_a_hostile_answer_is_checked_in_linear_time(unit: str) -> None:
    import time

    ex = LongAnswer("x", "?", cite_sources=True)
    ex.citation_warnings("warm-up", pd.Timestamp("2015-12-01"))  # the sources table loaded once
    text = (unit * (ex.max_chars // len(unit) + 1))[: ex.max_chars]
    start = time.perf_counter()
    ex.citation_warnings(text, pd.Timestamp("2015-12-01"))
    # A pattern that backtracked took 6.5 s on "a-2014-" repeated; a linear reading takes ~0.1 s.
    assert time.perf_counter() - start < 2
