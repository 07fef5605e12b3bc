"""The history the data tell, pinned to the day and to the sources that say so (issue 13).

Each boundary is checked the day before and the day of, through ``scomm.course.world`` where the date
decides what a lesson may show. The comments name the source the date comes from.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from scomm.course import data
from scomm.course.world import World, horizon


def _row(table: str, row_id: str) -> pd.Series:
    frame = data.load(table)
    hit = frame[frame[data.primary_key(table)] == row_id]
    assert len(hit) == 1, f"{table}: {row_id} not found"
    return hit.iloc[0]


def _shown(table: str, row_id: str, day: str) -> bool:
    return row_id in set(World(day).table(table)[data.primary_key(table)])


def _blank(value: object) -> bool:
    return value is None or value == "" or bool(pd.isna(value))


def _day_before(day: str) -> str:
    return (pd.Timestamp(day) - pd.Timedelta(days=1)).date().isoformat()


# -- the knowledge horizon -------------------------------------------------------------------------


def test_the_package_states_its_horizon_and_why() -> None:
    package = data.descriptor()
    assert horizon() == pd.Timestamp("2025-01-20")  # EO 14148 and EO 14159 were signed that day
    reason = package["x-scomm-knowledge-horizon-description"]
    assert "14148" in reason and "not found" in reason


def test_nothing_becomes_public_after_the_horizon() -> None:
    world = World("2030-01-01")
    for name in data.tables():
        later = world.public_from(name) > horizon()
        assert not later.any(), f"{name} has rows public only after the horizon"


# -- history to the present: each boundary to the day, with its source ------------------------------

BOUNDARIES = [
    # event id, day, a source that gives the day
    ("ev-2008-03-program-launch", "2008-03-28", "ice-2008-03-28-release"),
    ("ev-2008-10-harris-county-pilot", "2008-10-27", "houston-chronicle-2008-10-29"),
    ("ev-2015-06-12-pep-forms", "2015-06-12", "nilc-2015-06-pep"),
    ("ev-2017-01-25-eo-13768", "2017-01-25", "eo-13768-2017"),
    ("ev-2017-02-20-kelly-memo", "2017-02-20", "kelly-2017-02-20-memo"),
    ("ev-2017-04-02-i-247a", "2017-04-02", "ice-2017-i-247a-guidance"),
    ("ev-2021-01-20-eo-13993", "2021-01-20", "eo-13993-2021"),
    ("ev-2021-01-20-pekoske-memo", "2021-01-20", "pekoske-2021-01-20-memo"),
    ("ev-2021-02-18-ice-interim-guidance", "2021-02-18", "ice-2021-02-18-interim-guidance"),
    ("ev-2021-09-30-mayorkas-guidelines", "2021-09-30", "mayorkas-2021-09-30-guidelines"),
    ("ev-2021-11-29-guidelines-in-effect", "2021-11-29", "mayorkas-2021-09-30-guidelines"),
    ("ev-2022-06-10-guidelines-vacated", "2022-06-10", "texas-v-us-2022-06-10"),
    ("ev-2023-06-23-us-v-texas", "2023-06-23", "us-v-texas-2023"),
    ("ev-2025-01-20-eo-14148", "2025-01-20", "eo-14148-2025"),
    ("ev-2025-01-20-eo-14159", "2025-01-20", "eo-14159-2025"),
    ("ev-2010-05-04-santa-clara-activated", "2010-05-04", "santa-clara-2010-resolution"),
    ("ev-2010-05-25-san-mateo-activated", "2010-05-25", "sanmateo-counsel-2010-06-02"),
    ("ev-2010-06-08-sf-activated", "2010-06-08", "sfappeal-2010-09"),
    ("ev-2012-06-05-dc-activated", "2012-06-05", "dcjwj-2012-06-05"),
    ("ev-2012-05-15-new-york-statewide", "2012-05-15", "wnyc-2012-05-14"),
    ("ev-2010-11-09-illinois-suspends", "2010-11-09", "deportationnation-2011-05"),
    ("ev-2011-05-04-illinois-terminates", "2011-05-04", "sfbg-2011-05-04"),
    ("ev-2011-new-york-withdrawal-attempt", "2011-06-01", "wnyc-2011-06-01"),
    ("ev-2011-06-03-massachusetts-declines-to-sign", "2011-06-03", "ma-eopss-2011-06-03-letter"),
    ("ev-2011-08-ice-agreements-void", "2011-08-05", "nilc-2011-08-05-morton-letter"),
    ("ev-2010-10-02-ice-legal-memo", "2010-10-02", "latimes-2012-01-08"),
]


@pytest.mark.parametrize(("event_id", "day", "source_id"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES])
def test_each_boundary_is_dated_to_the_day_and_shown_from_when_it_was_public(
    event_id: str, day: str, source_id: str
) -> None:
    event = _row("events", event_id)
    assert (event["date"], event["date_precision"]) == (pd.Timestamp(day), "day")
    assert source_id in event["source_ids"]
    own = event["became_public"] if pd.notna(event["became_public"]) else event["date"]
    # Not before a student could read a source of it: the first one published, if that came later.
    first = min(World(day).public_days("sources")[s] for s in event["source_ids"])
    public = max(own, first).date().isoformat()
    assert not _shown("events", event_id, _day_before(public))
    assert _shown("events", event_id, public)


@pytest.mark.parametrize(
    ("row_id", "written", "public"),
    [
        ("st-2010-10-02-ice-legal-memo", "2010-10-02", "2012-01-09"),  # LA Times 8 Jan, NDLON 9 Jan 2012
        ("st-2011-06-03-heffernan-letter", "2011-06-03", "2011-06-06"),  # released Monday 6 June (AP)
        ("st-2010-09-29-rocha-email", "2010-09-29", "2011-02-17"),  # FOIA excerpts, 17 Feb 2011
    ],
)
def test_documents_written_in_private_are_shown_from_the_day_they_became_public(
    row_id: str, written: str, public: str
) -> None:
    row = _row("statements", row_id)
    assert row["date"] == pd.Timestamp(written) and row["became_public"] == pd.Timestamp(public)
    assert not _shown("statements", row_id, _day_before(public))
    assert _shown("statements", row_id, public)


def test_the_internal_emails_become_public_with_the_february_2011_release() -> None:
    release = _row("events", "ev-2011-02-foia-release")["date"]
    emails = data.load("statements").query("venue == 'internal email'")
    assert len(emails) >= 4 and (emails["became_public"] == release).all()


# -- detainer forms over time ----------------------------------------------------------------------


def test_the_forms_run_back_to_back_and_the_2015_split_ends_on_2_april_2017() -> None:
    forms = data.load("detainer_forms").set_index("form_id")
    chain = ["i-247-early", "i-247-2011", "i-247-2012"]
    for earlier, later in itertools.pairwise(chain):
        assert forms.loc[earlier, "until"] + pd.Timedelta(days=1) == forms.loc[later, "from"]
    for split in ("i-247d", "i-247n", "i-247x"):  # ICE's I-247A guidance: not issued after 2 April 2017
        assert forms.loc[split, "until"] == pd.Timestamp("2017-04-01")
    assert forms.loc["i-247d", "from"] == forms.loc["i-247n", "from"] == pd.Timestamp("2015-06-12")
    assert forms.loc["i-247a", "from"] == pd.Timestamp("2017-04-02") and pd.isna(forms.loc["i-247a", "until"])
    assert "administrative warrant" in forms.loc["i-247a", "asks"]


def test_a_forms_end_is_withheld_until_it_comes() -> None:
    before = World("2017-04-01").table("detainer_forms").set_index("form_id")
    after = World("2017-04-02").table("detainer_forms").set_index("form_id")
    assert "i-247a" not in before.index and "i-247a" in after.index
    assert pd.isna(World("2017-03-31").table("detainer_forms").set_index("form_id").loc["i-247d", "until"])
    assert before.loc["i-247d", "until"] == pd.Timestamp("2017-04-01")
    assert _blank(
        World("2016-01-01").table("detainer_forms").set_index("form_id").loc["i-247d", "until_note"]
    )
    assert "2 April 2017" in after.loc["i-247d", "until_note"]


# -- lesson 2: Washington, DC, and outcomes learned later -------------------------------------------


def test_washington_dc_is_a_withdrawal_later_overridden() -> None:
    withdrawal = _row("actions", "act-2010-07-dc-withdrawal")
    assert withdrawal["outcome"] == "superseded" and withdrawal["outcome_known"] == pd.Timestamp("2012-06-05")
    assert withdrawal["conflict_id"] == "dc-withdrawal-meaning"
    activation = _row("actions", "act-2012-06-05-dc-activation")
    assert activation["action"] == "activation_over_objection"
    on_the_eve = World("2012-06-04").table("actions").set_index("action_id")
    assert pd.isna(on_the_eve.loc["act-2010-07-dc-withdrawal", "outcome"])
    assert _blank(on_the_eve.loc["act-2010-07-dc-withdrawal", "outcome_note"])
    that_day = World("2012-06-05").table("actions").set_index("action_id")
    assert that_day.loc["act-2010-07-dc-withdrawal", "outcome"] == "superseded"
    assert "5 June 2012" in that_day.loc["act-2010-07-dc-withdrawal", "outcome_note"]
    assert "withdraw" not in _row("jurisdictions", "district-of-columbia")["note"]


def test_every_outcome_is_known_no_earlier_than_the_action() -> None:
    actions = data.load("actions")
    assert (actions["outcome_known"] >= actions["date"]).all()
    for row in actions.itertuples():
        if row.outcome_known <= row.date:
            continue
        shown = World(row.date).table("actions").set_index("action_id")
        if row.action_id in shown.index:
            assert pd.isna(shown.loc[row.action_id, "outcome"]), row.action_id


@pytest.mark.parametrize(
    ("conflict_id", "values"),
    [
        ("ny-county-count", {24.0, 31.0, 35.0}),  # NY Daily News, WNYC, SF Bay Guardian, 1 June 2011
        ("states-with-agreements", {39.0, 42.0}),  # FierceGovIT and Washington Times; AILA and OIG
        ("trac-peak-month", {27916.0, 27755.0}),  # TRAC as quoted in 2015; TRAC report 458 (2017)
        ("trac-fy2012-total", {273982.0, 276181.0}),  # TRAC reports 325 and 511
    ],
)
def test_counts_the_sources_disagree_on_keep_every_side(conflict_id: str, values: set[float]) -> None:
    stats = data.load("statistics")
    assert set(stats.loc[stats["conflict_id"] == conflict_id, "value"]) == values


def test_the_missing_conflicts_are_recorded_with_their_sides() -> None:
    conflicts = data.load("conflicts").set_index("conflict_id")
    for conflict_id in (
        "agreement-parties",
        "dc-withdrawal-meaning",
        "santa-clara-activation",
        "lofgren-letter-date",
    ):
        assert len(conflicts.loc[conflict_id, "members"]) >= 2


# -- evidence, both sides, correctly labelled --------------------------------------------------------


def test_detainers_fell_from_the_2011_peak_to_pep_by_trac_s_counts() -> None:
    stats = data.load("statistics").set_index("stat_id")
    months = ["st-trac-peak-2011-03", "st-trac-2014-10", "st-trac-2015-04", "st-trac-2015-10"]
    values = [stats.loc[m, "value"] for m in months]
    assert values == sorted(values, reverse=True)
    assert stats.loc["st-trac-no-conviction-fy2012-2013", "value"] == 47.7  # TRAC report 330


def test_studies_are_labelled_with_the_program_they_measured() -> None:
    findings = data.load("findings").set_index("finding_id")
    assert findings.loc["f-gardner-kohli-2009-irving", "program"] == "cap"
    assert findings.loc["f-wang-kaushal-2018-self-rated-health", "program"] == "287g"
    assert "citizens" in findings.loc["f-alsan-yang-2018-safety-net", "summary"]
    assert findings.loc["f-treyger-2014-policing", "outcome"] == "policing"
    claims = data.load("claims").set_index("claim_id")
    assert "not Secure Communities" in claims.loc["cl-2009-09-16-irving-cap", "note"]
    assert {"agency", "supporters", "critics", "researchers"} <= set(claims["side"])
    profiling = claims[claims["question"] == "profiling"]
    assert {"agency", "critics"} <= set(profiling["side"])


def test_the_72445_figure_counts_convicted_removals() -> None:
    row = _row("statistics", "st-removals-2011-03")
    assert row["metric"] == "removals_convicted" and row["value"] == 72445
