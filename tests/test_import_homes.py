"""Every kit name is imported from the module that defines it, not from one that re-exports it.

A module that imports a name only to hand it on (``definitions`` re-exporting the exercise kinds
for tests) hides where the name lives and ties its importers to a second module. The one way a
module may hand on a name it imports is its ``__all__``: a lesson's ``views`` lists the shared
views its notebook shows, and the notebook front lists its words.

The check parses the kit, its tests and benchmarks with ``ast``. It covers ``from scomm.x import
name`` and ``module.name`` where ``module`` was imported as a kit module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from test_architecture import PACKAGE, modules

ROOT = PACKAGE.parent.parent
IMPORTERS = (PACKAGE, ROOT / "tests", ROOT / "benchmarks")
#: Handed on on purpose, with the reason.
KEPT = {
    # A day in words is defined below ``timeline`` (``days``), and everything above writes days
    # through ``timeline.when``, as ARCHITECTURE.md places date formatting.
    ("scomm.course.timeline", "when"),
}


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for node in body:
        yield node
        if isinstance(node, ast.If | ast.Try):
            for part in (
                node.body,
                node.orelse,
                getattr(node, "finalbody", []),
                *getattr(node, "handlers", []),
            ):
                yield from _top_level(part.body if isinstance(part, ast.ExceptHandler) else part)


@cache
def handed_on(module: str) -> frozenset[str]:
    """Names ``module`` imports from the kit and does not list in ``__all__``: not its to give."""
    body = list(_top_level(_parse(modules()[module]).body))
    listed: set[str] = set()
    bound: set[str] = set()
    imported: set[str] = set()
    for node in body:
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("scomm")):
            imported.update(alias.asname or alias.name for alias in node.names)
        elif not isinstance(node, ast.Import | ast.ImportFrom):
            bound.update(
                n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            )
            bound.update(n.name for n in [node] if isinstance(n, ast.FunctionDef | ast.ClassDef))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            listed.update(ast.literal_eval(node.value))
    return frozenset(imported - bound - listed)


def _aliases(module: ast.Module) -> dict[str, str]:
    """Local names bound to kit modules: ``from scomm.course import data``, ``import scomm.x as y``."""
    found = {}
    for node in ast.walk(module):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scomm") and not node.level:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in modules():
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            found.update({a.asname: a.name for a in node.names if a.asname and a.name in modules()})
    return found


def _uses(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line, module, name) for every kit name ``path`` takes from a kit module."""
    module = _parse(path)
    aliases = _aliases(module)
    for node in ast.walk(module):
        if isinstance(node, ast.ImportFrom) and (node.module or "") in modules() and not node.level:
            yield from ((node.lineno, node.module, alias.name) for alias in node.names)
        elif (
            isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
        ):
            yield node.lineno, aliases[node.value.id], node.attr


def test_the_check_sees_the_kit_its_tests_and_benchmarks() -> None:
    files = [path for folder in IMPORTERS for path in folder.rglob("*.py")]
    assert len(files) > 250 and sum(1 for path in files for _ in _uses(path)) > 2000
    assert "Exercise" not in handed_on("scomm.exercises.base")  # defined there, never handed on


def test_no_name_is_imported_from_a_module_that_only_hands_it_on() -> None:
    second_hand = [
        f"{path.relative_to(ROOT)}:{line}: {name} from {module}"
        for folder in IMPORTERS
        for path in sorted(folder.rglob("*.py"))
        for line, module, name in _uses(path)
        if name in handed_on(module) and (module, name) not in KEPT
    ]
    assert second_hand == [], "import these from the module that defines them:\n" + "\n".join(second_hand)
