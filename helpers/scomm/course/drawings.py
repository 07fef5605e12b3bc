"""Charts kept by what they are drawn from: showing a chart drawn before builds no Altair spec at all.

A chart view marked ``@drawn`` returns a ``Drawing`` instead of an Altair chart: the view and
what it was called with, not yet built. ``show`` asks it for its picture, which comes from the
chart cache when the same view was drawn from the same inputs before, and is built, drawn and
kept otherwise. The key (``Drawing.key``) is a hash of everything the picture is made from:

- the view (its module and name) and the kit's code (every file of ``scomm``: a change to a view,
  a chart builder, the course look or the rules they read gives new keys);
- the data files (``data.digest``: the world a lesson sees is cut from them by ``as_of``);
- the lesson's parameters a chart may read (lesson, jurisdiction, ``as_of``, role; never the
  student or their seed, so a class shares one drawing) and the view's own options;
- the drawing library's version.

On a hit nothing imports Altair (``scomm.course.lazy``); on a miss ``charts.drawn`` draws the
spec, through its own cache of drawings by spec. ``Drawing.chart()`` is the Altair chart itself,
for tests and for anyone who wants to change it::

    @drawn
    def flow_chart(p: Params) -> alt.LayerChart: ...

    show(flow_chart(p))              # the picture and its description, from the cache if drawn before
    flow_chart(p).chart()            # the Altair chart
    flow_chart(p).to_dict()          # its spec
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scomm.course import charts, data, digests, durable
from scomm.course.layout import cache_dir
from scomm.course.params import Params

#: Parameters a chart may depend on. The student's id and seed are left out on purpose: a chart
#: shows the world on a day, the same for every student, so a class shares one drawing of it.
KEYED_PARAMS = ("lesson", "jurisdiction_id", "jurisdiction", "as_of", "role")


def drawn(view: Callable[..., Any]) -> Callable[..., Drawing]:
    """Make a chart view ``view(p, **options)`` return a ``Drawing`` (options are keyword-only)."""

    @functools.wraps(view)
    def call(p: Params, **options: object) -> Drawing:
        return Drawing(view, p, tuple(sorted(options.items())))

    return call


@dataclass(frozen=True)
class Drawing:
    """One chart view called with a lesson's parameters: its picture, built only when not yet drawn."""

    view: Callable[..., Any]
    p: Params
    options: tuple[tuple[str, object], ...] = ()

    def chart(self) -> Any:
        """The Altair chart (built now, every time it is asked for)."""
        return self.view(self.p, **dict(self.options))

    def to_dict(self, **kwargs: object) -> dict:
        """The chart's Vega-Lite spec (``chart().to_dict``)."""
        return self.chart().to_dict(**kwargs)

    def key(self) -> str:
        """The hash of everything the picture is made from (see the module's docstring)."""
        p = self.p
        inputs = {
            "view": f"{self.view.__module__}.{self.view.__qualname__}",
            "code": digests.code_digest(),
            "data": data.digest(),
            "params": {name: _plain(getattr(p, name)) for name in KEYED_PARAMS},
            "options": [[name, _plain(value)] for name, value in self.options],
            "drawing": charts.drawing_version(),
        }
        return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def entry(self) -> dict:
        """``{"bundle": ..., "title": ..., "description": ...}``: read from the cache, else built, drawn and kept."""
        folder = cache_dir("drawings")
        path = None if folder is None else folder / f"{self.key()}.json"
        return durable.kept_json(path, lambda: charts.drawn(self.chart()), _whole)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> tuple[dict, dict]:
        # A bare `v.flow_chart(p)` as a cell's last line shows the picture too.
        entry = self.entry()
        return entry["bundle"], charts.title_metadata(entry["title"])


def show(item: Drawing | Any) -> None:
    """Display a ``Drawing`` or an Altair chart, with its text description under it."""
    charts.show_drawn(item.entry() if isinstance(item, Drawing) else charts.drawn(item))


def _plain(value: object) -> object:
    """A parameter as JSON: a lesson by its name, a day as ISO text."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "slug"):
        return value.slug
    return value if value is None or isinstance(value, str | int | float | bool) else repr(value)


def _whole(entry: dict) -> bool:
    """Whether a kept drawing has what a view shows: its bundle and its title."""
    return isinstance(entry.get("bundle"), dict) and "title" in entry
