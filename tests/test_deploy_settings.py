"""Production settings: `check --deploy` clean, and refusal to start without required config."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "gk.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gk.example.gov.cn",
}


def manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_are_hardened():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'), s.CSRF_TRUSTED_ORIGINS, s.LOG_FORMAT)"
    )
    result = manage("shell", "--verbosity", "0", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "['https://gk.example.gov.cn']", "json"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_config(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_development_start_needs_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_json_log_lines_carry_level_logger_message_and_extra():
    import json
    import logging

    from portal.logformat import JSONFormatter

    record = logging.LogRecord("portal.test", logging.WARNING, __file__, 1, "数据库不可用 %s", ("x",), None)
    record.path = "/items/1/"
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["logger"] == "portal.test"
    assert line["message"] == "数据库不可用 x"
    assert line["path"] == "/items/1/"
