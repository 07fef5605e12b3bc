r"""Tables and text for students: shown in full, never mistaken for mathematics.

pandas cuts long cells to 50 characters in notebooks. Changing that option would change the
student's whole session, so a ``Table`` renders itself in full instead.

JupyterLab typesets anything between two dollar signs as mathematics, in Markdown and in HTML
outputs alike, so "$200 million and $150 million" would come out as italic letters, and
JupyterLab 4.6 does so even when the dollar signs are escaped as Markdown says (``\$``).
So tables and ``markdown`` text are shown as HTML inside the class MathJax skips, with the
Markdown kept beside it (dollar signs escaped) for anything that prefers Markdown:

>>> prose = markdown("**Cost:** $200 million and $150 million")
>>> print(prose._repr_html_())
<div class="mathjax_ignore tex2jax_ignore"><p><strong>Cost:</strong> $200 million and $150 million</p>
</div>
>>> print(prose.data)
**Cost:** \$200 million and \$150 million

>>> t = Table(pd.DataFrame({"Finding": ["x" * 80]}), caption="Demo")
>>> "x" * 80 in t._repr_html_()
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import mistune
import pandas as pd

from scomm.course.citations import labels, later_text, linked
from scomm.course.scrolling import TABLE_CUE, scrolling

#: The classes MathJax 3 (JupyterLab, Voila) and MathJax 2 (classic notebook) leave untypeset.
NO_MATH = "mathjax_ignore tex2jax_ignore"


#: What an empty table says in its one row: nothing of its kind was public on the lesson's day.
NOTHING_YET = "None had been made public by this day."


@dataclass(frozen=True)
class Table:
    """A DataFrame shown in full, with a caption naming what it is and where it comes from."""

    frame: pd.DataFrame
    caption: str = ""
    #: What the table says in its one row when it has none ("" where its caption already says so).
    when_empty: str = NOTHING_YET
    #: The sources the caption cites (ids, public ones): shown after it by publisher and date, each
    #: linked to its document (``citations.linked``); ``later`` counts those published afterwards.
    sources: tuple[str, ...] = ()
    later: int = 0

    def __len__(self) -> int:
        return len(self.frame)

    def _repr_html_(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            body = _marked(self.frame).to_html(index=False, escape=True, border=0, classes=NO_MATH)
        body = _linked(body)
        # Notebook CSS right-aligns cells, which suits numbers but not sentences.
        aligned = 'style="text-align: left; vertical-align: top"'
        body = body.replace("<td>", f"<td {aligned}>").replace("<th>", f"<th {aligned}>")
        if self.frame.empty and self.when_empty:
            # A header over nothing reads as a table that failed to load: say there is nothing yet.
            row = f'<tr><td colspan="{max(len(self.frame.columns), 1)}" {aligned}>{html.escape(self.when_empty)}</td></tr>'
            body = re.sub(r"<tbody>\s*</tbody>", f"<tbody>{row}</tbody>", body, count=1)
        if self.caption or self.sources:
            body = body.replace(">", f"><caption>{self._caption_html()}</caption>", 1)
        return scrolling(body, label=self.caption or "Table", cue=TABLE_CUE)

    def _caption_html(self) -> str:
        if not self.sources:
            return html.escape(self.caption)
        cited = [linked(i) for i in self.sources] + ([later_text(self.later)] if self.later else [])
        head = "Source" if len(self.sources) == 1 else "Sources"
        return f"{html.escape(self.caption)} {head}: {'; '.join(cited)}.".strip()

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 200):
            text = self.frame.to_string(index=False)
        if self.frame.empty and self.when_empty:
            text = self.when_empty
        caption = self.caption
        if self.sources:
            caption += f" Sources: {labels(self.sources)}."
        return f"{caption}\n{text}" if caption else text


#: The columns whose cells cite sources by id: shown as each source's publisher and date, linked.
SOURCE_COLUMNS = ("Sources", "Source")


_MARK = "\x00source\x00"
_MARKED = re.compile(f"{_MARK}(.*?){_MARK}", re.S)


def _marked(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each source column's cells fenced, so ``_linked`` finds them in the HTML."""
    columns = [c for c in frame.columns if c in SOURCE_COLUMNS]
    return (
        frame.assign(**{c: [f"{_MARK}{v}{_MARK}" for v in frame[c]] for c in columns}) if columns else frame
    )


def _linked(body: str) -> str:
    """Each fenced cell of the table's HTML with its source ids as linked names (``citations.linked``)."""
    return _MARKED.sub(lambda found: linked(html.unescape(found[1])), body)


def cited(source_ids: Iterable[Iterable[str]]) -> list[str]:
    """Each row's source ids as one readable cell, e.g. ``'vox-2014; wikipedia-scomm'``."""
    return ["; ".join(ids) for ids in source_ids]


#: Whose argument a claim is, as a student's table names the side (the ``side`` codes of
#: ``claims.csv`` and ``arguments.csv``).
SIDES = {
    "agency": "ICE or DHS",
    "supporters": "Supporters",
    "critics": "Critics",
    "researchers": "Researchers",
}


def words(codes: Iterable[object], named: Mapping[str, str] | None = None) -> list[str]:
    """Coded values (the Table Schema's codes) as a reader says them in a table cell.

    A code ``named`` gives a word for reads as that word; any other reads as itself with ``-``
    and ``_`` as spaces and its first letter a capital (the rest is kept: ``ASSUMPTION`` stays).

    >>> words(["in_force", "voluntary", "press conference", "ASSUMPTION"])
    ['In force', 'Voluntary', 'Press conference', 'ASSUMPTION']
    >>> words(["agency", "critics"], SIDES)
    ['ICE or DHS', 'Critics']
    """
    named = named or {}
    shown = []
    for code in codes:
        text = named.get(str(code)) or re.sub(r"[-_]", " ", str(code))
        shown.append(text[:1].upper() + text[1:])
    return shown


#: Markdown to HTML; any HTML written in the text is shown as text, never run.
_to_html = mistune.create_markdown(escape=True)


@dataclass(frozen=True)
class Prose:
    """A passage written in Markdown, displayed without any of it read as mathematics."""

    text: str

    @property
    def data(self) -> str:
        """The Markdown, each dollar sign escaped (what a Markdown-only viewer is given)."""
        return re.sub(r"(?<!\\)\$", r"\\$", self.text)

    def _repr_markdown_(self) -> str:
        return self.data

    def _repr_html_(self) -> str:
        return f'<div class="{NO_MATH}">{_to_html(self.text)}</div>'


def markdown(text: str) -> Prose:
    """Text for students, in Markdown, shown with every dollar sign as a dollar sign."""
    return Prose(text)
