"""Django settings. Every value that differs between machines comes from the environment, here
and nowhere else; the defaults are for development and tests. A deployment sets
VAHTI_SECRET_KEY, VAHTI_FIELD_KEY and VAHTI_DEBUG=0 (the system check `vahti.E001` refuses the
development keys when debugging is off)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ENV = os.environ

DEV_SECRET_KEY = "vahti-development-only-secret-key-not-for-production"
# A Fernet key for development and tests only: client identity codes are encrypted at rest.
DEV_FIELD_KEY = "dmFodGktZGV2ZWxvcG1lbnQtZmllbGQta2V5LTAwMDA="

SECRET_KEY = ENV.get("VAHTI_SECRET_KEY", DEV_SECRET_KEY)
FIELD_ENCRYPTION_KEY = ENV.get("VAHTI_FIELD_KEY", DEV_FIELD_KEY)
DEBUG = ENV.get("VAHTI_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in ENV.get("VAHTI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
# DVV's test range of henkilötunnus (individual number 900–999) is refused unless allowed:
# demo and test data use it, real clients never have it.
ALLOW_TEST_IDENTITY_CODES = ENV.get("VAHTI_ALLOW_TEST_IDS", "0") == "1"

DATABASES = {
    "default": dj_database_url.parse(ENV["DATABASE_URL"],
                                     conn_max_age=int(ENV.get("VAHTI_DB_CONN_MAX_AGE", "0")))
    if ENV.get("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3",
          "NAME": ENV.get("VAHTI_SQLITE_PATH", str(BASE_DIR / "var" / "vahti.sqlite3"))}
}

# Vahti's apps first (their templates override Django's), in the order imports run: each app
# imports only those below it (docs/architecture.md).
INSTALLED_APPS = [
    "vahti.demo",
    "vahti.reminders",
    "vahti.feedback",
    "vahti.notices",
    "vahti.cases",
    "vahti.organisations",
    "vahti.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vahti.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "vahti.config.urls"
WSGI_APPLICATION = "vahti.config.wsgi.application"
AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "vahti" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
EMAIL_BACKEND = ENV.get("VAHTI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = ENV.get("VAHTI_FROM_EMAIL", "vahti@localhost")
# The address calendar feeds and e-mails link to, and the reminder horizon in days.
BASE_URL = ENV.get("VAHTI_BASE_URL", "http://127.0.0.1:8000")
REMIND_DAYS = int(ENV.get("VAHTI_REMIND_DAYS", "7"))
