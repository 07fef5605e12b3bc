"""The stored code digests are pruned as they are written: the store keeps the newest ``KEEP``,
never removes a file while a kernel reads it, and every kernel still gets the right digest."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scomm.course import digests, durable


def _store(cache: Path) -> Path:
    return cache / "scomm-kit" / "digests"


def _old_entries(store: Path, n: int) -> list[Path]:
    """``n`` digests a term of code changes left behind, oldest first (each a day older than the next)."""
    store.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        path = store / f"{i:064x}"
        path.write_text("a" * 64, encoding="ascii")
        day = time.time() - (n - i) * 86_400
        os.utime(path, (day, day))
        made.append(path)
    return made


def _folder(tmp_path: Path, text: str, name: str | None = None, when: float | None = None) -> Path:
    """A folder of code whose one file was last changed at ``when`` (a minute ago by default)."""
    folder = tmp_path / (name or f"code-{text}")
    folder.mkdir()
    module = folder / "module.py"
    module.write_text(text, encoding="utf-8")
    when = time.time() - 60 if when is None else when
    os.utime(module, (when, when))
    return folder


def test_writing_a_digest_keeps_only_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path / "cache"))
    store = _store(tmp_path / "cache")
    old = _old_entries(store, digests.KEEP + 8)
    folder = _folder(tmp_path, "x = 1")
    assert digests.stored_digest(folder) == digests.digest_files(folder)
    kept = sorted(p for p in store.iterdir() if p.name != digests.LOCK)
    assert len(kept) == digests.KEEP
    assert set(old[:9]).isdisjoint(kept), "the oldest nine went (eight over, and room for the new one)"
    assert set(old[9:]) <= set(kept)
    # The one just written is among those kept, and is read back from the store next time.
    assert digests.stored_digest(folder) == digests.digest_files(folder)
    assert len([p for p in store.iterdir() if p.name != digests.LOCK]) == digests.KEEP


def test_a_kernel_reading_the_store_is_never_pruned_under(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path / "cache"))
    store = _store(tmp_path / "cache")
    old = _old_entries(store, digests.KEEP + 3)
    # Another kernel is in the middle of reading a stored digest: it holds the store's shared lock.
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from scomm.course import durable\n"
            "with durable.locked(Path(sys.argv[1]), shared=True):\n"
            "    print('reading', flush=True); sys.stdin.readline()",
            str(store / digests.LOCK),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "reading"
        folder = _folder(tmp_path, "y = 2")
        assert digests.stored_digest(folder) == digests.digest_files(folder), "the writer does not wait"
        assert all(p.exists() for p in old), "nothing is removed while a kernel reads"
    finally:
        reader.communicate("done\n", timeout=60)
    assert digests.stored_digest(_folder(tmp_path, "z = 3")) is not None
    assert not any(p.exists() for p in old[:5]), "the next digest written prunes, once nobody reads"


def test_a_temporary_file_left_by_a_killed_writer_goes_once_it_is_old(tmp_path: Path) -> None:
    store = tmp_path / "digests"
    store.mkdir()
    stale, fresh = store / ".abc-old.tmp", store / ".abc-new.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    hours_ago = time.time() - 7200
    os.utime(stale, (hours_ago, hours_ago))
    assert digests.prune(store) == [stale]
    assert fresh.exists(), "a temporary file that may be mid-write is left alone"


def test_kernels_writing_and_reading_at_once_all_get_the_right_digest(tmp_path: Path) -> None:
    """Four processes, each reading and writing digests of changing folders with a store of two."""
    script = (
        "import os, sys; from pathlib import Path; from scomm.course import digests\n"
        "digests.KEEP = 2\n"
        "root = Path(sys.argv[1]); me = sys.argv[2]; wrong = 0\n"
        "for i in range(40):\n"
        "    folder = root / f'{me}-{i % 5}'; folder.mkdir(exist_ok=True)\n"
        "    (folder / 'm.py').write_text(f'{me} {i}')\n"
        "    os.utime(folder / 'm.py', ns=(10**18 + i * 10**6,) * 2)  # settled, and apart\n"
        "    if digests.stored_digest(folder) != digests.digest_files(folder): wrong += 1\n"
        "print(wrong)\n"
    )
    env = {**os.environ, "SCOMM_CACHE": str(tmp_path / "cache")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), f"k{n}"], env=env, stdout=subprocess.PIPE, text=True
        )
        for n in range(4)
    ]
    assert [run.communicate(timeout=300)[0].strip() for run in runs] == ["0"] * 4
    left = [p for p in _store(tmp_path / "cache").iterdir() if p.name != digests.LOCK]
    # 160 digests were written; a prune skipped while another kernel read leaves a few more than two
    assert len(left) <= 20, f"{len(left)} digests left of 160 written"


def test_a_shared_lock_does_not_block_another_reader_but_blocks_a_pruner(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    with (
        durable.locked(lock, shared=True),
        durable.locked(lock, shared=True, wait=False),
        pytest.raises(BlockingIOError),
        durable.locked(lock, wait=False),
    ):
        pass


def test_two_copies_of_the_code_with_the_same_names_sizes_and_times_keep_their_own_digests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two checkouts unpacked from one archive, one then edited and its time set back (as tools do).
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path / "cache"))
    when = time.time() - 3600
    first, second = (
        _folder(tmp_path, text, name, when) for text, name in (("a = 1", "one"), ("b = 2", "two"))
    )
    assert digests.stored_digest(first) == digests.digest_files(first)
    assert digests.stored_digest(second) == digests.digest_files(second) != digests.digest_files(first)


def test_a_file_changed_twice_within_one_clock_tick_is_never_served_the_first_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # File times move in steps of a few milliseconds: two saves in one step keep size and time.
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path / "cache"))
    now = time.time()
    folder = _folder(tmp_path, "x = 1", "code", now)
    assert digests.stored_digest(folder) == digests.digest_files(folder)
    (folder / "module.py").write_text("x = 2", encoding="utf-8")
    os.utime(folder / "module.py", (now, now))
    assert digests.stored_digest(folder) == digests.digest_files(folder), "the first save's digest was served"
    assert [p.name for p in _store(tmp_path / "cache").glob("*") if p.name != digests.LOCK] == []
