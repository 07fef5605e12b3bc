"""Lesson 2 at its dates: narrative, excerpts, claims, sources, exercises and the reading open on their day."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from test_opt_out_dispute import named_statement

from scomm import front
from scomm.course import data, narrative, opening
from scomm.course.layout import lesson
from scomm.course.params import ParameterError, lesson_days, validate
from scomm.exercises import definitions
from scomm.exercises import opening as exercise_opening
from scomm.lessons.opt_out_dispute import said
from scomm.lessons.opt_out_dispute import views as optout
from scomm.sources import corpus

from conftest import lesson_p
from time_honesty import later_dates

L2 = "02_opt_out_dispute"
FIRST, LAST = lesson_days(lesson(L2))


def at(day: str, **values: object):
    return lesson_p(L2, as_of=day, **{"student_id": "s1", **values})


def test_the_lesson_starts_with_the_first_local_objection_and_refuses_earlier_days() -> None:
    assert FIRST.isoformat() == "2010-05-04"  # the DC Council's bill (ccr-2010-05-04-dc)
    dc_bill = data.load("actions").set_index("action_id").loc["act-2010-05-dc-council-bill", "date"]
    assert dc_bill == pd.Timestamp(FIRST)
    with pytest.raises(ParameterError, match="as_of") as refused:
        validate(L2, as_of="2010-05-03")
    assert "2010-05-04" in str(refused.value)
    assert validate(L2, as_of=FIRST.isoformat()).as_of == pd.Timestamp(FIRST)


def _section(day: str, section: str, role: str = "student") -> str:
    shown = narrative.passage(at(day, role=role), section)
    return shown.text if shown else ""


def test_dc_is_taught_as_a_pause_overridden_on_5_june_2012() -> None:
    # Activated 5 June 2012 (dcjwj-2012-06-05, atlantic-2012-06): not told the day before.
    assert "5 June 2012" not in _section("2012-06-04", "dc")
    told = _section("2012-06-05", "dc")
    assert "5 June 2012" in told and "on hold" in told
    assert "DC Jobs with Justice (2012)" in told
    early = _section("2010-07-12", "dc")
    assert "on hold" in early and "2011" not in early and "2012" not in early


def test_the_october_2010_memo_is_read_only_from_its_release() -> None:
    # Dated 2 October 2010, released by the plaintiffs on 9 January 2012 (ndlon-2012-01-09-memo).
    assert "nine-page memo" not in _section("2012-01-08", "foia")
    assert "nine-page memo" in _section("2012-01-09", "foia")
    memo = "ex-2010-10-02-ice-legal-memo"
    shown = lambda day: optout.excerpts_table(at(day)).frame["Their words"].str.contains("streamlined").any()  # noqa: E731
    assert not shown("2012-01-08") and shown("2012-01-09")
    assert memo in set(data.load("excerpts")["excerpt_id"])


def test_an_instructor_is_told_what_opens_later_and_a_student_is_not() -> None:
    student, instructor = _section("2010-09-15", "foia"), _section("2010-09-15", "foia", "instructor")
    assert "Instructor note" in instructor and "Instructor note" not in student


def test_claims_show_both_sides_with_their_evidence() -> None:
    table = optout.claims_table(at("2011-10-01")).frame
    assert {"ICE or DHS", "Supporters", "Critics"} <= set(table["Side"])
    assert table["Their evidence"].str.len().gt(0).all()
    early = optout.claims_table(at(FIRST.isoformat())).frame
    assert not early["Who, when"].str.contains("2011").any()


@pytest.mark.parametrize("day", ["2010-05-04", "2010-09-15", "2011-03-01", "2012-06-05"])
def test_source_columns_name_only_sources_published_by_as_of(day: str) -> None:
    published = data.load("sources").set_index("source_id")["date"]
    p = at(day, focus="District of Columbia")
    views = (optout.statements_table, optout.actions_table, optout.excerpts_table, optout.claims_table)
    for table in (view(p) for view in (*views, optout.conflicts_table)):
        ids = {i for cell in table.frame["Sources"] for i in cell.split("; ") if i}
        assert all(published[i] <= p.as_of for i in ids), sorted(ids)


def _opens(ex_id: str) -> pd.Timestamp:
    rows = exercise_opening.rows(L2, ex_id)  # what it rests on (the set is dated), and its opens_with
    return opening.opens_on(at(LAST.isoformat()), rows)


@pytest.mark.parametrize("ex_id", list(definitions.load_set(L2)))
def test_each_exercise_opens_on_the_day_its_records_were_public(ex_id: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    day = _opens(ex_id)
    assert pd.Timestamp(FIRST) < day <= pd.Timestamp(LAST)
    before = front.exercise(at((day - pd.Timedelta(days=1)).date().isoformat()), ex_id)
    assert "scomm-waiting" in before._dom_classes and f"scomm-ex-{ex_id}" in before._dom_classes
    note = before.spec["note"]
    assert "opens when the lesson is set on a later date" in note
    assert not later_dates([note], (day - pd.Timedelta(days=1)).date())
    opened = front.exercise(at(day.date().isoformat()), ex_id)
    assert "scomm-waiting" not in opened._dom_classes and f"scomm-ex-{ex_id}" in opened._dom_classes


def test_only_an_instructor_learns_the_day_an_exercise_opens(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    student = front.exercise(at("2010-06-01"), "l2-dc-different").spec["note"]
    instructor = front.exercise(at("2010-06-01", role="instructor"), "l2-dc-different").spec["note"]
    assert "5 June 2012" in instructor and "2012" not in student


def test_the_stance_exercise_is_open_on_the_default_day_and_names_no_later_date() -> None:
    cell = next(
        c
        for c in nbformat.read(lesson(L2).notebook, as_version=4).cells
        if "parameters" in c.metadata.get("tags", [])
    )
    default = at(re.search(r'as_of = "([\d-]+)"', cell.source).group(1))
    assert _opens("l2-stance") <= default.as_of
    shown = set(said.statements(default)["statement_id"])
    rows = {r.partition(":")[2] for r in definitions.load_set(L2)["l2-stance"].rests_on}
    assert rows <= shown, "every statement the exercise names is in the table on the default day"


def test_the_reading_opens_once_every_source_it_retells_was_published(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    published = data.load("sources").set_index("source_id")["date"]
    last = max(published[s] for s in corpus.reading(L2).references)
    before = front.annotate(at((last - pd.Timedelta(days=1)).date().isoformat()), stance=True)
    assert "scomm-waiting" in before._dom_classes
    after = front.annotate(at(last.date().isoformat()), stance=True)
    assert "scomm-annotator-box" in after._dom_classes


def test_the_disagreements_the_lesson_teaches_appear_once_their_records_are_public() -> None:
    # New York's county count: 24, 31 or 35 on the day of the suspension, 1 June 2011 (ny-county-count).
    def ids(day: str) -> set[str]:
        shown = set(optout.conflicts_table(at(day)).frame["Question"])
        return {
            i
            for i, topic in data.load("conflicts").set_index("conflict_id")["topic"].items()
            if topic in shown
        }

    assert "ny-county-count" not in ids("2011-05-31") and "ny-county-count" in ids("2011-06-01")
    assert {"agreement-parties", "states-with-agreements", "dc-withdrawal-meaning"} <= ids("2012-06-05")
    assert ids(LAST.isoformat()) == set(said.CONFLICTS)
    assert "more became public later" in optout.conflicts_table(at(FIRST.isoformat())).caption


@pytest.mark.parametrize("day", ["2010-09-15", "2010-10-15", "2011-03-01", "2012-06-05", LAST.isoformat()])
def test_the_statement_a_meaning_case_names_is_in_that_days_table_by_its_id(day: str) -> None:
    """The exercise sends the reader to the statements table, by who and when: the statement must be there."""
    p = at(day)
    if exercise_opening.closed(p, "l2-opt-out-meaning") is not None:
        assert day < "2010-10-15", f"the exercise should be open on {day}"
        return
    offered = exercise_opening.asked_on(p, definitions.load_set(L2)["l2-opt-out-meaning"])
    named = {i for case in offered.cases for i in named_statement(case["facts"])}
    shown = set(said.statements(p)["statement_id"])
    assert named and named <= shown, f"named but not in the table on {day}: {sorted(named - shown)}"


#: A notebook cell that shows a section of the dated narrative, as the lesson writes it.
_NARRATIVE_CELL = re.compile(r'^scomm\.narrative\(p, "(?P<section>[\w-]+)"(?P<options>.*)\)$')


def _narrative_cells(slug: str) -> list[tuple[str, str, str]]:
    """(heading above, Markdown just before, the cell's call) for each narrative cell of a lesson."""
    nb = nbformat.read(lesson(slug).notebook, as_version=4)
    found, heading, before = [], "", ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = next((ln for ln in cell.source.splitlines() if ln.startswith("## ")), heading)
            before = cell.source
        elif _NARRATIVE_CELL.match(cell.source.strip()):
            found.append((heading, before, cell.source.strip()))
    return found


def _shown(call: str, p) -> str:
    """What the notebook's own narrative call shows for ``p`` (as text; empty when nothing)."""
    match = _NARRATIVE_CELL.match(call)
    options = eval(f"dict({match['options'].lstrip(', ')})")  # the lesson's own cell, read from its notebook
    text = narrative.passage(p, match["section"], **options)
    return text.data if text else ""


@pytest.mark.parametrize("slug", ["01_program_mechanics", L2])
def test_on_the_first_day_a_narrative_cell_the_text_leads_to_shows_something(slug: str) -> None:
    """Sections 3 and 7 of lesson 2 ended on 'what ICE said about the county's part' and 'what the
    states did, and what the federal government answered' and then printed nothing on 4 May 2010."""
    first = lesson_days(lesson(slug))[0]
    p = lesson_p(slug, as_of=first.isoformat(), student_id="s1")
    promised = [
        (heading, call)
        for heading, before, call in _narrative_cells(slug)
        if before.rstrip().endswith(":") or "Below them" in before
    ]
    if slug == L2:
        headings = {heading for heading, _ in promised}
        assert {
            "## 3. What a county could actually control",
            "## 7. The states' part",
        } <= headings
    silent = [(heading, call) for heading, call in promised if not _shown(call, p)]
    assert silent == []
    day = f"{first.day} {first:%B %Y}"
    for heading, call in promised:
        if "until=" in call and not narrative.passages(p, _NARRATIVE_CELL.match(call)["section"]).shape[0]:
            assert day in _shown(call, p), heading


@pytest.mark.parametrize("day", ["2010-08-31", "2010-09-15", "2010-09-29"])
def test_the_sheriffs_requests_are_counted_only_as_far_as_a_student_is_shown(
    day: str, tmp_path, monkeypatch
) -> None:
    # His second letter (1 August 2010) is public only from 30 September 2010, so before then nothing
    # a student reads may call the letter of 31 August his "third": it is worded by what is shown.
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    p = at(day)
    assert "act-2010-08-01-sf-second-request" not in p.world.public_ids("actions")
    shown = [
        *said.statements(p)["paraphrase"],
        *optout.actions_table(p).frame.astype(str).to_numpy().ravel(),
        *p.world.table("events").query("lesson == 2")[["title", "description"]].to_numpy().ravel(),
        *definitions.load_set(L2)["l2-stance"].items,
    ]
    assert any("Hennessey" in text for text in shown)
    assert not [text for text in shown if re.search(r"\bthird\b", text, re.IGNORECASE)]


@pytest.mark.parametrize("view", ["statements", "actions"])
def test_a_date_known_only_to_its_year_is_never_shown_as_january_and_sorts_after_its_year(view: str) -> None:
    # On 30 June 2012 year-only rows read "Jan 2010 John Morton (ICE): mandatory" and "Jan 2011
    # Arlington County" and sorted above the dated rows of their year.
    p = at("2012-06-30", focus="California")  # its activation over objection is dated only to 2010
    table = getattr(optout, f"{view}_table")(p).frame
    chart = getattr(optout, f"{view}_chart")(p).to_dict()["description"]
    assert "Jan 2010" not in chart and "January 2010" not in chart and "2010, month not known" in chart
    shown = list(table["When"])
    assert "2010, month not known" in shown and "1 January 2010" not in shown
    first_unknown = shown.index("2010, month not known")
    assert all("2010" not in day for day in shown[first_unknown:] if "month not known" not in day), shown


@pytest.mark.parametrize(
    ("day", "says"),
    [
        ("2010-05-04", "No discussion question is open on 4 May 2010"),
        ("2012-06-30", "of the 6 questions are open on 30 June 2012"),
        ("2025-01-20", "Write your answer to each question in its box."),
    ],
)
def test_the_discussion_section_says_what_is_open(day: str, says: str) -> None:
    # On 4 May 2010 every question waited, yet the section said "Write your answer to each question in its box".
    nb = nbformat.read(lesson(L2).notebook, as_version=4)
    heading = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Discussion"))
    assert "Write your answer" not in nb.cells[heading].source
    assert nb.cells[heading + 1].source == "scomm.discussion(p)"
    shown = exercise_opening.discussion(at(day))
    assert says in shown
    assert not later_dates([shown], pd.Timestamp(day).date())


def test_only_an_instructor_is_told_the_day_the_first_discussion_question_opens() -> None:
    student = exercise_opening.discussion(at("2010-05-04"))
    instructor = exercise_opening.discussion(at("2010-05-04", role="instructor"))
    first = min(
        exercise_opening._opens(at("2010-05-04"), e) for e in definitions.load_set(L2) if "-discuss-" in e
    )
    day = f"{first.day} {first:%B %Y}"
    assert day in instructor and day not in student and "later date" in student


def test_a_year_only_statement_is_drawn_across_its_year_not_on_the_first_of_january() -> None:
    p = at("2012-06-30")
    spec = optout.statements_chart(p).to_dict()
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    bars = next(
        layer for layer in spec["layer"] if layer["mark"]["type"] == "rule" and "x2" in layer["encoding"]
    )
    assert points["encoding"]["x"]["field"] == "plotted"
    rows = spec["datasets"][points["data"]["name"]]
    vague = [r for r in rows if r["date_precision"] == "year"]
    assert vague and all(not r["plotted"].startswith(r["date"][:4] + "-01-01") for r in vague)
    assert len(spec["datasets"][bars["data"]["name"]]) >= len(vague)
