"""Sequences that change the domain and tell people in Slack, shared by listeners and the clock."""
