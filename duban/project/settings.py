"""Django settings, driven by environment variables (SQLite unless DUBAN_DATABASE_URL is set)."""

from __future__ import annotations

import os
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
        }
    if parsed.scheme == "sqlite":
        return sqlite_database(unquote(parsed.path) or ":memory:")
    raise ValueError(f"unsupported DUBAN_DATABASE_URL scheme: {parsed.scheme!r}")


def sqlite_database(name: str) -> dict[str, object]:
    """SQLite for several users at once: WAL lets readers work during a write; writers queue.

    IMMEDIATE transactions take the write lock when they begin, so a second writer waits (up to
    the busy timeout) instead of failing half-way with "database is locked".
    """
    timeout = envint("DUBAN_SQLITE_TIMEOUT", 60)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "timeout": timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={timeout * 1000};",
        },
    }


SECRET_KEY = os.environ.get("DUBAN_SECRET_KEY", "dev-only-not-secret-change-me-in-production")
DEBUG = envbool("DUBAN_DEBUG", "False")
ALLOWED_HOSTS = [h for h in os.environ.get("DUBAN_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "duban.audit",
    "duban.units",
    "duban.documents",
    "duban.personnel",
    "duban.supervision",
    "duban.reminders",
    "duban.accounts",
    "duban.intake",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
# E-mail for reminders (催办/督办单). Unset host: nothing is sent by e-mail, deliveries stay pending.
EMAIL_HOST = os.environ.get("DUBAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DUBAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DUBAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DUBAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("DUBAN_EMAIL_TLS")
EMAIL_USE_SSL = envbool("DUBAN_EMAIL_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_EMAIL_FROM", "duban@localhost")

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
    "loggers": {"duban": {"handlers": ["file"], "level": os.environ.get("DUBAN_LOG_LEVEL", "INFO")}},
}

# The audit log (duban.audit): its HMAC key lives outside the database, in the environment or a file.
DUBAN_AUDIT_KEY = os.environ.get("DUBAN_AUDIT_KEY", "")
DUBAN_AUDIT_KEY_FILE = Path(os.environ.get("DUBAN_AUDIT_KEY_FILE", DATA_DIR / "audit.key"))
DUBAN_AUDIT_KEEP_DAYS = envint("DUBAN_AUDIT_KEEP_DAYS", 184)
