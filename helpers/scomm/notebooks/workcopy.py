"""Working copies of the lessons, for JupyterLab: a student's saves never touch a tracked notebook.

``make lab`` (``scomm lab``) opens the lessons from ``my-lessons/`` (ignored by git), not from
``notebooks/``: saving in JupyterLab edits the copy, so a later ``git pull`` never fails on a
changed lesson. ``refresh`` makes the copies:

- a lesson with no copy yet is copied;
- a copy the student never changed follows its lesson when the lesson changes;
- a copy the student changed is kept, and the new lesson is put beside it as
  ``<lesson>.new.ipynb``, and the message says so: nothing a student wrote is overwritten.

In a copy, each widget's stored output keeps only its text (the widget cannot be drawn
before its cell runs): JupyterLab shows that sentence instead of "model not found".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from scomm.course import durable
from scomm.course.layout import NOTEBOOK_DIR, ROOT, WIDGET_WAITING

WORK_DIR = ROOT / "my-lessons"
#: What each copy was made from: {copy name: sha256 of the copy as written}.
RECORD = ".scomm-copies.json"
NEW_SUFFIX = ".new.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Copy:
    """One lesson's working copy and what ``refresh`` did with it (``made``, ``updated``, ``kept``, ``beside``)."""

    path: Path
    action: str


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def without_widgets(text: str) -> str:
    """A notebook's JSON with each widget output reduced to its text (the placeholder sentence).

    >>> nb = {"cells": [{"cell_type": "code", "outputs": [{"output_type": "display_data",
    ...       "data": {WIDGET: {"model_id": "x"}, "text/plain": "VBox(children=())"}}]}]}
    >>> json.loads(without_widgets(json.dumps(nb)))["cells"][0]["outputs"][0]["data"]
    {'text/plain': 'Run this cell to use it (Run > Run All Cells runs the whole lesson).'}
    """
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET in data:
                del data[WIDGET]
                if "text/html" not in data:  # a lesson stored before placeholders: not its repr
                    data["text/plain"] = WIDGET_WAITING
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _record(folder: Path) -> dict[str, str]:
    try:
        found = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def refresh(lessons: list[Path], folder: Path = WORK_DIR) -> list[Copy]:
    """Make or update the working copy of each lesson in ``folder``; see the module's rules."""
    folder.mkdir(parents=True, exist_ok=True)
    record = _record(folder)
    done = []
    for lesson in lessons:
        wanted = without_widgets(lesson.read_text(encoding="utf-8")).encode()
        copy = folder / lesson.name
        action = _place(copy, wanted, record.get(lesson.name))
        if action in {"made", "updated"}:
            record[lesson.name] = _sha(wanted)
        done.append(Copy(copy.with_name(lesson.stem + NEW_SUFFIX) if action == "beside" else copy, action))
    durable.replace(folder / RECORD, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode())
    return done


def _place(copy: Path, wanted: bytes, made_as: str | None) -> str:
    if not copy.exists():
        durable.replace(copy, wanted)
        return "made"
    current = _sha(copy.read_bytes())
    if current == _sha(wanted):
        return "kept"
    if current == made_as:  # untouched since we wrote it: follow the lesson
        durable.replace(copy, wanted)
        return "updated"
    durable.replace(copy.with_name(copy.stem + NEW_SUFFIX), wanted)
    return "beside"


def summary(copies: list[Copy]) -> str:
    """One line per lesson a student should know about (a new copy, an update, a new version beside theirs)."""
    lines = []
    for c in copies:
        if c.action == "made":
            lines.append(f"Made your working copy {c.path.name} in {c.path.parent}/.")
        elif c.action == "updated":
            lines.append(f"Updated {c.path.name}: the lesson changed and you had not edited your copy.")
        elif c.action == "beside":
            lines.append(
                f"The lesson {c.path.name.removesuffix(NEW_SUFFIX)} changed since you edited your copy: "
                f"your copy is kept, and the new version is {c.path.name} beside it."
            )
    return "\n".join(lines)


def lessons(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The tracked lesson notebooks."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))
