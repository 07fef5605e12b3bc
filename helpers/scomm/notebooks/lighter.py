"""What ``scomm run`` spares the libraries it drives while notebooks run: three switches, each
documented here, tested in ``tests/notebooks/test_run_kernel.py``, and turned back when the last run ends.

- **Outputs checked once, when the notebook is finished.** nbclient builds each output a kernel
  sends with ``nbformat.v4.output_from_msg``, which checks that one output against its part of the
  schema with jsonschema (nbformat's fast validator only checks whole notebooks): about a
  millisecond an output. While notebooks run, ``nbformat.v4.nbbase.validate`` does nothing; the
  finished notebook is checked whole (``problem``): the same schema, every output, at once.
- **Dates read with the standard library.** jupyter_client reads the date in the header of every
  message with dateutil's ``isoparse`` (``jupyter_client.jsonutil._dateutil_parse``), and papermill
  the start time of every cell with dateutil's ``parse`` (``papermill.engines.dateutil``): about
  0.1 and 0.5 ms each, for some 300 messages and 50 cells a lesson. Both read what
  ``datetime.isoformat`` wrote, which ``datetime.fromisoformat`` reads back exactly in about a
  microsecond (``iso_first``); a string it cannot read still goes to dateutil.

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
from collections.abc import Callable, Iterator
from datetime import datetime
from types import SimpleNamespace

import nbformat

_LOCK = threading.Lock()
#: How many runs are inside ``while_running`` (on any thread), and what the switches replaced.
_RUNNING: dict[str, object] = {"runs": 0, "replaced": []}


def iso_first(parse: Callable[..., datetime]) -> Callable[..., datetime]:
    """``parse``, trying ``datetime.fromisoformat`` first: what that reads is what ``parse`` reads.

    >>> import dateutil.parser
    >>> iso_first(dateutil.parser.parse)("2026-12-01T03:20:27.1Z").isoformat()
    '2026-12-01T03:20:27.100000+00:00'
    >>> iso_first(dateutil.parser.parse)("1 Dec 2026").date().isoformat()  # not ISO: dateutil reads it
    '2026-12-01'
    """

    def read(text: str, *args: object, **kwargs: object) -> datetime:
        if not args and not kwargs:
            with contextlib.suppress(TypeError, ValueError):
                return datetime.fromisoformat(text)
        return parse(text, *args, **kwargs)

    return read


def _not_yet(node: object, ref: str | None = None) -> None:
    """Stands in for ``nbbase.validate`` while notebooks run: ``problem`` checks them when finished."""


def _switches() -> list[tuple[object, str, Callable | SimpleNamespace]]:
    # Imported here, not at the top: papermill brings requests/urllib3, whose warning filters
    # would change a session that only imported scomm (tests/test_front.py).
    import dateutil.parser
    import jupyter_client.jsonutil
    import papermill.engines
    from nbformat.v4 import nbbase

    return [
        (nbbase, "validate", _not_yet),
        (jupyter_client.jsonutil, "_dateutil_parse", iso_first(jupyter_client.jsonutil._dateutil_parse)),
        (
            papermill.engines,
            "dateutil",
            # All of dateutil as papermill sees it, only parser.parse read ISO first: a papermill
            # that uses any other part of dateutil here still finds it.
            SimpleNamespace(
                **{
                    **vars(dateutil),
                    "parser": SimpleNamespace(
                        **{**vars(dateutil.parser), "parse": iso_first(dateutil.parser.parse)}
                    ),
                }
            ),
        ),
    ]


@contextlib.contextmanager
def while_running() -> Iterator[None]:
    """Within it, the three switches are on; nested and threaded runs share them, and they are
    turned back when the last run ends."""
    with _LOCK:
        if not _RUNNING["runs"]:
            replaced = []
            for module, name, stand_in in _switches():
                replaced.append((module, name, getattr(module, name)))
                setattr(module, name, stand_in)
            _RUNNING["replaced"] = replaced
        _RUNNING["runs"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _RUNNING["runs"] -= 1
            if not _RUNNING["runs"]:
                for module, name, original in _RUNNING["replaced"]:
                    setattr(module, name, original)


def problem(nb: nbformat.NotebookNode) -> str | None:
    """What makes a finished notebook break the notebook schema, in a sentence; ``None`` if nothing."""
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as error:
        return f"the finished notebook breaks the notebook schema: {getattr(error, 'message', error)}"
    return None
