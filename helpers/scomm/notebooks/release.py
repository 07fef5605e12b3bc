"""``scomm release``: one personalised notebook per student on a roster.

``scomm release --roster roster.csv`` writes ``<out>/<student_id>/<lesson>.ipynb`` for each
student on the roster: the lesson's *student build* (built first if it is missing) with
papermill's injected-parameters cell set to the student's ``student_id`` and ``seed``.
Nothing is executed; students run their own copy. A roster is read as a spreadsheet saved it;
a bad row is named by its number and skipped, everyone else is released.

A released copy carries no stored outputs: each code cell that showed something holds a one-line
note saying to run it instead. The student's kernel draws every chart and table when they run
the lesson, at their own parameters, so a copy is the lesson's text and code only (about 20 KB,
not the 340 KB of a build with every chart stored twice), and a class of 3,000 fits in 100 MB.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scomm.course import csvfiles, params
from scomm.course.layout import BUILD_DIR, NOTEBOOK_DIR
from scomm.course.outputs import BLOCKING, OutputFolder, sha256
from scomm.errors import ScommError
from scomm.notebooks import fresh, run
from scomm.notebooks.build import build
from scomm.notebooks.personal import Template, without_outputs
from scomm.notebooks.steps import read

RELEASE_DIR = BUILD_DIR / "release"


class RosterError(ScommError, ValueError):
    """The roster file is missing or cannot be read as a roster at all."""


class ReleaseError(ScommError, RuntimeError):
    """A lesson cannot be released; the message says which and what to do."""


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


def release_source(lesson: str, build_dir: Path, sources: Path) -> Path:
    """The lesson's student build, built first (from ``sources``) if it is missing or out of date."""
    path = build_dir / "student" / f"{lesson}.ipynb"
    notebook = sources / f"{lesson}.ipynb"
    if not notebook.exists():
        if path.exists():
            return path  # nothing to compare it with: the build is all there is
        raise ReleaseError(f"{lesson}: no student build at {path} and no notebook at {notebook}")
    why = fresh.why_rebuild(path, notebook, instructor=False)
    if not why:
        return path
    print(f"Building the student build of {lesson} into {build_dir}/student/ first: {why}.", file=sys.stderr)
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
    shared: Mapping[str, object] | None = None,
) -> Released:
    """Write ``out/<student_id>/<lesson>.ipynb`` for every student and lesson.

    ``shared``: parameters every copy is set to (a class's ``as_of``, ``level``, ``focus``),
    beside each student's ``student_id`` and ``seed``.

    Each lesson's student build is read and parsed once; each student's copy is made in
    memory. A notebook already released and unchanged since is replaced (re-releasing the
    same build writes the same bytes); one that differs (a student worked in it) is kept as
    it is, and the new version goes beside it as ``<lesson>.new.ipynb``.
    """
    from tqdm.auto import tqdm

    students = list(students)
    shared = dict(shared or {})
    bases = {
        lesson: _release_base(lesson, Path(build_dir), Path(sources or NOTEBOOK_DIR), shared)
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
            template = Template(without_outputs(nb), takes_seed, shared)
            for s in students:
                placed = _place(
                    folder,
                    f"{s.student_id}/{lesson}.ipynb",
                    template.copy_for(s.student_id, s.seed),
                    result.kept,
                )
                result.paths.extend([placed] if placed else [])
                bar.update(1)
    return result


def _release_base(
    lesson: str, build_dir: Path, sources: Path, shared: Mapping[str, object]
) -> tuple[Any, bool]:
    """The lesson's student build, parsed, and whether it takes a seed (and each ``shared`` name)."""
    path = release_source(lesson, build_dir, sources)
    declared = run.declared_parameters(path)
    params.check_names(lesson, declared=declared, given=shared)
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
