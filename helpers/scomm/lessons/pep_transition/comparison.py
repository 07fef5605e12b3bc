"""What the rules SAY: the same SYNTHETIC bookings under every federal regime public on ``p.as_of``.

The bookings are invented (``scomm.policy.caseload``); only the federal rules differ between the
runs, so the counts show what each set of rules asks of a jail, never what happened in one.
Which regimes appear is read from ``p.world``: a regime is shown once it had begun by ``as_of``.

>>> from scomm.course.params import validate
>>> early = compare_regimes(validate("04_pep_transition", as_of="2014-11-20"), n=2_000, seed=1)
>>> regimes = list(dict.fromkeys(early["regime_id"]))
>>> regimes[:2], "pep" in regimes
(['scomm-practice', 'guidance-2012'], False)
"""

from __future__ import annotations

import pandas as pd

from scomm.course import synthetic
from scomm.course.charts import alt
from scomm.course.drawings import drawn
from scomm.course.params import Params
from scomm.course.tables import Table
from scomm.lessons.pep_transition.charts import regime_comparison
from scomm.lessons.shared import sources_cells
from scomm.policy import calibration, caseload, detainers

#: A county with no local limits of its own, so that only the federal rules differ between runs.
NEUTRAL_JAIL = "harris-county-tx"
#: The invented caseload every run shares (the key of ``l4-compare`` is computed from it).
BOOKINGS, SEED = 20_000, 2015


def federal_regimes(p: Params) -> pd.DataFrame:
    """The federal regimes that had begun by ``p.as_of``, oldest first (``regime_id``, ``name``, ``starts``)."""
    regimes = p.world.table("regimes")
    federal = regimes[regimes["level"] == "federal"].sort_values("starts")
    return federal[["regime_id", "name", "starts", "source_ids"]].reset_index(drop=True)


def compare_regimes(p: Params, *, n: int = BOOKINGS, seed: int = SEED) -> pd.DataFrame:
    """Of the same SYNTHETIC bookings whose prints matched a removable non-citizen, how many draw each
    kind of request (and on which form, where the engine names one) under each federal regime public
    on ``p.as_of``, each run on the regime's first day.

    Columns: regime_id, regime, day, ice_request, form, bookings. A regime for which the kit's sources
    give no rule is left out and named in ``attrs["no_rule"]``.
    """
    everyone = caseload.synthetic_bookings(n, seed=seed, jurisdiction_id=NEUTRAL_JAIL)
    # Only matches concern ICE: the rules differ in what they ask about removable people.
    bookings = everyone[everyone["removable"]].reset_index(drop=True)
    parts, sources, no_rule = [], [], []
    for regime in federal_regimes(p).itertuples():
        sources += list(regime.source_ids)
        counts = _requests_on(bookings, pd.Timestamp(regime.starts))
        if counts is None:
            no_rule.append(regime.name)
            continue
        parts.append(
            counts.assign(regime_id=regime.regime_id, regime=regime.name, day=pd.Timestamp(regime.starts))
        )
    columns = ["regime_id", "regime", "day", "ice_request", "form", "bookings"]
    frame = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    if synthetic.is_synthetic(everyone):  # the chart's label comes from this flag
        synthetic.mark(frame)
    frame.attrs.update(
        label=everyone.attrs.get("label", "SYNTHETIC bookings"),
        n=n,
        matched=len(bookings),
        source_ids=tuple(dict.fromkeys(sources)),
        no_rule=tuple(no_rule),
    )
    return frame


def _requests_on(bookings: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame | None:
    """How many bookings draw each request (and form) if booked on ``day``; ``None`` if the engine has no rule."""
    # Move every booking to the day, and every other day of its person with it (release, entry,
    # removal order): the same people, the same years before their booking, under each rule set.
    # Left behind, no one had entered or been ordered removed "since 2014", and the rules that
    # turn on those days (PEP's priorities 2(c) and 3, the I-247X) could never apply.
    shift = day - pd.to_datetime(bookings["booked_on"])
    moved = bookings.assign(
        booked_on=day,
        **{
            column: pd.to_datetime(bookings[column]) + shift
            for column in ("release_at", "entered_on", "prior_removal_order_on")
        },
    )
    try:
        decided = detainers.decide_many(moved)
    except detainers.DetainerError:
        return None  # days for which the kit's sources give no rule: shown as such, never guessed
    forms = decided["form"].fillna("") if "form" in decided else pd.Series("", index=decided.index)
    counts = decided.assign(form=forms).groupby(["ice_request", "form"], sort=False).size()
    return counts.rename("bookings").reset_index()


def requests_under(p: Params, regime_id: str, request: str) -> int:
    """How many of the shared SYNTHETIC bookings draw ``request`` under one regime (0 if none do).

    >>> from scomm.course.params import validate
    >>> requests_under(validate("04_pep_transition", as_of="2016-03-01"), "scomm-practice", "none")
    0
    """
    counts = compare_regimes(p)
    chosen = counts[(counts["regime_id"] == regime_id) & (counts["ice_request"] == request)]
    return int(chosen["bookings"].sum())


@drawn
def comparison_chart(p: Params, *, n: int = BOOKINGS, seed: int = SEED) -> alt.LayerChart:
    """The comparison as a chart, labelled synthetic in its title and description."""
    return regime_comparison(compare_regimes(p, n=n, seed=seed), as_of=p.as_of)


def calibration_table(p: Params) -> Table:
    """Where each number behind the SYNTHETIC bookings comes from: a source or an assumption.

    Its sources are cited as every other table cites them on ``p.as_of``: those published by then
    by id, later ones only counted; an assumption cites none.
    """
    table = calibration.calibration_table()
    ids = [s.source_ids for s in calibration.CALIBRATION]
    cells = sources_cells(ids, as_of=p.as_of)
    cited = [cell if given else "none" for given, cell in zip(ids, cells, strict=True)]
    return Table(table.frame.assign(Sources=cited), table.caption)
