"""Content hashes of whole folders: what a build or a cached chart is keyed by.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "a.txt").write_text("one")
...     before = digest_files(Path(tmp))
...     _ = (Path(tmp) / "a.txt").write_text("two")
...     before == digest_files(Path(tmp))
False
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import time
from pathlib import Path

from scomm.course import durable
from scomm.course.layout import cache_dir

#: The kit's own code (``helpers/scomm``): its modules, exercise sets, readings, templates.
CODE_DIR = Path(__file__).resolve().parents[1]
#: Files that never change what is made from a folder.
_IGNORED = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
#: How many stored digests the cache keeps: a few checkouts of the kit each have a current one.
KEEP = 32
#: The lock file of the digest store: shared by readers, taken alone to prune.
LOCK = ".lock"
_DIGEST_NAME = re.compile(r"[0-9a-f]{64}")
#: A temporary file ``durable.replace`` leaves only when its writer was killed; older than this, it is one.
_LEFTOVER_SECONDS = 3600
#: A file changed this recently may change again within the same clock tick, keeping its size and
#: time (file times move in steps of a few milliseconds): a listing holding one is never stored.
_SETTLED_NS = 2_000_000_000


def digest_files(folder: Path) -> str:
    """sha256 over every file under ``folder`` (names and bytes, in a fixed order)."""
    digest = hashlib.sha256()
    for path in _files(folder):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    """The files a folder's digest reads, in the order it reads them."""
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not _IGNORED & set(path.parts) and path.suffix != ".pyc"
    ]


@functools.cache
def folder_digest(folder: Path) -> str:
    """``digest_files``, read once per process (the kit's code is about 2 MB: a few hundredths of a second)."""
    return digest_files(folder)


@functools.cache
def code_digest() -> str:
    """The hash of the kit's code: anything made by the kit's code is keyed by it.

    Read from the cache when no file of the code changed size or time since it was last
    computed (one ``stat`` a file), else computed and kept: every lesson kernel asks for it,
    and reading and hashing the whole package there cost up to a quarter of a second.
    """
    return stored_digest(CODE_DIR)


def stored_digest(folder: Path) -> str:
    """``digest_files(folder)``, kept in the cache under the names, sizes and times of its files.

    An edited file has a new size or time, so a new listing, so its digest is computed afresh;
    each new one written prunes the store to the newest ``KEEP`` (``prune``). The listing names the
    folder too, so two copies of the code whose files share names, sizes and times are kept apart,
    and a listing with a file changed in the last two seconds is not stored (as git treats a file
    as "racily clean"): a second edit in the same clock tick would keep both size and time.
    """
    files = _listing(folder)
    store = cache_dir("digests")
    if store is None or _unsettled(files):
        return digest_files(folder)
    listing = hashlib.sha256(repr((str(folder.resolve()), files)).encode()).hexdigest()
    found = _kept(store, store / listing)
    if found is not None:
        return found
    made = digest_files(folder)
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        durable.replace(store / listing, made.encode())
        prune(store)
    return made


def _unsettled(files: list[tuple[str, int, int]]) -> bool:
    """Whether a file of the listing changed too recently for its size and time to tell edits apart."""
    recent = time.time_ns() - _SETTLED_NS
    return any(mtime > recent for *_, mtime in files)


def _kept(store: Path, path: Path) -> str | None:
    """The digest kept at ``path``, read under the store's shared lock (so ``prune`` waits its turn)."""
    try:
        with durable.locked(store / LOCK, shared=True):
            found = path.read_text(encoding="ascii")
    except (OSError, ValueError):
        return None  # not kept yet, or damaged: computed again
    return found if len(found) == 64 else None


def prune(store: Path, keep: int | None = None) -> list[Path]:
    """Remove all but the newest ``keep`` (by default ``KEEP``) digests from ``store`` (and writers' leftovers over an hour
    old); return what was removed.

    A hub's kernels share the store for a whole term and every change of the code adds a digest:
    without this it grows for ever. Pruning takes the store's lock exclusively, and only if no
    kernel holds it to read (``_kept``): then it tries again on the next digest written, rather
    than making a kernel wait, and never removes a file in the middle of a read.
    """
    try:
        with durable.locked(store / LOCK, wait=False):
            return _remove_old(store, KEEP if keep is None else keep)
    except BlockingIOError:
        return []


def _remove_old(store: Path, keep: int) -> list[Path]:
    entries, leftovers = [], []
    for path in store.iterdir():
        with contextlib.suppress(FileNotFoundError):  # a leftover another writer just renamed
            if _DIGEST_NAME.fullmatch(path.name):
                entries.append((path.stat().st_mtime_ns, path.name, path))
            elif path.suffix == ".tmp" and time.time() - path.stat().st_mtime > _LEFTOVER_SECONDS:
                leftovers.append(path)
    old = [path for *_, path in sorted(entries, reverse=True)[keep:]] + leftovers
    for path in old:
        path.unlink(missing_ok=True)
    return old


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    """Each file ``digest_files`` reads, as (name under ``folder``, size, mtime in ns), in its order."""
    found = []
    for path in _files(folder):
        status = path.stat()
        found.append((path.relative_to(folder).as_posix(), status.st_size, status.st_mtime_ns))
    return found
