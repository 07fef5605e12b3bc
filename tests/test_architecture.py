"""The shape of the package, checked from its source: capability packages whose imports run one way.

Every module of ``helpers/scomm`` is parsed with ``ast``. The tests fail on an import cycle
(between modules or between packages), on an import that does not go down the floors, on a
``scomm`` import inside a function (the old way of hiding a cycle), on a module over 400 lines,
and on a refusal the kit raises that does not derive from ``ScommError``.

The floors, lowest first (``ARCHITECTURE.md``); a package imports only from floors below its own:

    errors < course < {policy, sources, exercises, notebooks} < {annotation, lessons, publish}
           < grading < {cli, front}
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import scomm
from scomm.errors import ScommError

PACKAGE = Path(scomm.__file__).parent
FLOORS = {
    "errors": 0,
    "course": 1,
    "policy": 2,
    "sources": 2,
    "exercises": 2,
    "notebooks": 2,
    "annotation": 3,
    "lessons": 3,
    "publish": 3,
    "grading": 4,
    "cli": 5,
    "front": 5,
}
MAX_LINES = 400
#: Loaded by Sphinx alone (importing sphinx has effects of its own); parsed like every other module.
NOT_IMPORTED = {"scomm.publish.book.extension"}


@dataclass(frozen=True)
class Import:
    """One import statement of a kit module that names another kit module."""

    source: str  # the importing module
    target: str  # the module imported
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"), filename=str(modules()[name]))


def package_of(name: str) -> str:
    """``scomm.course.data`` -> ``course``; ``scomm.front`` -> ``front``; the root is ``scomm``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "scomm"


def _targets(node: ast.Import | ast.ImportFrom, importer: str) -> list[str]:
    known = modules()
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    base = node.module or ""
    if node.level:  # a relative import: counted from the importing module's package
        here = importer.split(".") if modules()[importer].name == "__init__.py" else importer.split(".")[:-1]
        base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
    found = []
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        found.append(submodule if submodule in known else base)  # `from pkg import module` names the module
    return [target for target in found if target in known]


def _function_nodes(module: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
    return inside


@cache
def imports() -> tuple[Import, ...]:
    found = []
    for name in modules():
        module = tree(name)
        inside = _function_nodes(module)
        for node in ast.walk(module):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, name):
                    if target != name:
                        found.append(Import(name, target, node.lineno, id(node) in inside))
    return tuple(found)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of nodes that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [group for group in groups if len(group) > 1]


def _graph(key) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for item in imports():
        source, target = key(item.source), key(item.target)
        # Every module imports the root package first; the root itself imports nothing of the kit.
        if source != target and "scomm" not in (source, target):
            edges.setdefault(source, set()).add(target)
    return edges


# -- the tests ------------------------------------------------------------------------------------------


def test_the_checks_see_the_whole_package() -> None:
    assert len(modules()) > 60 and "scomm.course.layout" in modules()
    assert len(imports()) > 200


def test_every_package_stands_on_a_floor() -> None:
    assert {package_of(name) for name in modules()} - {"scomm"} == set(FLOORS)


def test_no_import_cycle_between_modules() -> None:
    assert cycles(_graph(lambda name: name)) == []


def test_no_import_cycle_between_packages() -> None:
    assert cycles(_graph(package_of)) == []


def test_imports_run_down_the_floors() -> None:
    upward = [
        f"{i.source}:{i.line} imports {i.target} ({package_of(i.source)} is on floor "
        f"{FLOORS[package_of(i.source)]}, {package_of(i.target)} on {FLOORS[package_of(i.target)]})"
        for i in imports()
        if "scomm" not in (package_of(i.source), package_of(i.target))
        and package_of(i.source) != package_of(i.target)
        and FLOORS[package_of(i.target)] >= FLOORS[package_of(i.source)]
    ]
    assert upward == []


def test_the_root_package_imports_nothing_of_the_kit() -> None:
    assert [i for i in imports() if i.source == "scomm"] == []


def test_no_scomm_import_hides_inside_a_function() -> None:
    hidden = [f"{i.source}:{i.line} imports {i.target}" for i in imports() if i.in_function]
    assert hidden == []


def test_every_module_can_be_read_in_one_sitting() -> None:
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def _imported() -> Iterator[object]:
    for name in modules():
        if name not in NOT_IMPORTED:
            yield importlib.import_module(name)


def test_every_error_class_of_the_kit_is_a_scomm_error() -> None:
    found = {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for module in _imported()
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseException) and cls.__module__.startswith("scomm")
    }
    assert len(found) >= 15
    assert [name for name, cls in found.items() if not issubclass(cls, ScommError)] == []


def _raised(name: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.Raise) and node.exc is not None:
            called = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            yield node.lineno, ast.unparse(called)


def _resolve(module: object, dotted: str) -> object:
    found: object = module
    for part in dotted.split("."):
        found = getattr(found, part, None)
    return found


def test_every_class_the_kit_raises_is_a_scomm_error() -> None:
    checked, wrong = 0, []
    for name in modules():
        if name in NOT_IMPORTED:
            continue
        module = importlib.import_module(name)
        for line, raised in _raised(name):
            cls = _resolve(module, raised)
            if inspect.isclass(cls) and cls.__module__.startswith("scomm"):
                checked += 1
                if not issubclass(cls, ScommError):
                    wrong.append(f"{name}:{line} raises {raised}")
    assert checked >= 40 and wrong == []


def test_a_refusal_is_one_sentence_under_its_builtin_too() -> None:
    from scomm.course.layout import UnknownLesson, lesson

    with pytest.raises(KeyError) as caught:
        lesson(9)
    assert isinstance(caught.value, UnknownLesson)
    assert str(caught.value).startswith("unknown lesson 9;")  # no quotes, as KeyError would add
    assert caught.value._render_traceback_() == [f"UnknownLesson: {caught.value}"]


def test_lessons_read_the_world_not_the_raw_tables() -> None:
    direct = [
        f"{i.source}:{i.line}"
        for i in imports()
        if i.source.startswith("scomm.lessons.") and i.target == "scomm.course.data"
    ]
    assert direct == []
