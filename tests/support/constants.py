"""The test workspace's fixed names, in one place: the tests/conftest.py fixtures build this workspace."""

from __future__ import annotations

TEAM = "T0001"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
HOME = "CHOME"  # the network's home channel
FACILITATOR = "UFAC"  # configured in PEERBOT_FACILITATORS for every test app
MARIA = "UMARIA"
DEV = "UDEV"
