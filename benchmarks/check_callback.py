"""Median latency of an exercise's button callback: record the answer durably, check it, explain.

Compared with a baseline measured in the same run: the same ipywidgets button with a
handler that only writes feedback text (what any widget costs before the kit does work).

    .venv/bin/python benchmarks/check_callback.py [--clicks 200]

Target: median callback ≤ 10 ms on this machine.
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
        baseline = median_ms(bare.click, args.clicks)
    print(f"clicks per exercise: {args.clicks}; cores: {os.cpu_count()}")
    for exercise_id, ms in results.items():
        print(f"{exercise_id:<12} median {ms:6.2f} ms  (x{ms / baseline:.0f} the bare-button baseline)")
    print(f"baseline: bare button + feedback text, median {baseline:.3f} ms")
    worst = max(results.values())
    print(f"slowest median callback: {worst:.2f} ms (target <= 10 ms): {'met' if worst <= 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
