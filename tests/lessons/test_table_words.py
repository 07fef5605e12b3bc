"""Every table a lesson shows a student reads in words: no row id, code, ISO date or snake_case name.

The same check as ``test_time_honest.py``'s (``reader_words.raw_ids``), made in-process on each
lesson's own shown calls (``lesson_calls``) at its default day and its last, so a view that
puts a code in a student's table fails here in seconds rather than in the slow sweep.
"""

from __future__ import annotations

import re

import pytest
from lesson_calls import default_day, results
from reader_words import code_words, codes, raw_ids, row_ids

from scomm.course import data
from scomm.course.drawings import Drawing
from scomm.course.layout import LESSONS
from scomm.course.params import lesson_days
from scomm.course.tables import Prose, Table

from time_honesty import visible_text, widget_text


def _as_notebook(tables: list[Table]) -> dict:
    return {"cells": [{"outputs": [{"data": {"text/html": t._repr_html_()}}]} for t in tables]}


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
@pytest.mark.parametrize("when", ["default", "last"])
def test_a_lessons_tables_hold_words_not_codes(item, when: str) -> None:
    day = default_day(item.slug) if when == "default" else lesson_days(item)[1].isoformat()
    tables = [out for _, out in results(item.slug, day) if isinstance(out, Table)]
    assert tables, f"{item.slug} shows no table at {day}"
    found = raw_ids(_as_notebook(tables), row_ids(), codes())
    assert not found, f"{item.slug} at {day} shows codes where a reader expects words: {found[:8]}"


def identical_rows(table: Table) -> list[int]:
    """The positions of rows that repeat an earlier row of ``table`` in every column.

    >>> import pandas as pd
    >>> identical_rows(Table(pd.DataFrame({"Who": ["ICE", "FBI", "ICE"], "Does": ["acts", "checks", "acts"]})))
    [2]
    """
    repeated = table.frame.astype(str).duplicated()
    return [n for n, twice in enumerate(repeated) if twice]


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
@pytest.mark.parametrize("when", ["first", "default", "last"])
def test_no_table_a_student_reads_has_two_identical_rows(item, when: str) -> None:
    days = {"first": lesson_days(item)[0].isoformat(), "default": default_day(item.slug)}
    day = days.get(when) or lesson_days(item)[1].isoformat()
    for expression, out in results(item.slug, day):
        if isinstance(out, Table):
            assert not identical_rows(out), (
                f"{item.slug} at {day}: {expression} repeats rows {identical_rows(out)}"
            )


#: A bracket opened inside another, as "Lofgren (U.S. Representative (D-California), House)"; a
#: statute's subsection such as "287(g)" or "Priority 2 (a)" is part of a name and does not count.
NESTED = re.compile(r"\([^()]*\((?![a-z0-9]{1,3}\))")


def nested_brackets(table: Table) -> list[str]:
    """The cells of ``table`` that open a bracket inside a bracket.

    >>> import pandas as pd
    >>> nested_brackets(Table(pd.DataFrame({"Who": ["Lofgren (Representative (D-CA))", "Section 287(g) (1996)"]})))
    ['Lofgren (Representative (D-CA))']
    """
    return [str(v) for column in table.frame.columns for v in table.frame[column] if NESTED.search(str(v))]


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
@pytest.mark.parametrize("when", ["default", "last"])
def test_no_cell_a_student_reads_nests_brackets(item, when: str) -> None:
    """Speaker and role cells are joined as "speaker (role, body)": a role in brackets of its own
    read "X (Y (Z), W)"."""
    day = default_day(item.slug) if when == "default" else lesson_days(item)[1].isoformat()
    found = [
        cell for _, out in results(item.slug, day) if isinstance(out, Table) for cell in nested_brackets(out)
    ]
    assert not found, f"{item.slug} at {day}: brackets inside brackets in {found[:5]}"


def test_the_check_catches_a_code_a_date_and_a_snake_case_head() -> None:
    import pandas as pd

    table = Table(pd.DataFrame({"Side": ["agency"], "date_precision": ["day"], "When": ["2010-05-04"]}))
    found = raw_ids(_as_notebook([table]), row_ids(), codes())
    assert found == ["head: date_precision", "Side: agency", "date_precision: day", "When: 2010-05-04"]


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
def test_a_lessons_chart_descriptions_read_words_not_codes(item) -> None:
    """The description under a chart says "In force", never the data's ``in_force`` (its legend is
    drawn from the same words)."""
    coded = {code for code in codes() if "_" in code}
    day = lesson_days(item)[1].isoformat()
    specs = [out.to_dict() for _, out in results(item.slug, day) if hasattr(out, "to_dict")]
    assert specs, f"{item.slug} shows no chart at {day}"
    found = sorted({code for spec in specs for code in coded if code in spec.get("description", "")})
    assert not found, f"{item.slug} at {day}: codes in a chart a student reads: {found}"


def _read(out: object) -> list[str]:
    """What a student reads of one shown call's result, as ``time_honesty`` reads an executed lesson:
    a chart's drawn SVG (title, labels, hidden labels) and description, a table's or a passage's
    HTML, a widget's text."""
    if isinstance(out, Drawing):
        entry = out.entry()
        return [
            *visible_text(
                {"cells": [{"cell_type": "code", "source": "", "outputs": [{"data": entry["bundle"]}]}]}
            ),
            entry["description"],
        ]
    if isinstance(out, Table | Prose):
        return visible_text(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "source": "",
                        "outputs": [{"data": {"text/html": out._repr_html_()}}],
                    }
                ]
            }
        )
    return widget_text(out)


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
@pytest.mark.parametrize("when", ["first", "default"])
def test_what_a_lessons_views_show_names_nothing_from_the_kits_code(item, when: str) -> None:
    """The in-process twin of ``test_time_honest``'s words check: the lesson's own shown calls at its
    earliest and default day; no ``as_of``, column or module name, file path or source id."""
    day = lesson_days(item)[0].isoformat() if when == "first" else default_day(item.slug)
    names = set(data.load("sources")["source_id"])
    found = {e: code_words(_read(out), names) for e, out in results(item.slug, day)}
    assert {e: words[:5] for e, words in found.items() if words} == {}, f"{item.slug} at {day}"


#: Words of the kit's own bookkeeping (what it used before, what it could not find): they belong in
#: ``data/AUDIT.md`` and in columns no lesson shows, never in a cell a student reads.
AUDIT_WORDING = re.compile(
    r"the kit used before|the kit (?:could not|cannot|could) read|could not read|no copy"
    r"|no longer cites|the row (?:no longer|once)|before the audit",
    re.IGNORECASE,
)

#: Each lesson's first, default and last days, and the days a student-view review read it on.
REVIEW_DAYS = {"03_detainer_law": ("2012-12-01",), "04_pep_transition": ("2015-06-15",)}


def _shown_text(out: object) -> str:
    if isinstance(out, Table):
        return out.frame.astype(str).to_string() + " " + str(out.caption)
    if isinstance(out, (Prose, Drawing)):
        return str(getattr(out, "text", "")) + " " + str(getattr(out, "description", ""))
    return " ".join(widget_text(out))


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.slug)
def test_no_cell_a_student_reads_speaks_of_the_kits_bookkeeping(item) -> None:
    first, last = lesson_days(item)
    days = {first.isoformat(), default_day(item.slug), last.isoformat(), *REVIEW_DAYS.get(item.slug, ())}
    found = [
        f"{day} {expression}: {match.group(0)!r}"
        for day in sorted(days)
        for expression, out in results(item.slug, day)
        for match in AUDIT_WORDING.finditer(_shown_text(out))
    ]
    assert found == []
