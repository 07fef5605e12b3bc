"""The plans' advice on ``as_of``: what a page says a student sees on a day was public by then, and what it
says is not there yet was public only later."""

from __future__ import annotations

import plan_facts as pf
import pytest
from test_plan_facts import _row

# The plans' advice on `as_of`: what they say a student sees on a day (public by then) and what
# they say is not there yet (public later). Each entry names the words of the page it checks.
AS_OF_ADVICE = [
    (
        "lessons/01_program_mechanics.md",
        "2016-01-01",
        "shows the flow under the Priority Enforcement Program",
        ["regimes:pep"],
        [],
    ),
    (
        "lessons/01_program_mechanics.md",
        "2011-03-31",
        "leaves out every figure published later",
        ["statistics:st-jurisdictions-2011-03", "statistics:st-removals-2011-02"],
        [
            "sources:illinois-2011-letter",
            "sources:berkeley-2011",
            "sources:gao-12-708",
            "sources:treyger-2014",
            "sources:miles-cox-2014",
            "sources:wang-kaushal-2018",
            "sources:alsan-yang-2018",
            "sources:kubrin-2014",
        ],
    ),
    (
        "lessons/02_opt_out_dispute.md",
        "2010-09-15",
        "DC's police putting the program on hold",
        [
            "statements:st-2010-08-17-setting-record-straight",
            "statements:st-2010-09-07-napolitano-lofgren-letter",
            "actions:act-2010-05-25-san-mateo-activated",
            "actions:act-2010-06-08-sf-activated",
            "actions:act-2010-08-31-sf-third-request",
            "actions:act-2010-09-01-santa-clara-withdrawal-call",
            "actions:act-2010-07-dc-withdrawal",
        ],
        [
            "statements:st-2010-07-medevsky-no-opt-out",
            "actions:act-2010-05-04-santa-clara-activated",
            "statements:st-2010-10-01-wapo-unnamed-official",
            "statements:st-2010-10-napolitano-not-opt-in-opt-out",
        ],
    ),
    (
        "lessons/02_opt_out_dispute.md",
        "2010-09-30",
        "open on 30 September",
        ["statements:st-2010-07-medevsky-no-opt-out", "actions:act-2010-05-04-santa-clara-activated"],
        [],
    ),
    (
        "lessons/02_opt_out_dispute.md",
        "2010-10-15",
        "Adds the Post's unnamed senior official",
        [
            "statements:st-2010-10-01-wapo-unnamed-official",
            "statements:st-2010-10-napolitano-not-opt-in-opt-out",
        ],
        ["events:ev-2010-11-09-opt-outs-refused"],
    ),
    (
        "lessons/02_opt_out_dispute.md",
        "2011-03-01",
        "Adds the refusals of 9 November 2010",
        [
            "events:ev-2010-11-09-opt-outs-refused",
            "events:ev-2011-02-foia-release",
            "statements:st-2010-06-23-opt-out-language-email",
        ],
        ["actions:act-2010-11-09-illinois-suspension", "events:ev-2010-10-02-ice-legal-memo"],
    ),
    (
        "lessons/02_opt_out_dispute.md",
        "2011-10-19",
        "Adds Illinois' suspension",
        [
            "actions:act-2010-11-09-illinois-suspension",
            "actions:act-2011-new-york-withdrawal",
            "actions:act-2011-06-03-massachusetts-declines-to-sign",
            "actions:act-2011-08-ice-agreements-void",
            "statements:st-2011-08-18-illinois-letter",
            "actions:act-2011-09-07-cook-county-detainer-ordinance",
        ],
        ["events:ev-2010-10-02-ice-legal-memo", "events:ev-2012-03-27-oig-report"],
    ),
    (
        "lessons/02_opt_out_dispute.md",
        "2012-06-05",
        "Adds the October 2010 legal memo",
        [
            "events:ev-2010-10-02-ice-legal-memo",
            "events:ev-2012-03-27-oig-report",
            "actions:act-2012-06-05-dc-activation",
        ],
        [],
    ),
    (
        "lessons/03_detainer_law.md",
        "2011-06-01",
        "no local limit yet",
        ["events:ev-1997-06-27-printz-decision", "events:ev-1997-detainer-rule"],
        ["regimes:cook-county-2011"],
    ),
    (
        "lessons/03_detainer_law.md",
        "2013-06-01",
        "The FOIA emails are not public yet",
        [
            "regimes:cook-county-2011",
            "regimes:dc-2012",
            "events:ev-2012-09-30-trust-act-veto",
            "events:ev-2012-12-21-detainer-guidance",
        ],
        ["events:ev-2012-09-28-governor-staff-email"],
    ),
    (
        "lessons/03_detainer_law.md",
        "2014-03-15",
        "but not yet the Oregon ruling",
        ["events:ev-2014-03-04-galarza-decision"],
        ["events:ev-2014-04-11-miranda-olivares-ruling", "events:ev-2014-02-oregon-ruling-vox"],
    ),
    (
        "lessons/03_detainer_law.md",
        "2014-06-15",
        "Both rulings, the revised TRUST Act in force, the FOIA emails",
        [
            "events:ev-2014-03-04-galarza-decision",
            "events:ev-2014-04-11-miranda-olivares-ruling",
            "regimes:california-trust-2014",
            "events:ev-2012-09-28-governor-staff-email",
            "sources:vox-2014",
        ],
        [],
    ),
    (
        "lessons/03_detainer_law.md",
        "2014-04-15",
        "citing only what was public that day",
        ["events:ev-2014-04-11-miranda-olivares-ruling"],
        ["sources:vox-2014"],
    ),
    ("lessons/03_detainer_law.md", "2016-03-01", "PEP in force", ["regimes:pep"], []),
    (
        "lessons/04_pep_transition.md",
        "2014-12-01",
        "the comparison shows the rules in force before them",
        [
            "events:ev-2014-11-20-scomm-discontinued",
            "events:ev-2014-11-20-priorities-memo",
            "statistics:st-trac-monthly-2013-11-2014-03",
        ],
        ["regimes:priorities-2014", "regimes:pep"],
    ),
    (
        "lessons/04_pep_transition.md",
        "2016-09-01",
        "TRAC's count of which forms ICE used",
        [
            "regimes:pep",
            "detainer_forms:i-247d",
            "detainer_forms:i-247n",
            "statistics:st-trac-i247d-share-fy2016",
        ],
        ["regimes:eo-13768"],
    ),
    (
        "lessons/04_pep_transition.md",
        "2025-01-20",
        "Every reversal to the horizon",
        ["regimes:orders-2025"],
        [],
    ),
    (
        "lessons/closing_assessment.md",
        "2015-12-01",
        "has been running since the summer",
        ["regimes:pep", "sources:galarza-2014", "sources:miranda-olivares-2014", "sources:miles-cox-2014"],
        ["sources:eo-13768-2017", "sources:wang-kaushal-2018", "sources:alsan-yang-2018"],
    ),
    (
        "lessons/closing_assessment.md",
        "2012-09-25",
        "not the 2014 rulings",
        ["events:ev-2012-trust-act-passes"],
        [
            "events:ev-2012-09-30-trust-act-veto",
            "sources:galarza-2014",
            "sources:miranda-olivares-2014",
            "events:ev-2012-09-28-governor-staff-email",
            "sources:ice-2012-detainer-guidance",
            "sources:ca-ab4-2013",
        ],
    ),
    (
        "lessons/closing_assessment.md",
        "2017-02-15",
        "Secure Communities has just been restored",
        ["regimes:eo-13768"],
        ["sources:wang-kaushal-2018", "sources:alsan-yang-2018", "sources:kelly-2017-02-20-memo"],
    ),
]


@pytest.mark.parametrize(
    ("plan", "as_of", "words", "shown", "hidden"),
    AS_OF_ADVICE,
    ids=[f"{a[0][8:10]}-{a[1]}" for a in AS_OF_ADVICE],
)
def test_what_a_plan_says_is_shown_on_a_day_was_public_that_day(
    plan: str, as_of: str, words: str, shown: list[str], hidden: list[str]
) -> None:
    import pandas as pd

    assert words in "\n".join(line for _, line in pf.page_units(plan)), f"{plan} no longer says {words!r}"
    day = pd.Timestamp(as_of)
    early = [ref for ref in shown if _row(ref).public_from > day]
    late = [ref for ref in hidden if _row(ref).public_from <= day]
    assert not early, f"{plan} says a student sees these at {as_of}, but they were public later: {early}"
    assert not late, f"{plan} says these are not there yet at {as_of}, but they were public: {late}"
