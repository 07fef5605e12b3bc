"""How the kit marks SYNTHETIC data, and labels it wherever a student sees it.

Data the kit invents (bookings, cases) carries a flag: a frame has ``attrs["synthetic"]``, a module
that makes invented cases says ``SYNTHETIC = True``, an exercise built on invented cases has
``synthetic``. What shows such data puts ``LABEL`` first in its title or prompt (``labelled``), so
the label comes from the data's own flag, never from a caption someone remembered to write.

>>> import pandas as pd
>>> frame = mark(pd.DataFrame({"n": [1]}))
>>> is_synthetic(frame), is_synthetic(pd.DataFrame())
(True, False)
>>> labelled("What each set of rules asks for")
'SYNTHETIC: What each set of rules asks for'
>>> labelled("Predict both answers.", "an invented booking, not a real person")
'SYNTHETIC (an invented booking, not a real person): Predict both answers.'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: The word every synthetic chart, table and exercise shows first.
LABEL = "SYNTHETIC"


def mark(frame: Any) -> Any:
    """Flag ``frame`` (a DataFrame) as invented data and return it."""
    frame.attrs["synthetic"] = True
    return frame


def is_synthetic(data: object) -> bool:
    """Whether ``data`` (a DataFrame, or anything with ``attrs``) is flagged as invented."""
    attrs = getattr(data, "attrs", None)
    return isinstance(attrs, dict) and attrs.get("synthetic") is True


def labelled(text: str, what: str = "") -> str:
    """``text`` with the label first (and ``what`` the data is, in brackets)."""
    return f"{LABEL} ({what}): {text}" if what else f"{LABEL}: {text}"


def chart_frames(chart: object) -> Iterator[object]:
    """Every data frame an Altair chart holds, its layers' and sub-charts' included."""
    data = getattr(chart, "data", None)
    if data is not None and hasattr(data, "attrs"):
        yield data
    for part in ("layer", "hconcat", "vconcat", "concat"):
        for child in getattr(chart, part, None) or ():
            yield from chart_frames(child)
    inner = getattr(chart, "spec", None)
    if inner is not None and not isinstance(inner, dict):
        yield from chart_frames(inner)


def in_chart(chart: object) -> bool:
    """Whether any data an Altair chart shows is flagged as invented."""
    return any(is_synthetic(frame) for frame in chart_frames(chart))
