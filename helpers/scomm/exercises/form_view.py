"""One panel of the kit as one widget model: an exercise, a written answer or the submit button.

``FormView`` is drawn by ``static/form.js`` in real HTML form controls (fieldsets with legends,
radio buttons, check boxes, drop-downs, a text box, a button), with what the old keyboard helper
did built in: notebook shortcuts kept off the focused control, one group per set of radio buttons.
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
from collections.abc import Callable

import anywidget
import traitlets

from scomm.exercises.controls import STATIC, WAITING


class FormView(anywidget.AnyWidget):
    """A panel drawn by ``static/form.js``; ``spec["kind"]`` says which (an exercise, ``written``, ``submit``)."""

    # anywidget gives each new widget these three traits with ``add_traits``, and traitlets builds a
    # new class for every such call: most of a panel's cost in the kernel (about 8 ms of its 13 ms).
    # Declared once here, as anywidget would add them, they are not added again (``add_traits``).
    _esm = traitlets.Unicode((STATIC / "form.js").read_text(encoding="utf-8")).tag(sync=True)
    _css = traitlets.Unicode((STATIC / "panel.css").read_text(encoding="utf-8")).tag(sync=True)
    _anywidget_id = traitlets.Unicode("scomm.exercises.form_view.FormView").tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    value = traitlets.Any(None).tag(sync=True)
    feedback = traitlets.Unicode("").tag(sync=True)

    def __init__(self, spec: dict, *classes: str, waiting: str = WAITING, **traits: object) -> None:
        super().__init__(spec=spec, **traits)
        self.waiting = waiting
        self._pressed: list[Callable[[], None]] = []
        self.on_msg(self._message)
        for name in ("scomm-panel", *classes):
            self.add_class(name)

    def add_traits(self, **traits: traitlets.TraitType) -> None:
        """Add only the traits the class does not declare (see ``_esm``)."""
        new = {name: trait for name, trait in traits.items() if not self.has_trait(name)}
        if new:
            super().add_traits(**new)

    def on_press(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when the panel's button is pressed (after ``value`` is set from the page)."""
        self._pressed.append(callback)

    def click(self) -> None:
        """Press the button, as the page does, with the answer as it stands."""
        for callback in self._pressed:
            callback()

    def _message(self, _view: object, content: object, _buffers: object) -> None:
        if not isinstance(content, dict) or content.get("event") != "press":
            return  # nothing else is sent by the page; anything else is ignored
        if "value" in content:
            try:
                self.value = content["value"]
            except traitlets.TraitError:
                return  # a page that sends what this panel cannot hold is not answered
        self.click()

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        """Before the cell runs, the stored output is a sentence saying what is there, not a repr."""
        data, _metadata = super()._repr_mimebundle_(**kwargs)  # metadata is only for Colab
        data["text/plain"] = self.waiting
        data["text/html"] = f'<p class="scomm-waiting"><em>{html.escape(self.waiting)}</em></p>'
        return data


class Shown:
    """One text of a view, read and set as ``.value`` (``form.feedback.value``, as the forms always had)."""

    def __init__(self, view: FormView, trait: str) -> None:
        self._view, self._trait = view, trait

    @property
    def value(self) -> str:
        return getattr(self._view, self._trait)

    @value.setter
    def value(self, text: str) -> None:
        setattr(self._view, self._trait, text)


class Button:
    """A view's button as the kernel sees it: its label, and ``click()``, a press in the page."""

    def __init__(self, view: FormView) -> None:
        self._view = view
        self.description: str = view.spec["button"]

    def click(self) -> None:
        self._view.click()
