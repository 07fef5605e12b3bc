"""The detainer engine over time: every boundary day, each pinned to the day before and the day of
and cited to its source; every day from 2008 to the knowledge horizon answered by exactly one
regime or clearly refused; ICE's forms by day; and regime texts that say nothing of later days."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd
import pytest
from detainer_strategies import HORIZON, NEUTRAL, answerable, bookings, every_day
from hypothesis import given
from hypothesis import strategies as st

from scomm.course import data
from scomm.course.world import World
from scomm.policy import detainers
from scomm.policy.detainers import Booking, DetainerError, catalogue, decide


def _day(text: str) -> date:
    return date.fromisoformat(text)


# -- federal boundaries: (source id, day of change, regime the day before, regime that day) ---------------
# A regime of None is a refusal: before the program, or a day the kit's sources give no rule for.
FEDERAL = [
    ("ice-2008-03-28-release", "2008-03-28", None, "scomm-practice"),
    ("ice-2012-detainer-guidance", "2012-12-21", "scomm-practice", "guidance-2012"),
    ("myattorneyusa-2014-priorities", "2015-01-05", "guidance-2012", "priorities-2014"),  # memo of 2014-11-20
    ("ice-scomm-page-2015", "2015-07-01", "priorities-2014", "pep"),  # month precision (conflict pep-start)
    ("washtimes-2015-12-01", "2015-12-01", "pep", "pep-transfer"),
    ("eo-13768-2017", "2017-01-25", "pep-transfer", "eo-13768"),
    ("eo-13993-2021", "2021-01-20", "eo-13768", "review-2021"),
    ("pekoske-2021-01-20-memo", "2021-02-01", "review-2021", "interim-2021"),
    ("ice-2021-02-18-interim-guidance", "2021-02-18", "interim-2021", "ice-interim-2021"),
    ("texas-v-us-2021-pi", "2021-08-19", "ice-interim-2021", "enjoined-2021"),
    ("texas-v-us-2021-pi", "2021-09-15", "enjoined-2021", "stayed-2021"),  # the Fifth Circuit's partial stay
    ("mayorkas-2021-09-30-guidelines", "2021-11-29", "stayed-2021", "guidelines-2021"),
    ("texas-v-us-2022-06-10", "2022-06-24", "guidelines-2021", "vacated-2022"),  # vacatur stayed to 24 June
    ("us-v-texas-2023", "2023-06-23", "vacated-2022", "guidelines-2023"),
    ("eo-14148-2025", "2025-01-20", "guidelines-2023", "orders-2025"),
]


@pytest.mark.parametrize(
    ("day", "before", "after"), [pytest.param(d, b, a, id=f"{s}-{d}") for s, d, b, a in FEDERAL]
)
def test_federal_boundary_to_the_day(day: str, before: str | None, after: str) -> None:
    change = _day(day)
    if before is None:
        with pytest.raises(DetainerError, match="had not started"):
            detainers.federal_regime(change - timedelta(days=1))
    else:
        assert detainers.federal_regime(change - timedelta(days=1)).regime_id == before
    assert detainers.federal_regime(change).regime_id == after


@pytest.mark.parametrize(("source", "day", "before", "after"), FEDERAL)
def test_each_federal_boundary_is_the_regimes_own_start_and_cites_its_source(
    source: str, day: str, before: str | None, after: str
) -> None:
    regimes = data.load("regimes").set_index("regime_id")
    assert regimes.loc[after, "starts"] == pd.Timestamp(day)
    assert source in regimes.loc[after, "source_ids"] or source in {
        s for ids in data.load("regime_rules").query("regime_id == @after")["source_ids"] for s in ids
    }


@pytest.mark.parametrize(
    ("day", "message"),
    [
        pytest.param(
            "2021-01-20", "20 January 2021", id="eo-13993-2021-revocation-before-interim-priorities"
        ),
        pytest.param(
            "2021-01-31", "31 January 2021", id="pekoske-2021-01-20-memo-last-day-before-priorities"
        ),
        pytest.param("2021-08-19", "enjoined", id="texas-v-us-2021-pi"),
        pytest.param("2021-11-28", "partly stayed", id="texas-v-us-2021-pi-partial-stay"),
        pytest.param("2022-06-24", "set aside", id="texas-v-us-2022-06-10"),
        pytest.param("2023-06-22", "set aside", id="texas-v-us-2022-06-10-last-day"),
        pytest.param("2025-01-20", "New orders", id="eo-14159-2025"),
    ],
)
def test_days_without_a_known_rule_are_refused_in_one_sentence(day: str, message: str) -> None:
    with pytest.raises(DetainerError, match="The kit cannot say what ICE asked jails for on") as refused:
        decide(Booking(booked_on=day, jurisdiction_id=NEUTRAL, felony_convictions=1))
    assert message in str(refused.value) and "Choose another booking date" in str(refused.value)


def test_the_day_after_the_horizon_is_refused_not_answered() -> None:
    # x-scomm-knowledge-horizon in data/datapackage.json (the day of eo-14148-2025).
    assert date(2025, 1, 20) == HORIZON
    with pytest.raises(DetainerError, match="after the kit's knowledge horizon"):
        decide(Booking(booked_on=HORIZON + timedelta(days=1), jurisdiction_id=NEUTRAL))
    assert answerable(HORIZON - timedelta(days=1))


# -- local boundaries: (source id, place, record, day of change, local rule the day before, that day) ------
LOCAL = [
    ("cook-county-2011-ordinance", "cook-county-il", {}, "2011-09-07", "default-hold", "cook-detainer"),
    ("sccgov-civil-detainer-report", "santa-clara-county-ca", {}, "2011-10-18", "default-hold", "scc-detainer"),
    ("dcjwj-ndlon-2012-06-05", "district-of-columbia", {}, "2012-06-05", "default-hold", "dce-detainer"),
    ("dc-2012-detainer-act", "district-of-columbia", {}, "2012-09-13", "dce-detainer", "dcr-detainer"),
    ("dc-2012-detainer-act", "district-of-columbia", {}, "2012-12-11", "dcr-detainer", "dc-detainer"),
    ("ct-pa-13-155", "connecticut", {"reentered_after_removal": True}, "2014-01-01", "default-hold", "ct-detainer"),
    ("ca-ab4-2013", "san-mateo-county-ca", {"prior_removal_order_on": "2010-01-01"}, "2014-01-01", "default-hold", "ca-detainer"),
    ("miranda-olivares-2014", "clackamas-county-or", {"felony_convictions": 1}, "2014-04-11", "default-hold", "or-detainer"),
    ("sf-sheriff-2014-05-29", "san-francisco-ca", {"felony_convictions": 1}, "2014-05-29", "ca-felony", "sf-detainer"),
    ("kpbs-2014-05-29", "san-diego-county-ca", {"felony_convictions": 1}, "2014-05-29", "ca-felony", "sd-detainer"),
    ("cbsla-2014-06-socal-detainers", "los-angeles-county-ca", {"felony_convictions": 1}, "2014-06-01", "ca-felony", "la-detainer"),
    ("il-pa-100-0463", "chicago-il", {}, "2017-08-28", "default-hold", "il-detainer"),
    ("ca-sb54-2017-status", "san-mateo-county-ca", {"felony_convictions": 1}, "2018-01-01", "ca-felony", "cv-detainer"),
    ("ct-pa-19-20", "connecticut", {"felony_convictions": 1}, "2019-10-01", "ct-felony", "ct19-detainer"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("place", "record", "day", "before", "after"),
    [pytest.param(p, r, d, b, a, id=f"{s}-{d}") for s, p, r, d, b, a in LOCAL],
)
def test_local_boundary_to_the_day(place: str, record: dict, day: str, before: str, after: str) -> None:
    change = _day(day)
    rule = {}
    for when in (change - timedelta(days=1), change):
        decision = decide(Booking(booked_on=when, jurisdiction_id=place, **record))
        assert decision.ice_request == "detainer", "each case draws a detainer on both days"
        rule[when] = decision.reasons[1].rule_id
    assert (rule[change - timedelta(days=1)], rule[change]) == (before, after)


@pytest.mark.parametrize(("source", "place", "record", "day", "before", "after"), LOCAL)
def test_each_local_boundary_cites_its_source(
    source: str, place: str, record: dict, day: str, before: str, after: str
) -> None:
    rules = data.load("regime_rules").set_index("rule_id")
    regime = data.load("regimes").set_index("regime_id").loc[rules.loc[after, "regime_id"]]
    assert source in regime["source_ids"] or source in rules.loc[after, "source_ids"]


# -- forms ---------------------------------------------------------------------------------------------------
FORMS = [
    ("ice-2011-12-29-detainer-form", "detainer", "2011-12-29", "I-247", "I-247"),
    ("nilc-2015-06-pep", "detainer", "2015-06-12", "I-247", "I-247D"),
    ("nilc-2015-06-pep", "notification", "2015-06-12", None, "I-247N"),
    ("washtimes-2015-12-01", "transfer", "2015-12-01", None, "I-247X"),
    ("ice-2017-i-247a-guidance", "detainer", "2017-04-02", "I-247D", "I-247A"),
    ("ice-2017-i-247a-guidance", "notification", "2017-04-02", "I-247N", None),
]


@pytest.mark.parametrize(
    ("request_", "day", "before", "after"),
    [pytest.param(r, d, b, a, id=f"{s}-{r}-{d}") for s, r, d, b, a in FORMS],
)
def test_forms_change_to_the_day(request_: str, day: str, before: str | None, after: str | None) -> None:
    change = _day(day)
    got = [detainers.form_for(request_, d) for d in (change - timedelta(days=1), change)]
    assert [g.form if g else None for g in got] == [before, after]


def test_a_detainer_under_eo_13768_names_the_form_of_its_day() -> None:
    asked = [decide(Booking(booked_on=d, jurisdiction_id=NEUTRAL)) for d in ("2017-04-01", "2017-04-02")]
    assert [a.form for a in asked] == ["I-247D", "I-247A"]


# -- every day: one regime in force, or a refusal -------------------------------------------------------------


def test_every_day_from_2008_to_the_horizon_has_exactly_one_federal_regime() -> None:
    federal = catalogue.loaded().federal
    for day in every_day(detainers.PROGRAM_START, HORIZON):
        assert sum(r.in_force(day) for r in federal) == 1, day


@given(st.dates(min_value=date(2008, 1, 1), max_value=HORIZON + timedelta(days=400)), bookings())
def test_every_day_gets_one_regimes_answer_or_a_clear_refusal(day: date, template: Booking) -> None:
    booking = Booking(**{**vars(template), "booked_on": day, "release_at": None})
    try:
        decision = decide(booking)
    except DetainerError as exc:
        message = str(exc)
        assert not answerable(day), f"{day} has a rule but was refused: {message}"
        assert message.endswith(".") and len(message) < 700
        assert str(day) in message or f"{day.day} {day:%B %Y}" in message
        return
    assert answerable(day)
    in_force = [r for r in catalogue.loaded().federal if r.in_force(day)]
    assert in_force == [decision.federal]
    assert decision.local is None or decision.local.in_force(day)


# -- the December 2012 guidance, exactly as it lists its groups ----------------------------------------------


def test_the_2012_guidance_has_the_groups_the_guidance_lists_and_no_other() -> None:
    # ice-2012-detainer-guidance: an OUTSTANDING order; pending charges for the listed misdemeanours;
    # illegal entry (8 U.S.C. 1325); immigration fraud; no human-trafficking group.
    rules = data.load("regime_rules").query("regime_id == 'guidance-2012'")
    conditions = set(rules["condition"])
    assert {
        "outstanding_removal_order",
        "significant_misdemeanor_charge",
        "illegal_entry_conviction",
        "immigration_fraud",
    } <= conditions
    assert "prior_removal_order" not in conditions
    regime = data.load("regimes").set_index("regime_id").loc["guidance-2012"]
    text = " ".join([regime["summary"], regime["simplifications"], *rules["explanation"]]).lower()
    assert "trafficking" not in text.replace("drug trafficking", "")
    assert "outstanding order of removal" in text and "1325" in text


# -- regime texts say nothing of later days ----------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATED = re.compile(rf"\b(?:(\d{{1,2}}) )?(?:({_MONTHS}) )?((?:19|20)\d\d)\b")


#: Later days a regime's text may name because they were announced on its first day (the memo of
#: 20 January 2021 set its priorities to take effect on 1 February: pekoske-2021-01-20-memo).
ANNOUNCED = {("review-2021", pd.Timestamp("2021-02-01"))}


def _latest_day(text: str) -> pd.Timestamp | None:
    """The latest day a text mentions: a full date, else the first day of a month or year it names
    (naming the year a regime began tells nothing later)."""
    latest = None
    for day, month, year in _DATED.findall(text):
        when = pd.Timestamp(f"{day or 1} {month or 'January'} {year}")
        latest = when if latest is None or when > latest else latest
    return latest


def test_regime_texts_mention_nothing_after_the_day_they_are_shown() -> None:
    regimes = data.load("regimes")
    public = World(HORIZON).public_from("regimes")  # its start, or later where it became public later
    rules = data.load("regime_rules")
    late = []
    for row, shown in zip(regimes.itertuples(), public, strict=True):
        texts = [row.name, row.summary, row.simplifications, row.note or ""]
        texts += list(rules.loc[rules["regime_id"] == row.regime_id, "explanation"])
        for text in texts:
            latest = _latest_day(text)
            if latest is not None and latest > shown and (row.regime_id, latest) not in ANNOUNCED:
                late.append(f"{row.regime_id}: {latest.date()} > {shown.date()}")
    assert late == [], "\n".join(late)


def test_the_world_shows_a_regime_only_from_its_start_and_its_end_only_once_ended() -> None:
    before = World("2014-12-31").table("regimes").set_index("regime_id")
    assert "priorities-2014" not in before.index and pd.isna(before.loc["guidance-2012", "ends"])
    after = World("2015-01-05").table("regimes").set_index("regime_id")
    assert "priorities-2014" in after.index and after.loc["guidance-2012", "ends"] == pd.Timestamp(
        "2015-01-04"
    )
