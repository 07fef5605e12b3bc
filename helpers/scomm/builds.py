"""Student and instructor builds of the lessons, and one personalised notebook per student.

``scomm build`` passes each lesson notebook through an ordered list of small steps and the
same writer, twice: once as the instructor's copy (everything kept, run with
``role="instructor"``) and once as the student's (the same steps plus dropping every cell
tagged ``instructor``, run with ``role="student"``). Each step is a pure function from
notebook to notebook, and running it twice changes nothing more than running it once:

>>> from nbformat.v4 import new_code_cell, new_notebook
>>> nb = new_notebook(cells=[new_code_cell('role = "instructor"', metadata={"tags": ["parameters"]}),
...                          new_code_cell("notes.show(L, 'start', role=role)", metadata={"tags": ["instructor"]})])
>>> student = apply(STUDENT_STEPS, nb)
>>> [cell.source for cell in student.cells]
['role = "student"']
>>> apply(STUDENT_STEPS, student) == student
True

``scomm release --roster roster.csv`` then writes ``<out>/<student_id>/<lesson>.ipynb``
for each student on the roster: the lesson's *student build* (built first if it is
missing) with papermill's injected-parameters cell set to the student's ``student_id``
and ``seed``. Nothing is executed; students run their own copy.
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import re
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scomm.course import csvfiles, params
from scomm.course import layout as course
from scomm.course.layout import BUILD_DIR, INJECTED_TAG, INSTRUCTOR_TAG, KEYS_DIR, LESSONS, PARAMETERS_TAG
from scomm.course.outputs import (
    BLOCKING,
    OutputConflict,
    OutputFolder,
    add_force_option,
    scratch_path,
    sha256,
)
from scomm.errors import ScommError
from scomm.run import Outcome

#: A step takes a notebook (an nbformat NotebookNode) and returns a new one; it never edits its input.
Step = Callable[[Any], Any]

RELEASE_DIR = BUILD_DIR / "release"
#: The id of the injected-parameters cell in released notebooks; a fixed id keeps a re-release identical.
INJECTED_CELL_ID = "injected-parameters"


class RosterError(ScommError, ValueError):
    """The roster file is missing or cannot be read as a roster at all."""


class ReleaseError(ScommError, RuntimeError):
    """A lesson cannot be released; the message says which and what to do."""


class BuildError(ScommError, RuntimeError):
    """Lesson builds something else needs (the course site, say) failed; the message says what to run."""


# -- the steps ----------------------------------------------------------------------------------


def cell_tags(cell: Mapping) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _without_cells(nb: Any, tag: str) -> Any:
    result = copy.deepcopy(nb)
    result.cells = [cell for cell in result.cells if tag not in cell_tags(cell)]
    return result


def drop_instructor_cells(nb: Any) -> Any:
    """Remove every cell tagged ``instructor`` (teaching notes and anything else for instructors)."""
    return _without_cells(nb, INSTRUCTOR_TAG)


def drop_injected_parameters(nb: Any) -> Any:
    """Remove a cell papermill injected in an earlier run, so the parameters cell's defaults apply."""
    return _without_cells(nb, INJECTED_TAG)


def clear_outputs(nb: Any) -> Any:
    """Empty every code cell's outputs and execution count; the build's own run fills them again."""
    result = copy.deepcopy(nb)
    for cell in result.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return result


def drop_run_records(nb: Any) -> Any:
    """Remove the timings and file paths papermill and Jupyter record about a run."""
    result = copy.deepcopy(nb)
    result.metadata.pop("papermill", None)
    for cell in result.cells:
        for key in ("execution", "papermill"):
            cell.metadata.pop(key, None)
    return result


_ROLE_LINE = re.compile(r"""^role\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[\w.]+)""", re.MULTILINE)


def _with_role(nb: Any, role: str) -> Any:
    result = copy.deepcopy(nb)
    for cell in result.cells:
        if PARAMETERS_TAG in cell_tags(cell):
            cell.source = _ROLE_LINE.sub(f'role = "{role}"', cell.source, count=1)
            break
    return result


def student_role(nb: Any) -> Any:
    """Make ``role = "student"`` the parameters cell's default (a notebook without ``role`` is left alone)."""
    return _with_role(nb, "student")


def instructor_role(nb: Any) -> Any:
    """Make ``role = "instructor"`` the parameters cell's default, so notes show when the copy is re-run."""
    return _with_role(nb, "instructor")


# Ordering rules:
# - drop_instructor_cells comes first, so no later step (or the kernel) ever sees instructor content;
# - drop_injected_parameters comes before execution: a stale injected cell would override the role
#   the role step writes into the parameters cell;
# - clear_outputs comes before execution, so every stored output comes from this build's own run
#   (an output saved in the source by an instructor's run never reaches students);
# - drop_run_records runs both before execution and after it (FINISHING_STEPS): papermill records
#   timings and the build's file paths, which say nothing about the lesson.
# The other steps commute.
INSTRUCTOR_STEPS: tuple[Step, ...] = (
    drop_injected_parameters,
    instructor_role,
    clear_outputs,
    drop_run_records,
)
STUDENT_STEPS: tuple[Step, ...] = (
    drop_instructor_cells,
    *INSTRUCTOR_STEPS[:1],
    student_role,
    *INSTRUCTOR_STEPS[2:],
)
FINISHING_STEPS: tuple[Step, ...] = (drop_run_records,)


@dataclass(frozen=True)
class Variant:
    """One kind of build: its folder name, its steps, and whether it is for instructors.

    An instructor build carries keys/; every other build is checked for instructor-only text.
    """

    name: str
    steps: tuple[Step, ...]
    instructor: bool


VARIANTS: dict[str, Variant] = {
    "student": Variant("student", STUDENT_STEPS, instructor=False),
    "instructor": Variant("instructor", INSTRUCTOR_STEPS, instructor=True),
}


def apply(steps: Iterable[Step], nb: Any) -> Any:
    """Pass ``nb`` through ``steps`` in order."""
    for step in steps:
        nb = step(nb)
    return nb


# -- reading and writing ------------------------------------------------------------------------


def read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


def write(nb: Any, path: Path) -> Path:
    """The one writer every build and release goes through: nbformat's JSON, written in place."""
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


# -- what a student build must never contain ----------------------------------------------------


def secrets(keys_dir: Path, notes_dir: Path) -> list[str]:
    """Text only instructors may see: every key's explanation and every teaching-note paragraph."""
    found = []
    for path in sorted(keys_dir.glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(entry, dict) and isinstance(entry.get("explanation"), str):
                found.append(entry["explanation"])
    for path in sorted(notes_dir.glob("*.md")):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            lines = [line for line in paragraph.splitlines() if line.strip() and not line.startswith("#")]
            found.extend(lines)
    return [text.strip() for text in found if len(text.strip()) >= 20]


def leaks(nb: Any, forbidden: Iterable[str]) -> list[str]:
    """The forbidden texts found anywhere in a notebook's sources or outputs (each shortened)."""
    import nbformat

    decoded = "\n".join(_strings(nb))
    text = "\n".join([nbformat.writes(nb), decoded, html.unescape(decoded)])
    return [f"{item[:60]}…" for item in forbidden if item in text]


def _strings(node: object) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        yield "".join(item for item in node if isinstance(item, str))
        for item in node:
            yield from _strings(item)


# -- scomm build --------------------------------------------------------------------------------


def build_one(source: Path, variant: Variant, folder: OutputFolder) -> Outcome:
    """Build one lesson in one variant into ``<folder>/<variant>/``; a failure is reported, not raised.

    The notebook is built and run in a temporary file beside its place, which replaces the
    earlier build whole at the end: another build or run never reads a half-written copy.
    """
    from scomm import run
    from scomm.course import notes

    rel = f"{variant.name}/{source.name}"
    target = folder.root / rel
    started = time.perf_counter()
    scratch = scratch_path(target)
    try:
        original = read(source)
        write(apply(variant.steps, original), scratch)
    except Exception as exc:  # one unreadable notebook must not stop the others
        scratch.unlink(missing_ok=True)
        return Outcome(source, target, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    error = run.execute(scratch, scratch, {}).error  # the role is the parameters cell's default now
    finished = apply(FINISHING_STEPS, read(scratch))
    if not variant.instructor:
        instructor_sources = [c.source for c in original.cells if INSTRUCTOR_TAG in cell_tags(c) and c.source]
        found = leaks(finished, [*secrets(KEYS_DIR, notes.NOTES_DIR), *instructor_sources])
        if found:
            scratch.unlink(missing_ok=True)
            return Outcome(source, target, time.perf_counter() - started, f"instructor text leaked: {found}")
    _sign(write(finished, scratch))
    try:
        folder.commit({rel: scratch})
    except OutputConflict as exc:
        error = str(exc)
    return Outcome(source, target, time.perf_counter() - started, error)


def _sign(path: Path) -> Path:
    from nbformat.sign import NotebookNotary

    NotebookNotary().sign(read(path))  # signed outputs open as trusted, so SVG charts show
    return path


def _key_files(keys_dir: Path) -> dict[str, bytes]:
    if not keys_dir.is_dir():
        return {}
    found = sorted(p for p in keys_dir.rglob("*") if p.is_file())
    return {f"instructor/{keys_dir.name}/{p.relative_to(keys_dir).as_posix()}": p.read_bytes() for p in found}


def copy_keys(folder: OutputFolder, keys_dir: Path) -> None:
    """Give the instructor build a fresh copy of keys/ (the student build never gets one)."""
    files = _key_files(keys_dir)
    folder.commit(files)
    folder.prune(files, under=f"instructor/{keys_dir.name}/")


def build(
    notebooks: Iterable[Path] | None = None,
    *,
    out: Path = BUILD_DIR,
    variants: Iterable[str] = tuple(VARIANTS),
    jobs: int | None = None,
    progress: bool = True,
    force: bool = False,
) -> list[Outcome]:
    """Build every lesson (default) in every variant, running notebooks in parallel.

    Raises ``OutputConflict`` before running anything when a file the kit did not write is
    where a build would go (unless ``force``).
    """
    from tqdm.auto import tqdm

    from scomm import run

    notebooks = list(notebooks or run.course_notebooks())
    chosen = [VARIANTS[name] for name in variants]
    tasks = [(nb, variant) for nb in notebooks for variant in chosen]
    folder = OutputFolder(Path(out), by="build", force=force)
    keys = _key_files(KEYS_DIR) if any(v.instructor for v in chosen) else {}
    folder.check([*(f"{v.name}/{nb.name}" for nb, v in tasks), *keys])
    width = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    outcomes = []
    # Threads suffice: each notebook runs in its own kernel process; the thread only waits.
    with ThreadPoolExecutor(max_workers=width) as pool:
        futures = [pool.submit(build_one, nb, variant, folder) for nb, variant in tasks]
        with tqdm(total=len(futures), desc="Building lessons", unit="notebook", disable=not progress) as bar:
            for future in as_completed(futures):
                outcomes.append(future.result())
                bar.update(1)
    if keys:
        copy_keys(folder, KEYS_DIR)
    return sorted(outcomes, key=lambda o: str(o.output))


def ensure_builds(builds: Path) -> None:
    """Build (student and instructor) every lesson whose executed build is not in ``builds`` yet."""
    missing = [
        lesson.notebook
        for lesson in LESSONS
        if not all((builds / variant / f"{lesson.slug}.ipynb").is_file() for variant in VARIANTS)
    ]
    if not missing:
        return
    outcomes = build(missing, out=builds, progress=False)
    failed = [f"{o.output}: {o.error}" for o in outcomes if not o.ok]
    if failed:
        raise BuildError(f"the lesson builds failed ({'; '.join(failed)}); run `scomm build` to see why")


def build_summary(outcomes: Iterable[Outcome], out: Path, *, wall_seconds: float) -> str:
    """Each built notebook with its time and result, and where the builds are."""
    outcomes = list(outcomes)
    lines = [f"{'build':<44} {'seconds':>8}  result"]
    for o in outcomes:
        name = f"{o.output.parent.name}/{o.output.name}"
        lines.append(f"{name:<44} {o.seconds:>8.1f}  {'ok' if o.ok else 'FAILED: ' + str(o.error)}")
    lines.append(f"{len(outcomes)} notebook(s) in {wall_seconds:.1f} s.")
    lines.append(f"Student build: {out / 'student'}/  (no keys, no teaching notes)")
    lines.append(f"Instructor build: {out / 'instructor'}/  (with keys/ and teaching notes)")
    return "\n".join(lines)


# -- the roster ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Student:
    """One roster row that can be released."""

    student_id: str
    seed: int
    name: str = ""
    row: int = 0


@dataclass(frozen=True)
class Skipped:
    """One roster row that was not released, and why."""

    file: Path
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file.name}, row {self.row}: {self.reason}"


def _student(row: Mapping[str, str], number: int) -> Student:
    """A roster row as a Student; raises ValueError (or ParameterError) saying what is wrong."""

    student_id = row.get("student_id", "")
    if not student_id:
        raise ValueError("student_id is empty")
    params.PARAMETERS["student_id"].check(student_id)
    text = row.get("seed", "")
    if not text:
        return Student(student_id, params.default_seed(student_id), row.get("name", ""), number)
    try:
        seed = int(text)
    except ValueError:
        raise ValueError(f"seed {text!r} is not a whole number (leave it empty to derive one)") from None
    params.PARAMETERS["seed"].check(seed)
    return Student(student_id, seed, row.get("name", ""), number)


def _sheet(path: Path) -> csvfiles.Sheet:
    """Read a roster as a spreadsheet saved it: any usual encoding, delimiter and line ends."""
    example = "student_id,name,seed"
    if not path.is_file():
        raise RosterError(f"no roster at {path}; give a CSV file whose first line is e.g. {example}")
    try:
        sheet = csvfiles.read_sheet(path.read_bytes(), str(path))
    except csvfiles.CsvFileError as exc:
        raise RosterError(str(exc)) from None
    if "student_id" not in sheet.columns:
        raise RosterError(
            f"{path} has no student_id column (its first line names: {', '.join(sheet.columns) or 'nothing'}); "
            f"the first line must name the columns, e.g. {example}"
        )
    return sheet


def read_roster(path: Path) -> tuple[list[Student], list[Skipped]]:
    """The students to release and the rows skipped, each with its row number (the header is row 1)."""
    students: list[Student] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}
    sheet = _sheet(Path(path))
    for number, line in sheet.rows:
        try:
            student = _student(sheet.cells(line), number)
        except ValueError as exc:
            skipped.append(Skipped(Path(path), number, str(exc)))
            continue
        if student.student_id in seen:
            reason = f"student_id {student.student_id!r} is already on row {seen[student.student_id]}"
            skipped.append(Skipped(Path(path), number, reason))
            continue
        seen[student.student_id] = number
        students.append(student)
    return students, skipped


# -- scomm release ------------------------------------------------------------------------------


def personalise(nb: Any, values: Mapping[str, object]) -> Any:
    """A copy of ``nb`` whose injected-parameters cell sets ``values`` (papermill's own machinery)."""
    from papermill.parameterize import parameterize_notebook

    mine = type(nb)(nb)  # parameterize_notebook replaces the cell list; only the metadata is edited
    mine.metadata = copy.deepcopy(nb.metadata)
    # papermill expects every cell to have a tags list, as its own reader ensures
    mine.cells = [cell if "tags" in cell.metadata else _with_tags_list(cell) for cell in nb.cells]
    mine.metadata.setdefault("papermill", {})
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    mine = parameterize_notebook(mine, dict(values), kernel_name=kernel, language="python")
    for cell in mine.cells:
        if INJECTED_TAG in cell_tags(cell):
            cell.id = INJECTED_CELL_ID
    return mine


def _with_tags_list(cell: Any) -> Any:
    mine = type(cell)(cell)
    mine.metadata = type(cell.metadata)({**cell.metadata, "tags": []})
    return mine


def release_source(lesson: str, build_dir: Path, sources: Path) -> Path:
    """The lesson's student build, built first (from ``sources``) if it is not there yet."""
    path = build_dir / "student" / f"{lesson}.ipynb"
    if path.exists():
        return path
    notebook = sources / f"{lesson}.ipynb"
    if not notebook.exists():
        raise ReleaseError(f"{lesson}: no student build at {path} and no notebook at {notebook}")
    print(f"No student build of {lesson} yet; building it into {build_dir}/student/ first.", file=sys.stderr)
    (outcome,) = build([notebook], out=build_dir, variants=["student"], progress=False)
    if not outcome.ok:
        raise ReleaseError(
            f"{lesson}: the student build failed ({outcome.error}); run `scomm build` to see why"
        )
    return path


#: A re-release never replaces a notebook a student has changed: the new version goes beside it.
NEW_SUFFIX = ".new.ipynb"


@dataclass(frozen=True)
class Kept:
    """A released notebook that differs from what was released (a student worked in it), kept as it is.

    ``beside`` is where the new version went, or None when that file was changed too.
    """

    path: Path
    beside: Path | None

    def __str__(self) -> str:
        if self.beside is None:
            beside = self.path.name.removesuffix(".ipynb") + NEW_SUFFIX
            return f"{self.path}: kept, and {beside} beside it was changed too, so nothing was written"
        return f"{self.path}: the new version is {self.beside.name}"


@dataclass
class Released:
    """What ``release`` did: every notebook now holding a student's release, and those it kept."""

    paths: list[Path]
    kept: list[Kept]


def _place(folder: OutputFolder, rel: str, data: bytes, kept: list[Kept]) -> Path | None:
    """Write one student's notebook, or keep theirs and write the new one beside it."""
    digest = sha256(data)
    state = folder.state(rel, digest)
    if state not in BLOCKING:
        return folder.put(rel, data, state=state, digest=digest)
    beside = rel.removesuffix(".ipynb") + NEW_SUFFIX
    beside_state = folder.state(beside, digest)
    if beside_state in BLOCKING:
        kept.append(Kept(folder.root / rel, None))
        return None
    kept.append(Kept(folder.root / rel, folder.put(beside, data, state=beside_state, digest=digest)))
    return folder.root / beside


def release(
    students: Iterable[Student],
    lessons: Iterable[str],
    *,
    build_dir: Path = BUILD_DIR,
    out: Path = RELEASE_DIR,
    sources: Path | None = None,
    progress: bool = True,
) -> Released:
    """Write ``out/<student_id>/<lesson>.ipynb`` for every student and lesson.

    Each lesson's student build is read and parsed once; each student's copy is made in
    memory. A notebook already released and unchanged since is replaced (re-releasing the
    same build writes the same bytes); one that differs (a student worked in it) is kept as
    it is, and the new version goes beside it as ``<lesson>.new.ipynb``.
    """
    import nbformat
    from tqdm.auto import tqdm

    students = list(students)
    bases = {
        lesson: _release_base(lesson, Path(build_dir), Path(sources or course.NOTEBOOK_DIR))
        for lesson in lessons
    }
    result = Released([], [])
    folder = OutputFolder(Path(out), by="release", adopt_identical=True)
    with (
        folder.locked(),
        tqdm(
            total=len(students) * len(bases), desc="Releasing", unit="notebook", disable=not progress
        ) as bar,
    ):
        for lesson, (nb, takes_seed) in bases.items():
            for s in students:
                values = {"student_id": s.student_id, **({"seed": s.seed} if takes_seed else {})}
                data = nbformat.writes(personalise(nb, values)).encode("utf-8")
                placed = _place(folder, f"{s.student_id}/{lesson}.ipynb", data, result.kept)
                result.paths.extend([placed] if placed else [])
                bar.update(1)
    return result


def _release_base(lesson: str, build_dir: Path, sources: Path) -> tuple[Any, bool]:
    """The lesson's student build, parsed, and whether it takes a seed."""
    from scomm import run

    path = release_source(lesson, build_dir, sources)
    declared = run.declared_parameters(path)
    if "student_id" not in declared:
        raise ReleaseError(
            f'{path} declares no student_id parameter; add student_id = "demo-student" and '
            "seed = None to the lesson's parameters cell, then run `scomm build`"
        )
    return read(path), "seed" in declared


def release_summary(
    students: list[Student],
    skipped: list[Skipped],
    lessons: list[str],
    out: Path,
    *,
    seconds: float,
    kept: Iterable[Kept] = (),
) -> str:
    """How many were released and skipped (with each reason), what was kept, and where to look."""
    lines = [f"Released {', '.join(lessons)} to {len(students)} student(s) in {seconds:.1f} s."]
    if skipped:
        lines.append(f"Skipped {len(skipped)} roster row(s):")
        lines.extend(f"  {item}" for item in skipped)
    else:
        lines.append("Skipped 0 roster rows.")
    kept = list(kept)
    if kept:
        lines.append(
            f"Kept {len(kept)} notebook(s) that differ from what was released (a student worked in them); "
            f"each new version is beside it as <lesson>{NEW_SUFFIX}:"
        )
        lines.extend(f"  {item}" for item in kept)
    if students:
        lines.append(f"Each student's notebook: {out}/<student_id>/<lesson>.ipynb")
    return "\n".join(lines)


# -- the command line ---------------------------------------------------------------------------


def cmd_site(args: argparse.Namespace) -> int:
    """``scomm build --site [--instructor]``: one edition of the course site (scomm.publish.book)."""
    from scomm.publish.book import build as book

    edition = "instructor" if getattr(args, "instructor", False) else "student"
    out = None if Path(args.out) == BUILD_DIR else Path(args.out)
    try:
        built = book.build_book(out, edition=edition, force=args.force)
    except (
        RuntimeError,
        ValueError,
    ) as exc:  # SiteError, a failed lesson build, a bad glossary, a file in the way
        print(f"scomm build --site: {exc}", file=sys.stderr)
        return 1
    print(book.summary(built))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    if getattr(args, "site", False):
        return cmd_site(args)
    from scomm import run

    notebooks = [Path(n) for n in args.notebooks] or run.course_notebooks()
    missing = [str(n) for n in notebooks if not n.is_file()]
    if missing:
        print(f"scomm build: no notebook at {', '.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        outcomes = build(notebooks, out=Path(args.out), jobs=args.jobs, force=args.force)
    except OutputConflict as exc:
        print(f"scomm build: {exc}", file=sys.stderr)
        return 1
    print(build_summary(outcomes, Path(args.out), wall_seconds=time.perf_counter() - started))
    return 0 if all(o.ok for o in outcomes) else 1


def _lessons(choice: str | None) -> list[str]:
    from scomm import run

    if choice is None:
        return [path.stem for path in run.course_notebooks()]
    return [course.lesson(int(choice) if choice.isdigit() else choice).slug]


def cmd_release(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        lessons = _lessons(args.lesson)
        students, skipped = read_roster(Path(args.roster))
    except (KeyError, RosterError) as exc:
        print(f"scomm release: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    result = Released([], [])
    if students:
        try:
            result = release(students, lessons, build_dir=Path(args.build), out=Path(args.out))
        except (ReleaseError, OutputConflict) as exc:
            print(f"scomm release: {exc}", file=sys.stderr)
            return 1
    seconds = time.perf_counter() - started
    print(release_summary(students, skipped, lessons, Path(args.out), seconds=seconds, kept=result.kept))
    if not students:
        print(f"scomm release: no student released; fix the rows above in {args.roster}", file=sys.stderr)
    return 0 if students else 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``scomm build`` and ``scomm release``."""
    build_p = sub.add_parser("build", help="write student and instructor builds of the lessons")
    build_p.add_argument(
        "notebooks", nargs="*", help="notebooks to build (default: every lesson in notebooks/)"
    )
    build_p.add_argument("--out", default=str(BUILD_DIR), help="folder for the builds (default: %(default)s)")
    build_p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: one per core)")
    build_p.add_argument(
        "--site",
        action="store_true",
        help="write the student course site from the builds (into --out when given, else build/site)",
    )
    build_p.add_argument(
        "--instructor",
        action="store_true",
        help="with --site: the instructor edition instead (default folder build/site-instructor)",
    )
    add_force_option(build_p)
    build_p.set_defaults(func=cmd_build)
    release_p = sub.add_parser("release", help="write one personalised notebook per student on a roster")
    release_p.add_argument(
        "--roster", required=True, help="CSV with a student_id column (name, seed optional)"
    )
    release_p.add_argument(
        "--lesson", default=None, help="lesson number or notebook name, e.g. 1 (default: every lesson)"
    )
    release_p.add_argument(
        "--build", default=str(BUILD_DIR), help="folder holding student/ builds (default: %(default)s)"
    )
    release_p.add_argument(
        "--out", default=str(RELEASE_DIR), help="folder for released notebooks (default: %(default)s)"
    )
    release_p.set_defaults(func=cmd_release)
