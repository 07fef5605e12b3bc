"""A detainer form is shown only with a public source that describes it.

The 20 November 2014 memo created PEP but names no form; a form row standing on it alone would
show a student a form no public document yet described. The I-247's editions are named in the
1997 rule and ICE's own announcements, so the check is made for the forms of later names.
"""

from __future__ import annotations

import pandas as pd

from scomm.course import data
from scomm.course.world import World

EVERY_DAY = World("2100-01-01")


def _describes(source_id: str, form: str) -> bool:
    row = data.load("sources").set_index("source_id").loc[source_id]
    return form in " ".join(str(row[c]) for c in ("title", "note", "citation"))


def test_each_later_form_shows_first_with_a_public_source_naming_it() -> None:
    forms = data.load("detainer_forms")
    shown_from = EVERY_DAY.public_from("detainer_forms")
    published = EVERY_DAY.public_days("sources")
    lacking = [
        row.form_id
        for n, row in forms.iterrows()
        if row.form != "I-247"
        and not any(published[s] <= shown_from[n] and _describes(s, row.form) for s in row.source_ids)
    ]
    assert lacking == []


def test_on_15_june_2015_no_pep_form_and_no_end_for_the_2012_edition() -> None:
    table = World("2015-06-15").table("detainer_forms").set_index("form_id")
    assert not {"i-247d", "i-247n"} & set(table.index)
    assert pd.isna(table.at["i-247-2012", "until"]) and pd.isna(table.at["i-247-2012", "until_note"])


def test_once_the_law_center_reported_them_the_forms_and_the_end_are_shown() -> None:
    table = World("2015-06-30").table("detainer_forms").set_index("form_id")
    assert {"i-247d", "i-247n"} <= set(table.index)
    assert table.at["i-247-2012", "until"] == pd.Timestamp("2015-06-11")


def test_the_engine_names_no_form_before_a_source_described_it() -> None:
    from datetime import date

    from scomm.policy.detainers import form_for

    day = date(2015, 6, 15)
    assert form_for("detainer", day).form == "I-247D"  # with hindsight
    assert form_for("detainer", day, known_on=day).form_id == "i-247-2012"
    assert form_for("notification", day, known_on=day) is None
