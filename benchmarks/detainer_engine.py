"""Detainer engine speed: 100,000 SYNTHETIC bookings under every federal and local regime.

For each regime in ``data/regimes.csv`` the same synthetic bookings are moved to a day that
regime was in force and to a jail it covers (a Texas county, with no local limit, for the
federal regimes), then decided with ``decide_many``. The baseline is a plain Python loop calling
``decide()`` on a sample of K rows per regime, timed and extrapolated linearly to the full count
(Booking objects are built before the clock starts, so the loop is timed at its fastest). The
sample's answers are also checked against ``decide_many``'s.

    .venv/bin/python benchmarks/detainer_engine.py [--n 100000] [--sample 2000] [--seed 2012]

Target: the vectorised run over all regimes in ≤ 2 s on this machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

from scomm import detainers

NEUTRAL = "harris-county-tx"
TARGET_SECONDS = 2.0


def synthetic_bookings(n: int, seed: int) -> pd.DataFrame:
    """SYNTHETIC bookings: invented records with plausible-looking shares, not people or real rates."""
    rng = np.random.default_rng(seed)
    some_day = np.datetime64("1995-01-01") + rng.integers(0, 9000, n).astype("timedelta64[D]")
    frame = pd.DataFrame(
        {
            "booking_id": [f"synthetic-{i:06d}" for i in range(n)],
            "removable": rng.random(n) < 0.9,
            "felony_convictions": rng.poisson(0.35, n),
            "aggravated_felony": rng.random(n) < 0.05,
            "significant_misdemeanors": rng.poisson(0.25, n),
            "other_misdemeanors": rng.poisson(0.9, n),
            "pending_felony_charge": rng.random(n) < 0.3,
            "pending_misdemeanor_charge": rng.random(n) < 0.7,
            "prior_removal_order_on": np.where(rng.random(n) < 0.25, some_day, np.datetime64("NaT")),
            "reentered_after_removal": rng.random(n) < 0.1,
            "gang": rng.random(n) < 0.03,
            "national_security": rng.random(n) < 0.005,
            "entered_on": np.where(rng.random(n) < 0.4, some_day + 3650, np.datetime64("NaT")),
            "release_hour": rng.integers(0, 24 * 60, n),
        }
    )
    frame.attrs["label"] = "SYNTHETIC bookings"
    return frame


def placed(bookings: pd.DataFrame, regime: detainers.Regime) -> pd.DataFrame:
    """The bookings moved to a day the regime was in force, in a jail it covers."""
    ends = regime.ends or regime.starts + timedelta(days=730)
    day = regime.starts + (ends - regime.starts) // 2
    place = NEUTRAL if regime.level == "federal" else regime.jurisdiction_id
    minutes = bookings["release_hour"].to_numpy().astype("timedelta64[m]")
    frame = bookings.drop(columns="release_hour").assign(booked_on=pd.Timestamp(day), jurisdiction_id=place)
    frame["release_at"] = np.datetime64(day, "ns") + minutes
    return frame


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic bookings per regime")
    parser.add_argument("--sample", type=int, default=2_000, help="rows per regime for the decide() loop")
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args()
    catalogue = detainers._catalogue()  # load and validate the data before any clock starts
    regimes = (*catalogue.federal, *catalogue.local)
    bookings = synthetic_bookings(args.n, args.seed)
    detainers.decide_many(placed(bookings.head(10), regimes[0]))  # warm caches (holiday calendar)

    print(f"{args.n:,} SYNTHETIC bookings under each of {len(regimes)} regimes")
    print(f"{'regime':<26}{'decide_many':>13}{'loop (extrap.)':>16}  requests / jail actions")
    total_vector = total_loop = 0.0
    for regime in regimes:
        frame = placed(bookings, regime)
        started = time.perf_counter()
        out = detainers.decide_many(frame)
        vector = time.perf_counter() - started
        sample = detainers.bookings_of(frame.head(args.sample))
        started = time.perf_counter()
        decisions = [detainers.decide(b) for b in sample]
        loop = (time.perf_counter() - started) * args.n / len(sample)
        agree = [d.jail_action for d in decisions] == list(out["jail_action"].head(len(sample)))
        if not agree:
            print(f"decide() and decide_many() disagree under {regime.regime_id}", file=sys.stderr)
            return 1
        total_vector, total_loop = total_vector + vector, total_loop + loop
        counts = out["ice_request"].value_counts().to_dict() | out["jail_action"].value_counts().to_dict()
        shown = ", ".join(f"{k} {v:,}" for k, v in counts.items())
        print(f"{regime.regime_id:<26}{vector:>12.3f}s{loop:>15.2f}s  {shown}")

    rows = args.n * len(regimes)
    print(f"\nvectorised decide_many: {total_vector:.2f} s for {rows:,} booking-regime evaluations")
    print(
        f"per-row decide() loop:  {total_loop:.1f} s, extrapolated linearly from {args.sample:,} rows "
        f"per regime to {args.n:,}"
    )
    print(f"ratio: the loop takes {total_loop / total_vector:.0f}x as long")
    verdict = "met" if total_vector <= TARGET_SECONDS else "MISSED"
    print(f"target ≤ {TARGET_SECONDS:.0f} s for the vectorised run: {verdict}")
    return 0 if total_vector <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
