"""Check a notebook's outputs against the notebook schema once, when it is finished, not one by one.

nbclient builds each output a kernel sends with ``nbformat.v4.output_from_msg``, which checks that
one output against its part of the schema. nbformat checks a part with jsonschema (its fast
validator, fastjsonschema, only checks whole notebooks): about a millisecond an output, a fifth of
``scomm run``'s own work on a lesson beyond an empty notebook's. The kit runs notebooks inside
``each_output_unchecked``, which turns that per-output check off while they run (the only
monkeypatch the kit makes: ``nbformat.v4.nbbase.validate``, restored when the last run ends), and
then checks the finished notebook as a whole (``problem``): the same schema, every output, at once.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
>>> problem(nb) is None
True
>>> nb.cells[0].outputs.append({"output_type": "display_data", "data": {"text/plain": 5}, "metadata": {}})
>>> problem(nb)
'the finished notebook breaks the notebook schema: 5 is not valid under any of the given schemas'
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import nbformat
from nbformat.v4 import nbbase

_LOCK = threading.Lock()
#: How many runs are inside ``each_output_unchecked`` (on any thread), and the check they turned off.
_RUNNING: dict[str, object] = {"runs": 0, "check": None}


def _not_yet(node: object, ref: str | None = None) -> None:
    """Stands in for ``nbbase.validate`` while notebooks run: ``problem`` checks them when finished."""


@contextlib.contextmanager
def each_output_unchecked() -> Iterator[None]:
    """Within it, nbformat does not check each new output (or cell) as it is made; nested and
    threaded runs share one switch, turned back when the last one ends."""
    with _LOCK:
        if not _RUNNING["runs"]:
            _RUNNING["check"], nbbase.validate = nbbase.validate, _not_yet
        _RUNNING["runs"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _RUNNING["runs"] -= 1
            if not _RUNNING["runs"]:
                nbbase.validate = _RUNNING["check"]


def problem(nb: nbformat.NotebookNode) -> str | None:
    """What makes a finished notebook break the notebook schema, in a sentence; ``None`` if nothing."""
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as error:
        return f"the finished notebook breaks the notebook schema: {getattr(error, 'message', error)}"
    return None
