"""Lesson 4: the synthetic comparison, the priorities and both sides' evidence; lesson 3's tables and chart."""

from __future__ import annotations

import pandas as pd

from scomm.exercises import definitions as exercises
from scomm.lessons.detainer_law import views as holds
from scomm.lessons.pep_transition import views as pep

from conftest import lesson_p

P4 = lesson_p("04_pep_transition", as_of="2016-03-01")


def at3(day: str):
    return lesson_p("03_detainer_law", as_of=day)


def test_the_comparison_is_deterministic_and_changes_only_the_rules() -> None:
    first, again = pep.compare_regimes(P4, n=3_000, seed=4), pep.compare_regimes(P4, n=3_000, seed=4)
    pd.testing.assert_frame_equal(first, again)
    totals = first.groupby("regime")["bookings"].sum()
    assert totals.nunique() == 1, "every regime sees the same bookings"
    by = first.set_index(["regime", "ice_request"])["bookings"]
    assert by.get(("S-Comm practice (2011)", "detainer"), 0) == totals.iloc[0]
    assert by.get(("PEP (2016)", "notification"), 0) > 0
    assert by.get(("PEP (2016)", "detainer"), 0) < by.get(("detainer guidance (2012)", "detainer"), 0)


def test_the_chart_says_synthetic_everywhere() -> None:
    spec = pep.comparison_chart(P4, n=2_000, seed=1).to_dict()
    assert spec["title"]["text"].startswith("SYNTHETIC")
    assert spec["description"].startswith("SYNTHETIC data")
    assert any("invented bookings" in line for line in spec["title"]["subtitle"])


def test_the_compare_key_matches_a_fresh_run() -> None:
    keyed = exercises.load_set("04_pep_transition", with_keys=True)["l4-compare"]
    counts = pep.compare_regimes(P4)
    pep_detainers = counts[(counts["regime"] == "PEP (2016)") & (counts["ice_request"] == "detainer")][
        "bookings"
    ].sum()
    assert keyed.check(int(pep_detainers)).correct


def test_priorities_and_the_debate_tables() -> None:
    assert list(pep.priorities(P4).frame["Priority"]) == ["Priority 1", "Priority 2", "Priority 3"]
    sides = set(pep.new_name_debate(P4).frame["Side"])
    assert sides == {"agency", "critics"}


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
