"""A person's copy of their own data: the JSON document and the counts its summary shows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from storage.rights import Labels, Wanted

# Shown with every copy and every confirmation, so nobody has to guess.
ANONYMOUS_NOTE = (
    "Answers to anonymous pulses are not included: peerbot stores them without any link to who gave them, "
    "so no one (peerbot included) can tell which are yours."
)
KEPT_NOTE = (
    "Resources you shared, collaborations, progress reports and changes you logged stay for your networks, "
    "without your name. Anonymous answers and totals (how many answered, how many found a resource helpful) stay."
)


# What each kind of message peerbot sends is, in a person's copy.
MESSAGE_KINDS = {
    "meeting_announcement": "a meeting announcement",
    "meeting_reminder": "a meeting reminder",
    "meeting_reminder_problem": "a notice that a meeting reminder could not be delivered",
    "meeting_changed": "a notice that a meeting moved",
    "meeting_cancelled": "a notice that a meeting was cancelled",
    "pulse_invite": "a pulse invitation",
    "pulse_reminder": "a pulse reminder",
    "pulse_notice": "a notice about a pulse you created",
    "resource_digest": "the weekly resource digest",
    "intro": "a peer introduction",
    "intro_nudge": "a reminder about a peer introduction",
    "intro_follow_up": "a follow-up about a peer introduction",
    "collab_request": "a request to confirm a collaboration",
    "ta_status": "a technical-assistance status update",
    "fan_out_notice": "a notice about people a message could not reach",
    "unknown_outcome_notice": "a notice about messages Slack did not confirm",
    "home_nudge": "a note from a facilitator",
}
# Internal to a delivery record once its subject is named beside it.
_DELIVERY_BOOKKEEPING = ("key", "team_id", "channel", "attempted_at")


def copy_document(
    *, user_id: str, exported_at: datetime, sections: Mapping[str, list[dict[str, Any]]], labels: Labels
) -> dict[str, Any]:
    """Everything peerbot holds that names the person, grouped by what it is; every entry readable on its own
    (the meeting, pulse, question, resource or network it is about named beside its id)."""
    return {
        "user_id": user_id,
        "exported_at": exported_at.isoformat(),
        "networks": {str(k): v for k, v in sorted(labels.networks.items())},
        "note": ANONYMOUS_NOTE,
        "data": {name: [_readable(name, row, labels) for row in rows] for name, rows in sections.items()},
    }


def wanted(sections: Mapping[str, list[dict[str, Any]]]) -> Wanted:
    """Every id the rows refer to (a delivery's by its key), so their names can be read in one go."""
    want = Wanted()
    for rows in sections.values():
        for row in rows:
            for column, ids in _REFERENCES.items():
                if isinstance(row.get(column), int):
                    getattr(want, ids).add(row[column])
            subject = delivery_subject(str(row.get("key") or "")) if "kind" in row and "key" in row else None
            if subject is not None:
                getattr(want, subject[0]).add(subject[1])
    return want


# A row's column -> the kind of thing it names (a field of Wanted / Labels).
_REFERENCES = {
    "network_id": "networks",
    "occurrence_id": "occurrences",
    "meeting_id": "meetings",
    "suggestion_id": "suggestions",
    "wave_id": "waves",
    "pulse_id": "pulses",
    "resource_id": "resources",
    "round_id": "rounds",
    "collaboration_id": "collaborations",
    "area_id": "areas",
}


def delivery_subject(key: str) -> tuple[str, int] | None:
    """What a delivery key says its message was about: ("occurrences", id), ("waves", id), …; None if nothing."""
    parts = key.split(":")
    if len(parts) < 2:
        return None
    if parts[0] in ("reminder", "announce", "moved") and parts[1].isdigit():
        return "occurrences", int(parts[1])
    if parts[0] == "cancel" and len(parts) > 2 and parts[2].isdigit():
        return ("occurrences" if parts[1] == "occurrence" else "meetings"), int(parts[2])
    if parts[0] == "pulse" and parts[1].isdigit():
        return "waves", int(parts[1])
    if parts[0] == "intro" and parts[1].isdigit():
        return "rounds", int(parts[1])
    return None


def _readable(section: str, row: dict[str, Any], labels: Labels) -> dict[str, Any]:
    about: dict[str, Any] = {}
    if section == "messages_sent_to_you":
        about["message"] = MESSAGE_KINDS.get(str(row.get("kind")), "a message")
        subject = delivery_subject(str(row.get("key") or ""))
        if subject is not None:
            about.update(_about(subject[0], subject[1], labels))
        row = {k: v for k, v in row.items() if k not in _DELIVERY_BOOKKEEPING}
    for column, kind in _REFERENCES.items():
        if isinstance(row.get(column), int):
            about.update(_about(kind, row[column], labels))
    if section == "named_pulse_answers" and isinstance(row.get("answers"), dict):
        pulse = labels.waves.get(row.get("wave_id") or 0, ("", 0, 0))[2]
        asked, answers = labels.questions.get(pulse, {}), row["answers"]
        order = [k for k in asked if k in answers] + [k for k in answers if k not in asked]
        named = [{"question": asked.get(k, "(a question since removed)"), "answer": answers[k]} for k in order]
        row = {**row, "answers": named}
    return {**about, **{k: v for k, v in row.items() if k not in about}}


def _about(kind: str, thing: int, labels: Labels) -> dict[str, Any]:
    """The names (and dates) that make an id readable; nothing if it no longer exists."""
    if kind == "networks" and thing in labels.networks:
        return {"network": labels.networks[thing]}
    if kind == "occurrences" and thing in labels.occurrences:
        title, starts, network = labels.occurrences[thing]
        return {"network": network, "meeting": title, "meeting_starts": starts}
    if kind == "meetings" and thing in labels.meetings:
        return {"meeting": labels.meetings[thing]}
    if kind == "suggestions" and thing in labels.suggestions:
        topic, occurrence = labels.suggestions[thing]
        return {"suggestion": topic, **_about("occurrences", occurrence, labels)}
    if kind == "waves" and thing in labels.waves:
        title, number, _ = labels.waves[thing]
        return {"pulse": title, "pulse_round": number}
    if kind == "pulses" and thing in labels.pulses:
        return {"pulse": labels.pulses[thing]}
    if kind == "resources" and thing in labels.resources:
        return {"resource": labels.resources[thing]}
    if kind == "rounds" and thing in labels.rounds:
        return {"introduction_round_starts": labels.rounds[thing]}
    if kind == "collaborations" and thing in labels.collaborations:
        description, day = labels.collaborations[thing]
        return {"collaboration": description, "collaboration_on": day}
    if kind == "areas" and thing in labels.areas:
        return {"priority_area": labels.areas[thing]}
    return {}


def encode(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8")


def counts(sections: Mapping[str, list[dict[str, Any]]]) -> list[tuple[str, int]]:
    """The non-empty sections and how many entries each has, for the summary message."""
    return [(name.replace("_", " "), len(rows)) for name, rows in sections.items() if rows]


def filename(user_id: str, exported_at: datetime) -> str:
    return f"peerbot-my-data-{user_id}-{exported_at:%Y-%m-%d}.json"
