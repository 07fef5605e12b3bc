"""The lesson plans, the closing assessment, the course overview and the rubrics tell the data's history.

Every date and figure these pages state about the history must match a row of ``data/``
(``plan_facts`` says how a mention is matched); ``lessons/AUDIT.md`` records the reading behind it.
Three short lists, each entry reviewed, cover what matching cannot: dates that are not claims
about the history (class days, ``as_of`` examples, the days the leak test runs), historical
mentions tied by hand to the row that holds them, and figures a plan computes from rows. The
plans' advice to set ``as_of`` to a day and discuss something is checked against the day each row
became public.
"""

from __future__ import annotations

import dataclasses

import plan_facts as pf
import pytest

from scomm.course import data

# (page, text) -> why the date or number states nothing about the history.
NOT_HISTORY = {
    ("lessons/01_program_mechanics.md", "31 March 2011"): "the default as_of",
    ("lessons/01_program_mechanics.md", "2016"): "an as_of for the extension (PEP in force: AS_OF_ADVICE)",
    ("lessons/02_opt_out_dispute.md", "1 June 2010"): "a day the leak test runs the lesson",
    ("lessons/02_opt_out_dispute.md", "1 March 2011"): "a day the leak test runs the lesson",
    ("lessons/02_opt_out_dispute.md", "20 January 2025"): "the knowledge horizon, a day the leak test runs",
    ("lessons/02_opt_out_dispute.md", "15 September 2010"): "the day the advice prompt asks about",
    (
        "lessons/02_opt_out_dispute.md",
        "30 September 2010",
    ): "the hook's day (l2-stance opens), the plan's first copy",
    ("lessons/02_opt_out_dispute.md", "15 October 2010"): "the fictional board hearing's day",
    ("lessons/02_opt_out_dispute.md", "1 September 2011"): "the extension memo's day (a fictional board)",
    ("lessons/03_detainer_law.md", "1 June 2011"): "the lesson's first day (a kit setting)",
    ("lessons/03_detainer_law.md", "December 2013"): "a booking day for the simulator extension",
    ("lessons/03_detainer_law.md", "15 April 2014"): "the day of the extension's memo",
    ("lessons/04_pep_transition.md", "1 September 2016"): "a day the leak test runs the lesson",
    ("lessons/04_pep_transition.md", "1 December 2021"): "a day the leak test runs the lesson",
    ("lessons/04_pep_transition.md", "20 January 2025"): "the knowledge horizon, a day the leak test runs",
    ("lessons/04_pep_transition.md", "1 April 2017"): "the eve of the I-247A (2 April 2017), a leak-test day",
    (
        "lessons/04_pep_transition.md",
        "28 November 2021",
    ): "the eve of the 2021 Guidelines' regime, a leak-test day",
    ("lessons/04_pep_transition.md", "1 March 2016"): "the default as_of",
    ("lessons/04_pep_transition.md", "1 December 2015"): "the closing memo's day",
    ("lessons/closing_assessment.md", "1 December 2015"): "the memo's day",
    ("lessons/closing_assessment.md", "25 September 2012"): "the alternative prompt's day",
    ("lessons/closing_assessment.md", "15 February 2017"): "the alternative prompt's day",
}

# (page, text) -> the row that holds it, where the sentence around it names no telling word.
PINNED = {
    ("lessons/01_program_mechanics.md", "28 March 2008"): "events:ev-2008-03-program-launch",
    ("lessons/02_opt_out_dispute.md", "9 November 2010"): "events:ev-2010-11-09-opt-outs-refused",
    ("lessons/04_pep_transition.md", "July 2015"): "events:ev-2015-07-pep-begins",
    ("lessons/04_pep_transition.md", "20 November 2014"): "events:ev-2014-11-20-scomm-discontinued",
}

# text -> (statistics rows, how the plan computes it): figures no row states but rows give.
DERIVED = {
    "281,000": (("st-submissions-fy2010",), lambda v: v[0] / 12),
    "483,000": (("st-submissions-fy2011-5mo",), lambda v: v[0] / 5),
    "26%": (("st-removals-noncriminal-2010-08", "st-removals-2010-08"), lambda v: 100 * v[0] / v[1]),
}

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


def _reviewed(mention: pf.Mention) -> bool:
    key = (mention.page, mention.text)
    return key in NOT_HISTORY or key in PINNED or (mention.kind == "figure" and mention.text in DERIVED)


def _row(ref: str) -> pf.Row:
    table, _, row_id = ref.partition(":")
    found = [row for row in pf.rows() if row.table == table and row.row_id == row_id]
    assert found, f"{ref} is not a row of data/{table}.csv"
    return found[0]


@pytest.fixture(scope="module")
def mentions() -> list[pf.Mention]:
    return [m for m in pf.all_mentions() if m.kind != "iso"]  # ISO days are as_of values: AS_OF_ADVICE


def test_every_date_and_figure_on_the_pages_matches_a_data_row(mentions: list[pf.Mention]) -> None:
    unmatched = [m for m in pf.unsupported(mentions) if not _reviewed(m)]
    assert not unmatched, "\n".join(
        f"{m.page}:{m.line} {m.text!r} (cites {m.cited}): {m.sentence[:120]}" for m in unmatched
    )
    assert len(mentions) > 400, "the pages state hundreds of dates and figures; the reader found too few"


def test_each_reviewed_entry_is_on_its_page_and_holds(mentions: list[pf.Mention]) -> None:
    said = {(m.page, m.text) for m in mentions}
    assert set(NOT_HISTORY) <= said and set(PINNED) <= said, "a reviewed entry no longer matches its page"
    for (page, text), ref in PINNED.items():
        pinned = [m for m in mentions if (m.page, m.text) == (page, text)]
        assert all(pf.holds(_row(ref), m) for m in pinned), f"{ref} does not hold {text}"
    statistics = data.load("statistics").set_index("stat_id")
    for text, (stat_ids, compute) in DERIVED.items():
        values = [float(statistics.loc[s, "value"]) for s in stat_ids]
        number = compute(values)
        for stated in {m.value[0] for m in mentions if m.text == text}:
            assert round(number, -3 if stated >= 1000 else 0) == stated, (
                f"{text}: {stat_ids} give {number:.1f}"
            )


# Edits an instructor page could suffer; each must be caught.
L1, L2, L3, L4 = (
    f"lessons/0{n}_{name}.md"
    for n, name in enumerate(
        ("program_mechanics", "opt_out_dispute", "detainer_law", "pep_transition"), start=1
    )
)
WRONG = [
    (L1, "1,210 jurisdictions by March 2011", "1,310 jurisdictions by March 2011"),
    (L1, "1,210 jurisdictions by March 2011", "1,210 jurisdictions by May 2011"),
    (L1, "about 5,880 U.S. citizens", "about 5,980 U.S. citizens"),
    (L1, "FY2010 3,376,753", "FY2010 3,367,753"),
    (L2, "| 5 Jun 2012 | ICE activates", "| 6 Jun 2012 | ICE activates"),
    (L2, "| 1 Oct 2010 | Senior ICE", "| 1 Sep 2010 | Senior ICE"),
    (L3, "| 30 Sep 2012 | Governor", "| 29 Sep 2012 | Governor"),
    (L3, "11 of 346 people", "12 of 346 people"),
    (L3, "| 4 Mar 2014 | Galarza", "| 4 Mar 2013 | Galarza"),
    (L4, "| 2 Apr 2017 | One form again", "| 2 Apr 2016 | One form again"),
    (L4, "77.4 percent of detainers", "74.4 percent of detainers"),
    (L4, "225,390 criminal removals", "252,390 criminal removals"),
    ("lessons/README.md", "1,210 jurisdictions by March 2011", "1,210 jurisdictions by March 2010"),
    ("lessons/closing_assessment.md", "about 26% of removals", "about 36% of removals"),
]


@pytest.mark.parametrize(("plan", "right", "wrong"), WRONG, ids=[w for _, _, w in WRONG])
def test_a_wrong_date_or_figure_is_caught(plan: str, right: str, wrong: str) -> None:
    line = next(line for _, line in pf.page_units(plan) if right in line)
    before = {m.text for m in pf.unsupported(pf.mentions(line, plan))}
    after = {m.text for m in pf.unsupported(pf.mentions(line.replace(right, wrong), plan))}
    assert after - before, f"{wrong!r} passed as if the data said so"


def _shifted(mention: pf.Mention) -> pf.Mention:
    if mention.kind == "figure":
        number, decimals, scale = mention.value
        return dataclasses.replace(mention, value=(number * 1.5 + 7 * scale, decimals, scale))
    if mention.kind == "day":
        year, month, day = mention.value
        return dataclasses.replace(mention, value=(year, month, day + 11 if day < 17 else day - 11))
    if mention.kind == "month":
        year, month = mention.value
        return dataclasses.replace(mention, value=(year, (month + 4) % 12 + 1))
    return dataclasses.replace(mention, value=(mention.value[0] + 2,))


# A shifted day or figure can land by chance on another true value of the same source; that is
# rare. A month is coarse: a source that spans a year often names another month too.
@pytest.mark.parametrize(
    ("kinds", "least", "one_missed_in"), [(("day", "figure"), 200, 20), (("month",), 100, 3)]
)
def test_a_stated_date_or_figure_would_be_caught_if_changed(
    mentions: list[pf.Mention], kinds: tuple[str, ...], least: int, one_missed_in: int
) -> None:
    checked = [m for m in mentions if m.kind in kinds and not _reviewed(m) and not pf.unsupported([m])]
    missed = [m for m in checked if not pf.unsupported([_shifted(m)])]
    assert len(checked) > least and len(missed) <= len(checked) // one_missed_in, [
        (m.page, m.text) for m in missed
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
