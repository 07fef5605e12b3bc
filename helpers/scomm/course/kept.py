"""What every process derives from the data in the same way, kept in the cache between processes.

Each lesson kernel reads the same CSV files into typed frames (``data``) and works out the day
each row became public (``world``): the same work in every kernel, about a tenth of a second of a
lesson's CPU. The first process to need it after the data, the code deriving it or pandas changed
works it out for every table at once and keeps it in one file (``cache_dir("tables")``); every
later process reads that file in a few milliseconds.

The file's name is a hash of the data's content, the deriving modules' code and the versions of
Python and pandas, so it is never read for other data or code. It is a pickle, and a pickle can
run code, so a file is read only if this user owns it and no one else may write it (a cache a hub
admin filled for everyone is then worked out again, never trusted), and only if the SHA-256 stored
at its head matches the rest (a damaged or truncated file is worked out again, never unpickled).
Without a cache (``SCOMM_CACHE=off``) nothing is kept.

``data`` keeps every table's typed frame, ``world`` every table's public days::

    every = kept("tables", digest, (Path(__file__),), lambda: {name: parse(name) for name in names})
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import platform
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from scomm.course import durable
from scomm.course.layout import cache_dir

#: Kept files of one kind left in the cache: older data and code have little use for theirs.
KEEP = 8


def kept(kind: str, digest: str, code: Iterable[Path], make: Callable[[], dict]) -> dict | None:
    """``make()``, read from the cache when kept there for this data (``digest``) and ``code``,
    else made and kept; ``None`` without a cache, so the caller works out only what it needs."""
    folder = cache_dir("tables")
    if folder is None:
        return None
    path = folder / f"{kind}-{_key(digest, code)}.pickle"
    found = _read(path)
    if isinstance(found, dict):
        return found
    made = make()
    if any(p.exists() and not _ours(p) for p in (folder, path)):
        return made  # another user's cache (a hub's shared one): used, never overwritten or pruned
    payload = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        durable.replace(path, hashlib.sha256(payload).digest() + payload)
        _prune(folder, kind)
    return made


def _ours(path: Path) -> bool:
    try:
        return path.stat().st_uid == os.getuid()
    except OSError:
        return False


def _read(path: Path) -> object:
    """What ``path`` keeps, or ``None`` if it is missing, not this user's alone, or damaged."""
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None
            head, payload = handle.read(32), handle.read()
    except OSError:
        return None
    if len(head) < 32 or not hmac.compare_digest(head, hashlib.sha256(payload).digest()):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # whole and ours, yet unreadable (another pandas): made again
        return None


def _key(digest: str, code: Iterable[Path]) -> str:
    key = hashlib.sha256(f"{digest}\n{platform.python_version()}\npandas {pd.__version__}".encode())
    for path in code:
        key.update(path.read_bytes())
    return key.hexdigest()


def _prune(folder: Path, kind: str) -> None:
    found = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in found[KEEP:]:
        if _ours(old):
            old.unlink(missing_ok=True)
