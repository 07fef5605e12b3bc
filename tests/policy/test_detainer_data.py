"""The data behind the rules: regimes and limits over time, explanations citing sources, and regimes and
rules that fit the engine and each other."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pandas as pd
import pytest
from test_detainers import NEUTRAL

from scomm.course import data, world
from scomm.course.citations import label
from scomm.policy import detainers
from scomm.policy.detainers import Booking, catalogue, decide, model


def test_local_regimes_list_the_place_then_its_state() -> None:
    assert detainers.local_regime("los-angeles-county-ca", "2014-05-31").regime_id == "california-trust-2014"
    assert [r.regime_id for r in detainers.local_regimes("los-angeles-county-ca", "2014-06-01")] == [
        "los-angeles-county-2014",
        "california-trust-2014",
    ]
    assert detainers.local_regime("san-mateo-county-ca", "2013-06-01") is None
    with pytest.raises(detainers.DetainerError, match="whole country"):
        detainers.local_regime("united-states", "2016-01-01")


def test_limits_in_force_over_time() -> None:
    assert detainers.limits_in_force("2011-09-06") == []
    assert [r.regime_id for r in detainers.limits_in_force("2011-09-07")] == ["cook-county-2011"]
    in_2015 = {r.regime_id for r in detainers.limits_in_force(date(2015, 1, 1))}
    assert in_2015 == {
        "cook-county-2011",
        "santa-clara-2011",
        "dc-2012",
        "connecticut-trust-2013",
        "california-trust-2014",
        "oregon-counties-2014",
        "san-francisco-2014",
        "san-diego-2014",
        "los-angeles-county-2014",
    }
    in_2020 = {r.regime_id for r in detainers.limits_in_force(date(2020, 1, 1))}
    assert {"illinois-trust-2017", "california-values-2018", "connecticut-trust-2019"} <= in_2020
    assert not {"california-trust-2014", "connecticut-trust-2013"} & in_2020
    assert all(r.level == "local" for r in detainers.limits_in_force("2018-01-01"))


def test_explain_names_both_regimes_the_deadline_and_sources() -> None:
    booking = Booking(
        booked_on=date(2014, 1, 3), jurisdiction_id="santa-clara-county-ca", felony_convictions=1
    )
    text = decide(booking).explain()
    for needle in ("Federal rules: ICE's December 2012 detainer guidance, in force from 21 December 2012.", "Local rules: Santa Clara County civil detainer policy, in force from 18 October 2011.", "A felony conviction:", "County of Santa Clara, Office of the County Counsel, 2013", "ICE's form that day: I-247 (Immigration Detainer - Notice of Action (revised December 2012))"):  # fmt: skip
        assert needle in text
    for code in ("g12-felony", "scc-detainer", "guidance-2012", "santa-clara-2011"):
        assert code not in text, "rules and regimes are named in words, not by their ids"
    assert "until" not in text.split("Federal rules:")[1].split(".")[0], (
        "the regime's end is not known that day"
    )
    held = decide(
        Booking(booked_on=date(2014, 1, 3), jurisdiction_id="san-mateo-county-ca", felony_convictions=1)
    )
    assert "7 January 2014 at 12:00" in held.explain() and "California TRUST Act (AB 4)" in held.explain()
    assert (
        "nothing to answer" in decide(Booking(booked_on=date(2016, 3, 1), jurisdiction_id=NEUTRAL)).explain()
    )
    pep_notice = decide(Booking(booked_on=date(2016, 3, 1), jurisdiction_id=NEUTRAL, gang=True)).explain()
    assert "ICE's form that day: I-247N" in pep_notice
    early_notice = decide(
        Booking(booked_on=date(2015, 3, 2), jurisdiction_id=NEUTRAL, felony_convictions=1)
    ).explain()
    assert "No ICE form for this request is recorded for that day" in early_notice


def test_explain_on_a_lessons_day_names_no_source_published_later() -> None:
    # Harris County, June 2011: the early practice's rule rests partly on a 2014 article and
    # the encyclopedia; a reader on the lesson's day sees them counted, not named.
    decision = decide(Booking(booked_on=date(2011, 6, 15), jurisdiction_id=NEUTRAL, felony_convictions=1))
    published = data.load("sources").set_index("source_id")["date"]
    day = pd.Timestamp("2011-06-22")
    later = [label(s) for s in published.index if label(s) in decision.explain() and published[s] > day]
    assert later, "the explanation for any day names sources published after this booking"
    shown = decision.explain(as_of=day)
    assert [s for s in later if s in shown] == [] and "2 sources published later" in shown
    assert decision.explain(as_of="2025-01-20") == decision.explain()


def test_data_package_is_clean() -> None:
    assert list(data.find_problems()) == []


def test_federal_regimes_are_contiguous_to_the_horizon() -> None:
    federal = catalogue.loaded().federal
    assert federal[0].starts == detainers.PROGRAM_START
    for before, after in pairwise(federal):
        assert before.ends is not None and before.ends + timedelta(days=1) == after.starts
    assert federal[-1].ends is None and federal[-1].starts <= world.horizon().date()


def test_every_regime_says_what_it_leaves_out_and_cites_sources() -> None:
    regimes = data.load("regimes")
    assert (regimes["simplifications"].str.strip().str.len() > 0).all()
    assert (regimes["summary"].str.strip().str.len() > 0).all()
    assert all(ids for ids in regimes["source_ids"])
    places = set(data.load("jurisdictions")["jurisdiction_id"])
    assert {j for ids in regimes["also_applies_to"] for j in ids} <= places
    imprecise = regimes[regimes["starts_precision"] != "day"]
    assert (imprecise["note"].str.len() > 0).all(), "an imprecise start must be explained in note"


def test_rules_end_with_always_and_use_the_right_outcomes() -> None:
    rules_now = catalogue.loaded()
    for regime in (*rules_now.federal, *rules_now.local):
        rules = rules_now.rules[regime.regime_id]
        assert rules and rules[-1].condition == "always", regime.regime_id
        assert [r.order for r in rules] == sorted({r.order for r in rules})
        if regime.level == "federal" and rules[0].outcome == detainers.UNKNOWN:
            assert len(rules) == 1, "a day without a known rule is refused whole"
        elif regime.level == "federal":
            assert rules[0].condition == "not_removable"
            assert all(r.request is None and r.outcome in detainers.REQUESTS for r in rules)
        else:
            asked = {r.request for r in rules}
            assert "detainer" in asked and asked <= set(detainers.REQUESTS) - {"none"}, regime.regime_id
            for request in asked:
                answering = [r for r in rules if r.request == request]
                assert answering[-1].condition == "always", (regime.regime_id, request)
            assert all(r.outcome in model.LOCAL_OUTCOMES for r in rules)
            assert not [r for r in rules if r.request != "detainer" and r.outcome == "hold"]


def test_conditions_in_the_schema_are_the_ones_the_engine_knows() -> None:
    resource = next(r for r in data.descriptor()["resources"] if r["name"] == "regime_rules")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "condition")
    assert set(field["constraints"]["enum"]) == set(detainers.CONDITIONS)


def test_a_jail_does_only_what_every_rule_binding_it_allows() -> None:
    # Santa Clara's own policy declines what the state's TRUST Act would allow (a felony conviction).
    booking = Booking(
        booked_on=date(2015, 3, 2),
        jurisdiction_id="santa-clara-county-ca",
        felony_convictions=1,
        prior_removal_order_on="2010-01-01",
    )
    binding = [r.regime_id for r in detainers.local_regimes(booking.jurisdiction_id, booking.booked_on)]
    assert binding == ["santa-clara-2011", "california-trust-2014"]
    decision = decide(booking)
    assert (decision.ice_request, decision.jail_action, decision.local.regime_id) == (
        "detainer",
        "decline",
        "santa-clara-2011",
    )


def test_local_regimes_do_not_overlap_in_one_place() -> None:
    local = catalogue.loaded().local
    for i, a in enumerate(local):
        for b in local[i + 1 :]:
            if set(a.jurisdiction_ids) & set(b.jurisdiction_ids):
                a_end, b_end = a.ends or date.max, b.ends or date.max
                assert a_end < b.starts or b_end < a.starts, (a.regime_id, b.regime_id)


def test_the_2012_veto_created_no_regime() -> None:  # ca-ab1081-2012
    california = data.load("regimes").query("jurisdiction_id == 'california'")
    assert (california["starts"] >= pd.Timestamp("2014-01-01")).all()
    assert "ca-ab1081-2012" in {s for ids in california["source_ids"] for s in ids}
