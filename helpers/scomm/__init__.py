"""scomm-kit: helpers behind the Secure Communities lessons.

Importing ``scomm`` changes nothing in your session: no themes, renderers, options or
warning filters are set. Submodules load on first use, so ``scomm.data.load("events")``
works after a bare ``import scomm``. Notebooks turn the course look on explicitly with
``scomm.charts.enable()``.
"""

from importlib import import_module

__version__ = "0.1.0"

#: Old names still reachable while the kit moves into packages (issue 12): name -> module.
_SUBMODULES = {
    "app": "scomm.app",
    "course": "scomm.course.layout",
    "data": "scomm.course.data",
    "params": "scomm.course.params",
    "timeline": "scomm.course.timeline",
    "figures": "scomm.figures",
    "mechanics": "scomm.policy.flow",
    "charts": "scomm.course.charts",
    "tables": "scomm.course.tables",
    "notes": "scomm.course.notes",
    "run": "scomm.run",
    "cli": "scomm.cli",
    "exercises": "scomm.exercises.definitions",
    "responses": "scomm.exercises.responses",
    "submissions": "scomm.exercises.submissions",
    "controls": "scomm.exercises.controls",
    "durable": "scomm.course.durable",
    "widgets": "scomm.exercises.widgets",
    "grading": "scomm.grading",
    "feedback": "scomm.feedback",
    "builds": "scomm.builds",
    "optout": "scomm.optout",
    "simulator": "scomm.simulator",
    "detainers": "scomm.policy.detainers",
    "caseload": "scomm.policy.caseload",
    "calibration": "scomm.policy.calibration",
    "holds": "scomm.holds",
    "pep": "scomm.pep",
    "sources": "scomm.sources.corpus",
    "annotations": "scomm.annotation.records",
    "annotator": "scomm.annotation.annotator",
    "classview": "scomm.annotation.classview",
    "annotation_report": "scomm.annotation_report",
    "site": "scomm.site",
    "world": "scomm.course.world",
    "processes": "scomm.course.processes",
    "outputs": "scomm.course.outputs",
    "csvfiles": "scomm.course.csvfiles",
}


def __getattr__(name: str):
    # PEP 562: import submodules lazily so `import scomm` stays cheap and side-effect free.
    if name in _SUBMODULES:
        return import_module(_SUBMODULES[name])
    raise AttributeError(f"module 'scomm' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SUBMODULES])
