"""Pulse surveys: definitions, lifecycle of waves, answers, results, privacy, export, templates."""
