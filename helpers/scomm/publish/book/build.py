"""``scomm build --site``: the course site, built by Sphinx with myst-nb and the book theme.

Two editions, never one site for both:

- **student** (the default, ``build/site``): each lesson's executed student build with its
  code left out, practice questions to try in the page, the closing assessment's task and
  rubric, the glossary, the data dictionary and the sources. The finished site is scanned for
  every teaching note, key explanation and instructor-only cell; one found means no site.
- **instructor** (``--instructor``, ``build/site-instructor``): the instructor builds with their
  code and teaching notes, every lesson plan and guide, and "Instructor edition" on every page.

Nothing is fetched while building or viewing: the theme ships its assets, search is Sphinx's
``searchindex.js`` loaded by a script tag (so it works from ``file://``), and no notebook runs.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Template

from scomm.course import params
from scomm.course.layout import (
    BUILD_DIR,
    DATA_DIR,
    INSTRUCTOR_TAG,
    KEYS_DIR,
    LESSONS,
    NOTEBOOK_DIR,
    PLANS_DIR,
)
from scomm.course.notes import NOTES_DIR
from scomm.course.outputs import OutputFolder
from scomm.errors import ScommError
from scomm.notebooks.build import ensure_builds, secrets
from scomm.notebooks.steps import cell_tags, read
from scomm.publish.book import dated, pages, practice, steps

TEMPLATE = Path(__file__).parent / "conf.py.tmpl"
#: Files every build of the site writes, checked before Sphinx runs (the rest once it has).
ALWAYS_WRITTEN = ("index.html", "search.html", "genindex.html", "searchindex.js", "objects.inv", ".buildinfo")
TEXT_SUFFIXES = {".html", ".js", ".json", ".txt", ".csv", ".md"}


class SiteError(ScommError, RuntimeError):
    """The site cannot be built or would show what it must not; the message says what to do."""


@dataclass(frozen=True)
class Edition:
    """One of the two sites: which builds it reads and what it is called."""

    name: str
    student: bool
    label: str
    default_out: Path


EDITIONS = {
    "student": Edition("student", True, "", BUILD_DIR / "site"),
    "instructor": Edition("instructor", False, "Instructor edition", BUILD_DIR / "site-instructor"),
}


@dataclass(frozen=True)
class Book:
    """What a build wrote: the folder, its pages, the time it took and Sphinx's warnings."""

    out: Path
    pages: list[Path]
    seconds: float
    warnings: list[str]
    edition: Edition


# -- the Sphinx project -----------------------------------------------------------------------------


def conf_text(edition: Edition, *, glossary: list[pages.Term], source_ids: list[str]) -> str:
    """``conf.py`` for one edition, from the template (values written as Python literals)."""
    banner = (
        "<strong>Instructor edition</strong>: teaching notes, lesson plans and code. "
        "Give students the student edition (scomm build --site)."
    )
    title = pages.COURSE_TITLE + (f" ({edition.label})" if edition.label else "")
    values = {
        "edition": edition.name,
        "title": repr(pages.COURSE_TITLE),
        "html_title": repr(title),
        "announcement": repr("" if edition.student else banner),
        "edition_label": repr(edition.label),
        "glossary": repr([[t.term, *t.matches] for t in glossary]),
        "source_ids": repr(source_ids),
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _lesson_notebook(source: Path, lesson: str, edition: Edition, cited: dict[str, frozenset[str]]) -> object:
    import nbformat

    day = dated.as_of_of(source)
    chosen = steps.pipeline(
        student=edition.student,
        replacers=practice.replacers(
            lesson, p=params.validate(lesson, as_of=day) if day is not None else None
        ),
        source_ids=cited["sources"],
        tables=cited["tables"],
    )
    return steps.apply(chosen, nbformat.read(source, as_version=4))


def write_project(src: Path, edition: Edition, *, builds: Path, data_dir: Path, plans_dir: Path) -> None:
    """Write the Sphinx project for ``edition`` into ``src`` (an empty folder)."""
    import nbformat

    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    variant = "student" if edition.student else "instructor"
    # The shared pages show nothing later than the latest day a lesson on the site is set at.
    day = dated.site_day(builds / variant / f"{lesson.slug}.ipynb" for lesson in LESSONS)
    terms = dated.public("glossary", "term", day=day, data_dir=data_dir)
    glossary = [t for t in pages.read_glossary(data_dir / "glossary.csv") if terms is None or t.term in terms]
    published = dated.public("sources", "source_id", day=day, data_dir=data_dir)
    source_ids = [
        row["source_id"]
        for row in _csv_rows(data_dir / "sources.csv")
        if published is None or row["source_id"] in published
    ]
    cited = {"sources": frozenset(source_ids), "tables": frozenset(r["name"] for r in package["resources"])}
    plans = pages.plan_pages(plans_dir, student=edition.student, waiting=dated.waiting_on(day))
    _write(src / "conf.py", conf_text(edition, glossary=glossary, source_ids=source_ids))
    _write(
        src / "index.md",
        pages.index_page(student=edition.student, plans=list(plans), glossary=bool(glossary)),
    )
    notes = {} if edition.student else pages.DATA_NOTES
    _write(src / "data.md", pages.data_page(package, notes))
    _write(src / "sources.md", pages.sources_page(day))
    if glossary:
        _write(src / "glossary.md", pages.glossary_page(glossary, day))
    for name, text in plans.items():
        _write(src / pages.PLANS_FOLDER / f"{name}.md", text)
    dated.copy_data(data_dir, src / "extra" / pages.DOWNLOADS, day=day, notes=notes)
    for lesson in LESSONS:
        notebook = _lesson_notebook(builds / variant / f"{lesson.slug}.ipynb", lesson.slug, edition, cited)
        target = src / "lessons" / f"{lesson.slug}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run_sphinx(src: Path, out: Path, doctrees: Path) -> list[str]:
    """Sphinx's HTML build of ``src`` into ``out``; returns its warnings, raises if it fails."""
    log = doctrees / "warnings.txt"
    doctrees.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", "-d", str(doctrees)]
    done = subprocess.run([*command, "-w", str(log), str(src), str(out)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SiteError(f"Sphinx could not build the site from {src}:\n{done.stderr.strip()[-2000:]}")
    return [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- what the student site must not show ------------------------------------------------------------


def _plain(text: str) -> str:
    """Text as a reader sees it: no Markdown marks, no tags, entities decoded, one space between words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace('\\"', '"')
    return " ".join(re.sub(r"[*_`]", "", text).split())


def forbidden_texts(*, plans_dir: Path, notebooks: Path = NOTEBOOK_DIR) -> list[str]:
    """Everything only instructors may read: notes, key explanations, instructor cells, plan notes."""
    found = list(secrets(KEYS_DIR, NOTES_DIR))
    for lesson in LESSONS:
        source = read(notebooks / f"{lesson.slug}.ipynb")
        found += [c.source for c in source.cells if INSTRUCTOR_TAG in cell_tags(c) and c.source]
    for path in sorted(plans_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        kept = pages.strip_sections(text, pages.INSTRUCTOR_SECTIONS)
        found += [p for p in re.split(r"\n\s*\n", text) if p not in kept and not p.startswith("#")]
    for path in sorted(KEYS_DIR.glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(entry, dict) and isinstance(entry.get("answer"), list | dict):
                found.append(json.dumps(entry["answer"], ensure_ascii=False))
    return [text for text in (_plain(t) for t in found) if len(text) >= 20]


def site_leaks(out: Path, forbidden: list[str]) -> list[str]:
    """Each forbidden text found in a page or file of the site, with where."""
    found = []
    for path in sorted(p for p in out.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file()):
        text = _plain(path.read_text(encoding="utf-8", errors="replace"))
        found += [f"{path.relative_to(out)}: {item[:60]}…" for item in forbidden if item in text]
    return found


# -- the build --------------------------------------------------------------------------------------


def _check_tools() -> None:
    from importlib.util import find_spec

    missing = [name for name in ("sphinx", "myst_nb", "sphinx_book_theme") if find_spec(name) is None]
    if missing:
        raise SiteError(
            f"the course site needs {', '.join(missing)}; install them with: .venv/bin/pip install -e '.[site]'"
        )


def _make_folders(html: Path, out: Path) -> None:
    """Folders Sphinx made and left empty (the theme links to ``_sources/``), where nothing is in the way."""
    for found in sorted(p for p in html.rglob("*") if p.is_dir()):
        target = out / found.relative_to(html)
        if not target.exists() and not target.is_symlink():
            target.mkdir(parents=True)


def build_book(
    out: Path | None = None,
    *,
    edition: str = "student",
    builds: Path = BUILD_DIR,
    data_dir: Path = DATA_DIR,
    plans_dir: Path = PLANS_DIR,
    force: bool = False,
) -> Book:
    """Build one edition of the course site into ``out``.

    Only files an earlier site build wrote there (listed in its ``.scomm-manifest.json``) are
    replaced, or removed when the site no longer has them. A file of anyone else's where the
    site would write stops the build with ``outputs.OutputConflict`` naming it, before anything
    is written there (unless ``force``); every other file in ``out`` is left as it is.
    """
    _check_tools()
    chosen = EDITIONS[edition]
    out = Path(out or chosen.default_out).resolve()
    folder = OutputFolder(out, by="site", force=force)
    folder.check(ALWAYS_WRITTEN)  # refuse at once where we can: the rest is known once Sphinx ran
    started = time.perf_counter()
    ensure_builds(Path(builds))
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.work-"))  # beside out: os.replace works
    try:
        write_project(work / "src", chosen, builds=Path(builds), data_dir=data_dir, plans_dir=plans_dir)
        warnings = run_sphinx(work / "src", work / "html", work / "doctrees")
        if chosen.student:
            leaks = site_leaks(work / "html", forbidden_texts(plans_dir=plans_dir))
            if leaks:
                raise SiteError("the student site would show instructor text: " + "; ".join(leaks[:5]))
        html = work / "html"
        files = {p.relative_to(html).as_posix(): p for p in sorted(html.rglob("*")) if p.is_file()}
        folder.commit(files)
        folder.prune(files)
        _make_folders(html, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    written = sorted(out / rel for rel in files if rel.endswith(".html"))
    return Book(out, written, time.perf_counter() - started, warnings, chosen)


def summary(book: Book) -> str:
    """What ``scomm build --site`` prints."""
    lines = [
        f"Wrote the {book.edition.name} edition of the course site ({len(book.pages)} pages) "
        f"in {book.seconds:.1f} s.",
        f"Open {book.out / 'index.html'}",
    ]
    if book.warnings:
        lines.append(f"Sphinx warned {len(book.warnings)} time(s); the first: {book.warnings[0]}")
    return "\n".join(lines)
