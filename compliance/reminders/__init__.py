"""Deadline and overdue reminders: planning, the sweep, digest emails (see issue 3)."""
