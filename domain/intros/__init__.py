"""Peer introductions: settings, the matcher, rounds and their figures."""
