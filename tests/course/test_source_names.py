"""No text a student reads names a source (by title or publisher) before that source was published.

Source names belong in a table's sources column, which is cut to the lesson's day; a description,
summary, note or definition that said "the Wikipedia article" (a 2018 source) on a 2011 day named a
document no one could yet read. Each cell is checked on the first day its row is shown: its sources
only become public later, so a cell clean then is clean on every later day.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scomm.course import citations, data
from scomm.course.world import PUBLIC, World

from conftest import edit_csv

#: Columns that name rows or carry dates and codes, not words a student reads.
_NOT_READ = ("_id", "_ids", "members", "precision", "url", "became_public", "outcome_known")
#: Tables whose ``note`` a lesson shows (a figure's "Who counted, and how"; a regime's note). Other
#: tables' notes are the maintainers' record of where a row came from and are never shown.
_NOTES_SHOWN = ("statistics", "regimes")


def _named_too_early(folder: Path | None = None) -> list[tuple[str, str, str, list[str]]]:
    world = World("1900-01-01", data_dir=folder)
    found = []
    for name in data.tables(folder):
        if name == "sources" or not data.resource(name, data_dir=folder).get(PUBLIC):
            continue
        frame, days, ids = (
            data.load(name, data_dir=folder),
            world.public_from(name),
            data.row_ids(name, data_dir=folder),
        )
        for column in frame.columns:
            read = column != "note" or name in _NOTES_SHOWN
            words = pd.api.types.is_string_dtype(frame[column]) and not isinstance(
                frame[column].dtype, pd.CategoricalDtype
            )
            if not read or not words or column.endswith(_NOT_READ):
                continue
            for n, text in frame[column].items():
                names = citations.named_later(text, days[n]) if isinstance(text, str) else []
                found += [(name, ids[n], column, names)] if names else []
    return found


def test_no_cell_names_a_source_before_it_was_published() -> None:
    # Before the rewording: 26 cells, e.g. conflicts' summaries and lesson 4's crimmigration
    # evidence naming "the Wikipedia article", and Truthout named on days before its report.
    assert _named_too_early() == []


def test_a_cell_naming_a_later_source_is_found(data_copy: Path) -> None:
    row = data.row_ids("events", data_dir=data_copy).index("ev-2012-07-03-makowski-lawsuit") + 2
    edit_csv(
        data_copy / "events.csv", row, "description", "The Wikipedia article calls it the first such suit."
    )
    assert _named_too_early(data_copy) == [
        ("events", "ev-2012-07-03-makowski-lawsuit", "description", ["Wikipedia"])
    ]


def test_a_name_is_free_once_a_source_of_that_name_was_published() -> None:
    # Truthout's report (September 2010) may be named from its month's end, not before.
    assert citations.named_later("Truthout reported it.", pd.Timestamp("2010-09-15")) == ["Truthout"]
    assert citations.named_later("Truthout reported it.", pd.Timestamp("2010-10-01")) == []
    # An agency is an actor as well as a publisher: naming it names who acted.
    assert (
        citations.named_later("U.S. Immigration and Customs Enforcement said so.", pd.Timestamp("2008-01-01"))
        == []
    )
