# syntax=docker/dockerfile:1
# Production image: gunicorn + whitenoise, non-root, static files collected at build time.
# The same steps run outside Docker in `make prod-check` (docker/prod-check.sh), which is tested.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: install the pinned dependencies into a virtualenv and collect static files ---
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /venv
# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml requirements.lock ./
COPY catalog/__init__.py catalog/__init__.py
COPY portal/__init__.py portal/__init__.py
RUN /venv/bin/pip install -c requirements.lock .
COPY . .
RUN /venv/bin/pip install --no-deps . \
 && DEBUG=0 SECRET_KEY=build-only-not-used-at-runtime ALLOWED_HOSTS=build \
    /venv/bin/python manage.py collectstatic --noinput \
 && rm -rf .venv .git tests bench/results

# --- runtime: only the virtualenv and the application, run as an unprivileged user ---
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    DEBUG=0 \
    MEDIA_ROOT=/data/media
# /data/media: the stored originals of imported catalogues, the one folder the app writes (a volume).
RUN groupadd --system --gid 10001 portal \
 && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal \
 && mkdir -p /data/media && chown portal:portal /data/media
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
USER portal
EXPOSE 8000
# Liveness only (/healthz): a database outage must not make Docker restart healthy app containers.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi"]
