"""Slack surfaces of a network: /peerbot, setup, roster events, profiles and the Home tab."""
