"""Lesson 2: the statements and actions tables, the public record by date, and keys that match the data."""

from __future__ import annotations

import pandas as pd
import pytest

from scomm.course import data, narrative, timeline
from scomm.course.layout import lesson
from scomm.course.params import lesson_days
from scomm.exercises import definitions as exercises
from scomm.grading import grade
from scomm.lessons.opt_out_dispute import said
from scomm.lessons.opt_out_dispute import views as optout

from conftest import lesson_p


def at(day: object, focus: str | None = None):
    return lesson_p(
        "02_opt_out_dispute", as_of=str(pd.Timestamp(day).date()), **({"focus": focus} if focus else {})
    )


L2 = "02_opt_out_dispute"
FIRST, LAST = (d.isoformat() for d in lesson_days(lesson(L2)))


def test_statements_cover_the_dispute_with_sources_and_every_stance() -> None:
    table = data.load("statements")
    assert len(table) >= 25
    assert table["date"].between("2009-01-01", "2011-12-31").all(), "statements belong to 2009-2011"
    assert set(table["stance"]) == {"voluntary", "mandatory", "ambiguous"}
    assert all(ids for ids in table["source_ids"]), "every speaker's statement cites a source"
    assert {"federal", "local", "advocate", "state", "congress"} <= set(table["side"])


@pytest.mark.parametrize(
    ("statement_id", "stance"),
    [
        ("st-2009-08-deployment-problem-statement", "mandatory"),
        ("st-2010-06-23-opt-out-language-email", "ambiguous"),
        ("st-2010-08-17-setting-record-straight", "voluntary"),
        ("st-2010-09-07-napolitano-lofgren-letter", "voluntary"),
        ("st-2010-10-01-wapo-unnamed-official", "mandatory"),
        ("st-2010-10-napolitano-not-opt-in-opt-out", "mandatory"),
        ("st-2010-11-18-venturella-created-confusion", "ambiguous"),
        ("st-2011-08-ice-agreements-void", "mandatory"),
    ],
)
def test_the_statements_the_lesson_turns_on_are_recorded(statement_id: str, stance: str) -> None:
    table = data.load("statements").set_index("statement_id")
    assert table.loc[statement_id, "stance"] == stance


def test_internal_emails_stay_hidden_until_the_foia_release() -> None:
    emails = data.load("statements")
    emails = emails[emails["venue"] == "internal email"]
    assert len(emails) >= 2 and (emails["became_public"] >= pd.Timestamp("2011-02-01")).all()
    before = set(said.statements(at("2011-01-31"))["statement_id"])
    after = set(said.statements(at("2011-03-01"))["statement_id"])
    assert not (set(emails["statement_id"]) & before)
    assert set(emails["statement_id"]) <= after


def test_quotes_are_short_and_only_from_officials() -> None:
    table = data.load("statements")
    quoted = table[table["quote"] != ""]
    assert len(quoted) and (quoted["quote"].str.len() <= 300).all()
    assert set(quoted["side"]) <= {"federal", "state", "local", "congress"}


def test_actions_name_their_jurisdictions_and_the_federal_answer() -> None:
    actions = optout.actions(at(LAST))
    assert actions["jurisdiction"].notna().all()
    named = set(actions["jurisdiction"])
    for place in (
        "District of Columbia",
        "San Francisco, CA",
        "Santa Clara County, CA",
        "San Mateo County, CA",
        "Illinois",
        "New York",
        "Massachusetts",
        "Cook County, IL",
    ):
        assert place in named, place
    void = actions[actions["action"] == "agreements_void"]
    assert len(void) == 1 and void["date"].iloc[0].strftime("%Y-%m") == "2011-08"
    # DC's 2010 exit was overridden: ICE switched the program on there on 5 June 2012 (DC Jobs with
    # Justice and The Atlantic, June 2012), so no DC action stands as a lasting success.
    dc = actions[actions["jurisdiction"] == "District of Columbia"].set_index("action_id")
    assert dc.loc["act-2010-07-dc-withdrawal", "outcome"] == "superseded"
    assert not dc["outcome"].eq("granted").any()
    activation = dc.loc["act-2012-06-05-dc-activation"]
    assert (activation["action"], activation["date"]) == (
        "activation_over_objection",
        pd.Timestamp("2012-06-05"),
    )


def test_as_of_filters_actions_by_when_they_certainly_happened() -> None:
    early = optout.actions(at("2010-06-30"))
    assert len(early) and early["date"].max() <= pd.Timestamp("2010-06-30")
    year_only = data.load("actions")[lambda t: t["date_precision"] == "year"]
    row = year_only[year_only["date"] > pd.Timestamp(FIRST)].iloc[0]
    assert row["action_id"] not in set(optout.actions(at(row["date"] + pd.Timedelta(days=90)))["action_id"])
    assert row["action_id"] in set(optout.actions(at(row["date"] + pd.offsets.YearEnd(0)))["action_id"])


def test_an_outcome_shows_only_once_it_was_known() -> None:
    # DC's 2010 exit was overridden on 5 June 2012 (dcjwj-2012-06-05): not known the day before.
    def dc_withdrawal(day: str) -> pd.Series:
        table = optout.actions(at(day, "District of Columbia")).set_index("action_id")
        return table.loc["act-2010-07-dc-withdrawal"]

    before, after = dc_withdrawal("2012-06-04"), dc_withdrawal("2012-06-05")
    # A withdrawal took effect when it was made: until its overriding was public, it stood.
    assert before["outcome"] == "in_force" and not before["outcome_note"]
    assert after["outcome"] == "superseded" and "5 June 2012" in after["outcome_note"]
    shown = optout.actions_table(at("2012-06-04", "District of Columbia")).frame["Outcome"]
    assert not shown.str.contains("2012").any()


def test_on_the_first_day_dc_s_measure_is_the_bill_the_lesson_and_its_source_describe() -> None:
    """ccr-2010-05-04-dc: two council members introduced a bill that day; nothing was passed. The
    chart called it an 'ordinance', and gave the November 2009 sign-up, an act in effect that
    day, the outcome 'Not yet known', capitalised mid-sentence."""
    p = at("2010-05-04", "San Francisco, CA")
    table = optout.actions(p).set_index("action_id")
    assert table.loc["act-2010-05-dc-council-bill", "action"] == "bill_introduced"
    assert table.loc["act-2010-05-dc-council-bill", "outcome"] == optout.NOT_YET_KNOWN
    assert table.loc["act-2009-11-dc-signs-up", "outcome"] == "in_force"
    described = optout.actions_chart(p).to_dict()["description"]
    assert "ordinance" not in described and "Not yet known" not in described
    assert "2 actions by 1 jurisdiction," in described
    assert "May 2010 District of Columbia: bill introduced (what came of it: not yet known)" in described
    assert "November 2009 District of Columbia: signed up (what came of it: in force)" in described
    assert "introduced a bill" in narrative.passage(p, "dc").text


@pytest.mark.parametrize("day", ["2010-05-04", "2016-03-01"])
def test_the_control_table_names_each_body_once_under_headings_that_fit_every_row(day: str) -> None:
    """A row per step repeated a body's controller and part (ICE's three steps read alike), and
    "What a county could do" headed rows about the FBI, DHS and ICE."""
    table = optout.control_table(at(day)).frame
    assert table["Where"].is_unique and not table.drop(columns="Where").duplicated().any()
    assert list(table.columns) == [
        "Where",
        "Steps and what happens",
        "Controlled by",
        "What it does, and the county's say",
    ]
    steps = optout.control_steps(at(day))
    assert " ".join(table["Steps and what happens"]).count(". ") >= len(steps)  # every step still listed


def test_the_control_map_leaves_the_county_only_the_jail() -> None:
    steps = optout.control_steps(at("2011-09-01"))
    county = steps[steps["controlled_by"] == "the county"]
    assert set(county["lane"]) == {"Local jail"}
    assert steps.loc[steps["lane"] == "DHS (IDENT)", "controlled_by"].eq("federal agencies").all()
    assert "truthout-2010" in steps["source_ids"].iloc[0]


def test_the_summary_reads_the_record_of_the_day() -> None:
    text = optout.stance_summary(at("2010-09-15")).data
    assert "15 September 2010" in text and "became public after this day" in text
    first = optout.stance_summary(at(FIRST)).data
    assert f"{len(said.statements(at(FIRST)))} statements were public" in first
    assert "statement(s)" not in first
    assert "after this day" not in optout.stance_summary(at(LAST)).data


def test_the_focus_table_says_when_a_place_did_nothing() -> None:
    none = optout.actions_table(at("2012-01-01", "Travis County, TX"))
    assert "the data record no action by Travis County, TX" in none.caption
    assert "None had been made public" not in none._repr_html_(), "the caption says it once"
    assert len(optout.actions_table(at("2011-01-01", "San Francisco, CA"))) >= 3


def test_stance_keys_equal_the_data_rows() -> None:
    keyed = exercises.load_set(L2, with_keys=True)
    stances = data.load("statements").set_index("statement_id")["stance"]
    sort = keyed["l2-stance"]
    for item, row in zip(sort.items, sort.rests_on, strict=True):
        assert sort.answer[item] == stances[row.partition(":")[2]], item


def test_the_order_key_follows_the_dates_in_the_data() -> None:
    keyed = exercises.load_set(L2, with_keys=True)["l2-order"]
    dates = []
    for row in keyed.rests_on:  # the key file lists the rows in the key's order
        table, _, row_id = row.partition(":")
        frame = data.load(table)
        dates.append(frame.loc[frame.iloc[:, 0] == row_id, "date"].item())
    assert dates == sorted(dates)
    public = exercises.load_set(L2)["l2-order"]
    assert sorted(public.items) == sorted(keyed.answer)
    assert list(public.items) != list(keyed.answer), "the public form must not list the items in key order"
    assert list(public.rests_on) == sorted(public.rests_on), "nor its rows in key order"


def named_statement(facts: dict) -> list[str]:
    """The statements a meaning case's facts name as a reader finds them in the statements table:
    by its When (written as the table writes it) and who said it (speaker or organisation)."""
    rows = data.load("statements")
    when = [timeline.when(d, s) for d, s in zip(rows["date"], rows["date_precision"], strict=True)]
    said = [
        s in facts["Who"] or o in facts["Who"]
        for s, o in zip(rows["speaker"], rows["organization"], strict=True)
    ]
    return [i for i, w, by in zip(rows["statement_id"], when, said, strict=True) if w == facts["When"] and by]


def test_each_meaning_case_names_one_real_statement_by_who_and_when() -> None:
    scenario = exercises.load_set(L2, with_keys=True)["l2-opt-out-meaning"]
    named = [named_statement(case["facts"]) for case in scenario.cases]
    assert all(len(ids) == 1 for ids in named), named
    assert sorted(i for ids in named for i in ids) == sorted(r.partition(":")[2] for r in scenario.rests_on)


def test_charts_describe_what_they_show() -> None:
    day = pd.Timestamp("2010-09-15")
    spec = optout.statements_chart(at(day)).to_dict()
    assert "Only statements public by 15 September 2010" in " ".join(spec["title"]["subtitle"])
    assert f"Dot chart of {len(said.statements(at(day)))} statements" in spec["description"]
    assert "San Francisco, CA" in optout.actions_chart(at(day, "San Francisco, CA")).to_dict()["description"]
    assert "controlled by the county" in optout.control_chart(at(day)).to_dict()["description"]


def test_events_and_statements_agree_on_the_foia_release() -> None:
    foia = timeline.events()[lambda t: t["event_id"] == "ev-2011-02-foia-release"]["date"].item()
    emails = data.load("statements")[lambda t: t["venue"] == "internal email"]
    assert (emails["became_public"] == foia).all()


def test_lesson_two_grades_through_scomm_grade(tmp_path) -> None:

    expected = grade.synthetic_class(tmp_path / "in", 12, lesson=L2, seed=5)
    report = grade.grade(tmp_path / "in", tmp_path / "out")
    assert {g.student_id: g.total for g in report.graded} == expected
    assert (tmp_path / "out" / "feedback" / L2).is_dir()


def test_on_the_first_day_the_trust_section_has_both_sides() -> None:
    """Section 8 sets the agency's case beside the critics'; on 4 May 2010 it had only ICE's.
    Mendelson's words that day (ccr-2010-05-04-dc) are the critics' side of the trust question."""
    sides = set(optout.claims_table(at("2010-05-04")).frame["Side"])
    assert {"ICE or DHS", "Critics"} <= sides


@pytest.mark.parametrize(
    ("chart", "rows"),
    [
        pytest.param("statements_chart", said.statements, id="statements_chart-statements"),
        pytest.param("actions_chart", optout.actions, id="actions_chart-actions"),
    ],
)
def test_the_first_mark_is_drawn_whole_after_the_start_of_the_time_axis(chart: str, rows) -> None:
    p = at("2010-05-04")
    spec = getattr(optout, chart)(p).to_dict()
    marks = next(layer for layer in spec["layer"] if "scale" in layer.get("encoding", {}).get("x", {}))
    start = pd.Timestamp(marks["encoding"]["x"]["scale"]["domain"][0])
    first = rows(p)["date"].min()
    assert start <= first - pd.Timedelta(days=10), "room before the first mark: half of it was cut off"


def test_the_lofgren_date_conflict_notes_the_accounts_differ_on_whom_she_wrote_to() -> None:
    from scomm.course.world import World

    conflicts = World("2012-06-30").table("conflicts").set_index("conflict_id")
    summary = conflicts.at["lofgren-letter-date", "summary"]
    assert "Napolitano and Holder" in summary and "Truthout" in summary and "to ICE" in summary
    assert "truthout-2010" in conflicts.at["lofgren-letter-date", "source_ids"]
