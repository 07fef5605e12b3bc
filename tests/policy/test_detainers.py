"""The detainer rules engine: each regime's criteria, local limits and how they combine, hold
deadlines, refusals, the data behind the rules, and decide_many agreeing with decide. The boundary
days, each with its source, and the property over every day are in test_detainer_history.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from detainer_strategies import ANSWERABLE_PLACES, answerable, bookings, moments
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pandas.tseries.holiday import USFederalHolidayCalendar

from scomm.course import data, world
from scomm.course.citations import label
from scomm.policy import detainers
from scomm.policy.detainers import Booking, batch, catalogue, decide, decide_many, hold_deadline, model
from scomm.policy.detainers import rules as detainer_rules

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


# -- hold deadlines ---------------------------------------------------------------------------------


# 48 hours: 8 CFR 287.7(d) (cfr-287-7). 24 hours: the District's act and Santa Clara County's policy
# (dc-2012-detainer-act, sanjoseinside-2013-11-01). Neither counts weekends or holidays.
DEADLINES = [
    (48, "2013-06-07 15:00", "2013-06-11 15:00", "friday-afternoon-to-tuesday"),
    (48, "2013-06-03 09:00", "2013-06-05 09:00", "monday-to-wednesday"),
    (48, "2013-06-06 00:00", "2013-06-08 00:00", "thursday-midnight-ends-as-friday-ends"),
    (48, "2013-06-08 10:00", "2013-06-12 00:00", "saturday-clock-starts-monday"),
    (48, "2013-05-24 09:30", "2013-05-29 09:30", "friday-before-memorial-day-monday"),
    (48, "2013-05-27 10:00", "2013-05-30 00:00", "released-on-memorial-day"),
    (48, "2013-11-27 18:00", "2013-12-02 18:00", "across-thanksgiving-and-weekend"),
    (48, "2010-12-30 12:00", "2011-01-04 12:00", "new-year-observed-on-friday-dec-31"),
    (48, "2011-12-30 12:00", "2012-01-04 12:00", "new-year-observed-on-monday-jan-2"),
    (24, "2013-06-07 15:00", "2013-06-10 15:00", "24h-friday-afternoon-to-monday"),
    (24, "2013-06-03 09:00", "2013-06-04 09:00", "24h-monday-to-tuesday"),
    (24, "2013-06-08 10:00", "2013-06-11 00:00", "24h-saturday-clock-starts-monday"),
    (24, "2013-05-24 09:30", "2013-05-28 09:30", "24h-friday-before-memorial-day-monday"),
]


@pytest.mark.parametrize(
    ("hours", "release", "deadline"), [pytest.param(h, r, d, id=i) for h, r, d, i in DEADLINES]
)
def test_hold_deadline(hours: int, release: str, deadline: str) -> None:
    assert hold_deadline(datetime.fromisoformat(release), hours=hours) == datetime.fromisoformat(deadline)
    vectorised = batch._hold_deadlines(np.array([release], dtype="datetime64[ns]"), hours=hours)
    assert pd.Timestamp(vectorised[0]) == pd.Timestamp(deadline)


def test_the_district_and_santa_clara_carry_their_24_hour_limit() -> None:
    limits = {r.regime_id: r.hold_hours for r in catalogue.loaded().local}
    assert limits["dc-2012"] == limits["dc-2012-emergency"] == limits["santa-clara-2011"] == 24
    assert limits["connecticut-trust-2013"] == detainers.HOLD_HOURS == 48


def test_decision_hold_until_uses_release_time() -> None:
    booking = Booking(
        booked_on=date(2013, 6, 7),
        jurisdiction_id=NEUTRAL,
        felony_convictions=1,
        release_at=datetime(2013, 6, 7, 15),
    )
    assert decide(booking).hold_until == datetime(2013, 6, 11, 15)
    assert Booking(booked_on=date(2013, 6, 7), jurisdiction_id=NEUTRAL).release_at == datetime(2013, 6, 7, 12)


_HOLIDAYS = set(USFederalHolidayCalendar().holidays("2007-01-01", "2031-12-31").date)


def _counted(day: date) -> bool:
    return day.weekday() < 5 and day not in _HOLIDAYS


def _counted_time(start: datetime, end: datetime) -> timedelta:
    total, moment = timedelta(0), start
    while moment < end:
        midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time())
        if _counted(moment.date()):
            total += min(end, midnight) - moment
        moment = midnight
    return total


@given(moments)
def test_hold_deadline_counts_exactly_48_business_hours(release: datetime) -> None:
    deadline = hold_deadline(release)
    assert deadline - release >= timedelta(hours=48)
    assert _counted_time(release, deadline) == timedelta(hours=48)
    if deadline.time() == datetime.min.time():  # ends at a midnight: the day just ended must count
        assert _counted(deadline.date() - timedelta(days=1))
    else:  # ends part-way through a day: that day must count
        assert _counted(deadline.date())


@given(st.lists(moments, min_size=1, max_size=30), st.sampled_from([24, 48, 72]))
def test_vectorised_deadlines_match_hold_deadline(releases: list[datetime], hours: int) -> None:
    got = batch._hold_deadlines(np.array(releases, dtype="datetime64[ns]"), hours=hours)
    assert [pd.Timestamp(g).to_pydatetime() for g in got] == [hold_deadline(r, hours=hours) for r in releases]


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


def _frame(items: list[Booking]) -> pd.DataFrame:
    frame = pd.DataFrame([vars(b) for b in items])
    frame.insert(0, "booking_id", [f"b{i}" for i in range(len(items))])
    return frame


def _assert_same_as_decide(items: list[Booking], frame: pd.DataFrame) -> None:
    out = decide_many(frame)
    assert list(out["booking_id"]) == list(frame["booking_id"])
    for booking, row in zip(items, out.itertuples(), strict=True):
        one = decide(booking)
        local_rule = one.reasons[1].rule_id if len(one.reasons) > 1 else None
        expected = (
            one.federal.regime_id,
            one.local.regime_id if one.local else None,
            one.ice_request,
            one.jail_action,
            one.reasons[0].rule_id,
            local_rule,
            one.hold_until,
            one.form,
        )
        hold = None if pd.isna(row.hold_until) else row.hold_until.to_pydatetime()
        local_regime, local_rule, form = (
            None if pd.isna(v) else v for v in (row.local_regime, row.local_rule, row.form)
        )
        got = (
            row.federal_regime,
            local_regime,
            row.ice_request,
            row.jail_action,
            row.federal_rule,
            local_rule,
            hold,
            form,
        )
        assert got == expected, f"{booking}: {got} != {expected}"


# No deadline: 25 bookings through the frame path can take over 200 ms on a loaded 2-core machine.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(bookings(), min_size=1, max_size=25))
def test_decide_many_matches_decide(items: list[Booking]) -> None:
    items = [b for b in items if answerable(b.booked_on)]
    assume(items)
    _assert_same_as_decide(items, _frame(items))


def test_decide_many_matches_decide_on_a_seeded_random_sample() -> None:
    rng = np.random.default_rng(20141120)
    n = 600
    start = np.datetime64("2008-03-28")
    booked = start + rng.integers(0, 4670, n).astype("timedelta64[D]")  # to the end of 2020
    order = np.where(
        rng.random(n) < 0.3,
        start + rng.integers(-3000, 3000, n).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    frame = pd.DataFrame(
        {
            "booking_id": [f"s{i}" for i in range(n)],
            "booked_on": booked.astype("datetime64[ns]"),
            "jurisdiction_id": rng.choice(ANSWERABLE_PLACES, n),
            "removable": rng.random(n) < 0.9,
            "felony_convictions": rng.poisson(0.3, n),
            "aggravated_felony": rng.random(n) < 0.05,
            "significant_misdemeanors": rng.poisson(0.2, n),
            "other_misdemeanors": rng.poisson(0.8, n),
            "pending_felony_charge": rng.random(n) < 0.25,
            "significant_misdemeanor_charge": rng.random(n) < 0.1,
            "illegal_entry_conviction": rng.random(n) < 0.05,
            "immigration_fraud": rng.random(n) < 0.02,
            "entered_on": np.where(
                rng.random(n) < 0.3,
                np.datetime64("2012-01-01") + rng.integers(0, 3000, n).astype("timedelta64[D]"),
                np.datetime64("NaT"),
            ).astype("datetime64[ns]"),
            "prior_removal_order_on": order.astype("datetime64[ns]"),
            "reentered_after_removal": rng.random(n) < 0.1,
            "gang": rng.random(n) < 0.03,
            "national_security": rng.random(n) < 0.01,
        }
    )
    items = detainers.bookings_of(frame)
    _assert_same_as_decide(items, frame)


def test_decide_many_accepts_dates_strings_and_minimal_columns() -> None:
    frame = pd.DataFrame(
        {"booked_on": [date(2014, 6, 1), date(2014, 5, 30)], "jurisdiction_id": ["los-angeles-county-ca"] * 2}
    )
    frame["felony_convictions"] = 1
    frame.index = ["x", "y"]
    out = decide_many(frame)
    assert list(out.index) == ["x", "y"]
    assert list(out["jail_action"]) == ["decline", "hold"]
    assert list(out["local_regime"]) == ["los-angeles-county-2014", "california-trust-2014"]
    assert list(out["form"]) == ["I-247", "I-247"]
    assert out.loc["y", "hold_until"] == pd.Timestamp("2014-06-03 12:00")


# -- errors are for people ------------------------------------------------------------------------------


def test_decide_refuses_a_day_before_the_program() -> None:
    with pytest.raises(ValueError, match="Secure Communities had not started on 2008-02-29"):
        decide(Booking(booked_on=date(2008, 2, 29), jurisdiction_id=NEUTRAL))


def test_decide_refuses_a_day_past_the_knowledge_horizon() -> None:
    horizon = world.horizon().date()
    with pytest.raises(detainers.DetainerError, match=f"after the kit's knowledge horizon, {horizon}"):
        decide(Booking(booked_on=horizon + timedelta(days=1), jurisdiction_id=NEUTRAL))
    with pytest.raises(detainers.DetainerError, match="knowledge horizon"):
        detainers.federal_regime("2030-01-01")


@pytest.mark.parametrize("place", ["united-states"])
def test_decide_refuses_the_whole_country(place: str) -> None:
    with pytest.raises(
        detainers.DetainerError,
        match=r"cannot place a booking under 'united-states'.*whole country.*harris-county-tx",
    ):
        decide(Booking(booked_on=date(2016, 3, 1), jurisdiction_id=place))
    with pytest.raises(detainers.DetainerError, match=r"Row 'r1'.*cannot place"):
        decide_many(pd.DataFrame({"booked_on": ["2016-03-01"], "jurisdiction_id": [place]}, index=["r1"]))


def test_a_whole_state_is_refused_only_when_its_jails_differ() -> None:
    # Oregon: one county's own rule from the ruling (miranda-olivares-2014); none the day before.
    assert (
        decide(
            Booking(booked_on=date(2014, 4, 10), jurisdiction_id="oregon", felony_convictions=1)
        ).jail_action
        == "hold"
    )
    with pytest.raises(detainers.DetainerError, match=r"'oregon'.*Clackamas County, OR had its own rules"):
        decide(Booking(booked_on=date(2014, 4, 11), jurisdiction_id="oregon"))
    with pytest.raises(detainers.DetainerError, match=r"Row 1: .*'california'"):
        decide_many(
            pd.DataFrame({"booked_on": ["2010-01-04", "2015-03-02"], "jurisdiction_id": ["california"] * 2})
        )
    # Connecticut's act binds every jail in the state alike (ct-pa-13-155).
    assert (
        decide(Booking(booked_on=date(2016, 3, 1), jurisdiction_id="connecticut", gang=True)).jail_action
        == "notify"
    )


def test_decide_refuses_an_unknown_jurisdiction_and_suggests_one() -> None:
    with pytest.raises(ValueError, match=r"Unknown jurisdiction id 'cook-county'.*cook-county-il"):
        decide(Booking(booked_on=date(2012, 1, 1), jurisdiction_id="cook-county"))


def test_booking_rejects_bad_facts() -> None:
    with pytest.raises(ValueError, match="felony_convictions must be a whole number"):
        Booking(booked_on=date(2012, 1, 1), jurisdiction_id=NEUTRAL, felony_convictions=-1)
    with pytest.raises(ValueError, match="booked_on must be a date written YYYY-MM-DD"):
        Booking(booked_on="1 May 2012", jurisdiction_id=NEUTRAL)
    with pytest.raises(ValueError, match="release_at must be a date and time"):
        Booking(booked_on=date(2012, 1, 1), jurisdiction_id=NEUTRAL, release_at="noon")


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        pytest.param(pd.DataFrame({"booked_on": ["2012-01-01"]}), "missing: jurisdiction_id", id="missing-column"),
        pytest.param(pd.DataFrame({"booked_on": ["2007-01-01"], "jurisdiction_id": [NEUTRAL]}), "had not started", id="too-early"),
        pytest.param(pd.DataFrame({"booked_on": ["2016-01-01", "2026-01-01"], "jurisdiction_id": [NEUTRAL] * 2}), "Row 1: 2026-01-01 is after the kit's knowledge horizon", id="past-horizon"),
        pytest.param(pd.DataFrame({"booked_on": ["2016-01-01", "2021-01-25"], "jurisdiction_id": [NEUTRAL] * 2}), "Row 1: The kit cannot say what ICE asked jails for on 25 January 2021", id="unknown-day"),
        pytest.param(pd.DataFrame({"booked_on": ["2012-01-01"], "jurisdiction_id": ["atlantis"]}), "Unknown jurisdiction id 'atlantis'", id="unknown-place"),
        pytest.param(pd.DataFrame({"booked_on": [None], "jurisdiction_id": [NEUTRAL]}), "booked_on is blank", id="blank-date"),
        pytest.param(pd.DataFrame({"booked_on": ["someday"], "jurisdiction_id": [NEUTRAL]}), "must hold dates", id="bad-date"),
        pytest.param(pd.DataFrame({"booked_on": ["2012-01-01"], "jurisdiction_id": [NEUTRAL], "gang": [True], "other_misdemeanors": [-2]}), "whole number", id="negative-count"),
        pytest.param([{"booked_on": "2012-01-01"}], "needs a pandas DataFrame", id="not-a-frame"),
    ],
)  # fmt: skip
def test_decide_many_errors_name_the_problem(frame: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decide_many(frame)


def test_federal_regime_refuses_early_days_and_bad_dates() -> None:
    with pytest.raises(ValueError, match="had not started"):
        detainers.federal_regime("2008-02-29")
    with pytest.raises(ValueError, match="must be a date"):
        detainers.federal_regime("soon")


def test_a_missing_fallback_is_reported() -> None:
    partial = [r for r in catalogue.loaded().rules["pep"] if r.condition != "always"]
    with pytest.raises(ValueError, match="must end with an 'always' rule"):
        detainer_rules._first_match(
            partial,
            detainer_rules._facts_of(Booking(booked_on=date(2016, 1, 4), jurisdiction_id=NEUTRAL)),
            request=None,
        )
    with pytest.raises(ValueError, match="must end with an 'always' rule"):
        batch._apply_rules(
            partial,
            lambda c: np.array([False]),
            np.array([True]),
            None,
            np.array([""], dtype=object),
            np.array([""], dtype=object),
        )


# -- lookups and tables ---------------------------------------------------------------------------------


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


# -- the data behind the rules ----------------------------------------------------------------------------


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
