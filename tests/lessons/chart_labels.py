"""Do a chart's labels collide? Measured on the drawn SVG, in Chromium, for any chart of the kit.

The kit draws charts with vl-convert and stores the SVG in each lesson's outputs (and on the
course site). ``colliding_labels`` puts one SVG on a browser page and asks the browser where
every ``<text>`` is drawn: each label's box in its own coordinates (``getBBox``) carried
through its transforms (``getScreenCTM``), so a label rotated 45° is the rotated box it
really is, not the larger upright box around it. Labels a reader cannot see (Vega keeps the
tick labels its overlap rule drops, at opacity 0) are left out. Two labels collide when their
boxes share more than a sliver (``SLACK`` px on every side is forgiven: fonts' boxes include
line gap).

Use it from any test that has a Playwright ``page``::

    from chart_labels import colliding_labels, stored_charts

    for cell, svg in stored_charts("02_opt_out_dispute"):
        assert colliding_labels(page, svg) == [], f"cell {cell}"
"""

from __future__ import annotations

from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
#: Pixels forgiven on every side of a label's box before two boxes count as overlapping.
SLACK = 1.0

_BOXES = """() => {
  const svg = document.querySelector('svg');
  // Vega keeps the labels its overlap rule drops, at opacity 0: a reader never sees them.
  const seen = t => {
    for (let el = t; el && el !== svg.parentElement; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0
          || Number(style.fillOpacity) === 0) return false;
    }
    return true;
  };
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && seen(t)).map(t => {
    const box = t.getBBox(), m = t.getScreenCTM();
    const corner = (x, y) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f];
    return {
      text: t.textContent.trim().slice(0, 60),
      quad: [corner(box.x, box.y), corner(box.x + box.width, box.y),
             corner(box.x + box.width, box.y + box.height), corner(box.x, box.y + box.height)],
    };
  }).filter(label => label.quad.some(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
}"""


def stored_charts(lesson: str, folder: Path = NOTEBOOKS) -> list[tuple[int, str]]:
    """(cell number, SVG) for every chart in a lesson notebook's stored outputs."""
    nb = nbformat.read(folder / f"{lesson}.ipynb", as_version=4)
    return [
        (n, output["data"]["image/svg+xml"])
        for n, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "image/svg+xml" in output.get("data", {})
    ]


def _shrunk(quad: list[list[float]], by: float) -> list[tuple[float, float]]:
    """The quadrilateral moved ``by`` px towards its centre on every side (roughly: at its corners)."""
    cx = sum(x for x, _ in quad) / 4
    cy = sum(y for _, y in quad) / 4
    out = []
    for x, y in quad:
        dx, dy = cx - x, cy - y
        length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        step = min(by * 2**0.5, length)
        out.append((x + dx / length * step, y + dy / length * step))
    return out


def _separated(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """True when some edge direction of ``a`` or ``b`` separates them (separating axis theorem)."""
    for shape in (a, b):
        for i in range(len(shape)):
            (x1, y1), (x2, y2) = shape[i], shape[(i + 1) % len(shape)]
            nx, ny = y1 - y2, x2 - x1
            pa = [nx * x + ny * y for x, y in a]
            pb = [nx * x + ny * y for x, y in b]
            if max(pa) <= min(pb) or max(pb) <= min(pa):
                return True
    return False


def overlapping(labels: list[dict], slack: float = SLACK) -> list[str]:
    """Every pair of labels (``{"text", "quad"}``) whose boxes, less ``slack``, overlap.

    >>> box = lambda x, y: [[x, y], [x + 10, y], [x + 10, y + 5], [x, y + 5]]
    >>> overlapping([{"text": "a", "quad": box(0, 0)}, {"text": "b", "quad": box(5, 2)}])
    ["'a' and 'b' overlap"]
    >>> overlapping([{"text": "a", "quad": box(0, 0)}, {"text": "b", "quad": box(10.5, 0)}])
    []
    """
    quads = [_shrunk(label["quad"], slack) for label in labels]
    return [
        f"{labels[i]['text']!r} and {labels[j]['text']!r} overlap"
        for i in range(len(labels))
        for j in range(i + 1, len(labels))
        if not _separated(quads[i], quads[j])
    ]


def colliding_labels(page, svg: str) -> list[str]:
    """Every pair of text labels that overlap when ``svg`` is drawn in the browser ``page``."""
    page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
    page.evaluate("() => document.fonts.ready")
    return overlapping(page.evaluate(_BOXES))
