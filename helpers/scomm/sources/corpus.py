"""The kit's readings, one per lesson, and the source documents instructors have, as Documents.

The default corpus is the kit's own short readings, one per lesson, in ``readings/``:

>>> sorted(corpus())
['01_program_mechanics', '02_opt_out_dispute', '03_detainer_law', '04_pep_transition']
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scomm.course import data, opening
from scomm.course.counts import count_of
from scomm.course.layout import LESSONS, ROOT
from scomm.course.params import Params
from scomm.errors import ScommError
from scomm.sources.documents import Document
from scomm.sources.ingest import ingest

READINGS_DIR = Path(__file__).parent / "readings"
#: CI points this at its copy of the source documents.
SOURCES_ENV = "SCOMM_SOURCES"


class SourceNotFound(ScommError, FileNotFoundError):
    """No folder of source documents, or no such file in it; the message says where to look."""


class NoReading(ScommError, KeyError):
    """The kit has no reading for that lesson; the message lists the readings there are."""


def seeds_dir() -> Path | None:
    """The folder of source documents: $SCOMM_SOURCES, else ``../shared/seeds`` beside the kit."""
    configured = os.environ.get(SOURCES_ENV)
    if configured:
        return Path(configured)
    beside = ROOT.parent / "shared" / "seeds"
    return beside if beside.is_dir() else None


def from_seed(filename: str) -> Document:
    """Ingest one source document by file name, with its ``source_id`` and title from sources.csv."""
    folder = seeds_dir()
    if folder is None:
        raise SourceNotFound(
            f"no folder of source documents: set {SOURCES_ENV} to the folder holding the seed files"
        )
    path = folder / filename
    if not path.is_file():
        present = ", ".join(sorted(p.name for p in folder.glob("*.txt"))) or "no .txt files"
        raise SourceNotFound(f"{path} does not exist; {folder} holds {present}")
    sources = data.load("sources")
    rows = sources[sources["seed_file"] == filename]
    source_id = str(rows["source_id"].iloc[0]) if len(rows) else None
    title = str(rows["title"].iloc[0]) if len(rows) else path.stem
    return ingest(path.read_bytes(), doc_id=source_id or path.stem, title=title, source_id=source_id)


_SOURCE_IDS = re.compile(r"^\s*<!--\s*source_ids:(.*?)-->\s*$", re.MULTILINE)
#: Above a paragraph of a reading: the sources it retells. It is shown from the day the last of
#: them was published; a paragraph without this line (framing, a question) is always shown.
_RESTS_ON = re.compile(r"^\s*<!--\s*rests_on:(.*?)-->\s*\n", re.MULTILINE)


@dataclass(frozen=True)
class Part:
    """One paragraph of a kit reading and the ``source_id``s it retells (none: always shown)."""

    text: str
    rests_on: tuple[str, ...]


def _ids(listed: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in listed.split(";") if s.strip())


def parts(lesson_slug: str) -> tuple[str, tuple[str, ...], list[Part]]:
    """A reading's title, the ``source_id``s it rests on, and its paragraphs with their sources.

    >>> title, _, paragraphs = parts("04_pep_transition")
    >>> title, paragraphs[0].rests_on, paragraphs[-1].rests_on
    ('From Secure Communities to PEP', ('vox-2014',), ())
    """
    path = READINGS_DIR / f"{lesson_slug}.md"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in READINGS_DIR.glob("*.md")))
        raise NoReading(f"no reading for lesson {lesson_slug!r}; readings exist for {known}")
    text = path.read_text(encoding="utf-8")
    ids = tuple(s for m in _SOURCE_IDS.findall(text) for s in _ids(m))
    text = _SOURCE_IDS.sub("", text).strip()
    title = ""
    first, _, rest = text.partition("\n")
    if first.startswith("# "):
        title, text = first[2:].strip(), rest
    found = []
    for block in re.split(r"\n\s*\n", text.strip()):
        marked = _RESTS_ON.match(block + "\n")
        body = block[marked.end() :] if marked else block
        if body.strip():
            found.append(Part(body.strip(), _ids(marked.group(1)) if marked else ()))
    return title, ids, found


def reading(lesson_slug: str, *, shown: Callable[[Part], bool] | None = None) -> Document:
    """The kit's own reading for one lesson, with the ``source_id``s it rests on as references.

    ``shown`` keeps only the paragraphs it accepts (``dated`` passes the ones public on a day);
    the words of a kept paragraph are the same as in the whole reading, so annotations and keys
    anchored to them still anchor.
    """
    title, ids, paragraphs = parts(lesson_slug)
    kept = [part.text for part in paragraphs if shown is None or shown(part)]
    doc = ingest("\n\n".join(kept), doc_id=lesson_slug, fmt="text", title=title, kind="reading")
    return dataclasses.replace(doc, references=ids)


def corpus() -> dict[str, Document]:
    """The default corpus: one reading per lesson, by lesson slug."""
    return {lesson.slug: reading(lesson.slug) for lesson in LESSONS}


@dataclass(frozen=True)
class Dated:
    """A lesson's reading as public on one day: ``doc`` and the days its other paragraphs open."""

    doc: Document
    later: tuple[pd.Timestamp, ...]
    #: Whether a paragraph that retells a source is among those shown (not only framing).
    tells: bool

    def note(self, p: Params) -> str | None:
        """For an instructor, how many paragraphs open after ``p.as_of`` and from when; else ``None``."""
        if not (p.instructor and self.later):
            return None
        count = len(self.later)
        return (
            f"Instructor: {count_of(count, 'more paragraph')} of this reading open after "
            f"as_of, the first on {self.later[0].date().isoformat()} (sources/readings/{p.kit_lesson.slug}.md)."
        )


def dated(p: Params) -> Dated:
    """``p``'s lesson reading cut to the paragraphs whose sources were all published by ``p.as_of``.

    >>> from scomm.course.params import validate
    >>> first = dated(validate("04_pep_transition", as_of="2014-11-20"))
    >>> "2017" in first.doc.text, len(first.later) > 0
    (False, True)
    """
    opens = {
        part: opening.opens_on(p, [f"sources:{s}" for s in part.rests_on])
        for part in parts(p.kit_lesson.slug)[2]
    }
    doc = reading(p.kit_lesson.slug, shown=lambda part: opens[part] <= p.as_of)
    later = tuple(sorted(day for day in opens.values() if day > p.as_of))
    tells = any(part.rests_on and day <= p.as_of for part, day in opens.items())
    return Dated(doc, later, tells)
