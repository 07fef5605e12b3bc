"""Typed tables and their public days are kept in the cache between processes, keyed by the data and
the code: a later process reads them back equal, an edit to a data file is never served the old
frames, a damaged file is made again, and without a cache nothing is kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from scomm.course import data, kept, world

from conftest import edit_csv

#: A fresh process: what it loads comes from the kept files, not this process's memory.
LOAD = """
import sys
from pathlib import Path
from scomm.course import data, world
folder = Path(sys.argv[1])
w = world.World("2010-06-01", data_dir=folder)
print(len(data.load("events", data_dir=folder)), len(w.table("statements")), w.public_from("events").max().date())
"""


#: A statement public by the 2010-06-01 the test's world is set on (the D.C. bill of 4 May 2010).
SHOWN = "st-2010-05-dc-council-bill"


def _run(folder: Path, cache: Path) -> str:
    env = {"SCOMM_CACHE": str(cache), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(folder)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _kept(cache: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in (cache / "scomm-kit" / "tables").glob("*.pickle"))


def test_a_later_process_reads_the_same_tables_back(data_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _run(data_copy, cache)
    assert _kept(cache) == ["public", "tables"]
    assert _run(data_copy, cache) == first


def test_an_edited_data_file_is_never_served_the_kept_frames(data_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _run(data_copy, cache)
    statements = pd.read_csv(data_copy / "statements.csv", dtype=str, keep_default_na=False)
    row = int(statements.index[statements["statement_id"] == SHOWN].item()) + 2  # as a spreadsheet counts
    edit_csv(data_copy / "statements.csv", row, "date", "2010-07-15")  # the bill, dated after the world's day
    after = _run(data_copy, cache)
    assert int(after.split()[1]) == int(before.split()[1]) - 1
    assert _kept(cache) == ["public", "public", "tables", "tables"]


def test_a_damaged_kept_file_is_made_again(data_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _run(data_copy, cache)
    for path in (cache / "scomm-kit" / "tables").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    assert _run(data_copy, cache) == first
    assert all(p.read_bytes() != b"not a pickle" for p in (cache / "scomm-kit" / "tables").glob("*.pickle"))


def test_without_a_cache_nothing_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_CACHE", "off")
    assert kept.kept("demo", "abc", (Path(kept.__file__),), lambda: {"t": 1}) is None


class NotKept(Exception):
    """The kept file was expected to be read, and was worked out here instead."""


def _never() -> dict:
    raise NotKept


def _kept_files(folder: Path) -> tuple[dict, dict]:
    """The typed tables and public days of ``folder`` as kept in the cache, never worked out here."""
    digest = data.digest(folder)
    tables = kept.kept(data._KEPT, digest, (Path(data.__file__),), _never)
    public = kept.kept("public", digest, world.KEPT_CODE, _never)
    return tables, public


def _assert_kept_equal_fresh(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept files equal the tables and days worked out here with no cache at all."""
    tables, public = _kept_files(folder)
    monkeypatch.setenv("SCOMM_CACHE", "off")  # and ``folder`` is new to this process's memos
    digest = data.digest(folder)
    names = data.tables(folder)
    assert sorted(tables) == sorted(public) == sorted(names)
    for name in names:
        pd.testing.assert_frame_equal(tables[name], data.load(name, data_dir=folder), obj=f"kept {name}")
        fresh = world._public_from(folder, name, digest)
        pd.testing.assert_series_equal(public[name], fresh, obj=f"kept public days of {name}")


def test_what_another_process_kept_equals_what_is_worked_out_without_a_cache(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _run(data_copy, cache)  # kept by another process
    monkeypatch.setenv("SCOMM_CACHE", str(cache))
    _assert_kept_equal_fresh(data_copy, monkeypatch)


def _one_row_fewer(tables: dict, public: dict) -> tuple[dict, dict]:
    return {**tables, "statements": tables["statements"].iloc[:-1]}, public


def _a_day_later(tables: dict, public: dict) -> tuple[dict, dict]:
    events = public["events"].copy()
    events.iloc[0] += pd.Timedelta(days=1)
    return tables, {**public, "events": events}


def _a_table_missing(tables: dict, public: dict) -> tuple[dict, dict]:
    return {name: frame for name, frame in tables.items() if name != "sources"}, public


@pytest.mark.parametrize("wrong", [_one_row_fewer, _a_day_later, _a_table_missing])
def test_the_comparison_fails_on_a_cache_with_wrong_rows(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrong
) -> None:
    cache = tmp_path / "cache"
    _run(data_copy, cache)
    monkeypatch.setenv("SCOMM_CACHE", str(cache))
    tables, public = wrong(*_kept_files(data_copy))
    for path in (cache / "scomm-kit" / "tables").glob("*.pickle"):
        path.unlink()
    digest = data.digest(data_copy)
    kept.kept(data._KEPT, digest, (Path(data.__file__),), lambda: tables)  # a stale or wrong cache
    kept.kept("public", digest, world.KEPT_CODE, lambda: public)
    with pytest.raises(AssertionError):
        _assert_kept_equal_fresh(data_copy, monkeypatch)


def _one_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, dict]:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path))
    made = {"sources": pd.DataFrame({"source_id": ["foia-article-2011"]})}
    kept.kept("demo", "abc", (Path(kept.__file__),), lambda: made)
    (path,) = (tmp_path / "scomm-kit" / "tables").glob("demo-*.pickle")
    return path, made


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-20] + bytes([b[-20] ^ 0x01]) + b[-19:],  # one bit of the frame changed
        lambda b: b"\x00" * 32 + b[32:],  # the head changed
        lambda b: b[:32] + b"cos\nsystem\n(S'true'\ntR.",  # a pickle that runs code, unsigned
    ],
)
def test_a_kept_file_changed_in_any_byte_is_never_unpickled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, damage
) -> None:
    path, made = _one_kept(monkeypatch, tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    calls = []
    again = kept.kept("demo", "abc", (Path(kept.__file__),), lambda: calls.append(1) or made)
    assert calls == [1]  # worked out again, not read
    pd.testing.assert_frame_equal(again["sources"], made["sources"])


def test_a_kept_file_others_may_write_is_never_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path, made = _one_kept(monkeypatch, tmp_path)
    path.chmod(0o664)  # a shared cache another user could have filled
    calls = []
    kept.kept("demo", "abc", (Path(kept.__file__),), lambda: calls.append(1) or made)
    assert calls == [1]
    path.chmod(0o600)
    kept.kept("demo", "abc", (Path(kept.__file__),), lambda: calls.append(2) or made)
    assert calls == [1]  # this user's own file, whole: read back


def test_a_cache_another_user_owns_is_never_written_or_pruned(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path, _ = _one_kept(monkeypatch, tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(kept.os, "getuid", lambda: path.stat().st_uid + 1)  # as another student
    calls = []
    again = kept.kept("demo", "abc", (Path(kept.__file__),), lambda: calls.append(1) or {"other": 1})
    assert calls == [1] and again == {"other": 1}  # worked out, not read
    assert path.read_bytes() == before  # the owner's file untouched
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # nothing written beside it
