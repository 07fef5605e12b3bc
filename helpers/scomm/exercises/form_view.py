"""One panel of the kit as one widget model: an exercise, a written answer, the submit button, the
detainer simulator, or a note standing in for a closed question.

``FormView`` is drawn by ``static/form.js`` in real HTML form controls (fieldsets with legends,
radio buttons, check boxes, drop-downs, text, number and date boxes, a button), with the notebook's
shortcuts kept off the focused control and one group per set of radio buttons (``static/parts.js``).
The kernel sees four things: ``spec`` (what to draw), ``value`` (the answer, one entry per
control), ``feedback`` (HTML under the button) and a press of the button:

>>> view = FormView({"kind": "submit", "button": "Submit"}, "scomm-submit", waiting="Run it.")
>>> view.on_press(lambda: setattr(view, "feedback", "pressed"))
>>> view.click()
>>> view.feedback, view._dom_classes
('pressed', ('scomm-panel', 'scomm-submit'))
>>> view._repr_mimebundle_()["text/plain"]
'Run it.'
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection

import anywidget
import traitlets

from scomm.exercises.controls import STATIC, WAITING, module


class OneView(anywidget.AnyWidget):
    """A panel as one model: named by ``classes``, answering the page's events, a sentence until its cell runs.

    A subclass declares ``_esm``, ``_css`` and ``_anywidget_id`` as traits. anywidget gives each new
    widget these three traits with ``add_traits``, and traitlets builds a new class for every such
    call: most of a panel's cost in the kernel (about 8 ms of its 13 ms). Declared once on the class,
    as anywidget would add them, they are not added again (``add_traits``).
    """

    def __init__(self, *classes: str, waiting: str = WAITING, **traits: object) -> None:
        # The classes go out with the model itself, not as one update message each after it.
        super().__init__(_dom_classes=("scomm-panel", *classes), **traits)
        self.waiting = waiting
        self._events: dict[str, Callable[[dict], None]] = {}
        self.on_msg(self._message)

    def add_traits(self, **traits: traitlets.TraitType) -> None:
        """Add only the traits the class does not declare."""
        new = {name: trait for name, trait in traits.items() if not self.has_trait(name)}
        if new:
            super().add_traits(**new)

    def on_event(self, event: str, handler: Callable[[dict], None]) -> None:
        """Call ``handler(content)`` when the page sends ``{"event": event, ...}``."""
        self._events[event] = handler

    def _message(self, _view: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and isinstance(content.get("event"), str):
            handler = self._events.get(content["event"])
            if handler is not None:  # anything else the page might send is ignored
                handler(content)

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        """Before the cell runs, the stored output is a sentence saying what is there, not a repr."""
        data, _metadata = super()._repr_mimebundle_(**kwargs)  # metadata is only for Colab
        data["text/plain"] = self.waiting
        data["text/html"] = f'<p class="scomm-waiting"><em>{html.escape(self.waiting)}</em></p>'
        return data


class FormView(OneView):
    """A panel drawn by ``static/form.js``; ``spec["kind"]`` says which (an exercise, ``written``, ``submit``, ``note``)."""

    _esm = traitlets.Unicode(module(STATIC / "form.js")).tag(sync=True)
    _css = traitlets.Unicode((STATIC / "panel.css").read_text(encoding="utf-8")).tag(sync=True)
    _anywidget_id = traitlets.Unicode("scomm.exercises.form_view.FormView").tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    value = traitlets.Any(None).tag(sync=True)
    feedback = traitlets.Unicode("").tag(sync=True)

    def __init__(self, spec: dict, *classes: str, waiting: str = WAITING, **traits: object) -> None:
        super().__init__(*classes, waiting=waiting, spec=spec, **traits)
        self._pressed: list[Callable[[], None]] = []
        self.on_event("press", self._press)

    def on_press(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when the panel's button is pressed (after ``value`` is set from the page)."""
        self._pressed.append(callback)

    def click(self) -> None:
        """Press the button, as the page does, with the answer as it stands."""
        for callback in self._pressed:
            callback()

    def _press(self, content: dict) -> None:
        if "value" in content:
            try:
                self.value = content["value"]
            except traitlets.TraitError:
                return  # a page that sends what this panel cannot hold is not answered
        self.click()


def chosen(raw: object, options: Collection[str]) -> str | None:
    """The option a drop-down (or a set of radio buttons) holds, if it offers it; else None, nothing chosen.

    >>> chosen("hold", ("hold", "decline")), chosen("<b>", ("hold",)), chosen(["hold"], ("hold",))
    ('hold', None, None)
    """
    return raw if isinstance(raw, str) and raw in options else None


class Shown:
    """A value a view holds in a synced ``trait``, or in one entry of it, read and set as ``.value``.

    ``key`` None: the whole trait (``form.feedback.value``, as the forms always had); an int: one
    entry of a list (a simulator control's part of the answer); a str: one entry of a dict (a
    reading's tag). A subclass says what the entry may hold: ``decode`` reads it, ``encode`` writes it.

    >>> view = FormView({"kind": "note"}, value=["a", "b"])
    >>> second = Shown(view, "value", 1)
    >>> second.value = "c"
    >>> view.value, second.value, Shown(view, "value", 5).value
    (['a', 'c'], 'c', None)
    """

    def __init__(self, view: OneView | None, trait: str, key: int | str | None = None) -> None:
        self._view, self._trait, self._key = view, trait, key

    def decode(self, raw: object) -> object:
        """The value of what the view holds."""
        return raw

    def encode(self, value: object) -> object:
        """What the view holds for ``value``."""
        return value

    def raw(self) -> object:
        """What the view holds, as the page sent it (None for an entry it lacks)."""
        held = getattr(self._view, self._trait)
        if self._key is None:
            return held
        if isinstance(held, dict):
            return held.get(self._key)
        listed = isinstance(held, list) and isinstance(self._key, int) and self._key < len(held)
        return held[self._key] if listed else None

    @property
    def value(self) -> object:
        return self.decode(self.raw())

    @value.setter
    def value(self, value: object) -> None:
        raw, held = self.encode(value), getattr(self._view, self._trait)
        if self._key is None:
            held = raw
        elif isinstance(self._key, str):
            held = {**held, self._key: raw}
        else:
            held = list(held) if isinstance(held, list) else []
            held += [None] * (self._key + 1 - len(held))
            held[self._key] = raw
        setattr(self._view, self._trait, held)


class Button:
    """A view's button as the kernel sees it: its label, and ``click()``, a press in the page."""

    def __init__(self, description: str, press: Callable[[], object]) -> None:
        self.description = description
        self._press = press

    def click(self) -> None:
        self._press()
