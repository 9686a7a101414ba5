"""Sealing anonymous answers while a wave is open, so a copy of the database files cannot read them.

An anonymous answer waits in a pool, and its group labels (state, agency) wait beside
the answer, sealed with AES-GCM under a key derived from peerbot's signing secret,
which never enters the database. Every sealed value of a pulse has the same length
(padded to the largest answer the pulse allows), so not even its size says anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.errors import PeerbotError

NONCE_BYTES = 12
# Room for what a sealed answer may hold: a text answer (3,000 characters, each at most 6 bytes
# once written as JSON: a control character's \u escape), any other answer, and the labels.
TEXT_ROOM = 18_100
OTHER_ROOM = 400
BASE_ROOM = 1_200


class SealError(PeerbotError):
    """A sealed answer that this key cannot open."""


def answer_key_from_secret(signing_secret: str) -> bytes:
    """The 256-bit sealing key: derived from the signing secret, so it lives where that secret lives."""
    return hmac.new(signing_secret.encode(), b"peerbot anonymous pulse answers v1", hashlib.sha256).digest()


def room_for(*, text_questions: int, other_questions: int) -> int:
    """The fixed plaintext size every sealed value of a pulse is padded to."""
    return BASE_ROOM + TEXT_ROOM * text_questions + OTHER_ROOM * other_questions


def seal(key: bytes, value: dict[str, Any], *, room: int, context: str) -> str:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    if len(plain) > room:
        raise SealError("This answer is larger than any answer the pulse allows.")
    padded = plain + b" " * (room - len(plain))
    nonce = os.urandom(NONCE_BYTES)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, padded, context.encode())).decode()


def unseal(key: bytes, sealed: str, *, context: str) -> dict[str, Any]:
    raw = base64.b64decode(sealed)
    try:
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except InvalidTag as exc:
        raise SealError("A sealed answer could not be opened: was peerbot's signing secret changed?") from exc
    value = json.loads(plain.decode().rstrip(" "))
    return value if isinstance(value, dict) else {}
