"""The course site's reference pages cut to the latest day any of its lessons is set at.

Each lesson on the site was executed at its own ``as_of``. The glossary and the bibliography are
shared by all of them, so they show what was public on the latest of those days and nothing after:
a site whose lessons stop in 2016 defines no form introduced in 2017 and lists no later document.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from scomm.course.layout import INJECTED_TAG, PARAMETERS_TAG
from scomm.course.world import World


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
