"""``scomm build``: every lesson passed through its steps and the same writer, twice.

Once as the instructor's copy (everything kept, run with ``role="instructor"``) and once as the
student's (the same steps plus dropping every cell tagged ``instructor``, run with
``role="student"``); the student copy is then scanned for every key explanation, teaching note
and instructor-only cell before it is kept (``secrets``, ``leaks``):

>>> leaks({"cells": [{"source": "The answer is IDENT."}]}, ["The answer is IDENT.", "Not here at all."])
['The answer is IDENT.…']
"""

from __future__ import annotations

import html
import os
import re
import threading
import time
import tomllib
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scomm.course.layout import BUILD_DIR, INSTRUCTOR_TAG, KEYS_DIR, LESSONS
from scomm.course.notes import NOTES_DIR
from scomm.course.outputs import OutputConflict, OutputFolder, scratch_path
from scomm.errors import ScommError
from scomm.notebooks import fresh, run
from scomm.notebooks.kernels import Kernel
from scomm.notebooks.run import Outcome
from scomm.notebooks.steps import (
    FINISHING_STEPS,
    INSTRUCTOR_STEPS,
    STUDENT_STEPS,
    Step,
    apply,
    cell_tags,
    read,
    write,
)


class BuildError(ScommError, RuntimeError):
    """Lesson builds something else needs (the course site, say) failed; the message says what to run."""


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


# -- what a student build must never contain ----------------------------------------------------


def secrets(keys_dir: Path, notes_dir: Path) -> list[str]:
    """Text only instructors may see: every key's explanation, every teaching-note paragraph, and
    what a good written answer contains (``good_answer`` in ``keys/rubrics/``)."""
    found = []
    for path in sorted(keys_dir.glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(entry, dict) and isinstance(entry.get("explanation"), str):
                found.append(entry["explanation"])
    for path in sorted((keys_dir / "rubrics").glob("*.toml")):
        for rubric in tomllib.loads(path.read_text(encoding="utf-8")).get("rubric", []):
            found.extend(text for text in rubric.get("good_answer", []) if isinstance(text, str))
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


def build_one(
    source: Path, variant: Variant, folder: OutputFolder, why: str = "", kernel: Kernel | None = None
) -> Outcome:
    """Build one lesson in one variant into ``<folder>/<variant>/``; a failure is reported, not raised.

    ``why`` (from ``fresh.why_rebuild``) is kept in the outcome for the summary. ``kernel`` runs
    it (one that ran other builds of the same variant first, see ``build``); by default a new one.

    The notebook is built and run in a temporary file beside its place, which replaces the
    earlier build whole at the end: another build or run never reads a half-written copy.
    """
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
    if kernel is None:
        with Kernel(scratch.parent) as own:
            error = own.run(scratch)  # the role is the parameters cell's default now
    else:
        error = kernel.run(scratch)
    finished = fresh.stamp(
        apply(FINISHING_STEPS, read(scratch)), fresh.inputs(source, instructor=variant.instructor)
    )
    if not variant.instructor:
        instructor_sources = [c.source for c in original.cells if INSTRUCTOR_TAG in cell_tags(c) and c.source]
        found = leaks(finished, [*secrets(KEYS_DIR, NOTES_DIR), *instructor_sources])
        if found:
            scratch.unlink(missing_ok=True)
            return Outcome(source, target, time.perf_counter() - started, f"instructor text leaked: {found}")
    write(finished, scratch)
    _sign(finished)
    try:
        folder.commit({rel: scratch})
    except OutputConflict as exc:
        error = str(exc)
    return Outcome(source, target, time.perf_counter() - started, error, why)


def _sign(nb: Any) -> None:
    """Sign the notebook just written: signed outputs open as trusted, so SVG charts show.

    The notebook in hand is what the file holds; reading the file back parsed and checked it again.
    """
    from nbformat.sign import NotebookNotary

    NotebookNotary().sign(nb)


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
    rebuild: bool = False,
) -> list[Outcome]:
    """Build every lesson (default) in every variant whose inputs changed, in parallel.

    A build whose recorded inputs (``fresh``) match today's is kept, and its outcome says so;
    ``rebuild`` makes every build again. Raises ``OutputConflict`` before running anything
    when a file the kit did not write is where a build would go (unless ``force``).
    """
    from tqdm.auto import tqdm

    notebooks = list(notebooks or run.course_notebooks())
    chosen = [VARIANTS[name] for name in variants]
    folder = OutputFolder(Path(out), by="build", force=force)
    tasks, kept = _plan(notebooks, chosen, Path(out), rebuild=rebuild)
    keys = _key_files(KEYS_DIR) if any(v.instructor for v in chosen) else {}
    folder.check([*(f"{v.name}/{nb.name}" for nb, v, _ in tasks), *keys])
    width = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    outcomes = list(kept)
    lock = threading.Lock()
    with tqdm(total=len(tasks), desc="Building lessons", unit="notebook", disable=not progress) as bar:

        def run_lane(lane: list[tuple[Path, Variant, str]]) -> None:
            with Kernel(Path(out) / lane[0][1].name) as kernel:
                for nb, variant, why in lane:
                    outcome = build_one(nb, variant, folder, why, kernel)
                    with lock:
                        outcomes.append(outcome)
                        bar.update(1)

        # Threads suffice: each lane's notebooks run in its kernel process; the thread only waits.
        with ThreadPoolExecutor(max_workers=width) as pool:
            for future in [pool.submit(run_lane, lane) for lane in lanes(tasks, width)]:
                future.result()
    if keys:
        copy_keys(folder, KEYS_DIR)
    return sorted(outcomes, key=lambda o: str(o.output))


def _plan(
    notebooks: list[Path], variants: list[Variant], out: Path, *, rebuild: bool
) -> tuple[list[tuple[Path, Variant, str]], list[Outcome]]:
    """The builds to make, each with why, and the outcomes of those kept because they are current."""
    tasks, kept = [], []
    for nb in notebooks:
        for variant in variants:
            target = out / variant.name / nb.name
            why = (
                "asked to rebuild"
                if rebuild
                else fresh.why_rebuild(target, nb, instructor=variant.instructor)
            )
            if why:
                tasks.append((nb, variant, why))
            else:
                kept.append(Outcome(nb, target, 0.0, None, KEPT))
    return tasks, kept


def lanes(tasks: list[tuple[Path, Variant, str]], width: int) -> list[list[tuple[Path, Variant, str]]]:
    """The builds split into ``width`` lanes (at least one per variant), each run by one kernel.

    A lane holds one variant only, so a student build never runs in a kernel an instructor build
    used; a variant's builds are dealt round-robin over its share of lanes:

    >>> s, i = VARIANTS["student"], VARIANTS["instructor"]
    >>> [[(n, v.name) for n, v, _ in lane] for lane in lanes([(1, s, ""), (1, i, ""), (2, s, ""), (2, i, "")], 2)]
    [[(1, 'student'), (2, 'student')], [(1, 'instructor'), (2, 'instructor')]]
    >>> [len(lane) for lane in lanes([(n, s, "") for n in range(5)], 2)]
    [3, 2]
    """
    by_variant: dict[str, list[tuple[Path, Variant, str]]] = {}
    for task in tasks:
        by_variant.setdefault(task[1].name, []).append(task)
    share = max(1, width // max(1, len(by_variant)))
    found = []
    for group in by_variant.values():
        found.extend(group[start::share] for start in range(min(share, len(group))))
    return found


#: The note of a build that was current and so not made again.
KEPT = "current: kept"


def ensure_builds(builds: Path, *, say=print) -> None:
    """Build (student and instructor) every lesson whose build in ``builds`` is missing or stale.

    ``say`` is told, for each lesson built, why: a site or release never uses an old build silently.
    """
    outcomes = build([item.notebook for item in LESSONS], out=builds, progress=False)
    for o in outcomes:
        if o.ok and o.note != KEPT:
            say(f"Rebuilt {o.output.parent.name}/{o.output.name}: {o.note}.")
    failed = [f"{o.output}: {o.error}" for o in outcomes if not o.ok]
    if failed:
        raise BuildError(f"the lesson builds failed ({'; '.join(failed)}); run `scomm build` to see why")


def build_summary(outcomes: Iterable[Outcome], out: Path, *, wall_seconds: float) -> str:
    """Each build with its time and result (and why it was made, or that it was current), and where they are."""
    outcomes = list(outcomes)
    lines = [f"{'build':<44} {'seconds':>8}  result"]
    for o in outcomes:
        name = f"{o.output.parent.name}/{o.output.name}"
        result = "ok" if o.ok else "FAILED: " + str(o.error)
        if o.note == KEPT:
            result = "unchanged since the last build: kept"
        elif o.note:
            result += f" (rebuilt: {o.note})"
        lines.append(f"{name:<44} {o.seconds:>8.1f}  {result}")
    made = sum(o.note != KEPT for o in outcomes)
    lines.append(
        f"{len(outcomes)} notebook(s), {made} built and {len(outcomes) - made} current, in {wall_seconds:.1f} s."
    )
    lines.append(f"Student build: {out / 'student'}/  (no keys, no teaching notes)")
    lines.append(f"Instructor build: {out / 'instructor'}/  (with keys/ and teaching notes)")
    return "\n".join(lines)
