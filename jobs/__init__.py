"""Scheduled work: each job calls the same domain functions the handlers use."""
