"""Browser tests: Python Playwright driving Debian's Chromium against pytest-django's live_server.
The `browser` fixture is in tests/conftest.py (the deadline calculator's browser test uses it too)."""

from tests.catalog.conftest import world  # noqa: F401  (the shared sample data)
