"""scomm-kit: helpers behind the Secure Communities lessons.

Importing ``scomm`` changes nothing in your session: no themes, renderers, options or
warning filters are set. Submodules load on first use, so ``scomm.data.load("events")``
works after a bare ``import scomm``. Notebooks turn the course look on explicitly with
``scomm.charts.enable()``.
"""

from importlib import import_module

__version__ = "0.1.0"

_SUBMODULES = {
    "app",
    "course",
    "data",
    "params",
    "timeline",
    "figures",
    "mechanics",
    "charts",
    "tables",
    "notes",
    "run",
    "cli",
    "exercises",
    "responses",
    "durable",
    "widgets",
    "grading",
    "feedback",
    "builds",
    "optout",
    "simulator",
    "detainers",
    "caseload",
    "holds",
    "pep",
    "sources",
    "annotations",
    "annotator",
    "classview",
    "annotation_report",
    "site",
    "world",
    "processes",
    "outputs",
    "csvfiles",
}


def __getattr__(name: str):
    # PEP 562: import submodules lazily so `import scomm` stays cheap and side-effect free.
    if name in _SUBMODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'scomm' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SUBMODULES])
