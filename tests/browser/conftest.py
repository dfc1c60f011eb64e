"""Browser tests: Python Playwright driving Debian's Chromium against pytest-django's live_server.
The `browser` fixture is in tests/conftest.py (the deadline calculator's browser test uses it too)."""

from tests.admin.conftest import PASSWORD


def log_in(page, live_server, username: str):
    """Sign `page` in to the admin as `username` (a user made by tests.admin.conftest.make_user); returns the page."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page
