"""scomm-kit: helpers behind the Secure Communities lessons.

A lesson notebook uses only the words in ``__all__`` (the notebook front, ``scomm.front``)::

    import scomm

    p = scomm.start("01_program_mechanics", focus=focus, as_of=as_of, role=role, level=level,
                    student_id=student_id, seed=seed)
    v = scomm.views(p)
    scomm.show(v.flow_chart(p))

Importing ``scomm`` changes nothing in your session and loads nothing else: each word is
looked up in ``scomm.front`` the first time it is used, and only ``start`` switches on the
course's chart look. The packages below are the kit itself (``scomm.course``, ``scomm.policy``,
``scomm.sources``, ``scomm.exercises``, ``scomm.notebooks``, ``scomm.annotation``,
``scomm.lessons``, ``scomm.publish``, ``scomm.grading``, ``scomm.cli``).
"""

from importlib import import_module

__version__ = "0.1.0"

__all__ = [
    "annotate",
    "discussion",
    "exercise",
    "explore",
    "glossary",
    "narrative",
    "note",
    "show",
    "start",
    "submit_button",
    "views",
]


def __getattr__(name: str):
    # PEP 562: the front is imported on first use, so `import scomm` stays cheap and side-effect free.
    if name in __all__:
        return getattr(import_module("scomm.front"), name)
    raise AttributeError(f"module 'scomm' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
