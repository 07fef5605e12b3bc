"""Lesson 4: what the rules say (SYNTHETIC) beside what the records show, each as public on as_of; lesson 3's tables and chart."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from scomm.course import data, narrative, timeline
from scomm.course.layout import lesson
from scomm.course.world import World
from scomm.exercises import definitions as exercises
from scomm.exercises import opening
from scomm.lessons.detainer_law import views as holds
from scomm.lessons.pep_transition import comparison, records
from scomm.lessons.pep_transition import views as pep
from scomm.policy.flow import booking_flow

from conftest import lesson_p
from time_honesty import later_dates

P4 = lesson_p("04_pep_transition", as_of="2016-03-01")


def at(day: str, **values: object):
    return lesson_p("04_pep_transition", as_of=day, **values)


def at3(day: str):
    return lesson_p("03_detainer_law", as_of=day)


def test_the_comparison_is_deterministic_and_changes_only_the_rules() -> None:
    first, again = pep.compare_regimes(P4, n=3_000, seed=4), pep.compare_regimes(P4, n=3_000, seed=4)
    pd.testing.assert_frame_equal(first, again)
    totals = first.groupby("regime_id")["bookings"].sum()
    assert totals.nunique() == 1, "every regime sees the same bookings"
    by = first.set_index(["regime_id", "ice_request"])["bookings"]
    assert by.get(("scomm-practice", "detainer"), 0) == totals.iloc[0]
    assert by.get(("pep", "notification"), 0) > 0
    assert by.get(("pep", "detainer"), 0) < by.get(("guidance-2012", "detainer"), 0)


def test_every_rule_set_sees_the_same_people_with_their_entry_and_orders_moved_too() -> None:
    # The bookings are moved to each rule set's first day; a person's entry and removal order move
    # with them, so rules that turn on a recent entry or order (the I-247X, PEP's 2(c) and 3) can apply.
    by = pep.compare_regimes(P4, n=3_000, seed=4).set_index(["regime_id", "ice_request"])["bookings"]
    assert by.get(("pep-transfer", "transfer"), 0) > 0
    assert by.xs("pep-transfer").to_dict() != by.xs("pep").to_dict()


@pytest.mark.parametrize(
    ("day", "shown", "not_yet"),
    [
        # PEP began in July 2015 (ice-scomm-page-2015); EO 13768 was signed on 25 January 2017 (eo-13768-2017).
        ("2014-11-20", ["scomm-practice", "guidance-2012"], ["pep", "eo-13768"]),
        ("2015-06-30", ["scomm-practice", "guidance-2012"], ["pep", "eo-13768"]),
        ("2017-01-24", ["scomm-practice", "guidance-2012", "pep"], ["eo-13768"]),
        ("2017-01-25", ["scomm-practice", "guidance-2012", "pep", "eo-13768"], []),
    ],
)
def test_the_comparison_shows_only_the_rules_begun_by_as_of(
    day: str, shown: list[str], not_yet: list[str]
) -> None:
    regimes = comparison.federal_regimes(at(day))
    assert set(shown) <= set(regimes["regime_id"]) and not set(not_yet) & set(regimes["regime_id"])
    assert (regimes["starts"] <= pd.Timestamp(day)).all()
    assert regimes["starts"].is_monotonic_increasing


def test_the_chart_says_synthetic_and_what_it_is_not() -> None:
    spec = pep.comparison_chart(P4, n=2_000, seed=1).to_dict()
    assert spec["title"]["text"].startswith("SYNTHETIC")
    assert spec["description"].startswith("SYNTHETIC data")
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "invented bookings" in subtitle and "not what happened" in subtitle


def test_the_compare_key_matches_a_fresh_run() -> None:
    keyed = exercises.load_set("04_pep_transition", with_keys=True)["l4-compare"]
    assert keyed.check(comparison.requests_under(P4, "pep", "detainer")).correct


def test_the_compare_question_opens_the_day_pep_began() -> None:
    # PEP began in July 2015 (regimes.csv `pep`, ice-scomm-page-2015); its question waits until that is public.
    opens = World("2025-01-20").public_from("regimes")[
        (data.load("regimes")["regime_id"] == "pep").to_numpy()
    ]
    day = opens.iloc[0]
    assert pd.Timestamp("2015-07-01") <= day <= pd.Timestamp("2015-07-31")
    before, on = at((day - pd.Timedelta(days=1)).date().isoformat()), at(day.date().isoformat())
    assert opening.closed(on, "l4-compare") is None
    note = opening.closed(before, "l4-compare")
    assert "opens when the lesson is set on a later date" in note and timeline.when(day, "day") not in note
    instructor = at(before.as_of.date().isoformat(), role="instructor")
    assert timeline.when(day, "day") in opening.closed(instructor, "l4-compare")
    assert opening.closed(at("2014-11-20"), "l4-tiers") is None


def test_the_evidence_key_sorts_questions_by_what_can_answer_them() -> None:
    keyed = exercises.load_set("04_pep_transition", with_keys=True)["l4-evidence"]
    public = exercises.load_set("04_pep_transition")["l4-evidence"].public()
    assert public.answer is None and set(keyed.answer.values()) == set(keyed.categories)
    synthetic = [q for q, kind in keyed.answer.items() if kind.startswith("The synthetic")]
    assert all("actually" not in q and "removed" not in q for q in synthetic)
    assert keyed.check(dict(keyed.answer)).correct
    wrong = {q: keyed.categories[0] for q in keyed.items}
    assert not keyed.check(wrong).correct


def test_the_calibration_table_cites_later_sources_as_every_other_table_does() -> None:
    """On the memo's day the Wikipedia article (2018) is one source published later, not an id."""
    first = pep.calibration_table(at("2014-11-20")).frame["Sources"]
    assert not first.str.contains("wikipedia-scomm").any()
    assert first.str.contains(r"illinois-2011-letter \(and 1 source published later\)").any()
    assert (first == "none").sum() == len(first) - 3  # the assumptions cite nothing
    assert pep.calibration_table(at("2019-01-01")).frame["Sources"].str.contains("wikipedia-scomm").any()


#: How l4-evidence's items name a set of federal rules, and the regime the comparison draws for it.
RULES_NAMED = {
    "as announced in 2008": "scomm-practice",
    "2012 guidance": "guidance-2012",
    "November 2014 rules": "priorities-2014",
    "PEP": "pep",
}


@pytest.mark.parametrize("day", ["2014-11-20", "2016-03-01"])
def test_every_set_of_rules_the_evidence_question_names_is_in_the_comparison_that_day(day: str) -> None:
    """The question sends students to the synthetic comparison: on every day it is asked, the
    chart must draw each set of rules an item names (on the memo's day it has no 2014 bar)."""
    p = at(day)
    assert opening.closed(p, "l4-evidence") is None
    items = " ".join(opening.as_asked(p, exercises.load_set("04_pep_transition")["l4-evidence"], 1).items)
    named = {regime for words, regime in RULES_NAMED.items() if words in items}
    drawn = set(pep.compare_regimes(p, n=2_000, seed=1)["regime_id"])
    assert named and named <= drawn, f"named {sorted(named)}, drawn {sorted(drawn)}"


def test_detainer_forms_appear_from_their_day_and_end_only_once_ended() -> None:
    assert "I-247A" not in set(pep.detainer_forms(at("2017-04-01")).frame["Form"])
    assert "I-247A" in set(pep.detainer_forms(at("2017-04-02")).frame["Form"])
    in_2016 = pep.detainer_forms(at("2016-03-01")).frame
    assert set(in_2016["Form"]) >= {"I-247D", "I-247N", "I-247X"}
    assert not in_2016.apply(lambda column: column.astype(str).str.contains("2017")).any().any()
    pep_forms = in_2016[in_2016["Form"] == "I-247D"]["In use"].iloc[0]
    assert pep_forms == "from 12 June 2015", "no end date before the form was withdrawn"


def test_trac_figures_are_real_and_only_those_published_by_as_of() -> None:
    early = records.monthly_detainers(at("2014-11-20"))
    assert (early["end"] <= pd.Timestamp("2014-11-20")).all()
    assert 13_898 in set(early["per_month"]) and 7_117 not in set(early["per_month"])
    # October 2015's count is TRAC's report 413, published 21 January 2016.
    assert 7_117 not in set(records.monthly_detainers(at("2016-01-20"))["per_month"])
    assert 7_117 in set(records.monthly_detainers(at("2016-01-21"))["per_month"])
    spec = pep.detainer_chart(at("2016-01-21")).to_dict()
    assert not spec["title"]["text"].startswith("SYNTHETIC")
    assert "7,117" in spec["description"]
    xs = [layer.get("encoding", {}).get("x", {}) for layer in spec["layer"]]
    domains = [x["scale"]["domain"] for x in xs if "scale" in x]
    assert domains and all(domain[-1].startswith("2016-01-21") for domain in domains), (
        "the time axis ends at as_of"
    )


def test_a_regime_without_a_rule_is_named_and_not_drawn() -> None:
    counts = pep.compare_regimes(at("2025-01-20"), n=2_000, seed=1)
    missing = counts.attrs["no_rule"]
    assert missing and not set(missing) & set(counts["regime"])
    spec = pep.comparison_chart(at("2025-01-20"), n=2_000, seed=1).to_dict()
    assert "give no rule for: " + missing[0] in spec["description"]
    assert "Form I-247N" in spec["description"], "each request says which form it is"


def test_both_sides_evidence_is_attributed() -> None:
    p = at("2014-11-20")
    figures = pep.agency_figures(p).frame
    assert "more than 11,000" in set(figures["Figure"]) and "225,390" in set(figures["Figure"])
    # ICE's Level 1 count to August 2012 is known from its page dated 24 April 2015, not before.
    assert "more than 61,000" not in set(figures["Figure"])
    assert "more than 61,000" in set(pep.agency_figures(at("2015-04-24")).frame["Figure"])
    safety = pep.public_safety_debate(p).frame
    assert {"ICE or DHS", "Supporters", "Critics"} <= set(safety["Side"])
    assert safety["Who"].str.contains("Sheriffs").any()
    profiling = pep.profiling_debate(p).frame
    assert {"ICE or DHS", "Supporters", "Critics", "Researchers"} <= set(profiling["Side"])


def test_no_table_names_a_source_published_after_as_of() -> None:
    p = at("2016-03-01")
    for view in (pep.priorities, pep.new_name_debate, pep.transition_events, pep.detainer_shares):
        cells = " ".join(view(p).frame["Sources"])
        assert "wikipedia-scomm" not in cells and "trac-432" not in cells
    assert "source published later" in " ".join(pep.new_name_debate(p).frame["Sources"])


def test_the_executive_record_grows_with_each_reversal() -> None:
    counts = [
        len(pep.executive_record(at(day)).frame)
        for day in ("2014-11-20", "2017-02-21", "2021-01-20", "2025-01-20")
    ]
    assert counts[0] == 2 and counts == sorted(counts) and len(set(counts)) == 4
    last = pep.executive_record(at("2025-01-20")).frame
    assert last["What it did"].str.contains("13993").any()


def test_priorities_and_the_debate_tables() -> None:
    assert list(pep.priorities(P4).frame["Priority"]) == ["Priority 1", "Priority 2", "Priority 3"]
    sides = set(pep.new_name_debate(P4).frame["Side"])
    assert sides == {"ICE or DHS", "Critics"}


def test_the_priorities_table_tells_what_the_memos_said_on_their_day_and_pep_later() -> None:
    """On the memos' day PEP was not yet in use: the jail column gives the memos' instructions, not
    what PEP did; the forms of June 2015 (gang participation without a conviction) are in the forms
    table from their day."""
    column = "What ICE was to seek from jails"
    first = pep.priorities(at("2014-11-20")).frame
    said = " ".join(first[column])
    assert not re.search(r"\b(drew|did|used)\b", said) and "PEP" not in said and "2015" not in said
    assert "gang participation without a conviction" in first[column].iloc[0]
    assert "16 or over" in first["Who"].iloc[0] and "no conviction needed" in first["Who"].iloc[0]
    forms = pep.detainer_forms(at("2016-03-01")).frame
    assert forms["For whom"].str.contains("intentional gang participation").any()


def test_lesson_three_tables_and_chart() -> None:
    rulings = holds.rulings(at3("2015-01-01")).frame
    assert rulings["What happened"].str.contains("Galarza").any()
    frame = holds.limits_frame(at3("2014-06-01"))
    assert frame["in_force"].iloc[0] == 0 and frame["in_force"].iloc[-1] >= 5
    assert frame["in_force"].is_monotonic_increasing
    spec = holds.limits_chart(at3("2014-06-01")).to_dict()
    assert "Cook County" in spec["description"] and spec["title"]["subtitle"]


def test_the_trust_act_table_hides_emails_until_they_were_public() -> None:
    before = holds.trust_act(at3("2013-12-31")).frame
    after = holds.trust_act(at3("2015-01-01")).frame
    assert len(after) > len(before)
    assert not before["What happened"].str.contains("90-day").any()


def test_each_dated_passage_names_no_day_after_it_became_public() -> None:
    passages = data.load("narrative")
    public_from = World("2025-01-20").public_from("narrative")
    mine = (passages["lesson"] == 4).to_numpy()
    assert mine.sum() >= 20
    names = set(data.load("sources")["source_id"])
    for text, day in zip(passages["text"][mine], public_from[mine], strict=True):
        assert not later_dates([text], day.date(), names=names), text


@pytest.mark.parametrize(("day", "shows"), [("2014-11-20", "holds nothing yet"), ("2016-03-01", "July 2015")])
def test_what_followed_the_memos_says_something_on_every_day(day: str, shows: str) -> None:
    # Section 7 says what followed "appears below": on the memo's day its cell printed nothing.
    nb = nbformat.read(lesson("04_pep_transition").notebook, as_version=4)
    call = next(c.source for c in nb.cells if c.source.startswith('scomm.narrative(p, "after"'))
    until = re.search(r'until="([^"]+)"', call)[1]
    assert shows in narrative.passage(at(day), "after", until=until).data


@pytest.mark.parametrize(
    ("day", "says_why"),
    [("2014-11-20", True), ("2015-01-04", True), ("2015-01-05", False), ("2017-02-01", False)],
)
def test_section_3_says_why_the_diagram_ends_in_a_hold_before_the_memos_applied(
    day: str, says_why: bool
) -> None:
    # On 20 November 2014 the heading said "Notification instead of detention" and the question
    # expected notice, while the diagram (rightly) ended in a hold and the section printed nothing.
    nb = nbformat.read(lesson("04_pep_transition").notebook, as_version=4)
    sources = [c.source for c in nb.cells]
    assert sources.index("v.memo_pending(p)") == sources.index("scomm.show(v.flow_chart(p))") + 1
    line = pep.memo_pending(at(day))
    assert (line is not None) == says_why, day
    if says_why:
        assert "request to hold" in line.data
        assert "hold" in booking_flow(day).iloc[-2]["short"]
