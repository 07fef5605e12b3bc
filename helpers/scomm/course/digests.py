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

import functools
import hashlib
from pathlib import Path

#: The kit's own code (``helpers/scomm``): its modules, exercise sets, readings, templates.
CODE_DIR = Path(__file__).resolve().parents[1]
#: Files that never change what is made from a folder.
_IGNORED = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def digest_files(folder: Path) -> str:
    """sha256 over every file under ``folder`` (names and bytes, in a fixed order)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not _IGNORED & set(path.parts) and path.suffix != ".pyc":
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def folder_digest(folder: Path) -> str:
    """``digest_files``, read once per process (the kit's code is about 2 MB: a few hundredths of a second)."""
    return digest_files(folder)


def code_digest() -> str:
    """The hash of the kit's code: anything made by the kit's code is keyed by it."""
    return folder_digest(CODE_DIR)
