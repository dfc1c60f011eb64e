"""Settings for the test suite (pyproject.toml: DJANGO_SETTINGS_MODULE = "portal.settings_test").

The development settings, plus what only tests need. Django's deprecation warnings are errors
in tests (pyproject.toml, filterwarnings), so a RemovedInDjango60Warning fails the run instead
of hiding among hundreds of lines.
"""

from .settings import *  # noqa: F403

# WhiteNoise serves STATIC_ROOT, which exists only after collectstatic; tests never run it.
# With autorefresh WhiteNoise looks the files up per request instead of listing STATIC_ROOT at
# start-up (and warning "No directory at: …/staticfiles/" once per test client).
WHITENOISE_AUTOREFRESH = True

# SQLite: the test database is a file, not Django's shared-cache in-memory database. In shared
# cache SQLite locks per table and answers a conflicting reader at once ("database table is
# locked") instead of waiting the busy timeout, so a browser test's page that polls while the
# test thread runs a job got a 503 on a loaded machine.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile

    test_file = Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(test_file)}  # noqa: F405
