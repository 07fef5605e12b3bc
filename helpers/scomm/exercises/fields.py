"""The controls of a ``FormView`` as the kernel reads and sets them, each as ``.value``.

A panel that is not an exercise (the detainer simulator) lists its controls as fields; each
draws one entry of the view's ``spec["controls"]`` and holds one entry of its ``value``. The view
holds only what its controls allow (an option, a number or day in range). A part the page sends
that a control does not allow is refused, never moved into range: the part keeps its last good
value and the panel's feedback names the control, the value and what is allowed:

>>> view = bind([Choice("Jail:", [("Cook County, IL", "cook"), ("Harris County, TX", "harris")]),
...              Number("Felonies:", 0, 9), Flag("Gang flag")], {"kind": "simulator", "button": "Go"})
>>> jail, felonies, gang = view.fields
>>> jail.value, felonies.value, gang.value
('cook', 0, False)
>>> view.value = ["1", 42, True]  # as the page would send it
>>> jail.value, felonies.value, gang.value
('harris', 0, True)
>>> print(view.feedback)
<div role="alert" class="scomm-note-error" style="color:#b00020;font-weight:bold">Felonies: 42 is not allowed: a whole number from 0 to 9. It stays 0.</div>
"""

from __future__ import annotations

import math
from datetime import date

from scomm.course.days import when
from scomm.errors import ScommError
from scomm.exercises.controls import note
from scomm.exercises.form_view import FormView, Shown, chosen

SHOWN_CHARS = 40  # how much of a refused value a message repeats (a hand-edited page may send a lot)
#: What a panel says when the page sends something that is not one part for each control.
UNREAD = "The page sent an answer in a form the panel cannot read: nothing was changed. Run the cell again to redraw it."


class Refused(ScommError, ValueError):
    """A part of the page's answer its control does not allow; ``str()`` is the sentence to show."""


class Field(Shown):
    """One control: its ``spec`` entry, and ``value``, its entry of the view's answer (``bind``)."""

    def __init__(self, label: str) -> None:
        super().__init__(None, "value")
        self.label = label

    @property
    def spec(self) -> dict:
        raise NotImplementedError

    #: What the control allows, in words, for a refusal ("a whole number from 0 to 9").
    allowed = property(lambda self: "what the control offers")

    def decode(self, raw: object) -> object:
        """The value of what the page holds; ``Refused`` if the control does not allow it."""
        raise NotImplementedError

    def refuse(self, raw: object) -> Refused:
        """The refusal of ``raw``: this control's name, the value as the student gave it, what is allowed."""
        return Refused(f"{self.label.rstrip(':')}: {_shown(raw)} is not allowed: {self.allowed}.")

    def words(self, value: object) -> str:
        """``value`` as the control shows it, for a message."""
        return str(value)

    def initial(self) -> object:
        """The value the control opens with."""
        return self.decode(None)

    def raw(self) -> object:
        if self._view is None:  # not drawn (a fact shown in its place): what it would open with
            return self.encode(self.initial())
        return super().raw()


class Fact(Field):
    """A line of text among the controls: a fact of the booking that is not a choice (its value is None)."""

    spec = property(lambda self: {"type": "fact", "label": self.label})

    def decode(self, raw: object) -> None:
        return None


class Flag(Field):
    """A yes-or-no fact: one check box."""

    spec = property(lambda self: {"type": "flag", "label": self.label})

    allowed = property(lambda self: "ticked or not")

    def initial(self) -> bool:
        return False

    def decode(self, raw: object) -> bool:
        if not isinstance(raw, bool):
            raise self.refuse(raw)
        return raw

    def words(self, value: object) -> str:
        return "ticked" if value else "not ticked"

    def encode(self, value: object) -> bool:
        return bool(value)


class Number(Field):
    """A whole number from ``low`` to ``high``; anything else the page sends is refused."""

    def __init__(self, label: str, low: int, high: int) -> None:
        super().__init__(label)
        self.min, self.max = low, high

    spec = property(
        lambda self: {"type": "number", "label": self.label, "min": self.min, "max": self.max, "step": 1}
    )

    allowed = property(lambda self: f"a whole number from {self.min} to {self.max}")

    def initial(self) -> int:
        return self.min

    def decode(self, raw: object) -> int:
        number = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
        if not (number and raw == int(raw) and self.min <= raw <= self.max):
            raise self.refuse(raw)
        return int(raw)


class Day(Field):
    """A day no earlier than ``min`` and no later than ``max`` (either may be None: no limit)."""

    def __init__(self, label: str, value: date, low: date | None, high: date | None) -> None:
        super().__init__(label)
        self.first = value
        self.min, self.max = low, high

    def initial(self) -> date:
        return self.first

    @property
    def spec(self) -> dict:
        limits = {k: d.isoformat() for k, d in (("min", self.min), ("max", self.max)) if d is not None}
        return {"type": "date", "label": self.label, **limits}

    @property
    def allowed(self) -> str:
        low, high = (when(d, "day") if d is not None else None for d in (self.min, self.max))
        if low and high:
            return f"a day from {low} to {high}"
        return f"a day from {low} on" if low else f"a day up to {high}" if high else "a day"

    def decode(self, raw: object) -> date:
        try:
            day = date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            day = None
        late = day is not None and self.max is not None and day > self.max
        if day is None or (self.min is not None and day < self.min) or late:
            raise self.refuse(when(day, "day") if day is not None else raw)
        return day

    def encode(self, value: object) -> object:
        return value.isoformat() if isinstance(value, date) else value

    def words(self, value: object) -> str:
        return when(value, "day") if isinstance(value, date) else str(value)


class Choice(Field):
    """A drop-down of ``(words, value)`` options; with ``blank``, that entry (value None) comes first."""

    def __init__(self, label: str, options: list[tuple[str, object]], blank: str | None = None) -> None:
        super().__init__(label)
        self.options = tuple(options)
        self.blank = blank

    @property
    def spec(self) -> dict:
        # The page knows each option by its place: the kernel's values need not be strings.
        shown = [[words, str(n)] for n, (words, _value) in enumerate(self.options)]
        return {"type": "select", "label": self.label, "options": shown, "blank": self.blank}

    @property
    def allowed(self) -> str:
        return "one of " + "; ".join(words for words, _value in self.options)

    def initial(self) -> object:
        return None if self.blank is not None or not self.options else self.options[0][1]

    def decode(self, raw: object) -> object:
        keys = {str(n): value for n, (_words, value) in enumerate(self.options)}
        key = chosen(raw, keys)
        if key is None and not (raw is None and self.blank is not None):
            raise self.refuse(raw)
        return keys.get(key)

    def words(self, value: object) -> str:
        shown = [words for words, offered in self.options if offered == value]
        return shown[0] if shown else self.blank or str(value)

    def encode(self, value: object) -> str | None:
        for n, (_words, offered) in enumerate(self.options):
            if offered == value:
                return str(n)
        if value is None and self.blank is not None:
            return None
        allowed = ", ".join(repr(v) for _w, v in self.options)
        raise ValueError(f"{self.label} offers {allowed}; not {value!r}")


def _shown(raw: object) -> str:
    """A value as the student gave it, short: an empty box says so."""
    if raw is None or raw == "":
        return "an empty box"
    text = raw if isinstance(raw, str) else str(raw)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def bind(fields: list[Field], spec: dict, *classes: str, **traits: object) -> FormView:
    """One ``FormView`` drawing ``fields`` after what ``spec`` says; ``view.fields`` holds them.

    The view holds only what the fields allow: a part they refuse, sent by the page or set from
    Python, keeps its last good value, and the feedback says why. A press that carries a refused
    part is not answered (the student would read an answer to something other than what they set).
    """
    view = FormView({**spec, "controls": [f.spec for f in fields]}, *classes, **traits)
    for n, f in enumerate(fields):
        f._view, f._key = view, n
    view.value = [f.encode(f.initial()) for f in fields]
    view.fields = fields
    view.observe(lambda change: _take(view, change["new"], change["old"]), "value")
    view.on_event("press", lambda content: _press(view, content))
    return view


def _take(view: FormView, raw: object, held: list) -> bool:
    """Hold each part of ``raw`` its field allows, else the part ``held`` had; say what was refused."""
    if not isinstance(raw, list) or len(raw) != len(view.fields):  # not one part a control: none taken
        kept, refused = list(held), [UNREAD]
    else:
        kept, refused = [], []
        for f, part, good in zip(view.fields, raw, held, strict=True):
            try:
                f.decode(part)
                kept.append(part)
            except Refused as problem:
                kept.append(good)
                refused.append(f"{problem} It stays {f.words(f.decode(good))}.")
    if kept != view.value:
        view.value = kept
    if kept != raw:
        view.send_state("value")  # the page shows the good values again, whatever it sent
    if refused:
        view.feedback = note(" ".join(refused), "error")
    return not refused


def _press(view: FormView, content: dict) -> None:
    if "value" not in content or _take(view, content["value"], view.value):
        view.click()
