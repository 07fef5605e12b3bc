"""A box that scrolls sideways when its content is wider than the page, and says so only then.

Tables and charts are shown at a size a reader can read (a chart at its drawn size, a table
with every word whole), so on a phone they are wider than the page. Each sits in its own
scrolling box instead of widening the page or being shrunk out of reading.
"""

from __future__ import annotations

import html

#: The lines above a table or a chart wider than the page.
TABLE_CUE = "Scroll sideways to see every column"
CHART_CUE = "Scroll sideways to see the whole chart"

#: The cue's height when shown: one line of its text.
_CUE_LINE = "1.6em"
#: How much wider than its box the content may be with no cue (CSS px).
_SLACK = "2px"


def scrolling(inner: str, *, label: str, cue: str) -> str:
    """``inner`` (HTML) in a box that scrolls sideways when it is wider than the page, saying so then.

    The box is a region a keyboard user reaches with Tab and scrolls with the arrow keys, and a
    screen reader announces by ``label`` (WCAG 2.1.1, 1.4.10). Above the content, ``cue`` is
    shown only while the content is wider than the box, worked out by CSS alone (no script, so
    it holds in a stored output, Voilà and the static site): the cue's height is its line times
    how far its row (as wide as the content) is wider than the box (``100cqw``) by more than
    2 px, clamped to 0 or one line. It stays at the box's left edge while the content scrolls. Screen readers skip
    it: a table or picture is read whole, not scrolled.

    >>> framed = scrolling("<table></table>", label="Counts", cue="Scroll sideways")
    >>> 'role="region" tabindex="0" aria-label="Counts"' in framed and "Scroll sideways →" in framed
    True
    """
    # More than 2 px wider: a table a fraction of a pixel too wide (rounding) is not a table to scroll.
    shown = f"padding-top: clamp(0px, (100% - 100cqw - {_SLACK}) * 1000, {_CUE_LINE})"
    cue_box = (
        f'<div class="scomm-scroll-cue" aria-hidden="true" style="position: sticky; left: 0; '
        f'width: 100cqw; height: 0; overflow: hidden; font-size: 0.875rem; font-style: italic; {shown}">'
        f'<span style="position: absolute; top: 0; left: 0; white-space: nowrap; line-height: {_CUE_LINE}">'
        f"{html.escape(cue)} →</span></div>"
    )
    return (
        f'<div class="scomm-scroll" role="region" tabindex="0" aria-label="{html.escape(label)}" '
        'style="overflow-x: auto; container-type: inline-size">'
        f'<div class="scomm-scroll-content" style="width: fit-content; min-width: 100%">{cue_box}{inner}</div>'
        "</div>"
    )
