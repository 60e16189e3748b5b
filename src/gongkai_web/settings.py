"""Settings for gongkai_web, read from the environment.

Every value has a development default so that `make demo` runs on a fresh clone; production
sets GONGKAI_ENV=production (or DEBUG=0), and then the development secret key is refused and
the SECURE_* settings default to what `check --deploy` asks for. Every variable is read through
gongkai_web.config, which registers it and prints README's table of them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gongkai_web.config import read as env
from gongkai_web.observability.logconfig import logging_config  # imports no Django

BASE_DIR = Path(__file__).resolve().parent
# The project root when running from a checkout (src/gongkai_web → ../..); var/ holds the
# development database, the task queue file and uploaded files.
PROJECT_ROOT = BASE_DIR.parent.parent
VAR_DIR: Path = env("GONGKAI_VAR_DIR", PROJECT_ROOT / "var")


GONGKAI_ENV = str(env("GONGKAI_ENV", "development")).strip().lower()
if GONGKAI_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_ENV 应为 development、test 或 production，实际为 {GONGKAI_ENV!r}"
    )
PRODUCTION = GONGKAI_ENV == "production"
TESTING = GONGKAI_ENV == "test" or "pytest" in sys.modules

DEBUG = env("DEBUG", not PRODUCTION)

DEV_SECRET_KEY = "gongkai-development-only-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG 关闭（生产环境）时必须通过环境变量 SECRET_KEY 设置自己的密钥（至少 50 个随机字符），"
        "不能使用开发默认值。"
    )

ALLOWED_HOSTS = env(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, admitting only the system administrator (三员分立).
    "gongkai_web.accounts.admin_apps.SysadminOnlyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "gongkai_web.ui",
    "gongkai_web.workflow",
    "gongkai_web.annual_reports",
    "gongkai_web.organizations",
    "gongkai_web.accounts",
    "gongkai_web.audit",
    "gongkai_web.operations",
    "gongkai_web.cases",
    "gongkai_web.publishing",
    "gongkai_web.media_accounts",
    "gongkai_web.oversight",
    "gongkai_web.desk",
    "gongkai_web.observability",
]

MIDDLEWARE = [
    # First: every request's id, count, time and access log line (observability).
    "gongkai_web.observability.middleware.RequestObservationMiddleware",
    # /healthz, /readyz and /metrics, answered before the session, CSRF, host and HTTPS checks.
    "gongkai_web.observability.middleware.ProbeMiddleware",
    # An oversized request is refused before anything reads its body.
    "gongkai_web.operations.uploads.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai_web.accounts.middleware.IdleTimeoutMiddleware",
    "gongkai_web.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongkai_web.ui.middleware.ChineseErrorPagesMiddleware",
    "gongkai_web.ui.middleware.SecurityHeadersMiddleware",
    # Last, so it sees a view's exception first: database, cache or queue down → Chinese 503.
    "gongkai_web.observability.errors.ServiceUnavailableMiddleware",
]
GONGKAI_TECHNICAL_ERRORS = env("GONGKAI_TECHNICAL_ERRORS", False)

ROOT_URLCONF = "gongkai_web.urls"
WSGI_APPLICATION = "gongkai_web.wsgi.application"
ASGI_APPLICATION = "gongkai_web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai_web.ui.context_processors.site",
                "gongkai_web.organizations.context_processors.roles",
                "gongkai_web.operations.uploads.limits_context",
                "gongkai_web.observability.context_processors.request_id",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------
# SQLite under var/ by default; production sets DATABASE_URL=postgres://user:pass@host/db.
DEFAULT_SQLITE = VAR_DIR / "gongkai.sqlite3"
DATABASE_URL = env("DATABASE_URL", "").strip()
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DEFAULT_SQLITE}",
        conn_max_age=env("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A PostgreSQL streaming replica of DATABASE_URL: the portal's and the supervisors' overview's
# reads go there (operations.replica; docs/decisions/read-replicas.md). Unset: one database.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured(
        "环境变量 DATABASE_REPLICA_URL 需要 PostgreSQL 主库：请同时设置 DATABASE_URL=postgres://…"
    )
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    # A replica that does not answer is given up quickly and the primary serves the page.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # Tests have one database: the replica alias reads the test database of "default".
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gongkai_web.operations.replica.ReplicaRouter"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # BEGIN IMMEDIATE: a transaction takes SQLite's write lock at its start, so writers queue
    # instead of failing when two of them read the audit chain head and then both write.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Write-ahead log: readers never wait for the writer, and a commit costs one fsync
    # instead of the rollback journal's several (migrate on a fresh clone: 8 s → 2 s).
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")

AUTHENTICATION_BACKENDS = ["gongkai_web.accounts.backends.LockoutBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # ≥ 8 characters of three of the four classes (gongkai.passwords), in Chinese.
    {"NAME": "gongkai_web.accounts.validators.PolicyValidator"},
]

# --- language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files: served by WhiteNoise, never a CDN ----------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
if DEBUG:
    # WhiteNoise warns about a missing STATIC_ROOT; in development it stays empty.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/files/"  # never served directly: stored files go through views that check them

# --- security: on by default in production, each switch overridable ------------------------
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from this site (htmx is served by it); style attributes are allowed because
# report tables and the QR code carry widths inline. ui.middleware.SecurityHeadersMiddleware.
GONGKAI_CSP = env(
    "GONGKAI_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
X_FRAME_OPTIONS = "DENY"
if env("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets this header itself (nginx: proxy_set_header X-Forwarded-Proto).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE", 30 * 60)
# A signed-in user's session is written on every request anyway (IdleTimeoutMiddleware notes
# the time, which restarts the idle timeout); a visitor's is written only when it changes, so
# reading a public page costs no database write.
SESSION_SAVE_EVERY_REQUEST = False

LOGIN_URL = "/accounts/login/"
# Staff land on their 待办; the administrators are sent on to the home page from there.
LOGIN_REDIRECT_URL = "/desk/"

# --- cache: what every worker process must see alike ----------------------------------------
# The public form's rate limits count in the cache, so it must be shared by all the gunicorn
# workers (a per-process cache would multiply the limit by the number of workers). Redis when
# CACHE_URL or REDIS_URL is set (atomic counters); otherwise a table of the database, which
# the migrations create (operations 0002). Tests use a per-process memory cache that their
# fixtures clear (clearing a Redis cache empties its whole Redis database); the shared
# backends have their own tests (operations/tests/test_cache.py).
CACHE_URL = env("CACHE_URL", "") or env("REDIS_URL", "") or ""
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "gongkai")
CACHE_TABLE = "gongkai_cache"
# An unreachable Redis cache costs a request at most these seconds: the rate limits then
# count in the worker's memory (cases.ratelimit) instead of failing the request.
CACHE_CONNECT_TIMEOUT = env("CACHE_CONNECT_TIMEOUT", 1)
CACHE_TIMEOUT = env("CACHE_TIMEOUT", 2)
if TESTING:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
elif CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_CONNECT_TIMEOUT,
                "socket_timeout": CACHE_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }

# --- background work: huey ----------------------------------------------------------------
# SQLite file under var/ by default (no extra server); Redis when HUEY_REDIS_URL or REDIS_URL
# is set. Tests run tasks immediately, in process.
HUEY_REDIS_URL = env("HUEY_REDIS_URL", "") or env("REDIS_URL", "") or ""
HUEY_IMMEDIATE = env("HUEY_IMMEDIATE", TESTING)
HUEY_WORKERS = env("HUEY_WORKERS", 2)
HUEY_NAME = env("HUEY_NAME", "gongkai")
HUEY_SQLITE_FILE = str(env("HUEY_SQLITE_FILE", VAR_DIR / "huey.sqlite3"))
_huey_url = HUEY_REDIS_URL
if _huey_url and "socket_connect_timeout" not in _huey_url:
    # Queueing a task after a commit waits at most this long for an unreachable Redis (the
    # task's record is swept up later: cases.services.receipts); no read timeout, since the
    # consumer blocks on its queue.
    _huey_url += ("&" if "?" in _huey_url else "?") + "socket_connect_timeout=2"
if HUEY_REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": HUEY_NAME,
        "url": _huey_url,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": HUEY_WORKERS, "worker_type": "thread"},
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": HUEY_SQLITE_FILE,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": HUEY_WORKERS, "worker_type": "thread"},
    }

# --- the office running gongkai ------------------------------------------------------------
GONGKAI_SITE_NAME = env("GONGKAI_SITE_NAME", "政府信息公开工作平台")

# --- observation: logs, probes, metrics (docs/observability.md) ---------------------------
# Log lines as JSON objects, one per line, in production (for the log collector); plain text
# for a developer. Each carries the request id, the user's id, the path (observability.logs).
GONGKAI_LOG_FORMAT = env("GONGKAI_LOG_FORMAT", "json" if PRODUCTION else "plain").strip().lower()
if GONGKAI_LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_LOG_FORMAT 应为 json 或 plain，实际为 {GONGKAI_LOG_FORMAT!r}"
    )
LOGGING = logging_config(fmt=GONGKAI_LOG_FORMAT, level=env("LOG_LEVEL", "INFO"))
# /metrics: read from these addresses or networks (commas; CIDR allowed), or from anywhere with
# "Authorization: Bearer <GONGKAI_METRICS_TOKEN>" when a token is set. A request forwarded by a
# proxy counts by its client's address only with GONGKAI_TRUST_X_FORWARDED_FOR on.
GONGKAI_METRICS_ALLOWED_IPS = env("GONGKAI_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
GONGKAI_METRICS_TOKEN = env("GONGKAI_METRICS_TOKEN", "").strip()
# Several gunicorn workers: each process writes its counts to files in this directory and a
# scrape adds them up (prometheus_client reads the variable itself, before any setting).
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", None)
if PROMETHEUS_MULTIPROC_DIR is not None and not PROMETHEUS_MULTIPROC_DIR.is_dir():
    raise ImproperlyConfigured(
        f"环境变量 PROMETHEUS_MULTIPROC_DIR 指向的目录 {PROMETHEUS_MULTIPROC_DIR} "
        "不存在；请先创建该目录（运行服务的用户可写），或取消该变量"
    )
# /readyz fails when the disk holding MEDIA_ROOT has less free space than this.
GONGKAI_MEDIA_MIN_FREE_MB = env("GONGKAI_MEDIA_MIN_FREE_MB", 1024)
# /readyz fails from this day of the year (MM-DD) on while next year's working-day calendar is
# not entered: deadlines start running into next year, and the State Council publishes its
# holiday notice around November.
_due = env("GONGKAI_CALENDAR_NEXT_YEAR_DUE", "11-01").strip()
try:
    _due_date = dt.datetime.strptime(f"2001-{_due}", "%Y-%m-%d").date()  # not a leap year
except ValueError:
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_CALENDAR_NEXT_YEAR_DUE 应为“月-日”，如 11-01，实际为 {_due!r}"
    ) from None
GONGKAI_CALENDAR_NEXT_YEAR_DUE = (_due_date.month, _due_date.day)
del _due, _due_date
# The 503 page's Retry-After (seconds): a PostgreSQL restart takes about 2 s here.
GONGKAI_UNAVAILABLE_RETRY_AFTER = env("GONGKAI_UNAVAILABLE_RETRY_AFTER", 10)

# --- the spine: login security, personal information, backups --------------------------------
GONGKAI_IDLE_TIMEOUT = env("GONGKAI_IDLE_TIMEOUT", 30 * 60)  # seconds without a request
GONGKAI_LOCKOUT_FAILURES = env("GONGKAI_LOCKOUT_FAILURES", 5)
GONGKAI_LOCKOUT_MINUTES = env("GONGKAI_LOCKOUT_MINUTES", 15)
# An account is locked from every address only after this many failures (lockout.py).
GONGKAI_LOCKOUT_ACCOUNT_FAILURES = env("GONGKAI_LOCKOUT_ACCOUNT_FAILURES", 20)
GONGKAI_TRUST_X_FORWARDED_FOR = env("GONGKAI_TRUST_X_FORWARDED_FOR", False)
GONGKAI_PROXY_HOPS = env("GONGKAI_PROXY_HOPS", 1)  # trusted proxies in front of gongkai

# SM4 keys for personal information at rest: "1:<32 hex digits>[,2:<32 hex>…]", the highest
# version encrypting (docs/security.md). Never in the repository: production must set it.
DEV_FIELD_KEY = "1:00000000000000000000000000000000"
GONGKAI_FIELD_KEY = env("GONGKAI_FIELD_KEY", "").strip()
if not GONGKAI_FIELD_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DEBUG 关闭（生产环境）时必须通过环境变量 GONGKAI_FIELD_KEY 设置个人信息加密密钥，"
            "格式为“1:32 位十六进制”，"
            "可用 python -c 'import os; print(os.urandom(16).hex())' 生成。"
        )
    GONGKAI_FIELD_KEY = DEV_FIELD_KEY
try:
    from gongkai.crypto import KeyringError, parse_keyring

    _KEYRING = parse_keyring(GONGKAI_FIELD_KEY)
except KeyringError as exc:
    raise ImproperlyConfigured(f"环境变量 GONGKAI_FIELD_KEY 有误：{exc}") from None
# The development key is public (it is in this file): production must never encrypt with it.
# `check --deploy` says the same with DEBUG on (accounts.checks).
if not DEBUG and any(key == bytes(len(key)) for key in _KEYRING.keys.values()):
    raise ImproperlyConfigured(
        "GONGKAI_FIELD_KEY 含全零的开发用密钥，DEBUG 关闭（生产环境）时不能使用；"
        "请用 python -c 'import os; print(os.urandom(16).hex())' 生成新密钥。"
    )
del _KEYRING

# Anchors outside the database (audit.sink): every committed audit entry's hash is appended
# to GONGKAI_AUDIT_SINK/audit-anchors.log ("off" disables it) and, when set, sent to syslog
# (GONGKAI_AUDIT_SYSLOG: /dev/log or host:port). docs/security.md says how to put the sink on
# another machine. Tests start without one; the sink's own tests give each a directory.
GONGKAI_AUDIT_SINK = env(
    "GONGKAI_AUDIT_SINK", "" if TESTING else str(VAR_DIR / "audit-sink")
).strip()
GONGKAI_AUDIT_SYSLOG = env("GONGKAI_AUDIT_SYSLOG", "").strip()

# Uploads (operations.uploads): a request declaring more than this is refused with 413 before
# its body is read; a file above FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a temporary file
# while the request is parsed, never held whole in memory; each kind of upload has its own
# limit, stated on its form.
GONGKAI_MAX_REQUEST_BYTES = env("GONGKAI_MAX_REQUEST_BYTES", 60 << 20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated: the in-memory threshold
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the non-file part of a request
DATA_UPLOAD_MAX_NUMBER_FILES = 50
# Per-kind limits in MB ({"TABLE": 20}); kinds in operations.uploads.
GONGKAI_UPLOAD_MB: dict[str, int] = env("GONGKAI_UPLOAD_MB", {})
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", "") or None

# A stored file with no database row (a crash or rollback between the write and the commit) is
# removed by the hourly sweep once it is this old (operations.orphans).
GONGKAI_ORPHAN_FILE_GRACE_HOURS = env("GONGKAI_ORPHAN_FILE_GRACE_HOURS", 24.0)

GONGKAI_BACKUP_DIR = Path(env("GONGKAI_BACKUP_DIR", VAR_DIR / "backups"))
GONGKAI_BACKUP_KEEP = env("GONGKAI_BACKUP_KEEP", 14)  # daily archives kept
GONGKAI_BACKUP_HOUR = env("GONGKAI_BACKUP_HOUR", 2)
if TESTING:
    # Tests create many accounts; PBKDF2's deliberate slowness buys nothing there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- the demo --------------------------------------------------------------------------------
# How many 2024 posts the demo's new-media matrix holds: the seed report's 2,135, each drafted,
# signed through 三审三校 and published through the services (the demo loads in 1.5 minutes on
# the 2-core machine). The tests' demo holds 46 unless a test asks for the seed's number (the
# ones comparing with it).
GONGKAI_DEMO_POSTS = env("GONGKAI_DEMO_POSTS", 46 if TESTING else 2135)
# The demo's second reference agency (淮安市洪泽区人民政府, a year of records through the
# services, about 30 s of loading): off in the tests' load_demo, whose tests are about 新华区;
# its own tests load its modules directly.
GONGKAI_DEMO_HONGZE = env("GONGKAI_DEMO_HONGZE", not TESTING)

# 三同步: the 文件类型 published only with a 解读 (comma-separated DocKind values).
GONGKAI_INTERPRETATION_KINDS = tuple(
    env("GONGKAI_INTERPRETATION_KINDS", ["regulation", "normative"])
)

# --- disclosure applications (cases) -------------------------------------------------------
# Outcome (Disposition value) → remedy path (review_first / either / none) where the deployment
# reads 行政复议法 Art. 23 otherwise than gongkai.cases.remedies.default_path does.
GONGKAI_REMEDY_PATHS: dict[str, str] = env("GONGKAI_REMEDY_PATHS", {})
GONGKAI_DUE_SOON_DAYS = env("GONGKAI_DUE_SOON_DAYS", 5)  # working days left → 即将到期
# /apply/ shows reply times only over at least this many replies (cases/reply_stats.py).
GONGKAI_REPLY_TIMES_MIN = env("GONGKAI_REPLY_TIMES_MIN", 5)
# The same applicant's same request within these minutes is shown its tracking number first.
GONGKAI_RESUBMIT_MINUTES = env("GONGKAI_RESUBMIT_MINUTES", 10)
GONGKAI_APPLY_LIMIT = env("GONGKAI_APPLY_LIMIT", 20)  # online applications per address …
GONGKAI_APPLY_WINDOW = env("GONGKAI_APPLY_WINDOW", 3600)  # … per this many seconds
GONGKAI_API_LIMIT = env("GONGKAI_API_LIMIT", 120)  # API calls per client per minute
GONGKAI_API_AUTH_FAILURES = env("GONGKAI_API_AUTH_FAILURES", 10)  # bad tokens per address …
GONGKAI_API_AUTH_WINDOW = env("GONGKAI_API_AUTH_WINDOW", 600)  # … per this many seconds
GONGKAI_REMINDER_HOUR = env("GONGKAI_REMINDER_HOUR", 8)  # the daily reminder job
# The every-minute sweep renders the receipts of applications submitted at least this many
# seconds ago and still without one (the queued task has had its turn).
GONGKAI_RECEIPT_SWEEP_AFTER = env("GONGKAI_RECEIPT_SWEEP_AFTER", 60)
# SMS (cases.sms): a class with send(phone, text) -> SmsResult. With GONGKAI_SMS_URL set the
# default is the HTTP gateway; without it, the logging sender, and every message is reported
# 未发送（未配置短信网关）.
GONGKAI_SMS_URL = env("GONGKAI_SMS_URL", "").strip()
GONGKAI_SMS_BACKEND = env(
    "GONGKAI_SMS_BACKEND",
    f"gongkai_web.cases.sms.{'HttpGatewaySms' if GONGKAI_SMS_URL else 'LoggingSms'}",
)
GONGKAI_SMS_ACCOUNT = env("GONGKAI_SMS_ACCOUNT", "")
GONGKAI_SMS_PASSWORD = env("GONGKAI_SMS_PASSWORD", "")
GONGKAI_SMS_TOKEN = env("GONGKAI_SMS_TOKEN", "")
GONGKAI_SMS_SIGN = env("GONGKAI_SMS_SIGN", "")
GONGKAI_SMS_TEMPLATE = env("GONGKAI_SMS_TEMPLATE", "")
GONGKAI_SMS_TIMEOUT = env("GONGKAI_SMS_TIMEOUT", 10)
GONGKAI_SMS_SUCCESS_FIELD = env("GONGKAI_SMS_SUCCESS_FIELD", "code")
GONGKAI_SMS_SUCCESS_VALUE = env("GONGKAI_SMS_SUCCESS_VALUE", "0")
GONGKAI_SMS_MESSAGE_FIELD = env("GONGKAI_SMS_MESSAGE_FIELD", "msg")
GONGKAI_SMS_FIELDS: dict[str, str] = env("GONGKAI_SMS_FIELDS", {})

# Mail: Django's SMTP backend, to the host below (development: localhost:25).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "gongkai@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env("EMAIL_TIMEOUT", 30)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "环境变量 EMAIL_USE_TLS 与 EMAIL_USE_SSL 只能打开一个："
        "587 端口用 EMAIL_USE_TLS（STARTTLS），465 端口用 EMAIL_USE_SSL"
    )

# --- annual reports and new media (docs/decisions/annual-report-snapshot.md, new-media-matrix.md)
# Kind → (month, day) of the following year, over organizations.models.REPORT_DUE.
GONGKAI_REPORT_DUE: dict[str, tuple[int, int] | None] = env("GONGKAI_REPORT_DUE", {})
GONGKAI_REPORT_SIMILARITY_WARN: float = env("GONGKAI_REPORT_SIMILARITY_WARN", 0.6)
# Days without a post: 预警, 不合格 (单项否决), 僵尸账号.
GONGKAI_MEDIA_THRESHOLDS: tuple[int, int, int] = env("GONGKAI_MEDIA_THRESHOLDS", (10, 14, 90))
GONGKAI_MEDIA_PATROL_HOUR: int = env("GONGKAI_MEDIA_PATROL_HOUR", 8)
