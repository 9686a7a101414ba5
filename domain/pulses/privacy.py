"""Small-group protection for anonymous answers: the minimum group, which groups may be shown, coarsening labels.

A group (a state or an agency) is shown only with at least the network's minimum
number of respondents. Hiding only the small groups is not enough, because the
whole-network figures minus the shown groups would give the hidden ones away; so
while the hidden remainder is non-empty but smaller than the minimum, the
next-smallest shown group is hidden too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from storage import pulses as pulse_store

DEFAULT_MIN_GROUP = 3
FLOOR_MIN_GROUP = 3


def min_group_size(session: Session, *, network_id: int) -> int:
    """The network's smallest group a breakdown (or an open anonymous wave's results) may show."""
    return max(pulse_store.min_group_size(session, network_id=network_id) or DEFAULT_MIN_GROUP, FLOOR_MIN_GROUP)


def showable_groups(sizes: dict[str, int], *, total: int, minimum: int) -> set[str]:
    """The groups that may be shown: each at least ``minimum``, and the hidden rest empty or at least ``minimum``."""
    shown = {name for name, size in sizes.items() if size >= minimum}
    remainder = total - sum(sizes[name] for name in shown)
    while shown and 0 < remainder < minimum:
        smallest = min(shown, key=lambda name: (sizes[name], name))
        shown.discard(smallest)
        remainder += sizes[smallest]
    return shown


def coarsen_groups(rows: Sequence[dict[str, Any]], *, minimum: int) -> list[dict[str, Any]]:
    """Anonymous response rows with every group label that could single someone out removed.

    Applied when a wave closes, once the respondents are known: a state or agency
    label stays only for a showable group, and an agency only where its state and
    agency together still hold at least ``minimum`` respondents.
    """
    result = [dict(row) for row in rows]
    for column in ("group_state", "group_agency"):
        sizes = Counter(str(row[column]) for row in result if row[column])
        shown = showable_groups(dict(sizes), total=len(result), minimum=minimum)
        for row in result:
            if row[column] and row[column] not in shown:
                row[column] = None
    pairs = Counter((row["group_state"], row["group_agency"]) for row in result if row["group_state"])
    for row in result:
        if row["group_state"] and row["group_agency"] and pairs[(row["group_state"], row["group_agency"])] < minimum:
            row["group_agency"] = None
    return result
