"""The detainer rules engine: each regime's criteria, local limits and how they combine, and the
reasons it gives. Hold deadlines, decide_many, refusals and the data behind the rules are in
test_hold_deadline.py, test_detainer_many.py, test_detainer_refusals.py and test_detainer_data.py;
the boundary days, each with its source, and the property over every day in test_detainer_history.py."""

from __future__ import annotations

from datetime import date

import pytest
from detainer_strategies import answerable, bookings
from hypothesis import assume, given

from scomm.course import data
from scomm.policy import detainers
from scomm.policy.detainers import Booking, decide

NEUTRAL = "harris-county-tx"  # Texas: no local limit is recorded anywhere in the state

# -- engine cases: (id naming the rule checked, booking facts, expected answer) --------------------------
# Expected: federal regime, ICE request, jail action, federal rule, local rule (None when ICE asks nothing).
# The days on either side of each boundary are in test_detainer_history.py, each with its source.
CASES = [
    ("sp-any-removable", dict(booked_on="2010-05-05"), ("scomm-practice", "detainer", "hold", "sp-removable", "default-hold")),
    ("sp-not-removable", dict(booked_on="2010-05-05", removable=False), ("scomm-practice", "none", "nothing", "sp-not-removable", None)),
    # guidance-2012: each group as the guidance lists it (ice-2012-detainer-guidance)
    ("g12-no-group", dict(booked_on="2013-06-03"), ("guidance-2012", "none", "nothing", "g12-fallback", None)),
    ("g12-felony", dict(booked_on="2013-06-03", felony_convictions=1), ("guidance-2012", "detainer", "hold", "g12-felony", "default-hold")),
    ("g12-aggravated-felony", dict(booked_on="2013-06-03", aggravated_felony=True), ("guidance-2012", "detainer", "hold", "g12-aggravated-felony", "default-hold")),
    ("g12-pending-felony-charge", dict(booked_on="2013-06-03", pending_felony_charge=True), ("guidance-2012", "detainer", "hold", "g12-felony-charge", "default-hold")),
    ("g12-three-misdemeanors", dict(booked_on="2013-06-03", other_misdemeanors=3), ("guidance-2012", "detainer", "hold", "g12-three-misdemeanors", "default-hold")),
    ("g12-two-misdemeanors-not-enough", dict(booked_on="2013-06-03", other_misdemeanors=2), ("guidance-2012", "none", "nothing", "g12-fallback", None)),
    ("g12-significant-misdemeanor", dict(booked_on="2013-06-03", significant_misdemeanors=1), ("guidance-2012", "detainer", "hold", "g12-significant-misdemeanor", "default-hold")),
    ("g12-pending-significant-misdemeanor-charge", dict(booked_on="2013-06-03", significant_misdemeanor_charge=True), ("guidance-2012", "detainer", "hold", "g12-significant-charge", "default-hold")),
    ("g12-illegal-entry-1325", dict(booked_on="2013-06-03", illegal_entry_conviction=True), ("guidance-2012", "detainer", "hold", "g12-illegal-entry", "default-hold")),
    ("g12-outstanding-removal-order", dict(booked_on="2013-06-03", prior_removal_order_on="2009-05-01"), ("guidance-2012", "detainer", "hold", "g12-removal-order", "default-hold")),
    ("g12-executed-order-is-reentry", dict(booked_on="2013-06-03", prior_removal_order_on="2009-05-01", reentered_after_removal=True), ("guidance-2012", "detainer", "hold", "g12-reentry", "default-hold")),
    ("g12-reentry", dict(booked_on="2013-06-03", reentered_after_removal=True), ("guidance-2012", "detainer", "hold", "g12-reentry", "default-hold")),
    ("g12-immigration-fraud", dict(booked_on="2013-06-03", immigration_fraud=True), ("guidance-2012", "detainer", "hold", "g12-immigration-fraud", "default-hold")),
    ("g12-national-security", dict(booked_on="2013-06-03", national_security=True), ("guidance-2012", "detainer", "hold", "g12-national-security", "default-hold")),
    ("g12-gang", dict(booked_on="2013-06-03", gang=True), ("guidance-2012", "detainer", "hold", "g12-gang", "default-hold")),
    ("g12-not-removable", dict(booked_on="2013-06-03", removable=False, felony_convictions=3), ("guidance-2012", "none", "nothing", "g12-not-removable", None)),
    # priorities-2014 (from 2015-01-05)
    ("p14-felony-notification", dict(booked_on="2015-02-02", felony_convictions=1), ("priorities-2014", "notification", "notify", "p14-felony", "default-notify")),
    ("p14-special-felony-and-order", dict(booked_on="2015-02-02", felony_convictions=1, prior_removal_order_on="2010-01-01"), ("priorities-2014", "detainer", "hold", "p14-special", "default-hold")),
    ("p14-recent-arrival-not-sought-from-jails", dict(booked_on="2015-02-02", entered_on="2014-01-01"), ("priorities-2014", "none", "nothing", "p14-fallback", None)),
    ("p14-recent-order-not-sought-from-jails", dict(booked_on="2015-02-02", prior_removal_order_on="2014-01-01"), ("priorities-2014", "none", "nothing", "p14-fallback", None)),
    ("p14-not-removable", dict(booked_on="2015-02-02", removable=False, gang=True), ("priorities-2014", "none", "nothing", "p14-not-removable", None)),
    ("p14-national-security-is-special", dict(booked_on="2015-02-02", national_security=True), ("priorities-2014", "detainer", "hold", "p14-special", "default-hold")),
    ("p14-aggravated-felony", dict(booked_on="2015-02-02", aggravated_felony=True), ("priorities-2014", "notification", "notify", "p14-aggravated-felony", "default-notify")),
    ("p14-significant-misdemeanor", dict(booked_on="2015-02-02", significant_misdemeanors=1), ("priorities-2014", "notification", "notify", "p14-significant-misdemeanor", "default-notify")),
    ("p14-three-other-misdemeanors", dict(booked_on="2015-02-02", other_misdemeanors=3), ("priorities-2014", "notification", "notify", "p14-three-misdemeanors", "default-notify")),
    # The memo let ICE seek people from jails only for listed convictions: a gang flag is not one
    # (dhs-2014-scomm-memo); PEP's forms of June 2015 named gang participation too (form-i-247n).
    ("p14-gang-flag-alone", dict(booked_on="2015-06-30", gang=True), ("priorities-2014", "none", "nothing", "p14-gang", None)),
    ("p14-gang-flag-and-order-not-special", dict(booked_on="2015-02-02", gang=True, prior_removal_order_on="2010-01-01"), ("priorities-2014", "none", "nothing", "p14-gang", None)),
    ("p14-gang-flag-and-felony", dict(booked_on="2015-02-02", gang=True, felony_convictions=1), ("priorities-2014", "notification", "notify", "p14-felony", "default-notify")),
    # pep (from July 2015) and pep-transfer (from 2015-12-01)
    ("pep-gang", dict(booked_on="2015-08-03", gang=True), ("pep", "notification", "notify", "pep-gang", "default-notify")),
    ("pep-felony", dict(booked_on="2015-08-03", felony_convictions=1), ("pep", "notification", "notify", "pep-felony", "default-notify")),
    ("pep-aggravated-felony", dict(booked_on="2015-08-03", aggravated_felony=True), ("pep", "notification", "notify", "pep-aggravated-felony", "default-notify")),
    ("pep-three-misdemeanors", dict(booked_on="2015-08-03", other_misdemeanors=3), ("pep", "notification", "notify", "pep-three-misdemeanors", "default-notify")),
    ("pep-significant-misdemeanor", dict(booked_on="2015-08-03", significant_misdemeanors=1), ("pep", "notification", "notify", "pep-significant-misdemeanor", "default-notify")),
    ("pep-special-national-security", dict(booked_on="2015-08-03", national_security=True), ("pep", "detainer", "hold", "pep-special", "default-hold")),
    ("pep-not-removable", dict(booked_on="2015-08-03", removable=False), ("pep", "none", "nothing", "pep-not-removable", None)),
    ("pep-recent-arrival-before-i247x", dict(booked_on="2015-08-03", entered_on="2015-01-01"), ("pep", "none", "nothing", "pep-fallback", None)),
    ("pepx-recent-arrival-transfer", dict(booked_on="2016-03-01", entered_on="2015-01-01"), ("pep-transfer", "transfer", "transfer", "pepx-recent-arrival", "default-transfer")),
    ("pepx-recent-order-transfer", dict(booked_on="2016-03-01", prior_removal_order_on="2015-01-01"), ("pep-transfer", "transfer", "transfer", "pepx-recent-order", "default-transfer")),
    ("pepx-felony-charge-alone", dict(booked_on="2016-03-01", pending_felony_charge=True), ("pep-transfer", "none", "nothing", "pepx-fallback", None)),
    ("pepx-special-misdemeanor-and-order", dict(booked_on="2016-03-01", significant_misdemeanors=1, prior_removal_order_on="2012-01-01"), ("pep-transfer", "detainer", "hold", "pepx-special", "default-hold")),
    ("pepx-not-removable", dict(booked_on="2016-03-01", removable=False, national_security=True), ("pep-transfer", "none", "nothing", "pepx-not-removable", None)),
    ("pepx-gang", dict(booked_on="2016-03-01", gang=True), ("pep-transfer", "notification", "notify", "pepx-gang", "default-notify")),
    ("pepx-felony", dict(booked_on="2016-03-01", felony_convictions=1), ("pep-transfer", "notification", "notify", "pepx-felony", "default-notify")),
    ("pepx-aggravated-felony", dict(booked_on="2016-03-01", aggravated_felony=True), ("pep-transfer", "notification", "notify", "pepx-aggravated-felony", "default-notify")),
    ("pepx-three-misdemeanors", dict(booked_on="2016-03-01", other_misdemeanors=3), ("pep-transfer", "notification", "notify", "pepx-three-misdemeanors", "default-notify")),
    ("pepx-significant-misdemeanor", dict(booked_on="2016-03-01", significant_misdemeanors=1), ("pep-transfer", "notification", "notify", "pepx-significant-misdemeanor", "default-notify")),
    # eo-13768
    ("eo-any-removable", dict(booked_on="2018-02-01"), ("eo-13768", "detainer", "hold", "eo-removable", "default-hold")),
    ("eo-not-removable", dict(booked_on="2018-02-01", removable=False), ("eo-13768", "none", "nothing", "eo-not-removable", None)),
    # 2021 interim priorities (pekoske-2021-01-20-memo) and ICE's guidance (ice-2021-02-18-interim-guidance)
    ("i21-not-removable", dict(booked_on="2021-02-10", removable=False), ("interim-2021", "none", "nothing", "i21-not-removable", None)),
    ("i21-national-security", dict(booked_on="2021-02-10", national_security=True), ("interim-2021", "detainer", "hold", "i21-national-security", "default-hold")),
    ("i21-arrived-after-nov-2020", dict(booked_on="2021-02-10", entered_on="2020-11-01"), ("interim-2021", "detainer", "hold", "i21-recent-arrival", "default-hold")),
    ("i21-arrived-before-nov-2020", dict(booked_on="2021-02-10", entered_on="2020-10-31"), ("interim-2021", "none", "nothing", "i21-fallback", None)),
    ("i21-aggravated-felony", dict(booked_on="2021-02-10", aggravated_felony=True), ("interim-2021", "detainer", "hold", "i21-aggravated-felony", "default-hold")),
    ("i21-gang-not-yet-a-group", dict(booked_on="2021-02-10", gang=True), ("interim-2021", "none", "nothing", "i21-fallback", None)),
    ("ig21-not-removable", dict(booked_on="2021-05-03", removable=False), ("ice-interim-2021", "none", "nothing", "ig21-not-removable", None)),
    ("ig21-national-security", dict(booked_on="2021-05-03", national_security=True), ("ice-interim-2021", "detainer", "hold", "ig21-national-security", "default-hold")),
    ("ig21-recent-arrival", dict(booked_on="2021-05-03", entered_on="2021-01-05"), ("ice-interim-2021", "detainer", "hold", "ig21-recent-arrival", "default-hold")),
    ("ig21-aggravated-felony", dict(booked_on="2021-05-03", aggravated_felony=True), ("ice-interim-2021", "detainer", "hold", "ig21-aggravated-felony", "default-hold")),
    ("ig21-gang", dict(booked_on="2021-05-03", gang=True), ("ice-interim-2021", "detainer", "hold", "ig21-gang", "default-hold")),
    ("ig21-felony-alone-needs-approval", dict(booked_on="2021-05-03", felony_convictions=1), ("ice-interim-2021", "none", "nothing", "ig21-fallback", None)),
    # the 2021 Guidelines (mayorkas-2021-09-30-guidelines) and after the Supreme Court (us-v-texas-2023)
    ("gl21-not-removable", dict(booked_on="2022-03-01", removable=False), ("guidelines-2021", "none", "nothing", "gl21-not-removable", None)),
    ("gl21-national-security", dict(booked_on="2022-03-01", national_security=True), ("guidelines-2021", "detainer", "hold", "gl21-national-security", "default-hold")),
    ("gl21-recent-arrival", dict(booked_on="2022-03-01", entered_on="2021-06-01"), ("guidelines-2021", "detainer", "hold", "gl21-recent-arrival", "default-hold")),
    ("gl21-serious-record", dict(booked_on="2022-03-01", felony_convictions=1), ("guidelines-2021", "detainer", "hold", "gl21-serious-record", "default-hold")),
    ("gl21-removable-alone", dict(booked_on="2022-03-01", other_misdemeanors=2), ("guidelines-2021", "none", "nothing", "gl21-fallback", None)),
    ("gl23-not-removable", dict(booked_on="2024-03-01", removable=False), ("guidelines-2023", "none", "nothing", "gl23-not-removable", None)),
    ("gl23-national-security", dict(booked_on="2024-03-01", national_security=True), ("guidelines-2023", "detainer", "hold", "gl23-national-security", "default-hold")),
    ("gl23-recent-arrival", dict(booked_on="2024-03-01", entered_on="2023-01-01"), ("guidelines-2023", "detainer", "hold", "gl23-recent-arrival", "default-hold")),
    ("gl23-serious-record", dict(booked_on="2024-03-01", gang=True), ("guidelines-2023", "detainer", "hold", "gl23-serious-record", "default-hold")),
    ("gl23-removable-alone", dict(booked_on="2024-03-01"), ("guidelines-2023", "none", "nothing", "gl23-fallback", None)),
    # cook-county-2011 (cook-county-2011-ordinance): holds, notices and transfers declined
    ("cook-declines-detainer", dict(booked_on="2012-01-09", jurisdiction_id="cook-county-il"), ("scomm-practice", "detainer", "decline", "sp-removable", "cook-detainer")),
    ("cook-declines-notification", dict(booked_on="2016-03-01", jurisdiction_id="cook-county-il", felony_convictions=1), ("pep-transfer", "notification", "decline", "pepx-felony", "cook-notification")),
    ("cook-declines-transfer", dict(booked_on="2016-03-01", jurisdiction_id="cook-county-il", entered_on="2015-02-01"), ("pep-transfer", "transfer", "decline", "pepx-recent-arrival", "cook-transfer")),
    ("cook-declines-under-eo", dict(booked_on="2018-02-01", jurisdiction_id="cook-county-il"), ("eo-13768", "detainer", "decline", "eo-removable", "cook-detainer")),
    # santa-clara-2011 (sccgov-civil-detainer-report): stricter than the state's TRUST Act, so it wins
    ("santa-clara-declines-felony-the-state-would-hold", dict(booked_on="2014-03-03", jurisdiction_id="santa-clara-county-ca", felony_convictions=1), ("guidance-2012", "detainer", "decline", "g12-felony", "scc-detainer")),
    ("santa-clara-notification-left-to-the-state", dict(booked_on="2016-03-01", jurisdiction_id="santa-clara-county-ca", felony_convictions=1), ("pep-transfer", "notification", "notify", "pepx-felony", "ca-notification")),
    ("santa-clara-transfer-no-local-rule", dict(booked_on="2016-03-01", jurisdiction_id="santa-clara-county-ca", entered_on="2014-06-01"), ("pep-transfer", "transfer", "transfer", "pepx-recent-arrival", "default-transfer")),
    # california: the 2012 veto changes nothing; the TRUST Act from 2014-01-01 (ca-ab4-2013)
    ("ca-veto-2012-no-effect", dict(booked_on="2012-10-01", jurisdiction_id="san-mateo-county-ca"), ("scomm-practice", "detainer", "hold", "sp-removable", "default-hold")),
    ("ca-trust-declines-order", dict(booked_on="2014-01-02", jurisdiction_id="san-mateo-county-ca", prior_removal_order_on="2010-01-01"), ("guidance-2012", "detainer", "decline", "g12-removal-order", "ca-detainer")),
    ("ca-trust-felony-holds", dict(booked_on="2014-01-02", jurisdiction_id="san-mateo-county-ca", felony_convictions=1), ("guidance-2012", "detainer", "hold", "g12-felony", "ca-felony")),
    ("ca-trust-aggravated-felony-holds", dict(booked_on="2014-01-02", jurisdiction_id="san-mateo-county-ca", aggravated_felony=True), ("guidance-2012", "detainer", "hold", "g12-aggravated-felony", "ca-aggravated-felony")),
    ("ca-trust-felony-charge-holds", dict(booked_on="2014-03-03", jurisdiction_id="san-mateo-county-ca", pending_felony_charge=True), ("guidance-2012", "detainer", "hold", "g12-felony-charge", "ca-felony-charge")),
    ("ca-trust-notification-answered", dict(booked_on="2016-03-01", jurisdiction_id="los-angeles-ca", felony_convictions=1), ("pep-transfer", "notification", "notify", "pepx-felony", "ca-notification")),
    ("ca-values-declines-every-hold", dict(booked_on="2018-02-01", jurisdiction_id="san-mateo-county-ca", felony_convictions=2), ("eo-13768", "detainer", "decline", "eo-removable", "cv-detainer")),
    # the spring-2014 county policies (sf-sheriff-2014-05-29, kpbs-2014-05-29, cbsla-2014-06-socal-detainers)
    ("san-francisco-declines", dict(booked_on="2015-02-02", jurisdiction_id="san-francisco-ca", national_security=True), ("priorities-2014", "detainer", "decline", "p14-special", "sf-detainer")),
    ("san-francisco-notification-left-to-the-state", dict(booked_on="2016-03-01", jurisdiction_id="san-francisco-ca", gang=True), ("pep-transfer", "notification", "notify", "pepx-gang", "ca-notification")),
    ("san-diego-declines", dict(booked_on="2014-07-01", jurisdiction_id="san-diego-county-ca", felony_convictions=1), ("guidance-2012", "detainer", "decline", "g12-felony", "sd-detainer")),
    ("san-diego-notifies-by-its-own-rule", dict(booked_on="2016-03-01", jurisdiction_id="san-diego-county-ca", felony_convictions=1), ("pep-transfer", "notification", "notify", "pepx-felony", "sd-notification")),
    ("la-county-declines", dict(booked_on="2014-07-01", jurisdiction_id="los-angeles-county-ca", felony_convictions=1), ("guidance-2012", "detainer", "decline", "g12-felony", "la-detainer")),
    ("la-city-gets-state-rule-not-county", dict(booked_on="2014-08-01", jurisdiction_id="los-angeles-ca", felony_convictions=1), ("guidance-2012", "detainer", "hold", "g12-felony", "ca-felony")),
    # connecticut 2014 (ct-pa-13-155) and 2019 (ct-pa-19-20)
    ("ct-reentry-declined", dict(booked_on="2014-05-05", jurisdiction_id="connecticut", reentered_after_removal=True), ("guidance-2012", "detainer", "decline", "g12-reentry", "ct-detainer")),
    ("ct-removal-order-holds", dict(booked_on="2014-05-05", jurisdiction_id="connecticut", prior_removal_order_on="2011-01-01"), ("guidance-2012", "detainer", "hold", "g12-removal-order", "ct-removal-order")),
    ("ct-gang-holds", dict(booked_on="2014-05-05", jurisdiction_id="connecticut", gang=True), ("guidance-2012", "detainer", "hold", "g12-gang", "ct-gang")),
    ("ct-national-security-holds", dict(booked_on="2014-05-05", jurisdiction_id="connecticut", national_security=True), ("guidance-2012", "detainer", "hold", "g12-national-security", "ct-national-security")),
    ("ct-notification-answered", dict(booked_on="2016-03-01", jurisdiction_id="connecticut", other_misdemeanors=4), ("pep-transfer", "notification", "notify", "pepx-three-misdemeanors", "ct-notification")),
    ("ct-felony-holds-under-eo", dict(booked_on="2018-02-01", jurisdiction_id="connecticut", felony_convictions=1), ("eo-13768", "detainer", "hold", "eo-removable", "ct-felony")),
    ("ct19-felony-no-longer-enough", dict(booked_on="2019-10-01", jurisdiction_id="connecticut", felony_convictions=1), ("eo-13768", "detainer", "decline", "eo-removable", "ct19-detainer")),
    ("ct19-serious-felony-holds", dict(booked_on="2019-10-01", jurisdiction_id="connecticut", aggravated_felony=True), ("eo-13768", "detainer", "hold", "eo-removable", "ct19-serious-felony")),
    ("ct19-terrorist-database-holds", dict(booked_on="2020-06-01", jurisdiction_id="connecticut", national_security=True), ("eo-13768", "detainer", "hold", "eo-removable", "ct19-national-security")),
    # oregon-counties-2014 (miranda-olivares-2014)
    ("clackamas-declines", dict(booked_on="2014-05-01", jurisdiction_id="clackamas-county-or", felony_convictions=1), ("guidance-2012", "detainer", "decline", "g12-felony", "or-detainer")),
    ("clackamas-notification-answered", dict(booked_on="2016-03-01", jurisdiction_id="clackamas-county-or", gang=True), ("pep-transfer", "notification", "notify", "pepx-gang", "or-notification")),
    # district of columbia 2012 (dc-2012-detainer-act): no reimbursement agreement, so no hold
    ("dc-emergency-declines", dict(booked_on="2012-07-02", jurisdiction_id="district-of-columbia", felony_convictions=1), ("scomm-practice", "detainer", "decline", "sp-removable", "dce-detainer")),
    ("dc-review-declines", dict(booked_on="2012-10-01", jurisdiction_id="district-of-columbia", felony_convictions=1), ("scomm-practice", "detainer", "decline", "sp-removable", "dcr-detainer")),
    ("dc-law-declines-even-a-felony", dict(booked_on="2013-06-03", jurisdiction_id="district-of-columbia", felony_convictions=1), ("guidance-2012", "detainer", "decline", "g12-felony", "dc-detainer")),
    ("dc-notification-gets-default", dict(booked_on="2016-03-01", jurisdiction_id="district-of-columbia", gang=True), ("pep-transfer", "notification", "notify", "pepx-gang", "default-notify")),
    # illinois-trust-2017 (il-pa-100-0463): Chicago's bookings follow the state law
    ("illinois-trust-declines-in-chicago", dict(booked_on="2018-02-01", jurisdiction_id="chicago-il"), ("eo-13768", "detainer", "decline", "eo-removable", "il-detainer")),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "expected"), [pytest.param(f, e, id=i) for i, f, e in CASES])
def test_engine_case(facts: dict, expected: tuple) -> None:
    decision = decide(Booking(**{"jurisdiction_id": NEUTRAL, **facts}))
    federal, request, action, federal_rule, local_rule = expected
    reasons = [r.rule_id for r in decision.reasons]
    assert (decision.federal.regime_id, decision.ice_request, decision.jail_action) == (
        federal,
        request,
        action,
    )
    assert reasons == [federal_rule] + ([local_rule] if local_rule else [])
    assert (decision.hold_until is not None) == (action == "hold")
    if request != "none":
        form = detainers.form_for(request, decision.booking.booked_on)
        assert decision.form == (form.form if form else None)


def test_enough_engine_cases_and_unique_ids() -> None:
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


def test_every_rule_is_exercised_by_some_case() -> None:
    used = {case[2][3] for case in CASES} | {case[2][4] for case in CASES}
    rules = set(data.load("regime_rules")["rule_id"])
    unreachable = {"sp-fallback", "eo-fallback"}  # after not_removable/any_removable
    refusals = set(
        data.load("regime_rules").query("outcome == 'unknown'")["rule_id"]
    )  # see the history tests
    unused = rules - used - unreachable - refusals
    assert not unused, f"no engine case reaches {sorted(unused)}"


# -- properties over random bookings ----------------------------------------------------------------


def _meets_2012_criterion(b: Booking) -> bool:
    return (
        b.felony_convictions > 0
        or b.aggravated_felony
        or b.pending_felony_charge
        or b.significant_misdemeanors + b.other_misdemeanors >= 3
        or b.significant_misdemeanors > 0
        or b.significant_misdemeanor_charge
        or b.illegal_entry_conviction
        or b.prior_removal_order_on is not None
        or b.reentered_after_removal
        or b.immigration_fraud
        or b.gang
        or b.national_security
    )


def _pep_special(b: Booking) -> bool:
    priority = (
        b.felony_convictions > 0
        or b.aggravated_felony
        or b.gang
        or b.national_security
        or b.significant_misdemeanors > 0
        or b.significant_misdemeanors + b.other_misdemeanors >= 3
    )
    return b.national_security or (priority and b.prior_removal_order_on is not None)


@given(bookings(date(2012, 12, 21), date(2015, 1, 4)))
def test_guidance_2012_never_detains_without_a_criterion(booking: Booking) -> None:
    decision = decide(booking)
    assert decision.federal.regime_id == "guidance-2012"
    if decision.ice_request == "detainer":
        assert booking.removable and _meets_2012_criterion(booking)
    if booking.removable and not _meets_2012_criterion(booking):
        assert decision.ice_request == "none"


@given(bookings(date(2015, 7, 1), date(2017, 1, 24)))
def test_pep_holds_only_in_special_circumstances(booking: Booking) -> None:
    decision = decide(booking)
    assert decision.federal.regime_id in {"pep", "pep-transfer"}
    if decision.jail_action == "hold":
        assert decision.ice_request == "detainer" and _pep_special(booking)
    if decision.ice_request == "notification":
        assert decision.jail_action in {"notify", "decline"} and decision.form == "I-247N"
    if decision.ice_request == "transfer":
        assert decision.federal.regime_id == "pep-transfer" and decision.form == "I-247X"
        assert decision.jail_action in {"transfer", "decline"}


@given(bookings())
def test_every_reason_cites_sources_in_the_bibliography(booking: Booking) -> None:
    known = set(data.load("sources")["source_id"])
    assume(answerable(booking.booked_on))
    decision = decide(booking)
    assert decision.reasons and all(r.source_ids for r in decision.reasons)
    assert {s for r in decision.reasons for s in r.source_ids} <= known
    assert decision.ice_request in detainers.REQUESTS and decision.jail_action in detainers.JAIL_ACTIONS
    assert (decision.jail_action == "nothing") == (decision.ice_request == "none")
    text = decision.explain()
    assert decision.federal.name in text and all(r.text in text for r in decision.reasons)
    assert not any(r.rule_id in text for r in decision.reasons), "a reader gets the rule's words, not its id"
