"""Output folders: the kit replaces only files it wrote itself, and never half of one.

Every command that writes files for people (``scomm run``, ``build``, ``build --site``,
``release``, ``grade``, ``annotations``) writes through an ``OutputFolder``. The folder keeps
``.scomm-manifest.json``: each file the kit wrote there, its sha256 and the command that wrote
it. A file already in the way is replaced only if the manifest lists it and it is unchanged
since; anything else (someone's own file, or a kit file edited since) stops the command before
it writes, with one sentence naming the file and the flag that allows replacing it. A file
that already holds exactly the bytes the kit would write is left as it is.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "notes.txt").write_text("mine")
...     folder = OutputFolder(Path(tmp), by="example")
...     _ = folder.commit({"index.html": b"<p>kit</p>"})  # a new file: written
...     _ = folder.commit({"index.html": b"<p>kit, again</p>"})  # the kit's own: replaced
...     try:
...         folder.commit({"notes.txt": b"kit"})
...     except OutputConflict as exc:
...         print(str(exc).replace(tmp, "DIR"))
DIR/notes.txt was not written by scomm; move it away, choose another --out, or pass --force to replace it.

Each file is written to a temporary file beside its place and moved there with ``os.replace``
under a lock on the folder, so a reader (another ``scomm run``, a browser, a student's
JupyterLab) sees the old file or the new one, never a half-written one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from scomm.course import durable
from scomm.errors import ScommError

MANIFEST = ".scomm-manifest.json"
FORCE_FLAG = "--force"

#: What ``state`` says about a file's place: nothing there yet; the kit's own file, unchanged;
#: exactly the bytes about to be written; a kit file edited since; a file the kit did not write.
NEW, OURS, SAME, CHANGED, FOREIGN = "new", "ours", "same", "changed", "foreign"
BLOCKING = (CHANGED, FOREIGN)


#: A manifest entry: the file's sha256 and the command that wrote it (None in an old manifest without).
Entry = tuple[str, str | None]


def manifest_lines(entries: Iterable[tuple[str, Entry]]) -> Iterator[bytes]:
    """The manifest as JSON, one file a line (in the order given), produced a line at a time.

    A class's manifest lists 100,000 files: built whole (indented ``json.dumps``) it held the
    text, its bytes and every piece at once, the largest moment of a grading run.

    >>> b"".join(manifest_lines([("a.html", ("34", None)), ("b.html", ("12", "grade"))])).decode()
    '{"format": "scomm-manifest", "version": 1, "files": {\\n"a.html": {"sha256": "34"},\\n"b.html": {"by": "grade", "sha256": "12"}\\n}}\\n'
    """
    yield b'{"format": "scomm-manifest", "version": 1, "files": {'
    separator = b"\n"
    for rel, (digest, by) in entries:
        entry = {"by": by, "sha256": digest} if by is not None else {"sha256": digest}
        yield separator + f"{json.dumps(rel)}: {json.dumps(entry)}".encode()
        separator = b",\n"
    yield b"\n}}\n"


def _raw(digest: str) -> bytes | str:
    """A sha256 in hex as its 32 bytes (65 bytes of memory, not 113); anything else as it is."""
    try:
        # Only the kit's own lower-case form: what is read back must be the very text recorded.
        return bytes.fromhex(digest) if len(digest) == 64 and digest == digest.lower() else digest
    except ValueError:
        return digest


class OutputConflict(ScommError, RuntimeError):
    """The kit cannot put a file in its output folder: a file it did not write (or one edited
    since) is in the way, or the folder cannot be written. The message is one sentence."""


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Turn an OSError while writing ``path`` (a read-only or full disk, a file where a folder
    should be) into an ``OutputConflict`` naming it."""
    try:
        yield
    except OSError as exc:
        raise OutputConflict(
            f"{path} cannot be written ({exc.strerror or exc}); choose another --out."
        ) from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def conflict_message(path: Path, state: str) -> str:
    """The one sentence a refusal prints: the file, why, and the flag that allows replacing it."""
    if path.is_dir() and not path.is_symlink():
        return f"{path} is a folder where scomm would write a file; move it away or choose another --out."
    why = (
        "was written by scomm but has been changed since" if state == CHANGED else "was not written by scomm"
    )
    return f"{path} {why}; move it away, choose another --out, or pass {FORCE_FLAG} to replace it."


def write_beside(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file in ``target``'s folder; return its path.

    Unlike ``durable.replace`` (which the manifest goes through) nothing is fsync-ed: every
    output can be made again, and an fsync per file costs 3-4 ms here, a second for a class of 300.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name keeps the suffix: papermill and nbformat expect a notebook to end in .ipynb.
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except OSError:
        Path(name).unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
    return Path(name)


def scratch_path(target: Path) -> Path:
    """A fresh name beside ``target`` (nothing is there yet) for a tool that writes the file itself."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.parent / f".{target.stem}.{uuid.uuid4().hex[:12]}.tmp{target.suffix}"


class OutputFolder:
    """A folder the kit writes into, with the manifest of what it wrote there.

    ``by`` names the command (it is recorded with each file); ``force`` lets the kit replace
    files it did not write (only those it writes: nothing else is ever deleted).
    """

    def __init__(self, root: Path, *, by: str, force: bool = False, adopt_identical: bool = False) -> None:
        self.root = Path(root)
        self.by = by
        self.force = force
        # Recording a file that already held the same bytes lets a later run replace it (release
        # wants that); the site does not, since with --out . such a file may be the kit's own source.
        self.adopt_identical = adopt_identical
        # rel -> its sha256 as 32 bytes, or (sha256, command) when another command wrote it: a
        # class's folder lists 100,000 files, and a dict or hex text per file was most of a run's memory.
        self._entries: dict[str, bytes | str | tuple[bytes | str, str | None]] = {}
        # Whether the manifest must be saved: a flag, not a copy to compare, since a class's
        # folder lists 100,000 files.
        self._changed = False

    # -- the manifest ------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def _load(self) -> None:
        try:
            body = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            files = body["files"]
        except (OSError, ValueError, KeyError, TypeError):
            files = {}  # no manifest (or a damaged one): nothing here is known to be the kit's
        self._entries = {
            k: self._pack(v["sha256"], v.get("by"))
            for k, v in (files.items() if isinstance(files, dict) else ())
            if isinstance(v, dict) and isinstance(v.get("sha256"), str)
        }
        self._changed = False

    def _save(self) -> None:
        rels = sorted(self._entries)
        durable.replace(self.manifest_path, manifest_lines((rel, self._entry(rel)) for rel in rels))

    def _pack(self, digest: str, by: str | None) -> bytes | str | tuple[bytes | str, str | None]:
        raw = _raw(digest)
        return raw if by == self.by else (raw, by)

    def _entry(self, rel: str) -> Entry | None:
        """``rel``'s entry as (sha256 in hex, command), or None when the manifest does not list it."""
        value = self._entries.get(rel)
        if value is None:
            return None
        raw, by = value if isinstance(value, tuple) else (value, self.by)
        return (raw.hex() if isinstance(raw, bytes) else raw, by)

    @contextlib.contextmanager
    def locked(self) -> Iterator[OutputFolder]:
        """Hold the folder's lock with the manifest read; save the manifest on the way out.

        The manifest is saved even when a write fails part-way, so every file already
        replaced stays known as the kit's own.
        """
        with unwritable(self.root):
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released when fd closes
            self._load()
            try:
                yield self
            finally:
                if self._changed:
                    with unwritable(self.manifest_path):
                        self._save()
        finally:
            os.close(fd)

    # -- what is in the way ------------------------------------------------------------------

    def state(self, rel: str, digest: str | None = None) -> str:
        """What is at ``rel`` now (one of NEW, OURS, SAME, CHANGED, FOREIGN); call it under ``locked``.

        ``digest`` is the sha256 of the bytes about to be written, when they are known.
        """
        path = self.root / rel
        if not path.exists() and not path.is_symlink():
            return NEW
        if path.is_symlink() or not path.is_file():
            return FOREIGN  # a folder or a link is never replaced
        current = file_sha256(path)
        if current == digest:
            return SAME
        recorded = (self._entry(rel) or (None, None))[0]
        if recorded is None:
            return FOREIGN
        return OURS if recorded == current else CHANGED

    def refuse(self, rel: str, state: str) -> None:
        """Raise ``OutputConflict`` for a file in the way, unless ``force`` allows replacing it."""
        if state not in BLOCKING or (self.force and self._replaceable(rel)):
            return
        raise OutputConflict(conflict_message(self.root / rel, state))

    def _replaceable(self, rel: str) -> bool:
        path = self.root / rel
        return path.is_symlink() or path.is_file()  # os.replace swaps a link itself, never its target

    def check(self, rels: Iterable[str]) -> None:
        """Refuse now, before any work, if a file the kit did not write is in the way of ``rels``."""
        rels = list(rels)
        if not self.root.is_dir():
            return
        with self.locked():
            for rel in rels:
                self.refuse(rel, self.state(rel))

    # -- writing -----------------------------------------------------------------------------

    def put(
        self, rel: str, data: bytes | Path, *, state: str | None = None, digest: str | None = None
    ) -> Path:
        """Move ``data`` (bytes, or a finished temporary file beside its place) to ``rel``; under ``locked``.

        ``digest`` and ``state`` are what the caller found just before, when it asked already.
        """
        target = self.root / rel
        temporary = data if isinstance(data, Path) else None
        digest = digest or (file_sha256(temporary) if temporary else sha256(data))
        try:
            state = state or self.state(rel, digest)
            self.refuse(rel, state)
        except OutputConflict:
            if temporary:
                temporary.unlink(missing_ok=True)
            raise
        if state == SAME:
            if temporary:
                temporary.unlink(missing_ok=True)
            if self.adopt_identical or rel in self._entries:
                self._record(rel, digest)
            return target
        try:
            with unwritable(target):
                target.parent.mkdir(parents=True, exist_ok=True)  # a finished file from elsewhere
                os.replace(temporary or write_beside(target, data), target)
        finally:
            if temporary:
                temporary.unlink(missing_ok=True)  # gone already when it was moved into place
        self._record(rel, digest)
        return target

    def _record(self, rel: str, digest: str) -> None:
        entry = self._pack(digest, self.by)
        if self._entries.get(rel) != entry:
            self._entries[rel] = entry
            self._changed = True

    def commit(self, files: Mapping[str, bytes | Path]) -> list[Path]:
        """Write every file, or none: every place is checked before the first is written."""
        with self.locked():
            found = {}  # rel -> (digest, state): each file is read and hashed once, not again to put it
            for rel, data in files.items():
                digest = file_sha256(data) if isinstance(data, Path) else sha256(data)
                found[rel] = (digest, self.state(rel, digest))
                try:
                    self.refuse(rel, found[rel][1])
                except OutputConflict:
                    for other in files.values():
                        if isinstance(other, Path):
                            other.unlink(missing_ok=True)
                    raise
            return [
                self.put(rel, data, digest=found[rel][0], state=found[rel][1]) for rel, data in files.items()
            ]

    def prune(self, keep: Iterable[str], *, under: str = "") -> list[Path]:
        """Delete files this command wrote earlier under ``under`` and does not write now.

        Only files still exactly as the kit wrote them go; an edited one stays (and is
        forgotten, so it is never replaced without ``--force``).
        """
        keep = set(keep)
        removed = []
        with self.locked():
            for rel in list(self._entries):
                entry = self._entry(rel)
                if rel in keep or entry[1] != self.by or not rel.startswith(under):
                    continue
                del self._entries[rel]
                self._changed = True
                path = self.root / rel
                if path.is_file() and not path.is_symlink() and file_sha256(path) == entry[0]:
                    path.unlink()
                    removed.append(path)
                    self._remove_empty_parents(path.parent)
        return removed

    def _remove_empty_parents(self, folder: Path) -> None:
        while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
