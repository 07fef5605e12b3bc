"""Which views module belongs to which lesson: what ``scomm.views(p)`` hands a notebook.

Only the lesson's own views are imported: a lesson does not pay for the other three.

>>> from scomm.course.params import validate
>>> views(validate("03_detainer_law")).__name__
'scomm.lessons.detainer_law.views'
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from scomm.course.params import Params

#: Each lesson's views module, by the lesson's name (``Lesson.name``).
VIEWS: dict[str, str] = {
    name: f"scomm.lessons.{name}.views"
    for name in ("program_mechanics", "opt_out_dispute", "detainer_law", "pep_transition")
}


def views(p: Params) -> ModuleType:
    """The views module of the lesson ``p`` was validated for: ``v = views(p)``, then ``v.status(p)``."""
    return import_module(VIEWS[p.kit_lesson.name])
