"""How long `scomm grade` takes for a class, as a ratio against notebook autograding in the same run.

Notebook autograders (nbgrader, otter-grader) grade by executing one notebook per
student. The baseline here is the leanest form of that: a minimal grading notebook that
loads one submission and calls ``Exercise.check`` on each answer, executed with
papermill's Python API (one kernel start per student, no process start) with the settings
``scomm run`` uses (kernels over IPC, immediate shutdown). Executing it
1,000 times would take many minutes, so K executions (default 3) are timed and the mean
per submission is extrapolated linearly to the class size; the output says so.

`scomm grade` is timed through its command line, as an instructor runs it (process start,
imports, three charts drawn with an empty chart cache), and, separately, as the in-process
``grade`` function.

    .venv/bin/python benchmarks/grade_class.py [--students 1000] [--papermill-runs 3]

The class is synthetic (``scomm.grading.grade.synthetic_class``): made-up students, seeded.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "helpers"))

import verdict  # noqa: E402
from scomm.grading import grade, records  # noqa: E402

LESSON = "01_program_mechanics"

GRADING_CELL = f"""\
import json, sys
from pathlib import Path
sys.path.insert(0, {str(ROOT / "helpers")!r})
from scomm.exercises.definitions import load_set
from scomm.grading.rubrics import is_written

body = json.loads(Path(submission).read_text(encoding="utf-8"))
exercises = load_set(body["lesson"], with_keys=True)
answers = body["answers"]
# A written answer is marked later with its rubric (pending, as scomm grade records it), not checked.
scores = {{
    i: ex.variant(body["seed"]).check(answers[i]["answer"]).score if i in answers else 0.0
    for i, ex in exercises.items()
    if not is_written(ex)
}}
Path(result).write_text(json.dumps(round(sum(scores.values()), 4)))
"""


def grading_notebook(path: Path) -> Path:
    """A minimal per-student grading notebook: parameters, then one cell that checks every answer."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('submission = ""\nresult = ""', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(GRADING_CELL),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def time_papermill(notebook: Path, submissions: list[Path], work: Path) -> tuple[float, list[float]]:
    """Execute the grading notebook once per submission, in sequence; seconds and the totals found."""
    import papermill

    from scomm.notebooks.run import _ipc_kernel_manager  # the kit's own fastest papermill settings

    totals = []
    started = time.perf_counter()
    for i, submission in enumerate(submissions):
        result = work / f"total-{i}.json"
        papermill.execute_notebook(
            str(notebook),
            str(work / f"graded-{i}.ipynb"),
            parameters={"submission": str(submission), "result": str(result)},
            progress_bar=False,
            kernel_manager_class=_ipc_kernel_manager(),
            shutdown_kernel="immediate",
        )
        totals.append(json.loads(result.read_text()))
    return time.perf_counter() - started, totals


def time_cli(folder: Path, out: Path, env: dict[str, str]) -> tuple[float, str]:
    """One `scomm grade` run, as an instructor types it."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "scomm"), "grade", str(folder), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return time.perf_counter() - started, done.stdout


def time_in_process(folder: Path, out: Path) -> tuple[float, records.Report]:
    """``grade.grade`` called directly (imports already done, chart cache already warm)."""
    started = time.perf_counter()
    report = grade.grade(folder, out)
    return time.perf_counter() - started, report


def gradebook_totals(path: Path) -> dict[str, float]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["student_id"]: float(row["total"]) for row in csv.DictReader(handle)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--papermill-runs", type=int, default=3, help="K notebook executions to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # A fresh chart cache: the CLI run draws its three charts from scratch.
        env = {**os.environ, "SCOMM_CACHE": str(work / "cache")}
        os.environ["SCOMM_CACHE"] = env["SCOMM_CACHE"]
        expected = grade.synthetic_class(work / "class", args.students, lesson=LESSON, seed=1)

        cli_seconds, report_text = time_cli(work / "class", work / "out-cli", env)
        in_process_seconds, report = time_in_process(work / "class", work / "out-api")
        graded = gradebook_totals(work / "out-cli" / "gradebook.csv")
        assert graded == expected, "scomm grade must reproduce the synthetic class's totals"

        sample = sorted((work / "class" / LESSON).glob("*.json"))[: args.papermill_runs]
        notebook = grading_notebook(work / "grade_one.ipynb")
        papermill_seconds, papermill_totals = time_papermill(notebook, sample, work)
        assert papermill_totals == [expected[p.stem] for p in sample], "both graders agree"

    per_submission = papermill_seconds / len(sample)
    projected = per_submission * args.students
    print(f"Synthetic class of {args.students:,} submissions ({LESSON}).")
    print(
        f"scomm grade (CLI, as run by an instructor; charts drawn cold): {len(graded):,} graded, "
        f"{len(report.skipped)} skipped, in {cli_seconds:.2f} s"
    )
    print(f"grade.grade (in-process, imports done, chart cache warm): {in_process_seconds:.2f} s")
    print(
        f"papermill: {len(sample)} executions of a one-student grading notebook took "
        f"{papermill_seconds:.2f} s, {per_submission:.2f} s per submission (totals agree with scomm grade)"
    )
    print(
        f"papermill projected for {args.students:,}: {projected:,.0f} s "
        f"(linear extrapolation from {len(sample)} measured runs, not measured)"
    )
    print(f"ratio, scomm grade CLI / papermill projection: {cli_seconds / projected:.4f}")
    verdict.judge(
        "grade_class",
        kit=cli_seconds,
        baseline=projected,
        at_most=0.1,
        meaning="scomm grade / notebook autograding",
    )
    print("\n" + report_text.splitlines()[0])
    return verdict.exit_code()


if __name__ == "__main__":
    raise SystemExit(main())
