"""The course site's reference pages cut to the latest day any of its lessons is set at.

Each lesson on the site was executed at its own ``as_of``. The glossary, the bibliography and the
data download are shared by all of them, so they show what was public on the latest of those days
and nothing after: a site whose lessons stop in 2016 defines no form introduced in 2017, lists no
later document and offers no later row for download.
"""

from __future__ import annotations

import ast
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from scomm.course.layout import INJECTED_TAG, PARAMETERS_TAG
from scomm.course.layout import lesson as find_lesson
from scomm.course.opening import waiting
from scomm.course.param_dates import lesson_days
from scomm.course.params import Params, validate
from scomm.course.world import HORIZON, World
from scomm.exercises import opening


def as_of_of(notebook: Path) -> pd.Timestamp | None:
    """The ``as_of`` an executed notebook ran with (papermill's injected cell wins over the defaults)."""
    import nbformat

    found = None
    for cell in nbformat.read(notebook, as_version=4).cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code" and (PARAMETERS_TAG in tags or INJECTED_TAG in tags):
            found = _assigned(cell.source, "as_of") or found
    return pd.Timestamp(found) if found else None


def _assigned(source: str, name: str) -> str | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    value = None
    for node in tree.body:
        named = isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        )
        if named and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            value = node.value.value
    return value


def site_day(notebooks: Iterable[Path]) -> pd.Timestamp | None:
    """The latest ``as_of`` among the site's lessons, or ``None`` when none says."""
    days = [day for day in (as_of_of(path) for path in notebooks) if day is not None]
    return max(days) if days else None


def public(table: str, key: str, *, day: pd.Timestamp | None, data_dir: Path) -> set[str] | None:
    """The ``key`` values of ``table``'s rows public on ``day``; ``None`` (no cut) without a day."""
    if day is None:
        return None
    return set(World(day, data_dir=data_dir).table(table)[key].astype(str))


def copy_data(data_dir: Path, target: Path, *, day: pd.Timestamp | None, notes: Iterable[str] = ()) -> None:
    """The data download: the descriptor and each table of the package, cut to ``day`` as the
    lessons' ``World`` cuts them (the whole files when no lesson says its day), and the ``notes``
    (files of ``data_dir`` such as ``AUDIT.md``) as they are."""
    target.mkdir(parents=True, exist_ok=True)
    for name in notes:
        shutil.copyfile(data_dir / name, target / name)
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    if day is None:
        shutil.copyfile(data_dir / "datapackage.json", target / "datapackage.json")
    else:  # the copy describes the world up to the site's day: that is its horizon now
        package[HORIZON] = day.date().isoformat()
        package[f"{HORIZON}-description"] = (
            f"These tables are cut to what was public on {day.date().isoformat()}, the latest day a "
            "lesson on this course site is set at; rows made public later, and fields not known by "
            "then, are left out."
        )
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (target / "datapackage.json").write_text(text, encoding="utf-8", newline="\n")
    world = None if day is None else World(day, data_dir=data_dir)
    for resource in package["resources"]:
        written = target / resource["path"]
        if world is None:
            shutil.copyfile(data_dir / resource["path"], written)
        else:
            written.write_text(world.csv_text(resource["name"]), encoding="utf-8", newline="")


def waiting_on(day: pd.Timestamp | None) -> Callable[[str, str], str | None] | None:
    """What a student is told, on ``day``, in place of a lesson's exercise not open yet (``None`` once
    it is): the lesson's own note (``exercises.opening.closed``). ``None`` without a day.

    A day before the lesson's first (a site whose lessons all stop earlier) opens none of its
    questions: the note says so, as for any question resting on later records. A day after its
    last is taken as its last, the latest day the lesson can say anything about.

    >>> waiting_on(pd.Timestamp("2012-01-01"))("04_pep_transition", "l4-memo").split(";")[0]
    'This question rests on records made public after 1 January 2012'
    """
    if day is None:
        return None

    def note(lesson: str, exercise_id: str) -> str | None:
        item = find_lesson(lesson)
        first, last = lesson_days(item)
        if day.date() < first:  # validate refuses the day: the lesson cannot be set on it yet
            return waiting(Params(lesson=item, as_of=day), pd.Timestamp(first), "This question")
        return opening.closed(validate(lesson, as_of=min(day, pd.Timestamp(last))), exercise_id)

    return note
