"""peerbot's rules in plain Python: no Slack, no SQL strings."""
