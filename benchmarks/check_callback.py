"""Median latency of an exercise's button callback: record the answer durably, check it, explain.

Compared with the honest floor, measured in the same run on the same disk: the durable write
alone (one answer line appended under a lock and fsync-ed, as the kit does it), which no
callback that keeps its promise "Saved." can skip. A bare button with feedback text is printed
for reference.

    .venv/bin/python benchmarks/check_callback.py [--clicks 200]

Target: the slowest exercise's median callback at most 25 times the durable write. On a quiet
disk that write takes about 0.2 ms, so the target is about 5 ms, far below the tenth of a second
at which a click starts to feel slow; on a busy disk fsync grows and the ratio shrinks (it is a
floor the kit cannot go below, not a measure of the kit's own work).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

import verdict


def median_ms(click, clicks: int) -> float:
    times = []
    for _ in range(clicks):
        started = time.perf_counter()
        click()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=200)
    args = parser.parse_args()
    # Measure on the disk the kit's answers really live on (responses/ sits in the checkout),
    # not in a tmpfs /tmp where fsync costs nothing.
    root = Path(__file__).resolve().parents[1] / "build"
    root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as folder:
        os.environ["SCOMM_RESPONSES"] = folder
        import ipywidgets as w

        from scomm.exercises import widgets

        results = {}
        cases = (
            ("01_program_mechanics", "l1-ident", "IAFIS (FBI)"),
            ("01_program_mechanics", "l1-claims", None),
            ("01_program_mechanics", "l1-growth", "4.1"),
            ("02_opt_out_dispute", "l2-stance", None),  # feedback cites six data rows
        )
        for lesson, exercise_id, answer in cases:
            form = widgets.exercise(lesson, exercise_id, student_id="bench")
            if answer is None:
                form.value = {item: form.exercise.categories[0] for item in form.exercise.items}
            else:
                form.value = answer
            form.button.click()  # warm-up: first load of data tables and citations
            results[exercise_id] = median_ms(form.button.click, args.clicks)
        bare, note = w.Button(), w.HTML()
        bare.on_click(lambda _b: setattr(note, "value", "<div>feedback</div>"))
        button_only = median_ms(bare.click, args.clicks)
        baseline = median_ms(lambda: durable_write(Path(folder) / "floor.jsonl"), args.clicks)
    print(f"clicks per exercise: {args.clicks}; cores: {os.cpu_count()}")
    for exercise_id, ms in results.items():
        print(f"{exercise_id:<12} median {ms:6.2f} ms  (x{ms / baseline:.1f} the durable write)")
    print(f"floor: the durable write alone (lock, append, fsync), median {baseline:.3f} ms")
    print(f"for reference: a bare button writing feedback text, median {button_only:.3f} ms")
    worst = max(results.values())
    verdict.judge(
        "check_callback",
        kit=worst,
        baseline=baseline,
        at_most=25.0,
        meaning="slowest callback / durable write",
    )
    return verdict.exit_code()


#: About the size of one recorded answer line.
LINE = b'{"answer": "IAFIS (FBI)", "at": "2026-11-22T10:00:00+00:00", "exercise": "l1-ident"}\tabcdef0123456789\n'


def durable_write(path: Path) -> None:
    """What saving one answer costs at least: the kit's own locked, synced append."""
    from scomm.course import durable

    with durable.locked(path) as fd:
        durable.append(fd, LINE, path.parent)


if __name__ == "__main__":
    raise SystemExit(main())
