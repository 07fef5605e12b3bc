"""The calls a lesson's cells make whose results a student sees, made in-process on any day.

``shown_calls`` reads a lesson's notebook for ``scomm.show(…)``, ``v.…(p…)``,
``scomm.exercise(p, …)`` and ``scomm.explore(p)``; ``results`` makes them for a student at
``as_of`` and yields each expression with what it returned. Tests that check what a lesson
shows (labels of synthetic data, both sides of an argument) use the notebook's own calls, so a
view added to a lesson is checked without anyone listing it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache

import nbformat

import scomm
from scomm.course.layout import LESSONS

SHOWN = re.compile(
    r"^(?:scomm\.show\((?P<inner>.+)\)|(?P<call>v\.\w+\(p.*\)|scomm\.(?:exercise|explore)\(p.*\)))$"
)


@cache
def shown_calls(slug: str) -> tuple[str, ...]:
    """The expressions of a lesson's code cells whose results a student sees, in order."""
    nb = nbformat.read(next(i for i in LESSONS if i.slug == slug).notebook, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            match = SHOWN.match(line.strip())
            if match:
                expression = match.group("inner") or match.group("call")
                ast.parse(expression, mode="eval")  # a line the pattern misread fails here, loudly
                found.append(expression)
    return tuple(found)


def default_day(slug: str) -> str:
    """The ``as_of`` a lesson's parameter cell sets."""
    text = next(i for i in LESSONS if i.slug == slug).notebook.read_text(encoding="utf-8")
    return re.search(r"as_of = \\?\"([\d-]+)", text).group(1)


def results(slug: str, as_of: str, wanted: tuple[str, ...] | None = None) -> Iterator[tuple[str, object]]:
    """Each shown call of a lesson (or only those in ``wanted``) made as a student at ``as_of``."""
    p = scomm.start(slug, as_of=as_of, role="student", student_id="lesson-calls-check")
    namespace = {"scomm": scomm, "p": p, "v": scomm.views(p)}
    for expression in wanted if wanted is not None else shown_calls(slug):
        yield expression, eval(expression, namespace)  # the lesson's own cells, read from its notebook
