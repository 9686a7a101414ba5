"""Block Kit for meetings: announcement cards, reminders, the scheduling modal, agendas, attendance."""
