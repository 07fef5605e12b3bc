"""Which views module belongs to which lesson: what ``scomm.views(p)`` hands a notebook.

>>> from scomm.course.params import validate
>>> views(validate("03_detainer_law")).__name__
'scomm.lessons.detainer_law.views'
"""

from __future__ import annotations

from types import ModuleType

from scomm.course.params import Params
from scomm.lessons.detainer_law import views as detainer_law
from scomm.lessons.opt_out_dispute import views as opt_out_dispute
from scomm.lessons.pep_transition import views as pep_transition
from scomm.lessons.program_mechanics import views as program_mechanics

#: Each lesson's views, by the lesson's name (``Lesson.name``).
VIEWS: dict[str, ModuleType] = {
    "program_mechanics": program_mechanics,
    "opt_out_dispute": opt_out_dispute,
    "detainer_law": detainer_law,
    "pep_transition": pep_transition,
}


def views(p: Params) -> ModuleType:
    """The views module of the lesson ``p`` was validated for: ``v = views(p)``, then ``v.status(p)``."""
    return VIEWS[p.kit_lesson.name]
