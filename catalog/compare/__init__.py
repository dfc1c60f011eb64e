"""对标核查: one catalogue compared with a reference catalogue (see comparison.py)."""
