"""The data package: schema, sources that resolve, conflicts linked both ways, typed loading."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from scomm.course import data

from conftest import DATA, ROOT, edit_csv

SEEDS = Path(os.environ.get("SCOMM_SOURCES") or ROOT.parent / "shared" / "seeds")


def test_the_shipped_package_has_no_problems() -> None:
    assert list(data.find_problems(DATA)) == []


def test_every_table_is_described_and_loads_with_its_schema_types() -> None:
    schema = {r["name"]: r["schema"] for r in data.descriptor()["resources"]}
    assert {"sources", "events", "statistics", "jurisdictions", "conflicts"} <= set(schema)
    for name, table_schema in schema.items():
        frame = data.load(name)
        assert list(frame.columns) == [f["name"] for f in table_schema["fields"]]
        for field in table_schema["fields"]:
            column = frame[field["name"]]
            if field["type"] == "date":
                assert pd.api.types.is_datetime64_any_dtype(column), (name, field["name"])
            elif field.get("constraints", {}).get("enum"):
                assert isinstance(column.dtype, pd.CategoricalDtype), (name, field["name"])
            elif field["type"] == "list":
                assert all(isinstance(v, tuple) for v in column), (name, field["name"])


def test_every_row_cites_at_least_one_source_that_resolves() -> None:
    known = set(data.load("sources")["source_id"])
    for name in data.tables():
        frame = data.load(name)
        if "source_ids" in frame:
            assert all(ids for ids in frame["source_ids"]), f"{name} has a row without sources"
            assert {i for ids in frame["source_ids"] for i in ids} <= known


def test_the_five_seed_documents_are_in_the_bibliography() -> None:
    sources = data.load("sources")
    seeded = set(sources["seed_file"]) - {""}
    assert len(seeded) == 5
    if SEEDS.is_dir():
        assert seeded == {p.name for p in SEEDS.glob("*.txt")}


def test_the_lessons_key_documents_are_in_the_bibliography() -> None:
    kinds = data.load("sources").set_index("source_id")["kind"]
    for source_id, kind in {
        "dhs-2014-scomm-memo": "government",
        "dhs-2014-priorities-memo": "government",
        "cfr-287-7": "government",
        "miranda-olivares-2014": "court",
        "galarza-2014": "court",
        "printz-1997": "court",
    }.items():
        assert kinds[source_id] == kind


def test_ids_are_unique_in_every_table() -> None:
    for name in data.tables():
        frame = data.load(name)
        key = data.descriptor()["resources"][data.tables().index(name)]["schema"]["primaryKey"][0]
        assert frame[key].is_unique, name


def test_known_conflicts_keep_both_sides_linked_both_ways() -> None:
    conflicts = data.load("conflicts").set_index("conflict_id")
    for conflict_id in ("program-start", "oregon-ruling-month", "offense-level-definitions"):
        members = conflicts.loc[conflict_id, "members"]
        assert len(members) >= 2
        for member in members:
            table, _, row_id = member.partition(":")
            frame = data.load(table)
            key = frame.columns[0]
            assert frame.loc[frame[key] == row_id, "conflict_id"].item() == conflict_id


def test_the_oregon_ruling_is_dated_both_ways() -> None:
    events = data.load("events")
    sides = events[events["conflict_id"] == "oregon-ruling-month"]
    months = {(d.year, d.month) for d in sides["date"]}
    assert months == {(2014, 2), (2014, 4)}
    assert pd.Timestamp("2014-04-11") in set(sides["date"])


def test_the_program_start_is_dated_both_ways() -> None:
    events = data.load("events")
    sides = events[events["conflict_id"] == "program-start"]
    assert {(d.year, d.month) for d in sides["date"]} == {(2008, 3), (2008, 10)}


def test_the_timeline_spans_the_program_and_all_four_lessons() -> None:
    events = data.load("events")
    assert set(events["lesson"]) == {1, 2, 3, 4}
    assert events["date"].min().year <= 2008 and events["date"].max().year >= 2017
    public_later = events.dropna(subset=["became_public"])
    assert (public_later["became_public"] >= public_later["date"]).all()


def test_jurisdiction_names_and_aliases_are_unambiguous() -> None:
    places = data.load("jurisdictions")
    spellings = [
        s.casefold()
        for name, aliases in zip(places["name"], places["aliases"], strict=True)
        for s in (name, *aliases)
    ]
    assert len(spellings) == len(set(spellings))
    fips = places.set_index("name")["fips"]
    assert fips["Cook County, IL"] == "17031"
    assert fips["Harris County, TX"] == "48201"


def test_statistics_are_within_their_units() -> None:
    stats = data.load("statistics")
    assert (stats["period_start"] <= stats["period_end"]).all()
    shares = stats[stats["unit"] == "percent"]["value"]
    assert shares.between(0, 100).all()
    assert (stats["value"] >= 0).all()


# -- corrupt tables fail with one message naming file, row, column ---------------------------------


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "message"),
    [
        ("events", 5, "date", "2010-13-45", r"data/events\.csv, row 5, column 'date': value '2010-13-45'"),
        ("sources", 3, "kind", "blog", r"data/sources\.csv, row 3, column 'kind': value 'blog'.*enum"),
        ("statistics", 4, "value", "", r"data/statistics\.csv, row 4, column 'value'.*required"),
        (
            "statistics",
            6,
            "source_ids",
            "wikipedia-scomm;no-such-source",
            r"data/statistics\.csv, row 6, column 'source_ids'.*'no-such-source' is not in data/sources\.csv",
        ),
        (
            "jurisdictions",
            3,
            "fips",
            "1703",
            r"data/jurisdictions\.csv, row 3, column 'fips': value '1703'.*pattern",
        ),
        ("events", 7, "lesson", "5", r"data/events\.csv, row 7, column 'lesson': value '5'.*maximum"),
    ],
)
def test_a_corrupt_cell_is_named_by_file_row_and_column(
    data_copy: Path, table: str, row: int, column: str, value: str, message: str
) -> None:
    edit_csv(data_copy / f"{table}.csv", row, column, value)
    with pytest.raises(data.DataError, match=message):
        data.load("events", data_dir=data_copy)  # any table: the whole package must be sound


def test_a_one_sided_conflict_link_is_named(data_copy: Path) -> None:
    events = data.load("events", data_dir=data_copy)
    row = int(events.index[events["conflict_id"] == "program-start"][0]) + 2
    edit_csv(data_copy / "events.csv", row, "conflict_id", "")
    with pytest.raises(
        data.DataError,
        match=r"data/conflicts\.csv, row \d+, column 'members': 'events:.+' is listed here but that row has no conflict_id",
    ):
        data.load("events", data_dir=data_copy)


def test_an_unknown_jurisdiction_key_is_named(data_copy: Path) -> None:
    events = data.load("events", data_dir=data_copy)
    row = int(events.index[events["jurisdiction_id"] != ""][0]) + 2
    edit_csv(data_copy / "events.csv", row, "jurisdiction_id", "atlantis")
    with pytest.raises(data.DataError, match=rf"data/events\.csv, row {row}.*foreign key"):
        data.load("events", data_dir=data_copy)


def test_a_broken_descriptor_is_reported(data_copy: Path) -> None:
    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    descriptor["resources"][0]["schema"]["fields"][0]["type"] = "no-such-type"
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(data.DataError, match=r"data/datapackage.json cannot be read.*no-such-type"):
        data.load("sources", data_dir=data_copy)


def test_an_unknown_table_lists_the_tables() -> None:
    with pytest.raises(KeyError, match="the tables are sources, "):
        data.load("sauces")


def test_a_fixed_file_loads_again_and_validation_is_remembered(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    original = path.read_text()
    edit_csv(path, 5, "date", "not a date")
    with pytest.raises(data.DataError):
        data.load("events", data_dir=data_copy)
    path.write_text(original)
    assert len(data.load("events", data_dir=data_copy)) > 0
    stamps = list(Path(os.environ["SCOMM_CACHE"]).glob("scomm-kit/validated/*"))
    assert stamps, "a successful validation leaves a stamp so the next load skips it"


def test_the_data_folder_has_no_links_and_a_relative_one_follows_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for course in ("a", "b"):
        (tmp_path / course / "data").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert data.data_folder(tmp_path / "link" / "data") == (tmp_path / "a" / "data").resolve()
    found = []
    for course in ("a", "b"):
        monkeypatch.chdir(tmp_path / course)
        found.append(data.data_folder(Path("data")))
    assert found == [(tmp_path / course / "data").resolve() for course in ("a", "b")], (
        "an absolute folder is resolved once; a relative one is resolved where the kernel is now"
    )
