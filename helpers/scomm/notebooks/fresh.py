"""Is a lesson build current? A content hash of everything the build is made from, kept in the build.

A build of a lesson depends on the lesson notebook, the kit's code (``helpers/scomm``: its
steps, charts, exercise sets, teaching notes), the data it reads and, for the instructor
build, the keys. ``inputs`` hashes each of these; ``scomm build`` stores the hashes in the
built notebook's metadata (``stamp``) and ``stale`` compares them with today's, naming what
changed, so ``build``, ``build --site`` and ``release`` rebuild exactly the lessons whose
inputs changed and say why:

>>> stale({"metadata": {}}, {"notebook": "a"})
'it was built before builds recorded their inputs'
>>> stale({"metadata": {"scomm": {"built_from": {"notebook": "a", "code": "b"}}}}, {"notebook": "a", "code": "c"})
"the kit's code changed"

Hashing reads the bytes of every file once per process (about 2 MB, a few hundredths of a second).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scomm.course.digests import CODE_DIR, folder_digest
from scomm.course.layout import DATA_DIR, KEYS_DIR

#: Where a build's inputs come from, by the name a message gives them.
WHAT = {
    "notebook": "the lesson notebook",
    "code": "the kit's code",
    "data": "the data",
    "keys": "the answer keys",
}


def inputs(notebook: Path, *, instructor: bool) -> dict[str, str]:
    """The hash of each input of one lesson's build (``keys`` only for the instructor build)."""
    found = {
        "notebook": hashlib.sha256(notebook.read_bytes()).hexdigest(),
        "code": folder_digest(CODE_DIR),
        "data": folder_digest(DATA_DIR),
    }
    if instructor:
        found["keys"] = folder_digest(KEYS_DIR)
    return found


def stamp(nb: Any, found: Mapping[str, str]) -> Any:
    """``nb`` with ``found`` (from ``inputs``) recorded in its metadata."""
    nb.metadata.setdefault("scomm", {})["built_from"] = dict(found)
    return nb


def stale(nb: Any, found: Mapping[str, str]) -> str:
    """Why the build ``nb`` is out of date against ``found``, in words; "" when it is current."""
    recorded = nb["metadata"].get("scomm", {}).get("built_from")
    if not isinstance(recorded, Mapping):
        return "it was built before builds recorded their inputs"
    changed = [WHAT.get(name, name) for name, value in found.items() if recorded.get(name) != value]
    if not changed:
        return ""
    return f"{' and '.join(changed)} changed" if len(changed) < 3 else f"{', '.join(changed)} changed"


def why_rebuild(built: Path, notebook: Path, *, instructor: bool) -> str:
    """Why ``built`` (a build of ``notebook``) must be made again; "" when it is current."""
    if not built.is_file():
        return "there is no build yet"
    try:  # plain JSON: only the metadata is read, and nbformat's validator costs seconds to import
        nb = json.loads(built.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        return f"the build could not be read ({problem})"
    if not isinstance(nb, dict) or not isinstance(nb.get("metadata"), dict):
        return "the build is not a notebook"
    return stale(nb, inputs(notebook, instructor=instructor))
