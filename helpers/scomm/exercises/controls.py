"""What every panel of the kit shares: its waiting sentence, the feedback note, and the front-end code.

Each panel is one widget model drawn by one ES module (``form_view.FormView``: exercises, written
answers, the submit button, the detainer simulator; ``scomm.annotation.reading_view.ReadingView``:
the reading). anywidget loads a widget's module from a string with nothing it can import, so the
controls both draw (``static/parts.js``) are put in front of each module's own file (``module``).

>>> note("Saved.", "success")
'<div role="status" class="scomm-note-success" style="color:#1b5e20">Saved.</div>'
>>> "function dropdown" in module(STATIC / "form.js")
True
"""

from __future__ import annotations

import html
import pathlib

from scomm.course.layout import WIDGET_WAITING

NO_CHOICE = "(choose)"
STATIC = pathlib.Path(__file__).parent / "static"
WAITING = WIDGET_WAITING


def module(*files: pathlib.Path) -> str:
    """The ES module of a panel: the shared controls (``static/parts.js``), then ``files`` in order."""
    return "\n".join(path.read_text(encoding="utf-8") for path in (STATIC / "parts.js", *files))


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
