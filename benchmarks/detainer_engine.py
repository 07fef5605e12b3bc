"""Detainer engine speed: 100,000 SYNTHETIC bookings under every federal and local regime.

For each regime in ``data/regimes.csv`` the kit's synthetic bookings (``scomm.policy.caseload``, same
seed) are booked on a day that regime was in force, in a jail it covers (a Texas county, with no local limit, for the
federal regimes; for a state's regime, a jail in that state with no rule of its own), then decided with
``decide_many``. Federal regimes whose rule is 'unknown' (days the kit's sources give no rule for) are
refused by the engine and skipped here. The baseline is a plain Python loop calling
``decide()`` on a sample of K rows per regime, timed and extrapolated linearly to the full count
(Booking objects are built before the clock starts, so the loop is timed at its fastest). The
sample's answers are also checked against ``decide_many``'s.

    .venv/bin/python benchmarks/detainer_engine.py [--n 100000] [--sample 2000] [--seed 2012]

Target: the vectorised run at most a tenth of the per-row loop's time (ten times faster), measured
side by side, so the figure holds on a busy machine as on a quiet one.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

import verdict
from scomm.policy import caseload, detainers
from scomm.policy.detainers import catalogue

NEUTRAL = "harris-county-tx"


def placed(n: int, seed: int, regime: detainers.Regime) -> pd.DataFrame:
    """The kit's SYNTHETIC bookings (scomm.policy.caseload), all booked on a day ``regime`` was in force,
    in a jail it covers. The same seed gives the same people under every regime."""
    ends = regime.ends or min(regime.starts + timedelta(days=730), catalogue.loaded().horizon)
    day = regime.starts + (ends - regime.starts) // 2
    return caseload.synthetic_bookings(
        n, seed=seed, jurisdiction_id=jail_for(regime, day), start=day, end=day
    )


def jail_for(regime: detainers.Regime, day: date) -> str:
    """A jail the regime binds on ``day`` (for a state's regime, one with no rule of its own)."""
    if regime.level == "federal":
        return NEUTRAL
    places = catalogue.loaded().places
    if places[regime.jurisdiction_id]["level"] != "state":
        return regime.jurisdiction_id
    state = places[regime.jurisdiction_id]["state"]
    inside = sorted(j for j, p in places.items() if p["state"] == state and p["level"] != "state")
    for place in [*inside, regime.jurisdiction_id]:
        if [r.regime_id for r in detainers.local_regimes(place, day)][:1] == [regime.regime_id]:
            return place
    raise SystemExit(f"no jail found that {regime.regime_id} binds on {day}")


def refused(regime: detainers.Regime) -> bool:
    return catalogue.loaded().rules[regime.regime_id][0].outcome == detainers.UNKNOWN


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic bookings per regime")
    parser.add_argument("--sample", type=int, default=2_000, help="rows per regime for the decide() loop")
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args()
    rules_now = catalogue.loaded()  # load and validate the data before any clock starts
    regimes = tuple(r for r in (*rules_now.federal, *rules_now.local) if not refused(r))
    skipped = [r.regime_id for r in rules_now.federal if refused(r)]
    detainers.decide_many(placed(10, args.seed, regimes[0]))  # warm caches (holiday calendar)

    print(f"{args.n:,} SYNTHETIC bookings under each of {len(regimes)} regimes")
    print(f"skipped (the engine refuses these days: no rule in the kit's sources): {', '.join(skipped)}")
    print(f"{'regime':<26}{'decide_many':>13}{'loop (extrap.)':>16}  requests / jail actions")
    total_vector = total_loop = 0.0
    for regime in regimes:
        frame = placed(args.n, args.seed, regime)
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
    verdict.judge(
        "detainer_engine",
        kit=total_vector,
        baseline=total_loop,
        at_most=0.1,
        meaning="decide_many / decide() loop",
    )
    return verdict.exit_code()


if __name__ == "__main__":
    raise SystemExit(main())
