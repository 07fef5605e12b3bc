"""The ipywidgets controls of the kit's other panels (the simulator, the reading, the notes that stand
in for a closed question), usable from the keyboard in JupyterLab. Exercises, written answers and
the submit button are one widget each instead (``form_view``).

>>> box = panel([button("Check answer")], "scomm-demo")
>>> box._dom_classes
('scomm-panel', 'scomm-demo')
>>> note("Saved.", "success")
'<div role="status" class="scomm-note-success" style="color:#1b5e20">Saved.</div>'
>>> box._repr_mimebundle_()["text/plain"]
'Run this cell to use it (Run > Run All Cells runs the whole lesson).'
"""

from __future__ import annotations

import html
import pathlib
from collections.abc import Iterable

import anywidget
import ipywidgets as w

from scomm.course.layout import WIDGET_WAITING

NO_CHOICE = "(choose)"
STATIC = pathlib.Path(__file__).parent / "static"


class KeyboardSupport(anywidget.AnyWidget):
    """Invisible: makes the controls of the panel it sits in readable and usable from the keyboard.

    Its stylesheet (``static/panel.css``) lets option labels wrap in the full width instead of
    ipywidgets' 300 px, and keeps feedback colours readable in a dark theme.

    It keeps notebook shortcuts from taking the keys of radio buttons, drop-downs and buttons
    (ArrowDown would move to the next cell) and groups each set of radio buttons so Tab leaves
    the set and screen readers announce it with its question (``static/keyboard.js``).
    """

    _esm = STATIC / "keyboard.js"
    _css = STATIC / "panel.css"


WAITING = WIDGET_WAITING


class Panel(w.VBox):
    """A box of controls whose stored output, before the cell runs, is a sentence, not a repr."""

    waiting = WAITING

    def _repr_mimebundle_(self, **kwargs: object) -> dict | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle:  # None once closed
            bundle["text/plain"] = self.waiting
            bundle["text/html"] = f'<p class="scomm-waiting"><em>{html.escape(self.waiting)}</em></p>'
        return bundle


def dropdown(
    choices: Iterable[tuple[str, object]], description: str, *, blank: str = NO_CHOICE, **options: object
) -> w.Dropdown:
    """A drop-down whose first entry, ``blank`` (value None), is shown until a choice is made.

    ``index=0`` is explicit: with only ``value=None``, ipywidgets may leave the box empty, and
    a keyboard user's first ArrowDown then lands on ``blank`` instead of the first choice.
    """
    return w.Dropdown(options=[(blank, None), *choices], index=0, description=description, **options)


def button(description: str, **options: object) -> w.Button:
    """A button as wide as its label: ipywidgets' fixed width cuts longer labels short."""
    return w.Button(description=description, layout=w.Layout(width="auto"), **options)


def panel(children: list[w.Widget], *classes: str, waiting: str = WAITING) -> Panel:
    """A box of controls a keyboard user can operate in JupyterLab; ``classes`` name it for tests.

    ``waiting`` is what the cell's stored output says until the cell runs.
    """
    box = Panel([*children, KeyboardSupport(layout=w.Layout(display="none"))])
    box.waiting = waiting
    for name in ("scomm-panel", *classes):
        box.add_class(name)
    return box


def note(text: str, style: str = "info") -> str:
    """Feedback in a live region; an ``error`` (an answer not saved) is announced at once."""
    colours = {"info": "#0b5394", "success": "#1b5e20", "warning": "#8a4b00", "error": "#b00020"}
    role = "alert" if style == "error" else "status"
    weight = ";font-weight:bold" if style == "error" else ""
    # The class lets panel.css swap the colour for one readable on a dark theme.
    return (
        f'<div role="{role}" class="scomm-note-{style}" style="color:{colours[style]}{weight}">'
        f"{html.escape(text, quote=False)}</div>"
    )
