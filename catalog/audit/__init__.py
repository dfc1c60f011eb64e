"""Audit pages for staff and auditors: the lateness check (公开时效核查)."""
