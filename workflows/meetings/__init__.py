"""Meeting use cases: reminders the clock sends (``reminders``), RSVP, attendance and agendas that people start."""

from __future__ import annotations

from workflows.meetings.reminders import send_due_reminders

__all__ = ["send_due_reminders"]
