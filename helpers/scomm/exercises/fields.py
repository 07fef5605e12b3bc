"""The controls of a ``FormView`` as the kernel reads and sets them, each as ``.value``.

A panel that is not an exercise (the detainer simulator) lists its controls as fields; each
draws one entry of the view's ``spec["controls"]`` and holds one entry of its ``value``. Whatever the
page sends, a field reads back only what its control offers (an option, a number or day in range):

>>> view = bind([Choice("Jail:", [("Cook County, IL", "cook"), ("Harris County, TX", "harris")]),
...              Number("Felonies:", 0, 9), Flag("Gang flag")], {"kind": "simulator", "button": "Go"})
>>> jail, felonies, gang = view.fields
>>> jail.value, felonies.value, gang.value
('cook', 0, False)
>>> view.value = ["1", 42, True]  # as the page would send it
>>> jail.value, felonies.value, gang.value
('harris', 9, True)
"""

from __future__ import annotations

import math
from datetime import date

from scomm.exercises.form_view import FormView


class Field:
    """One control: its ``spec`` entry, and ``value`` read from (and written to) its view's answer."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._view: FormView | None = None
        self._index = 0

    @property
    def spec(self) -> dict:
        raise NotImplementedError

    def decode(self, raw: object) -> object:
        """The value of what the page holds (anything a page may send) as the control allows it."""
        raise NotImplementedError

    def encode(self, value: object) -> object:
        """What the page holds for ``value``."""
        return value

    def initial(self) -> object:
        """The value the control opens with."""
        return self.decode(None)

    @property
    def value(self) -> object:
        held = self._view.value if self._view is not None else None
        raw = held[self._index] if isinstance(held, list) and self._index < len(held) else None
        return self.decode(raw)

    @value.setter
    def value(self, value: object) -> None:
        assert self._view is not None, "bind() the field to a view first"
        held = list(self._view.value) if isinstance(self._view.value, list) else []
        held += [None] * (self._index + 1 - len(held))
        held[self._index] = self.encode(value)
        self._view.value = held


class Fact(Field):
    """A line of text among the controls: a fact of the booking that is not a choice (its value is None)."""

    spec = property(lambda self: {"type": "fact", "label": self.label})

    def decode(self, raw: object) -> None:
        return None


class Flag(Field):
    """A yes-or-no fact: one check box."""

    spec = property(lambda self: {"type": "flag", "label": self.label})

    def decode(self, raw: object) -> bool:
        return raw is True

    def encode(self, value: object) -> bool:
        return bool(value)


class Number(Field):
    """A whole number from ``low`` to ``high``; anything else the page sends is brought into range."""

    def __init__(self, label: str, low: int, high: int) -> None:
        super().__init__(label)
        self.min, self.max = low, high

    spec = property(
        lambda self: {"type": "number", "label": self.label, "min": self.min, "max": self.max, "step": 1}
    )

    def decode(self, raw: object) -> int:
        number = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
        whole = int(raw) if number and raw == int(raw) else 0  # a fraction or anything else: none
        return min(max(whole, self.min), self.max)

    def encode(self, value: object) -> int:
        return self.decode(value)


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

    def decode(self, raw: object) -> date | None:
        try:
            day = date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            return None  # not a day: as if none were chosen
        if day is not None and self.min is not None and day < self.min:
            return self.min  # as the date picker did: a day before the first is the first
        if day is not None and self.max is not None and day > self.max:
            return self.max
        return day

    def encode(self, value: object) -> str | None:
        return value.isoformat() if isinstance(value, date) else None


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

    def decode(self, raw: object) -> object:
        keys = {str(n): value for n, (_words, value) in enumerate(self.options)}
        if raw in keys:
            return keys[raw]
        return None if self.blank is not None or not self.options else self.options[0][1]

    def encode(self, value: object) -> str | None:
        for n, (_words, offered) in enumerate(self.options):
            if offered == value:
                return str(n)
        if value is None and self.blank is not None:
            return None
        allowed = ", ".join(repr(v) for _w, v in self.options)
        raise ValueError(f"{self.label} offers {allowed}; not {value!r}")


def bind(fields: list[Field], spec: dict, *classes: str, **traits: object) -> FormView:
    """One ``FormView`` drawing ``fields`` after what ``spec`` says; ``view.fields`` holds them."""
    view = FormView({**spec, "controls": [f.spec for f in fields]}, *classes, **traits)
    first = []
    for n, f in enumerate(fields):
        f._view, f._index = view, n
        first.append(f.encode(f.initial()))
    view.value = first
    view.fields = fields
    return view
