"""Settings for the page benchmark: the portal's, in production mode, plus a bare view."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")  # production mode requires it
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the benchmark talks plain HTTP to gunicorn

from portal.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
# The ceiling is the bare view itself, never a page-cache lookup.
PAGE_CACHE_EXCLUDED_PREFIXES = (*PAGE_CACHE_EXCLUDED_PREFIXES, "/bench/")  # noqa: F405
# No collectstatic manifest is needed to render pages for the benchmark.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for the benchmark
