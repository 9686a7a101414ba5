"""Meetings: series and recurrence, RSVPs, agendas, attendance and reminders."""
