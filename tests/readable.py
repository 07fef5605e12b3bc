"""What a reader sees of a page's charts and wide boxes, measured in Chromium (shared by browser tests).

A chart is a picture: its text is as large as the size it was drawn at (each ``<text>``'s
font size in the SVG) times how much the page scales the picture (its width on screen over
its drawn width). An ``<img>`` chart's SVG is read back from its ``data:`` address; a chart the
course site puts inline is read as it stands.
"""

from __future__ import annotations

#: The smallest text a reader must get, in CSS px.
SMALLEST = 11

#: Every chart on the page: its title, the smallest text as shown, and its scrolling region's state.
CHARTS = """(scope) => [...document.querySelectorAll(
    scope + ' img.scomm-chart, ' + scope + ' figure.scomm-chart svg')].filter(c => c.getClientRects().length).map(c => {
  let svg = c;
  let drawn = parseFloat(c.getAttribute('width'));
  if (c.tagName === 'IMG') {
    const bytes = Uint8Array.from(atob(c.src.split(',')[1]), ch => ch.charCodeAt(0));
    svg = new DOMParser().parseFromString(new TextDecoder().decode(bytes), 'image/svg+xml').documentElement;
    drawn = c.naturalWidth;
  }
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => parseFloat((t.closest('[font-size]') || t).getAttribute('font-size')));
  const scale = c.getBoundingClientRect().width / drawn;
  const region = c.closest('[role=region]');
  const cue = region && region.querySelector('.scomm-scroll-cue');
  const box = cue ? cue.getBoundingClientRect() : null;
  return {
    title: (svg.querySelector('title') || {textContent: '?'}).textContent.slice(0, 60),
    drawn_smallest: Math.min(...sizes),
    shown_smallest: Math.round(Math.min(...sizes) * scale * 10) / 10,
    scale: Math.round(scale * 1000) / 1000,
    over: region ? region.scrollWidth - region.clientWidth : 0,
    scrolls: !!region && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX)
      && region.tabIndex >= 0 && !!region.getAttribute('aria-label'),
    cue: box && box.height >= 12 && box.left >= 0 ? cue.innerText.trim() : '',
    cue_px: cue ? parseFloat(getComputedStyle(cue).fontSize) : 0,
    past_screen: Math.max(0, Math.round((region || c).getBoundingClientRect().right
      - document.documentElement.clientWidth)),
  };
})"""


def chart_problems(page, scope: str) -> list[str]:
    """What a reader cannot read of the page's charts at the viewport's width (already set).

    Every chart's text must come out at ``SMALLEST`` px or more; a chart wider than its box must
    scroll in a labelled region a keyboard reaches, with the cue line shown; a chart that fits
    shows no cue; nothing runs past the edge of the screen.
    """
    found = []
    charts = page.evaluate(CHARTS, scope)
    assert charts, "no chart on the page"
    for chart in charts:
        name = repr(chart["title"])
        if chart["shown_smallest"] < SMALLEST:
            found.append(
                f"{name}: text at {chart['shown_smallest']} px (drawn at {chart['drawn_smallest']} px, "
                f"shown at {chart['scale']:.0%})"
            )
        # The cue allows 2 px of rounding (scomm.course.scrolling).
        if chart["over"] > 2 and not (chart["scrolls"] and chart["cue"] and chart["cue_px"] >= SMALLEST):
            found.append(f"{name}: wider than its box, with no labelled scrolling region and cue")
        if chart["over"] <= 0 and chart["cue"]:
            found.append(f"{name}: fits, yet says to scroll sideways")
        if chart["past_screen"]:
            found.append(f"{name}: {chart['past_screen']} px past the edge of the screen")
    return found
