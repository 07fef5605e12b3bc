"""The kit's readings, one per lesson, and the source documents instructors have, as Documents.

The default corpus is the kit's own short readings, one per lesson, in ``readings/``:

>>> sorted(corpus())
['01_program_mechanics', '02_opt_out_dispute', '03_detainer_law', '04_pep_transition']
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from scomm.course import data
from scomm.course.layout import LESSONS, ROOT
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


def reading(lesson_slug: str) -> Document:
    """The kit's own reading for one lesson, with the ``source_id``s it rests on as references."""
    path = READINGS_DIR / f"{lesson_slug}.md"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in READINGS_DIR.glob("*.md")))
        raise NoReading(f"no reading for lesson {lesson_slug!r}; readings exist for {known}")
    text = path.read_text(encoding="utf-8")
    ids = [s.strip() for m in _SOURCE_IDS.findall(text) for s in m.split(";") if s.strip()]
    text = _SOURCE_IDS.sub("", text)
    title = ""
    first, _, rest = text.lstrip().partition("\n")
    if first.startswith("# "):
        title, text = first[2:].strip(), rest
    doc = ingest(text, doc_id=lesson_slug, fmt="text", title=title, kind="reading")
    return dataclasses.replace(doc, references=tuple(ids))


def corpus() -> dict[str, Document]:
    """The default corpus: one reading per lesson, by lesson slug."""
    return {lesson.slug: reading(lesson.slug) for lesson in LESSONS}
