"""Browser tests: Python Playwright driving Debian's Chromium against pytest-django's live_server.
The `browser` fixture is in tests/conftest.py (the deadline calculator's browser test uses it too)."""
