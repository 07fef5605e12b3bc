"""Median cost of saving a written answer in the kernel, against recording the same text alone.

The page sends a written answer after a pause in typing and when the box loses focus; the kernel
then checks its length, records it durably in the answer log, updates the save state and checks
the source ids it cites. The baseline, measured in the same run on the same disk, is the answer
log's own durable record of the same text (lock, append, fsync), which no save can skip.

    .venv/bin/python benchmarks/written_save.py [--saves 100] [--words 1200]

Target: the memo's save (1,200 words citing two source ids a sentence) at most 10 times the
durable record alone. The citation check reads the text once and the sources table once per day.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

import verdict

SENTENCE = "The county should answer notification requests (`dhs-2014-scomm-memo`) and decline holds (`galarza-2014`)."


def median_ms(action, times: int) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--words", type=int, default=1200)
    args = parser.parse_args()
    # On the disk answers really live on (responses/ sits in the checkout), not a tmpfs /tmp.
    root = Path(__file__).resolve().parents[1] / "build"
    root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as folder:
        os.environ["SCOMM_RESPONSES"] = folder
        from scomm.exercises import responses, widgets

        memo = widgets.exercise("04_pep_transition", "l4-memo", student_id="bench")
        per = len(SENTENCE.split())
        body = " ".join([SENTENCE] * (args.words // per))
        texts = itertools.cycle([body + " a", body + " b"])  # each save a change, as typing makes
        memo.box.value = body  # warm-up: the sources table read once
        saved = median_ms(lambda: setattr(memo.box, "value", next(texts)), args.saves)
        assert memo.box.status_style == "saved", memo.box.status
        alone = responses.Log("bench-floor", "04_pep_transition")
        floor = median_ms(lambda: alone.record("l4-memo", next(texts)), args.saves)
    print(
        f"saves: {args.saves}; words: {len(body.split())}; characters: {len(body)}; cores: {os.cpu_count()}"
    )
    print(f"memo save in the kernel (cap, record, save state, citations): median {saved:.2f} ms")
    print(f"floor: the same text recorded alone (lock, append, fsync): median {floor:.2f} ms")
    verdict.judge(
        "written_save", kit=saved, baseline=floor, at_most=10.0, meaning="memo save / durable record"
    )
    return verdict.exit_code()


if __name__ == "__main__":
    raise SystemExit(main())
