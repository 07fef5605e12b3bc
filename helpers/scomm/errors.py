"""The one base of every refusal the kit makes: a bad parameter, a corrupt data row, a roster it
cannot read, a submission it will not grade, a file in the way.

Each refusal is one sentence that names the value, what is allowed and how to fix it. The
command line catches ``ScommError`` once and prints that sentence; IPython shows it to a
student without a traceback:

>>> class DemoError(ScommError, ValueError):
...     '''A demo refusal.'''
>>> problem = DemoError("Parameter colour: the kit does not know it (allowed: focus, as_of)")
>>> problem._render_traceback_()
['DemoError: Parameter colour: the kit does not know it (allowed: focus, as_of)']
>>> isinstance(problem, ValueError)  # callers that caught the builtin still catch it
True

A child keeps the builtin it replaced as a second base (``class ParameterError(ScommError,
ValueError)``), so code written against the builtin keeps working.
"""

from __future__ import annotations


class ScommError(Exception):
    """A refusal of the kit; ``str()`` is the one sentence to show, whatever the second base."""

    def __str__(self) -> str:
        # KeyError would quote its message; every refusal reads as the sentence it was given.
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a traceback: a student sees one sentence.
        return [f"{type(self).__name__}: {self}"]
