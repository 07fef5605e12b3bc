"""How a student meets a cited source: by publisher and date, and by title where those two are shared."""

from __future__ import annotations

import re

import pandas as pd

from scomm.course import citations, data

MEMOS = ("dhs-2014-scomm-memo", "dhs-2014-priorities-memo")


def test_two_memos_of_one_day_are_told_apart_by_their_titles() -> None:
    named = [citations.label(i) for i in MEMOS]
    assert named[0] != named[1]
    assert named[0].endswith('"Secure Communities"')
    assert named[1].endswith(
        '"Policies for the Apprehension, Detention and Removal of Undocumented Immigrants"'
    )
    caption = citations.caption(MEMOS, as_of=pd.Timestamp("2015-01-05"))
    assert caption.count("U.S. Department of Homeland Security (2014)") == 2, caption
    html = citations.linked("; ".join(MEMOS))
    assert "Secure Communities" in html and "Policies for the Apprehension" in html


def test_two_copies_of_one_article_keep_one_name() -> None:
    assert citations.label("vox-2014") == citations.label("vox-2014-mirror") == "Vox, 6 June 2014"
    assert citations.label("ice-2009-sop") == "U.S. Immigration and Customs Enforcement, 30 September 2009"


def test_no_two_different_documents_are_named_alike() -> None:
    sources = data.load("sources")
    # Titles equal but for the kit's closing bracketed remark are copies of one document.
    document = sources["title"].str.replace(r"\s*\([^()]*\)\s*$", "", regex=True)
    by_name: dict[str, set[str]] = {}
    for source_id, title in zip(sources["source_id"], document, strict=True):
        by_name.setdefault(citations.label(source_id), set()).add(title)
    alike = {name: titles for name, titles in by_name.items() if len(titles) > 1}
    assert not alike, alike


def test_a_titled_name_has_no_bracket_inside_a_bracket() -> None:
    # A statute's subsection, as in "287(g)", is part of its name, not a bracket.
    for source_id in data.load("sources")["source_id"]:
        assert not re.search(r"\([^()]*\((?![a-z0-9]{1,3}\))", citations.label(source_id)), source_id
