"""Django settings, driven by environment variables (SQLite unless DUBAN_DATABASE_URL is set)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DUBAN_DATA_DIR", Path.cwd() / "var"))


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


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
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parsed.path) or ":memory:"}
    raise ValueError(f"unsupported DUBAN_DATABASE_URL scheme: {parsed.scheme!r}")


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
    "auditlog",
    "duban.units",
    "duban.documents",
    "duban.personnel",
    "duban.supervision",
    "duban.reminders",
    "duban.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
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
    "default": database_from_url(_db_url)
    if _db_url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "duban.sqlite3")}
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
