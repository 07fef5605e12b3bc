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
from pathlib import Path

from scomm.course import durable
from scomm.course.layout import cache_dir

#: The kit's own code (``helpers/scomm``): its modules, exercise sets, readings, templates.
CODE_DIR = Path(__file__).resolve().parents[1]
#: Files that never change what is made from a folder.
_IGNORED = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


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

    An edited file has a new size or time, so a new listing, so its digest is computed afresh.
    """
    listing = hashlib.sha256(repr(_listing(folder)).encode()).hexdigest()
    store = cache_dir("digests")
    path = None if store is None else store / listing
    try:
        if path is not None and len(found := path.read_text(encoding="ascii")) == 64:
            return found
    except (OSError, ValueError):
        pass  # not kept yet, or damaged: computed again
    made = digest_files(folder)
    if path is not None:
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            durable.replace(path, made.encode())
    return made


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    """Each file ``digest_files`` reads, as (name under ``folder``, size, mtime in ns), in its order."""
    found = []
    for path in _files(folder):
        status = path.stat()
        found.append((path.relative_to(folder).as_posix(), status.st_size, status.st_mtime_ns))
    return found
