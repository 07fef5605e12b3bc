"""The site's pages other than lessons, written as MyST Markdown for Sphinx to read.

Every page here is made from the kit's own files: the data package's descriptor (the data
dictionary), ``data/sources.csv`` (through the ``scomm-sources`` directive), ``data/glossary.csv``
when the kit has one, and the Markdown in ``lessons/`` (the closing assessment for students;
every plan for instructors).

>>> print(strip_sections("# Memo\\n\\nTask.\\n\\n## Teaching notes\\n\\nSecret.\\n\\n## Rubric\\n\\nKept.\\n",
...                      {"Teaching notes"}))
# Memo
<BLANKLINE>
Task.
<BLANKLINE>
## Rubric
<BLANKLINE>
Kept.
<BLANKLINE>
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scomm.course.layout import LESSONS
from scomm.errors import ScommError

if TYPE_CHECKING:
    import pandas as pd

#: Sections of a Markdown page only instructors may read, by heading. The alternative prompts are
#: the instructor's to choose, and each is set on another day (some after the class's own).
INSTRUCTOR_SECTIONS = frozenset({"Teaching notes", "Alternative prompts"})
#: The one plan page students see (its teaching notes removed).
STUDENT_PLANS = ("closing_assessment",)
#: The exercise each student plan page sets (lesson, exercise id): the page opens when it does.
PLAN_EXERCISES = {"closing_assessment": ("04_pep_transition", "l4-memo")}
PLANS_FOLDER = "course"
#: Where the site serves the tables (cut to its day): never ``data``, so that a site built into a
#: course folder (``--out .``) cannot meet the course's own data files.
DOWNLOADS = "downloads"
#: The notes that come with the data download (file in data/, what it records). They read the whole
#: data set, every year of it, so only the instructor edition carries them: a student site set at
#: an early day would show later events through them.
DATA_NOTES = {
    "AUDIT.md": "the facts audit: each table's rows checked against their sources, and what changed",
    "BALANCE.md": "the balance and labeling audit of what a student reads, lesson by lesson",
}
COURSE_TITLE = "Secure Communities: a Jupyter teaching unit"
COURSE_DESCRIPTION = (
    # No later turn is named here: every page of the site shows it, whatever day its lessons are set at.
    "Four lessons on the US Secure Communities immigration-enforcement program, from its start in 2008: "
    "how it worked, the opt-out dispute, detainer law and the move to the Priority Enforcement Program. "
    "Students read the evidence and weigh both positions; the kit takes no side."
)


class GlossaryError(ScommError, ValueError):
    """The glossary file cannot be read as a glossary; the message names the file and the columns."""


@dataclass(frozen=True)
class Term:
    """One glossary entry: the term, other names it goes by, what it means, since when, and its sources."""

    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    since: str = ""
    #: Other ways a lesson writes the term, each linked at its first use like the term itself.
    matches: tuple[str, ...] = ()


def _split(value: str | None, pattern: str = r"[;|]") -> tuple[str, ...]:
    return tuple(part.strip().strip("'\"") for part in re.split(pattern, value or "") if part.strip())


def _names(text: str) -> tuple[str, ...]:
    """How a lesson may write a term: "detainer (immigration detainer, 'ICE hold')" gives all three.
    A part in parentheses without letters, or shorter than three characters, is a qualifier ("(2014)")."""
    found = re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", text)
    if not found:
        return (text.strip(),)
    return (found[1], *(p for p in _split(found[2], ",") if len(p) >= 3 and re.search(r"[A-Za-z]", p)))


def _since(row: dict[str, str]) -> str:
    day, precision = row.get("exists_from") or "", row.get("exists_from_precision") or "day"
    if not day:
        return ""
    from datetime import date

    when = date.fromisoformat(day)
    return {"year": f"{when.year}", "month": f"{when:%B %Y}"}.get(precision, f"{when.day} {when:%B %Y}")


def read_glossary(path: Path) -> list[Term]:
    """The glossary table (``term``, ``definition``; optional ``aliases``, ``source_ids``, ``exists_from``)."""
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missing = {"term", "definition"} - set(rows[0] if rows else {"term", "definition"})
    if missing:
        raise GlossaryError(f"{path}: the glossary needs the columns {', '.join(sorted(missing))}")
    terms = []
    for row in (r for r in rows if r["term"].strip()):
        aliases = _split(row.get("aliases"))
        names = (*_names(row["term"]), *aliases)
        term = row["term"].strip()
        terms.append(
            Term(term, row["definition"].strip(), aliases, _split(row.get("source_ids")), _since(row), names)
        )
    return terms


def _as_of_sentence(day: pd.Timestamp | None, what: str) -> str:
    if day is None:
        return ""
    return (
        f" The lessons on this site are set no later than {day.date().isoformat()}, so {what} "
        "public by that day, and so does the data download."
    )


def glossary_page(terms: Sequence[Term], day: pd.Timestamp | None = None) -> str:
    """The glossary as Sphinx's own glossary, so ``:term:`` links and the search find each entry.

    ``day``: the latest ``as_of`` of the site's lessons; the page says that its terms stop there.
    """
    entries = []
    for item in sorted(terms, key=lambda t: t.term.lower()):
        also = f" Also called: {', '.join(item.aliases)}." if item.aliases else ""
        since = f" Since {item.since}." if item.since else ""
        cited = f" Sources: {', '.join(f'`{s}`' for s in item.source_ids)}." if item.source_ids else ""
        entries.append(f"{item.term}\n   {item.definition}{also}{since}{cited}\n")
    return (
        "# Glossary\n\nThe words the lessons use with a special meaning. Each is linked from the place it "
        "first appears in a lesson."
        + _as_of_sentence(day, "it defines only the terms in use")
        + "\n\n```{glossary}\n"
        + "\n".join(entries)
        + "```\n"
    )


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _keys(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def resource_section(resource: Mapping) -> str:
    """One table of the data package: what it holds, its file, its keys and every field."""
    name, schema = resource["name"], resource.get("schema", {})
    lines = [
        f"({name})=",
        f"## {resource.get('title', name)} (`{name}`)",
        "",
        resource.get("description", ""),
        "",
        # A plain link: the tables are copied beside the page (html_extra_path), not as Sphinx downloads.
        f'File: <a href="{DOWNLOADS}/{resource["path"]}">{resource["path"]}</a>',
        "",
    ]
    if "primaryKey" in schema:
        lines += [f"Primary key: `{_keys(schema['primaryKey'])}`", ""]
    for foreign in schema.get("foreignKeys", []):
        ref = foreign["reference"]
        lines += [
            f"Foreign key: `{_keys(foreign['fields'])}` refers to [{ref['resource']}](#{ref['resource']})"
            f".`{_keys(ref['fields'])}`",
            "",
        ]
    lines += [
        f"Fields of {name}:",
        "",
        "| Field | Type | Required | Allowed values | Description |",
        "|---|---|---|---|---|",
    ]
    for field in schema.get("fields", []):
        constraints = field.get("constraints", {})
        allowed = ", ".join(str(v) for v in constraints.get("enum", []))
        row = [
            f"`{field['name']}`",
            field.get("type", "string"),
            "yes" if constraints.get("required") else "no",
            allowed,
            field.get("description", ""),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def data_page(package: Mapping, notes: Mapping[str, str] | None = None) -> str:
    """The data dictionary: every table of the data package, with a copy of each file beside it,
    and the ``notes`` (file name, what it records) served beside them (:data:`DATA_NOTES`)."""
    sections = "\n".join(resource_section(r) for r in package["resources"])
    noted = ""
    if notes:
        files = "".join(
            f'- <a href="{DOWNLOADS}/{name}">{name}</a>: {what}.\n' for name, what in notes.items()
        )
        noted = (
            "## Notes on the data\n\nHow the tables were checked, as Markdown files beside them. They cover "
            f"the whole data set, including rows later than this site's lessons.\n\n{files}\n"
        )
    return f"# Data dictionary\n\n{package.get('description', '')}\n\n{noted}{sections}"


def sources_page(day: pd.Timestamp | None = None) -> str:
    """The bibliography page; with ``day``, it lists only the documents published by then."""
    return (
        "# Sources\n\nEvery document the kit's facts rest on. Each entry's id is the `source_id` the data "
        "tables, charts and lessons cite; a cited id links here."
        + _as_of_sentence(day, "it lists only the documents")
        + f"\n\n```{{scomm-sources}} extra/{DOWNLOADS}/sources.csv\n```\n"
    )


def strip_sections(text: str, headings: Iterable[str]) -> str:
    """``text`` without the sections (and their subsections) whose heading is one of ``headings``."""
    kept, dropping_level = [], 0
    for line in text.splitlines(keepends=True):
        heading = re.match(r"(#+) (.+?)\s*$", line)
        if heading and dropping_level and len(heading[1]) <= dropping_level:
            dropping_level = 0
        if heading and heading[2] in set(headings):
            dropping_level = len(heading[1])
        if not dropping_level:
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "".join(kept))


def unlink_missing(text: str, present: Iterable[str]) -> str:
    """Keep the text of links to Markdown pages the site does not have, without the link."""
    names = set(present)

    def keep(match: re.Match) -> str:
        return match[0] if match[2] in names else match[1]

    return re.sub(r"\[([^\]]+)\]\(([\w-]+)\.md(?:#[\w-]*)?\)", keep, text)


def plan_pages(
    plans_dir: Path, *, student: bool, waiting: Callable[[str, str], str | None] | None = None
) -> dict[str, str]:
    """The Markdown pages of ``lessons/`` this edition shows, by name: all for instructors.

    ``waiting(lesson, exercise_id)``: the note a lesson shows in place of an exercise not open on
    the site's day (``None`` once it is); a student page setting such an exercise (``PLAN_EXERCISES``)
    keeps only its title and that note, as the lesson does.
    """
    paths = sorted(plans_dir.glob("*.md"))
    chosen = [p for p in paths if p.stem in STUDENT_PLANS] if student else paths
    names = [p.stem for p in chosen]
    pages = {}
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        if student:
            text = strip_sections(text, INSTRUCTOR_SECTIONS)
            sets = PLAN_EXERCISES.get(path.stem)
            note = waiting(*sets) if sets and waiting else None
            if note is not None:
                text = f"{text.splitlines()[0]}\n\n{note}\n"
        pages[path.stem] = unlink_missing(text, names)
    return pages


def index_page(*, student: bool, plans: Sequence[str], glossary: bool) -> str:
    """The home page: what the course is, and the table of contents Sphinx builds navigation from."""
    edition = (
        "This is the **student edition**: each lesson's narrative, charts and tables, with practice "
        "questions you can try in the page. Assessed questions are answered in the lesson notebooks."
        if student
        else "This is the **instructor edition**: the lessons with their code and teaching notes, and the "
        "lesson plans. Do not publish it to students; `scomm build --site` makes the student edition."
    )
    lessons = [f"lessons/{lesson.slug}" for lesson in LESSONS]
    course = [f"{PLANS_FOLDER}/{name}" for name in plans]
    reference = [*(["glossary"] if glossary else []), "data", "sources"]
    return "\n".join(
        [
            f"# {COURSE_TITLE}",
            "",
            COURSE_DESCRIPTION,
            "",
            edition,
            "",
            _toctree("Lessons", lessons),
            _toctree("Course" if student else "Plans and guides", course),
            _toctree("Reference", reference),
        ]
    )


def _toctree(caption: str, entries: Sequence[str]) -> str:
    if not entries:
        return ""
    return "```{toctree}\n:caption: " + caption + "\n:maxdepth: 1\n\n" + "\n".join(entries) + "\n```\n"
