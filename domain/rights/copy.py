"""A person's copy of their own data: the JSON document and the counts its summary shows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

# Shown with every copy and every confirmation, so nobody has to guess.
ANONYMOUS_NOTE = (
    "Answers to anonymous pulses are not included: peerbot stores them without any link to who gave them, "
    "so no one (peerbot included) can tell which are yours."
)
KEPT_NOTE = (
    "Resources you shared, collaborations, progress reports and changes you logged stay for your networks, "
    "without your name. Anonymous answers and totals (how many answered, how many found a resource helpful) stay."
)


def copy_document(
    *, user_id: str, exported_at: datetime, sections: Mapping[str, list[dict[str, Any]]], networks: Mapping[int, str]
) -> dict[str, Any]:
    """Everything peerbot holds that names the person, grouped by what it is; networks named, not just numbered."""
    return {
        "user_id": user_id,
        "exported_at": exported_at.isoformat(),
        "networks": {str(k): v for k, v in sorted(networks.items())},
        "note": ANONYMOUS_NOTE,
        "data": {name: rows for name, rows in sections.items()},
    }


def network_ids(sections: Mapping[str, list[dict[str, Any]]]) -> set[int]:
    return {int(row["network_id"]) for rows in sections.values() for row in rows if row.get("network_id") is not None}


def encode(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8")


def counts(sections: Mapping[str, list[dict[str, Any]]]) -> list[tuple[str, int]]:
    """The non-empty sections and how many entries each has, for the summary message."""
    return [(name.replace("_", " "), len(rows)) for name, rows in sections.items() if rows]


def filename(user_id: str, exported_at: datetime) -> str:
    return f"peerbot-my-data-{user_id}-{exported_at:%Y-%m-%d}.json"
