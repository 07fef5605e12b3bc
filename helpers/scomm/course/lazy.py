"""Modules loaded when first used, not when imported: a lesson whose charts all come from the
chart cache never pays for Altair (0.4-1 s to import on a 2-core machine).

``module(name)`` is the standard library's lazy-import recipe (``importlib.util.LazyLoader``):
the module object is made and put in ``sys.modules`` at once, and its code runs on the first
attribute anyone reads from it, so ``import altair`` elsewhere, a student's own included, gets
the same module and loads it the same way. ``when_loaded`` runs a function as soon as the module
has really loaded (at once when it has already):

>>> colours = module("colorsys")
>>> colours.rgb_to_hsv(1.0, 0.0, 0.0)
(0.0, 1.0, 1.0)
>>> loaded("colorsys")
True
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from types import ModuleType

#: Modules made lazily and not loaded yet, with what to run once they are.
_waiting: dict[str, list[Callable[[], None]]] = {}


class _ThenLoader:
    """The module's own loader, then whatever ``when_loaded`` asked for; everything else is the loader's."""

    def __init__(self, loader: importlib.abc.Loader, name: str) -> None:
        self._loader = loader
        self._name = name

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        for then in _waiting.pop(self._name, []):
            then()

    def __getattr__(self, name: str) -> object:
        return getattr(self._loader, name)


def module(name: str) -> ModuleType:
    """``name``, imported now if nothing imported it yet, but loaded only when first used."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    spec.loader = importlib.util.LazyLoader(_ThenLoader(spec.loader, name))
    made = importlib.util.module_from_spec(spec)
    _waiting[name] = []
    sys.modules[name] = made
    spec.loader.exec_module(made)
    return made


def loaded(name: str) -> bool:
    """Whether ``name`` has really been loaded (a lazy module nobody has used yet has not)."""
    return name in sys.modules and name not in _waiting


def when_loaded(name: str, then: Callable[[], None]) -> None:
    """Run ``then`` once ``name`` has loaded: now if it has, else right after it does."""
    if name in _waiting:
        _waiting[name].append(then)
    else:
        then()
