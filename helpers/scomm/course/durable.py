"""Writing files so that what the kit acknowledges is on disk, whole, and survives a crash.

Three promises, each kept by one function:

- ``append``: bytes go onto the end of a file whole or not at all. ``os.write`` may write
  fewer bytes than asked when a disk fills up; the rest is written or the file is cut back
  to its size before, so no half line is left for a reader to take as data.
- ``replace``: a file is swapped for a new version in one step (a temporary file beside it,
  ``os.replace``); on any failure the old version stays and no temporary file is left.
- ``make_folders``: new folders, like new and renamed files, only last once the folder that
  holds them is ``fsync``-ed; every function here does that.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()) / "new" / "folders"
>>> replace(folder / "answer.json", b"{}")
>>> (folder / "answer.json").read_bytes(), sorted(p.name for p in folder.iterdir())
(b'{}', ['answer.json'])
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd``, carrying on after short writes; ``OSError`` if the disk is full."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written == 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def fsync_folder(folder: Path) -> None:
    """Make a folder's entries durable: a new or renamed file survives a crash only after this."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folders(folder: Path) -> None:
    """``mkdir -p`` that syncs the parent of every folder it makes, so the new folders last."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True)
        fsync_folder(made.parent)


@contextmanager
def locked(path: Path, *, shared: bool = False, wait: bool = True) -> Iterator[int]:
    """``path`` opened for appending (created if missing) under an exclusive ``flock``.

    ``shared``: a lock many readers hold at once, while no exclusive holder works. ``wait=False``:
    ``BlockingIOError`` at once, instead of waiting, when another process holds the lock.
    """
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB))
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def append(fd: int, data: bytes, folder: Path) -> None:
    """Append ``data`` to the file open at ``fd`` (in ``folder``) whole and synced, or leave it as it was."""
    size = os.fstat(fd).st_size
    try:
        write_all(fd, data)
        os.fsync(fd)
        if size == 0:  # the first bytes of a new file: its name must last as well
            fsync_folder(folder)
    except OSError:
        os.ftruncate(fd, size)
        raise


def replace(target: Path, data: bytes | Iterable[bytes], check: Callable[[Path], None] | None = None) -> None:
    """Make ``target`` hold ``data``, all at once and durably; ``check`` may refuse the written file first.

    ``data`` may be an iterable of byte pieces, written as they come, so a large file (a class's
    output manifest) is never held whole in memory.

    Whatever fails (a full disk, ``check`` raising), ``target`` keeps its old content and
    no temporary file is left behind.
    """
    make_folders(target.parent)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    temporary = Path(name)
    try:
        try:
            for piece in [data] if isinstance(data, bytes | bytearray) else data:
                write_all(handle, piece)
            os.fsync(handle)
        finally:
            os.close(handle)
        if check is not None:
            check(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_folder(target.parent)


def cache_entry(target: Path, data: bytes) -> None:
    """``replace`` for a file derived into the cache: kernels drawing the same chart in parallel
    each write it whole (the last wins), and a read-only or full cache only costs time."""
    with suppress(OSError):
        replace(target, data)


def kept_json(path: Path | None, make: Callable[[], dict], whole: Callable[[dict], bool] = bool) -> dict:
    """The JSON object ``path`` keeps, else ``make()``, kept there; ``path`` ``None``: no cache.

    A missing, damaged or partial entry (one ``whole`` refuses) is made again and replaced.

    >>> import tempfile
    >>> entry = Path(tempfile.mkdtemp()) / "drawn.json"
    >>> kept_json(entry, lambda: {"svg": "<svg/>"}), kept_json(entry, lambda: {"svg": "never made"})
    ({'svg': '<svg/>'}, {'svg': '<svg/>'})
    """
    if path is not None:
        with suppress(OSError, ValueError):
            found = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(found, dict) and whole(found):
                return found
    made = make()
    if path is not None:
        cache_entry(path, json.dumps(made).encode())
    return made


# -- checksummed lines: an append-only log whose torn or edited lines readers can tell ----------------

LINE_HASH_CHARS = 16


def checked_line(text: bytes) -> bytes:
    """``text`` (one line, no newline) with a tab and its checksum, ready to append.

    >>> checked_line(b'{"a":1}')
    b'{"a":1}\\t015abd7f5cc57a2d\\n'
    """
    return text + b"\t" + hashlib.sha256(text).hexdigest()[:LINE_HASH_CHARS].encode() + b"\n"


def checked_text(chunk: bytes) -> str | None:
    """The text of a line ``checked_line`` wrote (without its newline), or None when torn or edited."""
    text, _, digest = chunk.decode("utf-8", errors="replace").rpartition("\t")
    if hashlib.sha256(text.encode()).hexdigest()[:LINE_HASH_CHARS] != digest:
        return None
    return text


def append_line(path: Path, line: bytes) -> None:
    """Append one checked line to ``path`` under its lock, whole and synced (folders made as needed)."""
    make_folders(path.parent)
    with locked(path) as fd:
        append(fd, _fresh_line(fd) + line, path.parent)


def read_lines(path: Path) -> list[bytes]:
    """The lines of ``path`` (none when it does not exist), a byte-order mark and CR line ends removed."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return []
    lines = (chunk.removesuffix(b"\r") for chunk in raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"))
    return [line for line in lines if line]


def _fresh_line(fd: int) -> bytes:
    # A writer killed mid-line leaves bytes with no newline; start ours on a fresh line so
    # the damage stays in that one unreadable fragment and never swallows a good record.
    size = os.fstat(fd).st_size
    return b"\n" if size and os.pread(fd, 1, size - 1) != b"\n" else b""
