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
