"""One settings module, driven by environment variables; every variable has a default.

The defaults give a working single-machine set-up: SQLite under var/, email to the console,
Celery tasks run in-process. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, EMAIL_URL.
"""

import importlib.util
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# With DEBUG off the app refuses to start on this default (compliance.security); set a real
# key in production, or DEBUG=true on a development machine.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-secret-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "providers",
    "inspections",
    "compliance",
    "compliance.duties",
]
# Development tooling (benchmarks, demo-data generator): an app only where the package is
# present. Looked up by name, so no runtime module imports it; the image leaves it out.
if importlib.util.find_spec("compliance.devtools") is not None:
    INSTALLED_APPS.append("compliance.devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "compliance.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (which reads only the session cookie), before anything reads
    # the body: oversized requests are refused unread.
    "compliance.security.RequestSizeMiddleware",
    "compliance.security.SessionTimeoutMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "compliance.urls"
WSGI_APPLICATION = "compliance.wsgi.application"
AUTH_USER_MODEL = "providers.User"
LOGIN_URL = "signin"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "providers.access.context",
                "compliance.readcache.pages.csrf_placeholder",
            ],
        },
    },
]

# SQLite under var/ by default, so `make run` needs no server.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # a fresh clone has no var/ yet (it is not in git)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Reuse connections across requests (a new PostgreSQL connection costs milliseconds per request);
# health checks drop a connection the server closed instead of failing the next request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "POSTGRES_JIT", default=False
):
    # PostgreSQL's JIT compiles the plan of any query it costs high, which for these short
    # page queries took longer (0.4 s measured) than running them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# British dates everywhere a template shows one: 5 July 2017, 05/07/2017.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded reports and evidence. Never served by a public URL: views check who asks.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"
# Largest report file accepted by the importer, and largest evidence file (bytes).
REPORT_MAX_BYTES = env.int("REPORT_MAX_BYTES", default=20 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# Evidence files in one request (dashboard and API alike), and all of one provider's stored
# evidence (bytes; 0 = no quota).
EVIDENCE_MAX_FILES_PER_REQUEST = env.int("EVIDENCE_MAX_FILES_PER_REQUEST", default=10)
PROVIDER_STORAGE_QUOTA_BYTES = env.int("PROVIDER_STORAGE_QUOTA_BYTES", default=2 * 1024**3)
# Django stops parsing a multipart body with more files than this (a plain 400); the
# friendlier per-request message above comes first.
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * EVIDENCE_MAX_FILES_PER_REQUEST
# Whole requests, refused by their Content-Length before the body is read
# (compliance.security.RequestSizeMiddleware): signed-in (or token) and anonymous.
REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES",
    default=max(REPORT_MAX_BYTES, EVIDENCE_MAX_BYTES * EVIDENCE_MAX_FILES_PER_REQUEST)
    + 1024 * 1024,
)
ANONYMOUS_REQUEST_MAX_BYTES = env.int("ANONYMOUS_REQUEST_MAX_BYTES", default=64 * 1024)
# Stored uploads are readable by the app's user only (0600); FILE_UPLOAD_PERMISSIONS=0o640
# with a shared group lets a backup user read them (README "Production settings").
FILE_UPLOAD_PERMISSIONS = int(env.str("FILE_UPLOAD_PERMISSIONS", default="0o600"), 8)
FILE_UPLOAD_DIRECTORY_PERMISSIONS = int(
    env.str("FILE_UPLOAD_DIRECTORY_PERMISSIONS", default="0o700"), 8
)

# Email: console by default; EMAIL_URL=smtp://user:pass@host:port (or smtp+tls://) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds an SMTP connection may block: a hung relay fails the send (which is retried)
# instead of holding a worker until Celery's time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Compliance Tracker <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set; otherwise tasks run in-process (no broker needed).
REDIS_URL = env.str("REDIS_URL", default="")

# The cache holds sign-in and API throttling counts, so every process must share it:
# Redis when there is one (CACHE_URL overrides), else per-process memory for one machine.
CACHES = {"default": env.cache_url("CACHE_URL", default=REDIS_URL or "locmemcache://")}
CACHES["default"]["KEY_PREFIX"] = "compliance"
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "compliance.redis_cache.ReusedClientRedisCache"
# The read cache (compliance.readcache, README "Read cache"): pages and API answers kept per
# user until their data changes, for at most this many seconds; 0 turns it off. It needs a
# cache every process shares, so it is on by default only with Redis (or CACHE_URL).
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
READ_CACHE_SECONDS = env.int("READ_CACHE_SECONDS", default=60 if _SHARED_CACHE else 0)
# Sessions are read on every request: from the shared cache (written through to the
# database) when there is one, else from the database.
SESSION_ENGINE = env.str(
    "SESSION_ENGINE",
    default="django.contrib.sessions.backends." + ("cached_db" if _SHARED_CACHE else "db"),
)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The queue tasks go to by default; tests give their worker a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# Reminders (see README "Reminders"). Days before the due date for advance reminders; a
# reminder on the day; then one every week overdue; from REMINDER_ESCALATION_DAYS overdue the
# provider's managers are told as well.
REMINDER_OFFSETS_DAYS = env.list("REMINDER_OFFSETS_DAYS", cast=int, default=[28, 14, 7, 1])
REMINDER_OVERDUE_EVERY_DAYS = env.int("REMINDER_OVERDUE_EVERY_DAYS", default=7)
REMINDER_ESCALATION_DAYS = env.int("REMINDER_ESCALATION_DAYS", default=14)
# A claimed reminder not sent within this time is taken over by the next sweep (worker died).
REMINDER_SENDING_TIMEOUT_SECONDS = env.int("REMINDER_SENDING_TIMEOUT_SECONDS", default=900)
# Send attempts before a reminder is recorded as failed; retries wait 1, 2, 4, 8... minutes.
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=5)
REMINDER_RETRY_DELAY_SECONDS = env.int("REMINDER_RETRY_DELAY_SECONDS", default=60)
# Digests per enqueued task: a sweep's thousands of addresses go to the broker in chunks.
REMINDER_DIGESTS_PER_TASK = env.int("REMINDER_DIGESTS_PER_TASK", default=50)
REMINDER_SWEEP_MINUTE = env.int("REMINDER_SWEEP_MINUTE", default=5)
# Static beat schedule: one sweep an hour. Run exactly one beat process (docker-compose.yml).
CELERY_BEAT_SCHEDULE = {
    "reminder-sweep": {
        "task": "compliance.tasks.sweep_reminders",
        "schedule": crontab(minute=REMINDER_SWEEP_MINUTE),
        # A tick still queued when the next one comes is dropped: the next sweep covers it.
        "options": {"expires": 50 * 60},
    },
}

# REST API (/api/v1/; see README "API"). Tokens first, so a missing login answers 401.
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=50)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=200)
# Requests per user (or per address, anonymous) and per period: N/second|minute|hour|day.
API_THROTTLE_USER = env.str("API_THROTTLE_USER", default="600/minute")
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="60/minute")
API_THROTTLE_IMPORT = env.str("API_THROTTLE_IMPORT", default="60/hour")
# Invalid tokens per client address within SIGNIN_LOCKOUT_SECONDS before it gets 429s.
API_MAX_INVALID_TOKENS = env.int("API_MAX_INVALID_TOKENS", default=20)
# How many items a compliance summary lists under each heading (counts are always whole).
API_SUMMARY_LIST_LIMIT = env.int("API_SUMMARY_LIST_LIMIT", default=25)
# The changes feed holds back the last few seconds, so a change whose transaction is still
# open when a client reads cannot be skipped by that client's next `since`.
API_CHANGES_DELAY_SECONDS = env.int("API_CHANGES_DELAY_SECONDS", default=10)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "compliance.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["compliance.api.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "compliance.api.pagination.Pagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "compliance.api.filters.Search",
        "compliance.api.filters.Ordering",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "compliance.api.throttling.UserThrottle",
        "compliance.api.throttling.AnonThrottle",
    ],
    "EXCEPTION_HANDLER": "compliance.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
# The OpenAPI schema at /api/v1/schema/; Swagger UI and ReDoc load their files from
# drf-spectacular-sidecar's static files, never from a CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "Children's homes compliance API",
    "DESCRIPTION": (
        "Statutory requirements from Ofsted inspections of children's homes in England, "
        "their due dates and compliance status. Authenticate with a token "
        "(`Authorization: Token <key>`) or the dashboard's session. Errors share one JSON "
        "format; list filters take several comma-separated values and ignore case."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would send the schema to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RequirementStatusEnum": "inspections.models.RequirementStatus",
        "JudgementEnum": "inspections.models.Judgement",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # 403, 404, 405 and 429 are the app refusing as it should: one line, no traceback.
        "expected_refusals": {"()": "compliance.security.ExpectedRefusalFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["expected_refusals"]},
        # fpdf2 subsets the PDF fonts with fontTools, which logs ~100 INFO lines per PDF.
        "fontTools": {"level": "WARNING"},
    },
}

# -- Security (README "Production settings") -------------------------------------------
# HTTPS: behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto,https
# (only if the proxy always sets or strips that header) or SECURE_SSL_REDIRECT loops.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header:
    # "X-Forwarded-Proto,https" (or "HTTP_X_FORWARDED_PROTO,https") -> Django's tuple
    _name = _proxy_ssl_header[0].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (
        _name if _name.startswith("HTTP_") else f"HTTP_{_name}",
        _proxy_ssl_header[1].strip(),
    )
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
# Which client address to believe (sign-in lockouts, API throttles): the number of proxies
# in front of the app that append to X-Forwarded-For, or their addresses/networks. With
# neither, X-Forwarded-For is ignored and the connecting address is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env.str("SECURE_REFERRER_POLICY", default="same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = env.str(
    "PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
)
# Content-Security-Policy (django-csp): everything from this server, no inline script or
# style anywhere. ReDoc starts a worker from a blob: URL; Swagger UI and ReDoc draw icons
# from data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Sessions end after SESSION_IDLE_TIMEOUT_SECONDS without a request and, whatever happens,
# SESSION_ABSOLUTE_TIMEOUT_SECONDS after signing in (compliance.security).
SESSION_IDLE_TIMEOUT_SECONDS = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT_SECONDS = env.int("SESSION_ABSOLUTE_TIMEOUT_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_SECONDS

# Dashboard (see README "Dashboard"): sign-in throttling, page size, import preview, calendar.
SIGNIN_MAX_FAILURES = env.int("SIGNIN_MAX_FAILURES", default=5)
SIGNIN_MAX_FAILURES_PER_ACCOUNT = env.int("SIGNIN_MAX_FAILURES_PER_ACCOUNT", default=10)
SIGNIN_MAX_FAILURES_PER_ADDRESS = env.int("SIGNIN_MAX_FAILURES_PER_ADDRESS", default=30)
SIGNIN_LOCKOUT_SECONDS = env.int("SIGNIN_LOCKOUT_SECONDS", default=15 * 60)
PASSWORD_RESET_MAX_REQUESTS = env.int("PASSWORD_RESET_MAX_REQUESTS", default=5)
DASHBOARD_PAGE_SIZE = env.int("DASHBOARD_PAGE_SIZE", default=25)
IMPORT_PREVIEW_MAX_AGE = env.int("IMPORT_PREVIEW_MAX_AGE", default=60 * 60)
CALENDAR_FEED_MAX_EVENTS = env.int("CALENDAR_FEED_MAX_EVENTS", default=2000)
