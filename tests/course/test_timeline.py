"""Phases switch on the exact day the documents changed the rules; events filter by date."""

from __future__ import annotations

import pandas as pd
import pytest

from scomm.course import timeline
from scomm.course.world import certain_by
from scomm.policy import flow as mechanics


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        ("2008-03-27", "before"),
        ("2008-03-28", "rollout"),
        ("2012-12-20", "rollout"),
        ("2012-12-21", "guidance-2012"),
        ("2014-11-19", "guidance-2012"),
        ("2014-11-20", "discontinued"),
        ("2015-06-30", "discontinued"),
        ("2015-07-01", "pep"),
        ("2017-01-24", "pep"),
        ("2017-01-25", "restored"),
    ],
)
def test_phase_boundaries_are_exact(day: str, phase: str) -> None:
    assert timeline.phase(day).name == phase


def test_every_phase_cites_sources_in_the_bibliography() -> None:
    from scomm.course import data

    known = set(data.load("sources")["source_id"])
    assert all(set(p.source_ids) <= known for p in timeline.PHASES)


def test_events_stop_at_as_of_and_are_in_order() -> None:
    shown = timeline.events(as_of="2010-12-31")
    assert shown["date"].max() <= pd.Timestamp("2010-12-31")
    assert shown["date"].is_monotonic_increasing
    assert len(shown) < len(timeline.events())


def test_internal_documents_count_only_once_public() -> None:
    everything = timeline.events()
    hidden = everything.dropna(subset=["became_public"])
    assert len(hidden), "the timeline should hold at least one document released later"
    first = hidden.iloc[0]
    happened = certain_by(hidden["date"], hidden["date_precision"]).iloc[0]
    just_after = happened + pd.Timedelta(days=1)
    if just_after < first["became_public"]:
        public = timeline.events(as_of=just_after, public_only=True)
        assert first["event_id"] not in set(public["event_id"])
        assert first["event_id"] in set(timeline.events(as_of=just_after)["event_id"])
    assert first["event_id"] in set(
        timeline.events(as_of=first["became_public"], public_only=True)["event_id"]
    )


def test_events_for_a_jurisdiction_are_only_that_jurisdiction() -> None:
    cook = timeline.for_jurisdiction("Cook County, IL")
    assert len(cook) and set(cook["jurisdiction_id"]) == {"cook-county-il"}
    assert timeline.for_jurisdiction("Cook County, IL", as_of="2008-01-01").empty


@pytest.mark.parametrize(
    ("day", "last_lane", "request_words"),
    [
        ("2007-06-01", "Local jail", None),
        ("2011-03-31", "ICE", "48 hours"),
        # The memo of 20 November 2014 asked for notification instead of a hold; its rules applied
        # from 5 January 2015 (data/regimes.csv), and until then the 2012 guidance's detainers did.
        ("2014-11-20", "ICE", "48 hours"),
        ("2015-01-04", "ICE", "48 hours"),
        ("2015-01-05", "ICE", "tell it before release"),
        ("2015-03-02", "ICE", "tell it before release"),
        ("2016-01-01", "ICE", "tell it before release"),
        ("2018-01-01", "ICE", "48 hours"),
    ],
)
def test_the_booking_flow_follows_the_rules_of_the_day(
    day: str, last_lane: str, request_words: str | None
) -> None:
    steps = mechanics.booking_flow(day)
    assert list(steps["step"]) == list(range(1, len(steps) + 1))
    assert steps.iloc[-1]["lane"] == last_lane
    text = " ".join(steps["action"])
    if request_words is None:
        assert "DHS" not in text
    else:
        assert request_words in text and "IDENT" in text
    assert all(ids for ids in steps["source_ids"])


def test_an_imprecise_date_counts_only_once_its_whole_period_has_passed() -> None:
    events = timeline.events()
    yearly = events[events["date_precision"] == "year"].iloc[0]
    day = yearly["date"]
    assert yearly["event_id"] not in set(timeline.events(as_of=day + pd.Timedelta(days=60))["event_id"])
    assert yearly["event_id"] in set(timeline.events(as_of=pd.Timestamp(day.year, 12, 31))["event_id"])
    monthly = events[events["date_precision"] == "month"].iloc[0]
    assert monthly["event_id"] not in set(
        timeline.events(as_of=monthly["date"] + pd.Timedelta(days=5))["event_id"]
    )
