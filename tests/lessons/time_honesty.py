"""What a student sees in an executed lesson, and every date in it later than the lesson's ``as_of``.

Used by ``test_time_honest.py``: a lesson is executed as a student at a date, a last cell
(added to a temporary copy) prints the text of every widget the lesson made, and
``visible_text`` gathers that with the Markdown cells and every output a reader sees (text,
HTML, chart descriptions and labels). ``later_dates`` then finds each date or year after
``as_of``; source ids (``dhs-2014-scomm-memo``) are names, not dates, and are skipped.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

WIDGET_MARK = "SCOMM-WIDGET-TEXT:"

#: Appended to the lesson copy: makes the reading's annotator, then prints every string a widget shows.
WIDGET_DUMP = f'''
import json as _json
import scomm as _scomm
# The lesson's reading as the annotator shows it, in every lesson (lessons 1 and 4 have no
# annotation cell, but a teacher may add one), so its text is part of what is searched.
_reading = _scomm.annotate(p)
from ipywidgets.widgets.widget import _instances as _widgets

def _texts(value):
    # An exercise panel keeps what it draws in one dict ("spec"): its prompt, facts, options.
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "kind":  # which panel form.js draws ("single_choice"): never shown
                continue
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)

_seen = []
for _w in list(_widgets.values()):
    for _name in _w.keys:
        # Option labels are synced as "_options_labels": a drop-down's or radio list's choices.
        if (_name.startswith("_") and _name != "_options_labels") or _name in ("layout", "style", "tabbable", "tooltip_", "model_id"):
            continue
        _seen.extend(_texts(getattr(_w, _name, None)))
print("{WIDGET_MARK}" + _json.dumps(_seen))
'''

MONTHS = {calendar.month_name[i].lower(): i for i in range(1, 13)}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month_n>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<day>[0-3]?\d)\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    # A page of the Statutes at Large ("121 Stat. 2051") is not a year.
    re.compile(r"(?<![\w.,/-])(?<!Stat\. )(?:FY\s?)?(?P<year>(?:19|20)\d\d)(?![\w/-]|,\d|\.\d)"),
)


@dataclass(frozen=True)
class Leak:
    """One date or year a student would see that lies after the lesson's ``as_of``."""

    found: str
    context: str

    def __str__(self) -> str:
        return f"{self.found!r} in …{self.context}…"


def visible_text(nb: dict) -> list[str]:
    """Every piece of text a student reads in an executed notebook, widget text included."""
    texts: list[str] = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            texts.append(source)
        for output in cell.get("outputs", []):
            texts.extend(_output_text(output))
    return texts


def _output_text(output: dict) -> Iterator[str]:
    if output.get("output_type") == "stream":
        text = "".join(output.get("text", ""))
        for line in text.splitlines():
            if line.startswith(WIDGET_MARK):
                yield from json.loads(line[len(WIDGET_MARK) :])
            else:
                yield line
        return
    bundle = output.get("data", {})
    for kind in ("text/html", "image/svg+xml"):
        if kind in bundle:
            yield from _markup_text(_joined(bundle[kind]))
            return
    for kind in ("text/markdown", "text/plain"):
        if kind in bundle:
            yield _joined(bundle[kind])
            return


def _joined(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def _markup_text(markup: str) -> Iterator[str]:
    soup = BeautifulSoup(markup, "html.parser")
    yield soup.get_text(" ")
    for tag in soup.find_all(True):
        for attribute in ("alt", "aria-label", "title", "placeholder"):
            if tag.get(attribute):
                yield str(tag[attribute])
        if tag.name == "img" and str(tag.get("src", "")).startswith("data:image/svg+xml"):
            yield from _svg_in_data_uri(str(tag["src"]))


def page_text(markup: str) -> list[str]:
    """Everything a reader of a web page meets: its text, alt and label attributes, the text of its
    charts, its ``<meta>`` descriptions and the JSON blocks its scripts read (a practice form's
    definition, with its explanation)."""
    soup = BeautifulSoup(markup, "html.parser")
    texts = list(_markup_text(markup))
    texts += [str(tag.get("content", "")) for tag in soup.find_all("meta")]
    texts += [tag.get_text() for tag in soup.find_all("script", type="application/json")]
    return texts


def page_words(markup: str) -> list[str]:
    """What a reader of a web page reads, for ``code_words``: as ``page_text``, but a script is code,
    not text. Of a practice form's definition (the JSON its script reads) a reader meets only the
    explanation shown after a check; its prompt and options are in the page already."""
    soup = BeautifulSoup(markup, "html.parser")
    shown: list[str] = []
    for tag in soup.find_all(["script", "style", "template"]):
        if "scomm-practice-data" in (tag.get("class") or []):
            shown.append(str(json.loads(tag.get_text()).get("explanation", "")))
        tag.decompose()
    return [*_markup_text(str(soup)), *shown]


def site_later_dates(
    site: Path, days: Mapping[str, date], *, names: Iterable[str] = ()
) -> dict[str, list[Leak]]:
    """Each page of a built course site that shows a date after its day, with what it shows.

    A lesson's page (``lessons/<slug>.html``) is held to its lesson's day in ``days``; every other
    page, the search index and the site's own scripts to the latest of them, the site's day.
    """
    names = set(names)
    site_day = max(days.values())
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)
    found = {}
    for page in pages:
        texts = page_text(page.read_text(encoding="utf-8"))
        found[page.relative_to(site).as_posix()] = later_dates(
            texts, days.get(page.stem, site_day), names=names
        )
    for path in [site / "searchindex.js", *sorted(site.glob("_static/scomm-*.js"))]:
        found[path.relative_to(site).as_posix()] = later_dates(
            [path.read_text(encoding="utf-8")], site_day, names=names
        )
    return {where: leaks for where, leaks in found.items() if leaks}


def _svg_in_data_uri(src: str) -> Iterator[str]:
    import base64
    from urllib.parse import unquote

    header, _, payload = src.partition(",")
    svg = base64.b64decode(payload).decode("utf-8", "replace") if ";base64" in header else unquote(payload)
    yield from _markup_text(svg)


def later_dates(texts: Iterable[str], as_of: date, *, names: Iterable[str] = ()) -> list[Leak]:
    """Each date or year in ``texts`` after ``as_of``; ``names`` (source ids) are not dates.

    >>> [str(x.found) for x in later_dates(["Signed 5 June 2012; see dhs-2014-memo."], date(2011, 1, 1), names=["dhs-2014-memo"])]
    ['5 June 2012']
    >>> later_dates(["In March 2011 and FY2010."], date(2011, 3, 31))
    []
    >>> [x.found for x in later_dates(["by 2013"], date(2010, 6, 1))]
    ['2013']
    >>> later_dates(["Pub. L. 110-161, 121 Stat. 2051"], date(2008, 1, 1))
    []
    """
    skip = sorted(set(names), key=len, reverse=True)
    leaks = []
    for text in texts:
        for name in skip:
            text = text.replace(name, " ")
        leaks.extend(_leaks_in(text, as_of))
    return leaks


def _leaks_in(text: str, as_of: date) -> Iterator[Leak]:
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(a <= span[0] < b for a, b in taken):
                continue
            taken.append(span)
            if _earliest(match) > as_of:
                start, end = max(0, span[0] - 60), min(len(text), span[1] + 60)
                yield Leak(match.group(0), " ".join(text[start:end].split()))


def _earliest(match: re.Match) -> date:
    """The first day the matched text can mean: '2012' is 1 January 2012; 'June 2012' is 1 June."""
    parts = match.groupdict()
    year = int(parts["year"])
    month = int(parts.get("month_n") or MONTHS.get((parts.get("month") or "").lower().rstrip("."), 1))
    day = int(parts.get("day") or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 1)


SKIPPED = ("layout", "style", "tabbable", "tooltip_", "model_id")


def widget_text(widget: object) -> list[str]:
    """Every string a widget and the widgets inside it hold, as the last cell of a leak run prints."""
    found: list[str] = []
    for name in getattr(widget, "keys", ()):
        if (name.startswith("_") and name != "_options_labels") or name in SKIPPED:
            continue
        found += _strings(getattr(widget, name, None))
    for child in getattr(widget, "children", ()):
        found += widget_text(child)
    return found


def _strings(value: object) -> list[str]:
    """Every string in a trait's value; an exercise panel keeps what it draws in one dict (``spec``)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        # "kind" says which panel form.js draws ("single_choice"); the reader never sees it.
        return [
            text for key, item in value.items() if key != "kind" for text in _strings(key) + _strings(item)
        ]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []
