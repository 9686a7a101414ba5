"""The pool of anonymous answers: sealed while they wait, moved into the results in shuffled batches.

An anonymous answer is written, sealed (``domain.pulses.seal``), into the pool in the
same transaction as the note that its author responded; nothing readable ties the two.
The clock moves answers into ``pulse_responses`` only in batches of at least the
network's minimum group size, picked at random from a pool at least twice that size,
and rewrites the wave's whole set of responses in a fresh random order with fresh ids
in one transaction. So whatever history a copy of the database keeps (PostgreSQL's
dead row versions and transaction ids, SQLite's log) says no more than "this person's
answer is one of a batch of at least N". Group labels stay sealed until the wave
closes; then, with all respondents counted, only labels that cannot single anyone out
are kept (``domain.pulses.privacy.coarsen_groups``).
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from typing import Any

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.pulses.definitions import QuestionKind
from domain.pulses.privacy import coarsen_groups, min_group_size
from domain.pulses.seal import BASE_ROOM, SealError, room_for, seal, unseal
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.models import Pulse, PulseWave, WaveStatus

logger = logging.getLogger(__name__)
_random = random.SystemRandom()


def _key(session: Session) -> bytes:
    key = answer_store.answer_key(session)
    if key is None:
        raise PeerbotError("peerbot was started without the key that keeps anonymous answers sealed.")
    return key


def _room(session: Session, *, pulse: Pulse) -> int:
    kinds = [q.kind for q in pulse_store.questions(session, pulse_id=pulse.id)]
    texts = sum(1 for kind in kinds if kind == QuestionKind.TEXT)
    return room_for(text_questions=texts, other_questions=len(kinds) - texts)


def pool_answer(
    session: Session,
    *,
    pulse: Pulse,
    wave: PulseWave,
    answers: str,
    state: str | None,
    agency: str | None,
    key_hash: str,
    counted: bool = True,
) -> None:
    # The answers go in as JSON, not as a string of JSON, so escaping can't outgrow the padded size.
    # "c" (sealed like the rest, the same size either way): whether a participant gave it. Staff answers
    # stay in the pool, changeable, and are dropped at the close without ever joining the results.
    value = {"a": json.loads(answers), "s": state, "g": agency, "k": key_hash, "c": 1 if counted else 0}
    sealed = seal(_key(session), value, room=_room(session, pulse=pulse), context=f"pending:{wave.id}")
    answer_store.add_pending(session, id=uuid.uuid4().hex, wave_id=wave.id, sealed=sealed)


def _pooled(session: Session, *, wave_id: int) -> list[tuple[str, dict[str, Any]]]:
    """The wave's waiting answers that this key opens; any it can't (the signing secret changed) stay put."""
    key = _key(session)
    opened, unreadable = [], 0
    for pid, sealed in answer_store.pending(session, wave_id=wave_id):
        try:
            opened.append((pid, unseal(key, sealed, context=f"pending:{wave_id}")))
        except SealError:
            unreadable += 1
    if unreadable:
        logger.warning("%d waiting anonymous answers of wave %d cannot be opened with this key", unreadable, wave_id)
    return opened


def pooled_answers(session: Session, *, wave_id: int, key_hash: str) -> str | None:
    """A waiting answer, found by its change key's hash (only the member's DM holds the key)."""
    found = (value for _id, value in _pooled(session, wave_id=wave_id) if value.get("k") == key_hash)
    return next((_stored(value) for value in found), None)


def change_pooled(session: Session, *, pulse: Pulse, wave: PulseWave, key_hash: str, answers: str) -> bool:
    for pid, value in _pooled(session, wave_id=wave.id):
        if value.get("k") == key_hash:
            value["a"] = json.loads(answers)
            sealed = seal(_key(session), value, room=_room(session, pulse=pulse), context=f"pending:{wave.id}")
            answer_store.reseal_pending(session, id=pid, sealed=sealed)
            return True
    return False


def settle(session: Session, *, pulse: Pulse, wave: PulseWave, final: bool) -> int:
    """Move a batch from the pool into the responses (everything when ``final``); returns how many moved.

    The wave must be locked by the caller. A batch moves only when at least twice the
    minimum wait, and at least the minimum stays behind, so every batch, the one at
    the close included, holds at least the minimum.
    """
    minimum = min_group_size(session, network_id=pulse.network_id)
    everything = _pooled(session, wave_id=wave.id)
    pool = [(pid, value) for pid, value in everything if value.get("c", 1)]
    staff = [pid for pid, value in everything if not value.get("c", 1)]
    if final:
        moving = pool
    elif len(pool) >= 2 * minimum:
        moving = _random.sample(pool, len(pool) - minimum)
    else:
        return 0
    key = _key(session)
    rows: list[dict[str, Any]] = []
    for response in answer_store.responses(session, wave_ids=[wave.id]):
        groups = {"s": response.group_state, "g": response.group_agency}
        if response.sealed_groups:
            try:
                groups = unseal(key, response.sealed_groups, context=f"groups:{wave.id}")
            except SealError:
                groups = {}  # unreadable labels are dropped, never the answer
        rows.append(_row(wave, response.answers, groups, response.change_key_hash))
    rows += [_row(wave, _stored(value), value, value.get("k")) for _pid, value in moving]
    if final:
        rows = coarsen_groups(rows, minimum=minimum)
        for row in rows:
            row["change_key_hash"] = None  # closed: nobody may change an answer any more
    else:
        for row in rows:
            labels = {"s": row.pop("group_state"), "g": row.pop("group_agency")}
            row.update(group_state=None, group_agency=None)
            row["sealed_groups"] = seal(key, labels, room=BASE_ROOM, context=f"groups:{wave.id}")
    _random.shuffle(rows)
    answer_store.remove_pending(session, ids=[pid for pid, _value in moving] + (staff if final else []))
    answer_store.rewrite_responses(session, wave_id=wave.id, rows=rows)
    return len(moving)


def _stored(value: dict[str, Any]) -> str:
    """A sealed answer's answers as ``pulse_responses.answers`` stores them."""
    return json.dumps(value["a"], sort_keys=True, separators=(",", ":"))


def _row(wave: PulseWave, answers: str, groups: dict[str, Any], key_hash: str | None) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,  # fresh every time, so no id outlives a batch
        "wave_id": wave.id,
        "user_id": None,
        "group_state": groups.get("s"),
        "group_agency": groups.get("g"),
        "answers": answers,
        "change_key_hash": key_hash,
        "sealed_groups": None,
    }


def settle_open_wave(session: Session, *, wave_id: int) -> int:
    """The clock's step for one open anonymous wave: lock it, move a batch if the pool is big enough."""
    wave = pulse_store.lock_wave(session, wave_id=wave_id)
    if wave is None or wave.status != WaveStatus.OPEN:
        return 0
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id)
    if pulse is None or not pulse.anonymous:
        return 0
    return settle(session, pulse=pulse, wave=wave, final=False)
