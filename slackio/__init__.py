"""Talking to Slack's Web API: the client peerbot uses and the lookups built on it."""
