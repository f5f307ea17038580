"""Django settings, driven by environment variables (SQLite unless DUBAN_DATABASE_URL is set)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DUBAN_DATA_DIR", Path.cwd() / "var"))


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def database_from_url(url: str) -> dict[str, object]:
    """`postgresql://user:pass@host:port/name` or `sqlite:///path` → a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "duban",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "OPTIONS": postgresql_options(),
        }
    if parsed.scheme == "sqlite":
        return sqlite_database(unquote(parsed.path) or ":memory:")
    raise ValueError(f"unsupported DUBAN_DATABASE_URL scheme: {parsed.scheme!r}")


def postgresql_options() -> dict[str, str]:
    """Settings for duban's own sessions, sent when each connection starts (no extra round trip).

    random_page_cost: the server's default, 4, prices a page read at random as four read in
    sequence, as on spinning disks. Then to name a region's 150 units by their parents, the
    planner reads and hashes the province's whole unit table (15,000 rows, 6-11 ms) rather than
    look up 150 keys (under 1 ms): the pages' time grew with the province. duban's data is read
    from memory or SSD, where 1.1 is the usual setting (PostgreSQL's documentation). An empty
    DUBAN_PG_RANDOM_PAGE_COST leaves the server's own (behind a pooler that refuses startup
    options, for one).
    """
    cost = os.environ.get("DUBAN_PG_RANDOM_PAGE_COST", "1.1").strip()
    if not cost:
        return {}
    try:
        value = float(cost)
    except ValueError:
        value = -1.0
    if not 0 < value < 1000:  # also refuses nan and inf, which the server would refuse at connect
        raise ValueError(f"DUBAN_PG_RANDOM_PAGE_COST must be a number above 0 and below 1000, not {cost!r}")
    return {"options": f"-c random_page_cost={cost}"}


def sqlite_cache_mib() -> int:
    """DUBAN_SQLITE_CACHE_MB, checked: it goes into a PRAGMA, where a negative number would read
    as a comment ("--") and fail at every connection with a syntax error that names nothing."""
    raw = os.environ.get("DUBAN_SQLITE_CACHE_MB", "").strip() or "32"
    if not raw.isdecimal() or not 1 <= int(raw) <= 65536:
        raise ValueError(f"DUBAN_SQLITE_CACHE_MB must be a whole number of MiB from 1 to 65536, not {raw!r}")
    return int(raw)


def sqlite_database(name: str) -> dict[str, object]:
    """SQLite for several users at once: WAL lets readers work during a write; writers queue.

    IMMEDIATE transactions take the write lock when they begin, so a second writer waits (up to
    the busy timeout) instead of failing half-way with "database is locked".
    """
    timeout = envint("DUBAN_SQLITE_TIMEOUT", 60)
    # The page cache of each connection, in MiB (SQLite's default is 2): an import inserts into
    # a dozen indexes of tables of a hundred thousand rows and more, and with 2 MiB it read most
    # of their pages again from the file for every few rows: 1.9 GB read for 10,000 notices,
    # 0.8 GB with 32 MiB, 0.5 GB with 64 (whose peak memory, 230 MB, was 40 MB more). Taken
    # only as pages are read, so a small database or a page's connection uses less.
    cache_mib = sqlite_cache_mib()
    pragmas = (
        f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={timeout * 1000}; "
        f"PRAGMA cache_size=-{cache_mib * 1024};"
    )
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "timeout": timeout,
            "transaction_mode": "IMMEDIATE",
            # The sqlite3 module keeps the last 128 prepared statements; an import's multi-row
            # INSERTs and long IN lists are each a different, large statement, and the cache of
            # them grew an import of 10,000 notices by some 70 MB. Eight keep what repeats.
            "cached_statements": 8,
            "init_command": pragmas,
        },
    }


def secret_key() -> tuple[str, bool]:
    """DUBAN_SECRET_KEY, else the key `duban demo` wrote into the data folder; (key, configured).

    There is no key in the code: without either, a throwaway key is made for this process only
    (commands and tests work; `duban serve` refuses to start, since sessions would not survive).
    """
    configured = os.environ.get("DUBAN_SECRET_KEY", "").strip()
    if configured:
        return configured, True
    demo_key = DATA_DIR / "secret.key"
    if demo_key.is_file():
        return demo_key.read_text(encoding="ascii").strip(), True
    return secrets.token_urlsafe(50), False


SECRET_KEY, SECRET_KEY_CONFIGURED = secret_key()
DEBUG = envbool("DUBAN_DEBUG", "False")
ALLOWED_HOSTS = [h for h in os.environ.get("DUBAN_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "duban.audit",
    "duban.units",
    "duban.documents",
    "duban.personnel",
    "duban.supervision",
    "duban.reminders",
    "duban.assessment",
    "duban.accounts",
    "duban.intake",
    "duban.search",
    "duban.web",
    "duban.api",
    "duban.ops",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "duban.accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.web.middleware.SecurityHeadersMiddleware",
    "duban.web.middleware.DeniedAuditMiddleware",
    "duban.web.middleware.NoRoleMiddleware",
    "duban.web.middleware.DomainErrorMiddleware",
    # Last, so that it sees the flag the lockout backend set on the request of a refused login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duban.project.urls"
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
                "duban.web.context.navigation",
            ]
        },
    }
]
WSGI_APPLICATION = "duban.project.wsgi.application"

_db_url = os.environ.get("DUBAN_DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(_db_url) if _db_url else sqlite_database(str(DATA_DIR / "duban.sqlite3"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks there first; `duban serve` fills it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies beside the originals, built by `duban serve` (names stay plain: pages and tests
    # need no manifest).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Served from the package's own folders too (tests and runserver need no collectstatic).
WHITENOISE_USE_FINDERS = True

# --- identification and authentication (GB/T 22239 身份鉴别) -----------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The length is ours (duban's message is Chinese; Django's is not translated in 5.2).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "duban.accounts.validators.ComplexityValidator", "OPTIONS": {"min_length": 8, "min_classes": 3}},
]
# A password older than this must be changed before anything else (0: never expires).
DUBAN_PASSWORD_MAX_AGE_DAYS = envint("DUBAN_PASSWORD_MAX_AGE_DAYS", 90)
# Lockout (django-axes): DUBAN_LOCKOUT_FAILURES failures lock the user name, and the address, alike.
AXES_FAILURE_LIMIT = envint("DUBAN_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=max(envint("DUBAN_LOCKOUT_MINUTES", 15), 5))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "duban.accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "duban.accounts.lockout.lockout_response"
# A refused attempt while locked does not extend the lock: it ends when the page says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False  # unlocking goes through duban unlock / the audited admin action
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["otp", "token", "csrfmiddlewaretoken"]  # besides "password", always masked
# Idle sessions end server-side after DUBAN_SESSION_IDLE_MINUTES (duban.accounts.middleware);
# the cookie lives for the browser session only and at most one working day.
DUBAN_SESSION_IDLE_MINUTES = envint("DUBAN_SESSION_IDLE_MINUTES", 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The second factor (TOTP) for the office and the administrators, asked at every login.
DUBAN_OTP_REQUIRED = envbool("DUBAN_OTP_REQUIRED", "True")
OTP_TOTP_ISSUER = os.environ.get("DUBAN_OTP_ISSUER", "督办")
# Production behind HTTPS: DUBAN_SECURE=1 turns on secure cookies, HSTS and the redirect to https.
DUBAN_SECURE = envbool("DUBAN_SECURE")
SESSION_COOKIE_SECURE = envbool("DUBAN_SESSION_COOKIE_SECURE", str(DUBAN_SECURE))
CSRF_COOKIE_SECURE = envbool("DUBAN_CSRF_COOKIE_SECURE", str(DUBAN_SECURE))
SECURE_SSL_REDIRECT = envbool("DUBAN_SSL_REDIRECT", str(DUBAN_SECURE))
SECURE_HSTS_SECONDS = envint("DUBAN_HSTS_SECONDS", 31536000 if DUBAN_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DUBAN_HSTS_INCLUDE_SUBDOMAINS", str(DUBAN_SECURE))
SECURE_HSTS_PRELOAD = envbool("DUBAN_HSTS_PRELOAD", str(DUBAN_SECURE))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (only then: it is trusted).
if envbool("DUBAN_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DUBAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "duban.api.authentication.PolicyTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "duban.api.permissions.HasAccess",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "duban.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "督办 duban API",
    "DESCRIPTION": "目标责任督办与干部任免记录系统的 REST API。认证：POST /api/auth/token/ 取得令牌，请求头 Authorization: Token …"
    "（督查室和管理员账号还须在 otp 字段给出身份验证器中的 6 位动态口令）。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Separate request and response components (read-only fields are not asked for, write-only
    # ones never sent back); one name per choice set; Swagger UI calls no online validator.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "duban.supervision.choices.Status",
        "EntryStateEnum": "duban.supervision.choices.EntryState",
        "RoundStateEnum": "duban.supervision.choices.RoundState",
        "ListKindEnum": "duban.supervision.choices.ListKind",
        "DutyEnum": "duban.supervision.choices.Duty",
        "UnitKindEnum": "duban.units.choices.UnitKind",
        "DocumentKindEnum": "duban.documents.choices.DocumentKind",
        "ActionEnum": "duban.personnel.choices.Action",
        "SearchKindEnum": "duban.search.choices.Kind",
    },
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}
# E-mail for reminders (催办/督办单). Unset host: nothing is sent by e-mail, deliveries stay pending.
EMAIL_HOST = os.environ.get("DUBAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DUBAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DUBAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DUBAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("DUBAN_EMAIL_TLS")
EMAIL_USE_SSL = envbool("DUBAN_EMAIL_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_EMAIL_FROM", "duban@localhost")

# Uploads (imports, return forms): at most DUBAN_UPLOAD_MAX_MB, checked by type in duban.web.uploads;
# a larger file is cut off one byte past the limit as it arrives, then refused with a message.
DUBAN_UPLOAD_MAX_MB = envint("DUBAN_UPLOAD_MAX_MB", 20)
FILE_UPLOAD_HANDLERS = [
    "duban.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger files wait in a temporary file, not in memory
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # the form fields beside the files (long texts)

MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

# Logs are English and go to a file, so the terminal shows users only the one-line Chinese message.
LOG_FILE = Path(os.environ.get("DUBAN_LOG_FILE", DATA_DIR / "duban.log"))
LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "file": {
            "class": "logging.FileHandler",
            "filename": str(LOG_FILE),
            "delay": True,
            "formatter": "plain",
            "encoding": "utf-8",
        },
    },
    "loggers": {
        "duban": {"handlers": ["file"], "level": os.environ.get("DUBAN_LOG_LEVEL", "INFO")},
        # Server errors (500) with their tracebacks, and refused requests, go to the same file.
        "django.request": {"handlers": ["file"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["file"], "level": "WARNING", "propagate": False},
    },
}

# The audit log (duban.audit): its HMAC key lives outside the database, in the environment or a file.
DUBAN_AUDIT_KEY = os.environ.get("DUBAN_AUDIT_KEY", "")
DUBAN_AUDIT_KEY_FILE = Path(os.environ.get("DUBAN_AUDIT_KEY_FILE", DATA_DIR / "audit.key"))
DUBAN_AUDIT_KEEP_DAYS = envint("DUBAN_AUDIT_KEEP_DAYS", 184)

# Return forms (回执表): the password of their sheet protection (empty: protected without one).
DUBAN_FORM_PASSWORD = os.environ.get("DUBAN_FORM_PASSWORD", "duban")
# The 印发机关 printed in a bulletin's 版记 when the bulletin does not name one.
DUBAN_PRINTER = os.environ.get("DUBAN_PRINTER", "")
