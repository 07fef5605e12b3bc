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
    (
        "lessons/01_program_mechanics.md",
        "2016",
    ): "an as_of for the extension (PEP in force: test_plan_days.AS_OF_ADVICE)",
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
    return [
        m for m in pf.all_mentions() if m.kind != "iso"
    ]  # ISO days are as_of values: test_plan_days.AS_OF_ADVICE


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
