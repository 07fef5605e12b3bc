"""The links between a disagreement (``data/conflicts.csv``) and the rows it sets side by side.

A conflict lists its members (``"statements:st-..."``) and each member names the conflict back in
its ``conflict_id``; a Table Schema cannot say that, so ``scomm.course.data`` checks it here,
naming file, row and column for each link that does not hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd

from scomm.course.csvfiles import Problem


def conflict_problems(
    frames: dict[str, pd.DataFrame], keys: dict[str, str], split: Callable[[object], tuple[str, ...]]
) -> Iterator[Problem]:
    """Each conflict names its rows, and each of those rows names the conflict back.

    ``frames`` are the raw tables by name, ``keys`` their primary keys, ``split`` reads a list cell.
    """
    conflicts = frames.get("conflicts")
    if conflicts is None:
        return
    members_of = {row["conflict_id"]: set(split(row["members"])) for _, row in conflicts.iterrows()}
    for index, row in conflicts.iterrows():
        members = members_of[row["conflict_id"]]
        if len(members) < 2:
            yield Problem("data/conflicts.csv", index + 2, "members", "a conflict needs at least two sides")
        for member in sorted(members):
            problem = _member_problem(frames, keys, member, row["conflict_id"])
            if problem:
                yield Problem("data/conflicts.csv", index + 2, "members", f"{member!r} {problem}")
    for table, frame in frames.items():
        if table == "conflicts" or "conflict_id" not in frame:
            continue
        for index, row in frame.iterrows():
            conflict_id = row["conflict_id"]
            if conflict_id and f"{table}:{row[keys[table]]}" not in members_of.get(conflict_id, set()):
                yield Problem(
                    f"data/{table}.csv",
                    index + 2,
                    "conflict_id",
                    f"conflict {conflict_id!r} does not list this row among its members in data/conflicts.csv",
                )


def _member_problem(
    frames: dict[str, pd.DataFrame], keys: dict[str, str], member: str, conflict_id: str
) -> str:
    table, _, row_id = member.partition(":")
    frame = frames.get(table)
    if frame is None or "conflict_id" not in frame or row_id not in set(frame[keys[table]]):
        return "names no row that can hold a conflict"
    linked = frame.loc[frame[keys[table]] == row_id, "conflict_id"].iloc[0]
    if not linked:
        return "is listed here but that row has no conflict_id"
    if linked != conflict_id:
        return f"is listed here but that row names conflict {linked!r} instead"
    return ""
