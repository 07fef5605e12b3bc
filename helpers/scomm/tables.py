"""Tables for students: every cell shown in full, with a caption, and no change to pandas options.

pandas cuts long cells to 50 characters in notebooks. Changing that option would change the
student's whole session, so a ``Table`` renders itself in full instead.

>>> t = Table(pd.DataFrame({"Finding": ["x" * 80]}), caption="Demo")
>>> "x" * 80 in t._repr_html_()
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Table:
    """A DataFrame shown in full, with a caption naming what it is and where it comes from."""

    frame: pd.DataFrame
    caption: str = ""

    def __len__(self) -> int:
        return len(self.frame)

    def _repr_html_(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            body = self.frame.to_html(index=False, escape=True, border=0)
        # Notebook CSS right-aligns cells, which suits numbers but not sentences.
        aligned = 'style="text-align: left; vertical-align: top"'
        body = body.replace("<td>", f"<td {aligned}>").replace("<th>", f"<th {aligned}>")
        if self.caption:
            body = body.replace(">", f"><caption>{html.escape(self.caption)}</caption>", 1)
        return body

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 200):
            text = self.frame.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text


def cited(source_ids: Iterable[Iterable[str]]) -> list[str]:
    """Each row's source ids as one readable cell, e.g. ``'vox-2014; wikipedia-scomm'``."""
    return ["; ".join(ids) for ids in source_ids]
