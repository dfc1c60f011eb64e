"""Deadlines: working-day calendar, due dates per 公开时限 kind, the calculator and the lateness check."""
