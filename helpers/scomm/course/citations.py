"""Source lines for captions, cut to what was published by the lesson's date, in a reader's words.

A source's id and title often carry its year ("ice-2015-pep-brief"), so a caption at an earlier
``as_of`` must not name it: later sources are counted, never named. A reader meets a source by
its publisher and date, never by its id (``data/sources.csv``'s key): the id stays in the data,
in an HTML link's ``data-source-id`` and in a chart's ``usermeta``, for graders and the site.

>>> import pandas as pd
>>> caption(["ice-2009-sop", "wikipedia-scomm"], as_of=pd.Timestamp("2010-06-01"))
'Source: U.S. Immigration and Customs Enforcement (2009); and 1 source published later.'
>>> label("ice-2009-sop")
'U.S. Immigration and Customs Enforcement, 30 September 2009'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from scomm.course import data
from scomm.course.counts import count_of
from scomm.course.days import when
from scomm.course.world import World


@lru_cache(maxsize=4)
def _named(_digest: str) -> dict[str, str]:
    # Each source as a caption names it, "Publisher (year)", once per data (a lesson shows dozens of captions).
    table = data.load("sources")
    titled = _titles(_digest)
    return {
        row.source_id: f"{row.publisher}{'' if pd.isna(row.date) else f' ({row.date.year})'}"
        + titled.get(row.source_id, "")
        for row in table.itertuples()
    }


#: A title's closing bracketed remark ("(memorandum)", "(web copy with images)"): the kit's, not the document's.
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")


@lru_cache(maxsize=4)
def _titles(_digest: str) -> dict[str, str]:
    """The title each source is named with as well, for sources another document shares publisher and date with.

    Two memos of one department on one day would otherwise read alike; two copies of one article
    (titles equal but for the kit's bracketed remark) stay one name.
    """
    table = data.load("sources")
    table = table.assign(base=table["title"].str.replace(_REMARK, "", regex=True))
    titled: dict[str, str] = {}
    for _, group in table.groupby(["publisher", "date", "date_precision"], dropna=False):
        if group["base"].nunique() > 1:
            titled.update({row.source_id: f', "{row.base}"' for row in group.itertuples()})
    return titled


def split(source_ids: Iterable[str], *, as_of: pd.Timestamp | None) -> tuple[list[str], int]:
    """The ids published by ``as_of`` (in order, once each), and how many others were published later.

    ``as_of=None`` is for what does not depend on a date (a class's own annotations): all are public.
    """
    ids = list(dict.fromkeys(source_ids))
    if as_of is None:
        return ids, 0
    public = World(as_of).public_ids("sources")
    shown = [i for i in ids if i in public]
    return shown, len(ids) - len(shown)


def later_text(count: int) -> str:
    """'and 2 sources published later', or '' for none."""
    if not count:
        return ""
    return f"and {count_of(count, 'source')} published later"


def caption(source_ids: Iterable[str], *, as_of: pd.Timestamp | None) -> str:
    """A 'Source:' line naming each cited document's publisher and year, public ones only."""
    shown, later = split(source_ids, as_of=as_of)
    named = _named(data.digest())
    entries = list(dict.fromkeys(named[source_id] for source_id in shown))
    head = "Source" if len(entries) == 1 else "Sources"
    named = f"{head}: {'; '.join(entries)}" if entries else "No source published by then"
    parts = [named, later_text(later)] if later else [named]
    return "; ".join(parts) + "."


@lru_cache(maxsize=4)
def _sources(_digest: str) -> pd.DataFrame:
    """The sources table by id, read once per version of the data (``data.digest``)."""
    return data.load("sources").set_index("source_id")


def label(source_id: str, *, titled: bool = True) -> str:
    """A source as a reader recognises it: its publisher and its date, as precisely as it is known,
    and its title where another document has the same publisher and date (unless ``titled`` is
    false: a student's memo may cite either memo of a day by publisher and date alone).

    >>> label("dhs-2014-scomm-memo")
    'U.S. Department of Homeland Security, 20 November 2014, "Secure Communities"'
    >>> label("dhs-2014-scomm-memo", titled=False)
    'U.S. Department of Homeland Security, 20 November 2014'
    """
    return _label(data.digest(), source_id, titled=titled)


@lru_cache(maxsize=1024)
def _label(digest: str, source_id: str, *, titled: bool = True) -> str:
    # Once per source and version of the data: a lesson's tables name the same sources in many cells.
    row = _sources(digest).loc[source_id]
    title = _titles(digest).get(source_id, "") if titled else ""
    if pd.isna(row["date"]):
        return f"{row['publisher']}{title}"
    return f"{row['publisher']}, {when(row['date'], str(row['date_precision']))}{title}"


def labels(source_ids: Iterable[str]) -> str:
    """Sources named for a reader, ``'; '``-joined (see ``label``); text that is not an id is kept.

    >>> labels(["ice-2009-sop", "and 1 source published later"])
    'U.S. Immigration and Customs Enforcement, 30 September 2009; and 1 source published later'
    """
    digest = data.digest()
    known = _sources(digest).index
    return "; ".join(_label(digest, i) if i in known else i for i in source_ids)


@lru_cache(maxsize=1024)
def _link(digest: str, source_id: str) -> str:
    row = _sources(digest).loc[source_id]
    shown = html.escape(_label(digest, source_id))
    url = row["url"] if isinstance(row["url"], str) and row["url"].startswith("http") else ""
    if not url:
        return f'<span class="scomm-source" data-source-id="{source_id}">{shown}</span>'
    return (
        f'<a class="scomm-source" data-source-id="{source_id}" href="{html.escape(url)}" '
        f'target="_blank" rel="noopener">{shown}</a>'
    )


@lru_cache(maxsize=4)
def _ids_pattern(_digest: str) -> re.Pattern[str]:
    ids = sorted(_sources(_digest).index, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w-])")


def linked(text: str) -> str:
    """A table cell that cites sources by id, as HTML: each id is its source's publisher and date,
    linked to the document (the id stays in ``data-source-id``); the rest of the text is escaped.

    >>> linked("nope; ice-2009-sop")  # doctest: +ELLIPSIS
    'nope; <a class="scomm-source" data-source-id="ice-2009-sop" href="http://...">U.S. Immigration and Customs Enforcement, 30 September 2009</a>'
    """
    pieces, last, digest = [], 0, data.digest()
    for found in _ids_pattern(digest).finditer(text):
        pieces += [html.escape(text[last : found.start()]), _link(digest, found[0])]
        last = found.end()
    return "".join([*pieces, html.escape(text[last:])])


#: The kinds of source a text names as a source (a paper, a broadcaster, an encyclopedia, a blog, a
#: study). An agency, a court, a council or an advocacy group is also an actor: naming it may name
#: who acted, not a document.
_NAMED_AS_SOURCES = frozenset({"news", "encyclopedia", "commentary", "study"})


@lru_cache(maxsize=4)
def _names(_digest: str) -> dict[str, pd.Timestamp]:
    """Each name a reader could know a source by (its title, its publisher, a call sign like WBEZ),
    with the first day a source of that name was public."""
    table = data.load("sources")
    days = World("1900-01-01").public_days("sources")
    first: dict[str, pd.Timestamp] = {}
    for row in table[table["kind"].isin(_NAMED_AS_SOURCES)].itertuples():
        publisher = re.split(r" \(|, ", str(row.publisher))[0]
        names = {publisher, *(w for w in publisher.split()[:1] if re.fullmatch(r"[A-Z]{4,}", w))}
        if len(str(row.title)) >= 25:  # a short title ("Secure Communities") is also the program's name
            names.add(str(row.title))
        for name in names:
            first[name] = min(first.get(name, pd.Timestamp.max), days[row.source_id])
    return first


def named_later(text: str, as_of: pd.Timestamp) -> list[str]:
    """The sources ``text`` names (by title or publisher) that no source of that name had been published by ``as_of``.

    Source names belong in a sources column, which is cut to the day; prose names none.

    >>> named_later("The Wikipedia article calls it the first suit.", pd.Timestamp("2012-07-03"))
    ['Wikipedia']
    >>> named_later("The Wikipedia article calls it the first suit.", pd.Timestamp("2019-01-01"))
    []
    """
    return [
        name
        for name, day in _names(data.digest()).items()
        if day > as_of and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]
