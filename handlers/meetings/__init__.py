"""Slack surfaces of meetings: /meeting, /agenda, RSVP and check-in buttons, attendance."""
