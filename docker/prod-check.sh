#!/usr/bin/env bash
# `make prod-check`: the Dockerfile's steps outside Docker, then a smoke test of the result.
#   1. a fresh virtualenv with `pip install .` (as the image's build stage)
#   2. collectstatic with production settings (as the image's build stage)
#   3. migrate (+ seed) on PostgreSQL (as docker/entrypoint.sh with DJANGO_MIGRATE/DJANGO_LOAD_SEED)
#   4. gunicorn with gunicorn.conf.py and production settings (as the image's CMD)
#   5. healthz, readyz, home, admin login page, a static file through whitenoise, HTTPS redirect
#   6. stop gunicorn
# Needs PostgreSQL on 127.0.0.1:5432 (database PROD_CHECK_DB, created when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${PROD_CHECK_VENV:-.venv-prod}
PORT=${PROD_CHECK_PORT:-8411}
DB=${PROD_CHECK_DB:-prod_db}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d)
GUNICORN_PID=""

cleanup() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '\n--- %s\n' "$*"; }
fail() { echo "FAIL: $*"; echo "--- gunicorn log:"; tail -n 40 "$WORK/gunicorn.log" 2>/dev/null || true; exit 1; }

step "virtualenv $VENV: pip install . (the image's build stage)"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -c requirements.lock .

export DEBUG=0
export SECRET_KEY="prod-check-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:${PORT}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export BEHIND_TLS_PROXY=1          # the smoke test plays the TLS proxy: X-Forwarded-Proto: https
export GUNICORN_BIND="127.0.0.1:${PORT}"
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
export GUNICORN_ACCESS_LOG="$WORK/access.log"

step "manage.py check --deploy (production settings)"
"$VENV/bin/python" manage.py check --deploy --fail-level WARNING

step "collectstatic (the image's build stage)"
"$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0

step "PostgreSQL database ${DB}: migrate, load_seed (the entrypoint)"
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${DB}'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE ${DB}"
"$VENV/bin/python" manage.py migrate --noinput --verbosity 0
"$VENV/bin/python" manage.py load_seed

step "gunicorn -c gunicorn.conf.py portal.wsgi on ${BASE}"
"$VENV/bin/gunicorn" --config gunicorn.conf.py portal.wsgi >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 1 50); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$GUNICORN_PID" 2>/dev/null || fail "gunicorn exited"
  sleep 0.2
done

HTTPS=(-H "X-Forwarded-Proto: https")
expect() {  # expect STATUS PATH [curl args…]: print the status and fail on a mismatch
  local want=$1 path=$2; shift 2
  local got
  got=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@" "$BASE$path")
  printf '%-4s %-40s %s\n' "$got" "$path" "$*"
  [ "$got" = "$want" ] || fail "$path answered $got, expected $want"
}
header() { grep -i "^$1:" "$WORK/headers" >/dev/null || fail "missing header $1"; }

step "smoke test"
expect 200 /healthz
expect 200 /readyz
grep -q '"database": "ok"' "$WORK/body" || fail "readyz does not report the database"
expect 301 / # plain HTTP is sent to HTTPS
expect 200 / "${HTTPS[@]}"
grep -q "政务公开标准目录" "$WORK/body" || fail "home page is not the portal"
header Content-Security-Policy; header Strict-Transport-Security; header X-Content-Type-Options
css=$(grep -o '/static/css/site\.[0-9a-f]*\.css' "$WORK/body" | head -n1)
[ -n "$css" ] || fail "home page does not link the hashed stylesheet (manifest storage)"
expect 200 /admin/login/ "${HTTPS[@]}"
grep -q "csrfmiddlewaretoken" "$WORK/body" || fail "admin login page has no form"
header Set-Cookie
expect 200 "$css" "${HTTPS[@]}"
[ -s "$WORK/body" ] || fail "empty stylesheet"
grep -qi "^cache-control: max-age=315360000" "$WORK/headers" || fail "whitenoise did not serve $css as immutable"
expect 404 /no-such-page/ "${HTTPS[@]}"

step "gunicorn and Django log (JSON lines)"
tail -n 3 "$WORK/gunicorn.log"; echo "access log:"; tail -n 2 "$WORK/access.log"
echo
echo "prod-check passed: gunicorn with production settings on PostgreSQL (${DB}), port ${PORT}"
