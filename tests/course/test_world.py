"""The world as of a date: every table cut to what was public that day."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scomm.course import data
from scomm.course import world as world_module
from scomm.course.layout import DATA_DIR
from scomm.course.world import World, certain_by

TABLES = data.tables()
DAYS = st.dates(min_value=dt.date(2007, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=40, deadline=None)
@given(day=DAYS)
def test_no_row_is_shown_before_it_was_public(day: dt.date) -> None:
    world = World(day)
    for name in TABLES:
        shown = world.table(name)
        key = data.primary_key(name)
        public = world.public_from(name)
        ids = data.load(name)[key]
        when = dict(zip(ids, public, strict=True))
        assert all(when[i] <= world.as_of for i in shown[key]), name
        assert len(shown) + world.later(name) == len(ids), name
        assert world.public_ids(name) == frozenset(shown[key]), (
            f"{name}: the ids are the rows the table shows"
        )
        assert dict(world.public_days(name)) == when, f"{name}: each id's day is its row's"


@settings(max_examples=25, deadline=None)
@given(first=DAYS, second=DAYS)
def test_what_was_public_stays_public(first: dt.date, second: dt.date) -> None:
    early, late = sorted([first, second])
    for name in TABLES:
        key = data.primary_key(name)
        assert set(World(early).table(name)[key]) <= set(World(late).table(name)[key]), name


def test_month_and_year_dates_count_only_once_their_period_has_passed() -> None:
    dates = pd.Series(pd.to_datetime(["2010-03-01", "2010-01-01"]))
    precision = pd.Series(["month", "year"])
    assert list(certain_by(dates, precision)) == [pd.Timestamp("2010-03-31"), pd.Timestamp("2010-12-31")]
    events = data.load("events")
    by_month = events[events["date_precision"] == "month"].iloc[0]
    inside = by_month["date"] + pd.Timedelta(days=5)
    assert by_month["event_id"] not in set(World(inside).table("events")["event_id"])
    end = by_month["date"] + pd.offsets.MonthEnd(0)
    if pd.isna(by_month["became_public"]) or by_month["became_public"] <= end:
        assert by_month["event_id"] in set(World(end).table("events")["event_id"])


def test_a_document_released_later_counts_from_its_release() -> None:
    statements = data.load("statements")
    released = statements[
        statements["became_public"].notna() & (statements["became_public"] > statements["date"])
    ]
    row = released.iloc[0]
    between = row["became_public"] - pd.Timedelta(days=1)
    assert row["statement_id"] not in set(World(between).table("statements")["statement_id"])
    assert row["statement_id"] in set(World(row["became_public"]).table("statements")["statement_id"])


def test_an_end_date_is_withheld_until_it_has_come() -> None:
    regimes = data.load("regimes")
    ended = regimes[regimes["ends"].notna()].iloc[0]
    before = World(ended["ends"] - pd.Timedelta(days=1)).table("regimes").set_index("regime_id")
    after = World(ended["ends"]).table("regimes").set_index("regime_id")
    assert pd.isna(before.loc[ended["regime_id"], "ends"])
    assert after.loc[ended["regime_id"], "ends"] == ended["ends"]


def test_figures_wait_for_the_first_source_that_reported_them() -> None:
    stats = data.load("statistics")
    sources = data.load("sources").set_index("source_id")
    row = stats.iloc[0]
    first = min(
        certain_by(
            sources.loc[list(row["source_ids"]), "date"],
            sources.loc[list(row["source_ids"]), "date_precision"],
        )
    )
    expected = max(first, row["period_end"])
    assert World("2026-01-01").public_from("statistics")[0] == expected


def test_a_conflict_is_public_once_all_its_sides_are() -> None:
    world = World("2026-01-01")
    conflicts = data.load("conflicts")
    for index, members in conflicts["members"].items():
        # A side told only in a later account (became_public) holds the whole conflict back too.
        sides = (
            [conflicts.at[index, "became_public"]] if pd.notna(conflicts.at[index, "became_public"]) else []
        )
        for member in members:
            table, _, row_id = member.partition(":")
            ids = data.load(table)[data.primary_key(table)]
            sides.append(world.public_from(table)[(ids == row_id).to_numpy()].iloc[0])
        assert world.public_from("conflicts")[index] == max(sides)


def test_rules_are_read_from_the_data_package(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        if resource["name"] == "events":
            del resource["x-scomm-public"]
    (folder / "datapackage.json").write_text(json.dumps(package))
    assert World("1999-01-01", data_dir=folder).later("events") == 0
    assert World("1999-01-01").later("events") > 0


@pytest.mark.parametrize("name", TABLES)
def test_every_table_with_dates_declares_when_its_rows_became_public(name: str) -> None:
    resource = data.resource(name)
    kinds = {f["type"] for f in resource["schema"]["fields"]}
    if "date" in kinds or name in {"findings", "priorities", "offense_levels", "conflicts", "regime_rules"}:
        assert "x-scomm-public" in resource, f"{name} has dates but no x-scomm-public rule"


def test_fields_withheld_by_a_date_that_is_itself_withheld_stay_hidden_in_any_order(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    package = json.loads((folder / "datapackage.json").read_text())
    forms = next(r for r in package["resources"] if r["name"] == "detainer_forms")
    fields = forms["schema"]["fields"]
    dependent = [f for f in fields if "until" in (f.get("x-scomm-known-from") or ()) and f["name"] != "until"]
    assert dependent, "detainer_forms should have a field withheld with `until`"
    forms["schema"]["fields"] = [f for f in fields if f not in dependent] + dependent  # `until` first
    (folder / "datapackage.json").write_text(json.dumps(package))
    path = folder / forms["path"]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw[[f["name"] for f in forms["schema"]["fields"]]].to_csv(path, index=False)
    table = data.load("detainer_forms", data_dir=folder)
    ended = table[table["until"].notna()].iloc[0]
    shown = World(ended["until"] - pd.Timedelta(days=1), data_dir=folder).table("detainer_forms")
    row = shown[shown[data.primary_key("detainer_forms")] == ended[data.primary_key("detainer_forms")]].iloc[
        0
    ]
    assert pd.isna(row["until"])
    assert all(not row[f["name"]] or pd.isna(row[f["name"]]) for f in dependent)


def test_a_kernel_that_cuts_several_days_shows_each_day_only_its_own_rows() -> None:
    early, late = World("2010-06-01"), World("2014-01-01")
    letter = "st-2010-09-07-napolitano-lofgren-letter"
    first = early.table("statements")
    first.loc[:, "statement_id"] = "changed by the caller"
    assert letter in set(late.table("statements")["statement_id"])
    again = early.table("statements")
    assert letter not in set(again["statement_id"]), "a later day's cut never reaches an earlier day"
    assert "changed by the caller" not in set(again["statement_id"]), "each caller gets its own copy"


def test_a_data_package_edited_while_a_kernel_runs_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    before = len(World("1999-01-01", data_dir=folder).table("events"))
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        if resource["name"] == "events":
            del resource["x-scomm-public"]
    (folder / "datapackage.json").write_text(json.dumps(package))
    after = len(World("1999-01-01", data_dir=folder).table("events"))
    assert before < after == len(data.load("events", data_dir=folder))


def test_a_row_the_data_lack_never_opens_and_a_public_one_opens_on_its_day() -> None:
    from scomm.course.opening import opens_on
    from scomm.course.params import validate

    p = validate("02_opt_out_dispute", as_of="2010-09-15")
    letter = "statements:st-2010-09-07-napolitano-lofgren-letter"
    assert opens_on(p, [letter]) == pd.Timestamp("2010-09-07")
    assert opens_on(p, [letter, "statements:no-such-row"]) == pd.Timestamp.max
    assert opens_on(p, []) < pd.Timestamp("2000-01-01"), "nothing to wait for: open from the start"


def test_threads_asking_at_once_all_get_every_tables_public_days(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Voila and a threaded server start lessons side by side in one process: while one thread
    # works the days out, another must wait for the whole set, never read a half-made one.
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path / "cache"))  # empty: the set is worked out here
    digest = data.digest(data_copy)
    start = threading.Barrier(6)

    def ask(_: int) -> dict[str, pd.Series]:
        start.wait()
        return world_module._every_public(data_copy, digest)

    with ThreadPoolExecutor(6) as pool:
        found = list(pool.map(ask, range(6)))
    assert [sorted(every) for every in found] == [sorted(TABLES)] * 6
    assert all(every is found[0] for every in found)  # worked out once, shared
