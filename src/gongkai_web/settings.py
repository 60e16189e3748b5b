"""Settings for gongkai_web, read from the environment.

Every value has a development default so that `make demo` runs on a fresh clone; production
sets GONGKAI_ENV=production (or DEBUG=0), and then the development secret key is refused and
the SECURE_* settings default to what `check --deploy` asks for. README.md lists the variables.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
# The project root when running from a checkout (src/gongkai_web → ../..); var/ holds the
# development database, the task queue file and uploaded files.
PROJECT_ROOT = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", PROJECT_ROOT / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"环境变量 {name} 应为 true/false（或 1/0），实际为 {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name} 应为整数，实际为 {raw!r}") from None


GONGKAI_ENV = os.environ.get("GONGKAI_ENV", "development").strip().lower()
if GONGKAI_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_ENV 应为 development、test 或 production，实际为 {GONGKAI_ENV!r}"
    )
PRODUCTION = GONGKAI_ENV == "production"
TESTING = GONGKAI_ENV == "test" or "pytest" in sys.modules

DEBUG = env_bool("DEBUG", not PRODUCTION)

DEV_SECRET_KEY = "gongkai-development-only-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG 关闭（生产环境）时必须通过环境变量 SECRET_KEY 设置自己的密钥（至少 50 个随机字符），"
        "不能使用开发默认值。"
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

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
]

MIDDLEWARE = [
    # First: an oversized request is refused before anything reads its body.
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
]
GONGKAI_TECHNICAL_ERRORS = env_bool("GONGKAI_TECHNICAL_ERRORS", False)

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
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------
# SQLite under var/ by default; production sets DATABASE_URL=postgres://user:pass@host/db.
DEFAULT_SQLITE = VAR_DIR / "gongkai.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DEFAULT_SQLITE}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
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
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/files/"  # never served directly: stored files go through views that check them

# --- security: on by default in production, each switch overridable ------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from this site (htmx is served by it); style attributes are allowed because
# report tables and the QR code carry widths inline. ui.middleware.SecurityHeadersMiddleware.
GONGKAI_CSP = os.environ.get(
    "GONGKAI_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets this header itself (nginx: proxy_set_header X-Forwarded-Proto).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
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
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
CACHE_TABLE = "gongkai_cache"
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongkai"),
            # An unreachable Redis costs a request at most these seconds: the rate limits then
            # count in the worker's memory (cases.ratelimit) instead of failing the request.
            "OPTIONS": {
                "socket_connect_timeout": env_int("CACHE_CONNECT_TIMEOUT", 1),
                "socket_timeout": env_int("CACHE_TIMEOUT", 2),
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
HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL") or os.environ.get("REDIS_URL") or ""
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", TESTING)
if HUEY_REDIS_URL and "socket_connect_timeout" not in HUEY_REDIS_URL:
    # Queueing a task after a commit waits at most this long for an unreachable Redis (the
    # task's record is swept up later: cases.services.receipts); no read timeout, since the
    # consumer blocks on its queue.
    HUEY_REDIS_URL += ("&" if "?" in HUEY_REDIS_URL else "?") + "socket_connect_timeout=2"
if HUEY_REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("HUEY_NAME", "gongkai"),
        "url": HUEY_REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": str(Path(os.environ.get("HUEY_SQLITE_FILE", VAR_DIR / "huey.sqlite3"))),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
    }

# --- the office running gongkai ------------------------------------------------------------
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开工作平台")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- the spine: login security, personal information, backups --------------------------------
GONGKAI_IDLE_TIMEOUT = env_int("GONGKAI_IDLE_TIMEOUT", 30 * 60)  # seconds without a request
GONGKAI_LOCKOUT_FAILURES = env_int("GONGKAI_LOCKOUT_FAILURES", 5)
GONGKAI_LOCKOUT_MINUTES = env_int("GONGKAI_LOCKOUT_MINUTES", 15)
# An account is locked from every address only after this many failures (lockout.py).
GONGKAI_LOCKOUT_ACCOUNT_FAILURES = env_int("GONGKAI_LOCKOUT_ACCOUNT_FAILURES", 20)
GONGKAI_TRUST_X_FORWARDED_FOR = env_bool("GONGKAI_TRUST_X_FORWARDED_FOR", False)
GONGKAI_PROXY_HOPS = env_int("GONGKAI_PROXY_HOPS", 1)  # trusted proxies in front of gongkai

# SM4 keys for personal information at rest: "1:<32 hex digits>[,2:<32 hex>…]", the highest
# version encrypting (docs/security.md). Never in the repository: production must set it.
DEV_FIELD_KEY = "1:00000000000000000000000000000000"
GONGKAI_FIELD_KEY = os.environ.get("GONGKAI_FIELD_KEY", "").strip()
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
GONGKAI_AUDIT_SINK = os.environ.get(
    "GONGKAI_AUDIT_SINK", "" if TESTING else str(VAR_DIR / "audit-sink")
).strip()
GONGKAI_AUDIT_SYSLOG = os.environ.get("GONGKAI_AUDIT_SYSLOG", "").strip()

# Uploads (operations.uploads): a request declaring more than this is refused with 413 before
# its body is read; a file above FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a temporary file
# while the request is parsed, never held whole in memory; each kind of upload has its own
# limit, stated on its form.
GONGKAI_MAX_REQUEST_BYTES = env_int("GONGKAI_MAX_REQUEST_BYTES", 60 << 20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated: the in-memory threshold
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the non-file part of a request
DATA_UPLOAD_MAX_NUMBER_FILES = 50
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None

# A stored file with no database row (a crash or rollback between the write and the commit) is
# removed by the hourly sweep once it is this old (operations.orphans).
GONGKAI_ORPHAN_FILE_GRACE_HOURS = float(os.environ.get("GONGKAI_ORPHAN_FILE_GRACE_HOURS") or 24)

GONGKAI_BACKUP_DIR = Path(os.environ.get("GONGKAI_BACKUP_DIR", VAR_DIR / "backups"))
GONGKAI_BACKUP_KEEP = env_int("GONGKAI_BACKUP_KEEP", 14)  # daily archives kept
GONGKAI_BACKUP_HOUR = env_int("GONGKAI_BACKUP_HOUR", 2)
if TESTING:
    # Tests create many accounts; PBKDF2's deliberate slowness buys nothing there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- the demo --------------------------------------------------------------------------------
# How many 2024 posts the demo's new-media matrix holds: the seed report's 2,135, each drafted,
# signed through 三审三校 and published through the services (the demo loads in 1.5 minutes on
# the 2-core machine). The tests' demo holds 46 unless a test asks for the seed's number (the
# ones comparing with it).
GONGKAI_DEMO_POSTS = env_int("GONGKAI_DEMO_POSTS", 46 if TESTING else 2135)

# 三同步: the 文件类型 published only with a 解读 (comma-separated DocKind values).
GONGKAI_INTERPRETATION_KINDS = tuple(
    kind.strip()
    for kind in os.environ.get("GONGKAI_INTERPRETATION_KINDS", "regulation,normative").split(",")
    if kind.strip()
)

# --- disclosure applications (cases) -------------------------------------------------------
# Outcome (Disposition value) → remedy path (review_first / either / none) where the deployment
# reads 行政复议法 Art. 23 otherwise than gongkai.cases.remedies.default_path does.
GONGKAI_REMEDY_PATHS: dict[str, str] = {}
GONGKAI_DUE_SOON_DAYS = env_int("GONGKAI_DUE_SOON_DAYS", 5)  # working days left → 即将到期
GONGKAI_APPLY_LIMIT = env_int("GONGKAI_APPLY_LIMIT", 20)  # online applications per address …
GONGKAI_APPLY_WINDOW = env_int("GONGKAI_APPLY_WINDOW", 3600)  # … per this many seconds
GONGKAI_API_LIMIT = env_int("GONGKAI_API_LIMIT", 120)  # API calls per client per minute
GONGKAI_API_AUTH_FAILURES = env_int("GONGKAI_API_AUTH_FAILURES", 10)  # bad tokens per address …
GONGKAI_API_AUTH_WINDOW = env_int("GONGKAI_API_AUTH_WINDOW", 600)  # … per this many seconds
GONGKAI_REMINDER_HOUR = env_int("GONGKAI_REMINDER_HOUR", 8)  # the daily reminder job
# The every-minute sweep renders the receipts of applications submitted at least this many
# seconds ago and still without one (the queued task has had its turn).
GONGKAI_RECEIPT_SWEEP_AFTER = env_int("GONGKAI_RECEIPT_SWEEP_AFTER", 60)
# A class with send(phone, text); the default writes to the log (nothing leaves the machine).
GONGKAI_SMS_BACKEND = os.environ.get(
    "GONGKAI_SMS_BACKEND", "gongkai_web.cases.reminders.LoggingSms"
)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
