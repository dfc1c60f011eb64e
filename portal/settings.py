"""Settings for the disclosure catalogue portal, read from the environment.

SQLite is the embedded default so a fresh machine needs no server; set DATABASE_URL
(postgres://…) for PostgreSQL. DEBUG defaults to on only for development; with
DEBUG off, SECRET_KEY must come from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("生产环境必须设置环境变量 SECRET_KEY。")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

if not DEBUG and not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("生产环境必须设置环境变量 ALLOWED_HOSTS（门户的域名，逗号分隔）。")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
# Full origins, e.g. https://gk.example.gov.cn — needed for admin POSTs behind a TLS proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "axes",
    # Background jobs: Django's Tasks API (backport) and its database backend (TASKS below).
    "django_tasks",
    "django_tasks_db",
    "portal.apps.PortalConfig",
    "catalog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: compresses what every inner middleware (the page cache included) returns.
    "portal.middleware.CompressTextMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.StripNulMiddleware",
    "portal.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before the page cache: it names the elder-mode variant the cache keys on.
    "catalog.site.elder.VaryOnElderCookieMiddleware",
    # Innermost but one, so a cached page still gets the security headers added above.
    "portal.cache.AnonymousPageCacheMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        # Django's, with each render's context freed when the render is done (portal/templating.py)
        "BACKEND": "portal.templating.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "catalog.site.context_processors.citizen",
            ],
        },
    },
]

# An unset or empty DATABASE_URL (`DATABASE_URL=` in an env file) means the embedded SQLite.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs 50–150 ms per query whose estimate crosses jit_above_cost and
    # gains nothing on the portal's short indexed queries (measured: bench/search_bench.py).
    # Parallel workers: the web workers already keep the cores busy with concurrent requests;
    # starting two more processes for one search's count cost 20–50 ms per page at 1M items
    # on 2 cores (bench/RESULTS.md). PG_PARALLEL_WORKERS sets max_parallel_workers_per_gather.
    # random_page_cost 1.1: the database is held in memory (docs/deploy.md 2.4), so an index
    # probe costs about what a page read in order costs; at the default 4 the planner scanned
    # all 1M search entries to count a rare phrase's 3,080 (1.8 s) instead of probing its
    # documents' index (0.4 s, bench/query_classes.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        f"-c jit=off -c max_parallel_workers_per_gather={int(os.environ.get('PG_PARALLEL_WORKERS', '0'))}"
        " -c random_page_cost=1.1",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: no persistent connections, and wait on locks instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# Optional read replica (docs/deploy.md): anonymous public pages read from it, staff and writes
# use the primary. Off unless DATABASE_REPLICA_URL is set. A web process that cannot reach the
# replica reads from the primary for REPLICA_RETRY_SECONDS, then tries the replica again.
REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", "10"))
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.config(
        env="DATABASE_REPLICA_URL",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # The primary's session settings (JIT off, parallel workers), and a replica host that does
        # not answer costs a page at most 2 s before it is read from the primary instead.
        replica_options = DATABASES["replica"].setdefault("OPTIONS", {})
        if "options" in DATABASES["default"].get("OPTIONS", {}):
            replica_options.setdefault("options", DATABASES["default"]["OPTIONS"]["options"])
        replica_options.setdefault("connect_timeout", 2)
    DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("portal.middleware.DatabaseUnavailableMiddleware") + 1,
        "portal.db_router.ReplicaForPublicReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new passwords; PBKDF2 stays so older hashes still verify (and are upgraded on login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Login throttling (django-axes): 5 failures for one username from one address lock it for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "portal.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_CLIENT_IP_CALLABLE = "portal.clients.client_ip"
# How many reverse proxies (nginx, load balancer) append to X-Forwarded-For; 0 = use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Django 5.x strings its own zh_Hans catalogue lacks (admin index headers, SelectFilter …).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files: the original of every imported catalogue (originals/<SHA-256>.<suffix>),
# served by the catalogue's 原件 view, never from a public media URL.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Request bodies: refused above MAX_REQUEST_BYTES from the Content-Length before they are read
# (portal.middleware.RequestSizeLimitMiddleware; nginx's client_max_body_size matches). Uploaded
# files above FILE_UPLOAD_MAX_MEMORY_SIZE stream to a temporary file instead of memory; form
# fields are bounded by DATA_UPLOAD_MAX_MEMORY_SIZE. The upload forms check a file's size
# before reading it (catalogue files 10 MB, lateness files 5 MB).
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(12 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Open data API (catalog/api) and exports (catalog/exports): read-only, anonymous, throttled.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "catalog.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Keyed on portal.auth.client_ip (TRUSTED_PROXY_COUNT), allowing when the cache is down.
    "DEFAULT_THROTTLE_CLASSES": ["catalog.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "120/minute")},
    "EXCEPTION_HANDLER": "catalog.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政务公开标准目录 开放数据接口",
    "DESCRIPTION": "只读接口：事项（与门户相同的筛选条件）、目录、领域、公开依据、公开主体、公开渠道。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from static files: no CDN, works on an intranet
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links the operation headers hold no link inside their button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
}
# Exports of up to EXPORT_DIRECT_MAX_ROWS items stream within the request (a couple of seconds);
# longer ones, up to EXPORT_MAX_ROWS, are written by a background job (catalog/site/export_jobs.py,
# bench/export_job_bench.py) whose file is kept EXPORT_FILE_HOURS under MEDIA_ROOT/exports/. At most
# EXPORT_JOBS_MAX_WAITING export jobs wait in the queue at once.
EXPORT_DIRECT_MAX_ROWS = int(os.environ.get("EXPORT_DIRECT_MAX_ROWS", "2000"))
EXPORT_MAX_ROWS = int(os.environ.get("EXPORT_MAX_ROWS", "500000"))
EXPORT_FILE_HOURS = float(os.environ.get("EXPORT_FILE_HOURS", "24"))
EXPORT_JOBS_MAX_WAITING = int(os.environ.get("EXPORT_JOBS_MAX_WAITING", "20"))
EXPORT_MAX_CONCURRENT = int(os.environ.get("EXPORT_MAX_CONCURRENT", "2"))  # all clients; keep below the worker count
EXPORT_MAX_CONCURRENT_PER_CLIENT = int(os.environ.get("EXPORT_MAX_CONCURRENT_PER_CLIENT", "1"))
EXPORT_RATE_PER_MINUTE = int(os.environ.get("EXPORT_RATE_PER_MINUTE", "20"))

# One JSON object a line in production (for journald/Docker/Loki); plain text in development.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logformat.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": os.environ.get("LOG_LEVEL_AXES", "WARNING")}},
}

# Background jobs (catalog.services.jobs): queued in the database, run by `manage.py db_worker`
# (`make run` starts one; compose runs a worker service; docs/deploy.md: several workers).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job that has not reported progress for this many minutes is shown as 中断 (its
# worker stopped) and may be run again.
JOB_STALE_MINUTES = int(os.environ.get("JOB_STALE_MINUTES", "10"))
# Job records (the staff's list of 后台任务) finished more than this many days ago are deleted
# when the next job runs (catalog.services.jobs.prune).
JOB_KEEP_DAYS = int(os.environ.get("JOB_KEEP_DAYS", "30"))

# Cache: Redis when REDIS_URL is set (shared by every worker and app server), else per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}
# Anonymous public pages are cached this many seconds (0 = off) and dropped at once when an item
# changes. Off by default without Redis: per-process memory could not be invalidated across
# gunicorn workers. In development (runserver, one process) it may be switched on freely.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL else "0"))
# How many new pages one client may add to the cache a minute; beyond it its pages are served
# uncached (a client sending endless distinct searches cannot flood the cache). 0 = no bound.
PAGE_CACHE_STORES_PER_CLIENT = int(os.environ.get("PAGE_CACHE_STORES_PER_CLIENT", "60"))
# Never cached: staff pages and health probes (files whitenoise serves never reach the cache).
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/readyz")
# Expensive aggregates (e.g. the home page's counts over every item) are cached this many seconds
# by portal.cache.versioned, dropped at the same moment as cached pages. Unset: as PAGE_CACHE_SECONDS.
DATA_CACHE_SECONDS = int(os.environ["DATA_CACHE_SECONDS"]) if os.environ.get("DATA_CACHE_SECONDS") else None
# Small values every page reads (the search form's options, the synonym table) are kept in each
# process's memory until the data changes (portal.cache.kept_in_process). Only where the pages
# version is shared by every process (Redis): a per-process cache would not see other workers' edits.
PROCESS_DATA_CACHE = env_bool("PROCESS_DATA_CACHE", bool(REDIS_URL))

# Production hardening: on whenever DEBUG is off (`manage.py check --deploy` passes clean).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:
        # Switched off on purpose (compose's plain-HTTP trial, or nginx redirecting HTTP to HTTPS
        # itself, as docker/nginx.conf does once TLS is configured): not a forgotten setting.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    # Health checks come over plain HTTP from Docker and load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    if env_bool("BEHIND_TLS_PROXY", False):
        # Only behind a proxy that sets this header itself and strips it from clients.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (portal.middleware): no inline script or style anywhere, no CDN.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
