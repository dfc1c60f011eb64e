"""The one reason a test may be skipped on SQLite; .ci/check_skips.py allows no other.

Kept apart from conftest.py (which loads Django models) so the check can import it without Django."""

POSTGRESQL_ONLY = "PostgreSQL only (run with DATABASE_URL=postgres://…, e.g. make test-pg)"
