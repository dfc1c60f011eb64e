#!/bin/sh
# Container entrypoint: wait for the database, then migrate / load the seed catalogues only when
# asked, then run the command (gunicorn by default).
#   DJANGO_MIGRATE=1    apply migrations first (one container at a time: set it on one only)
#   DJANGO_LOAD_SEED=1  load fixtures/*.json into an empty database (skipped when it has catalogues)
set -eu

python - <<'PY'
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()
from django.db import connection
from django.db.utils import OperationalError
deadline = time.monotonic() + int(os.environ.get("DATABASE_WAIT_SECONDS", "60"))
while True:
    try:
        connection.ensure_connection()
        break
    except OperationalError as error:
        if time.monotonic() > deadline:
            sys.exit(f"数据库无法连接：{error}")
        print("等待数据库……", file=sys.stderr)
        time.sleep(2)
PY

if [ "${DJANGO_MIGRATE:-0}" = "1" ]; then
  python manage.py migrate --noinput
fi
if [ "${DJANGO_LOAD_SEED:-0}" = "1" ]; then
  python manage.py load_seed
fi

exec "$@"
