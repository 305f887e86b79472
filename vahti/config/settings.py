"""Django settings. Every value that differs between machines comes from the environment, here
and nowhere else. Secure by default: without VAHTI_DEVELOPMENT=1 (set by `make run` and the
tests, never in production) debugging is off and the application refuses to start without its
keys (VAHTI_SECRET_KEY, VAHTI_FIELD_KEY, VAHTI_DIGEST_KEY, VAHTI_AUDIT_KEY) and refuses the
public development keys, however it is started."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ENV = os.environ

DEVELOPMENT = ENV.get("VAHTI_DEVELOPMENT") == "1"
DEV_SECRET_KEY = "vahti-development-only-secret-key-not-for-production"
# A Fernet key for development and tests only: client identity codes are encrypted at rest.
DEV_FIELD_KEY = "dmFodGktZGV2ZWxvcG1lbnQtZmllbGQta2V5LTAwMDA="
DEV_DIGEST_KEY = "vahti-development-only-identity-digest-key"
DEV_AUDIT_KEY = "vahti-development-only-audit-chain-key"


def _key(name: str, development_value: str) -> str:
    value = ENV.get(name) or (development_value if DEVELOPMENT else "")
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set: Vahti does not start without its keys (docs/deploy.md)."
        )
    # The development keys are public: outside development mode they are refused here, however
    # the server is started (make serve, gunicorn directly, a management command).
    if not DEVELOPMENT and development_value in (k.strip() for k in value.split(",")):
        raise ImproperlyConfigured(
            f"{name} holds the public development key: set a key of your "
            "own (python -m vahti.config.keys, docs/deploy.md)."
        )
    return value


SECRET_KEY = _key("VAHTI_SECRET_KEY", DEV_SECRET_KEY)
# Versioned field keys, newest first, comma-separated: the first encrypts, all decrypt, and
# `manage.py vahti_rotate_keys` re-encrypts everything with the first (docs/deploy.md).
FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in _key("VAHTI_FIELD_KEY", DEV_FIELD_KEY).split(",") if k.strip()
]
# Backups (manage.py vahti_backup) are encrypted with this Fernet key; kept apart from them.
BACKUP_KEY = ENV.get("VAHTI_BACKUP_KEY", "")
# The key of the henkilötunnus lookup digest, its own (not SECRET_KEY).
IDENTITY_DIGEST_KEY = _key("VAHTI_DIGEST_KEY", DEV_DIGEST_KEY)
# The key of the access log's and the history's chains (audit/chain.py): kept out of the
# database, so that someone who can write there cannot rebuild the chain over a change.
AUDIT_KEY = _key("VAHTI_AUDIT_KEY", DEV_AUDIT_KEY)
# The file outside the database where `vahti_verify_audit` keeps the chains' heads (another
# machine's mount, or storage the database's operators cannot write). Required in production.
AUDIT_HEADS_FILE = ENV.get("VAHTI_AUDIT_HEADS") or (
    str(BASE_DIR / "var" / "audit-heads.jsonl") if DEVELOPMENT else ""
)
DEBUG = DEVELOPMENT and ENV.get("VAHTI_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in ENV.get("VAHTI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
# DVV's test range of henkilötunnus (individual number 900–999) is refused unless allowed:
# demo and test data use it, real clients never have it.
ALLOW_TEST_IDENTITY_CODES = ENV.get("VAHTI_ALLOW_TEST_IDS", "0") == "1"

if ENV.get("DATABASE_URL") and not ENV["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "DATABASE_URL: Vahti runs on PostgreSQL (postgres://…) or, without DATABASE_URL, on SQLite."
    )
DATABASES = {
    # Django's backends with Vahti's additions (core/db.py: work just before a commit).
    "default": {
        **dj_database_url.parse(
            ENV["DATABASE_URL"], conn_max_age=int(ENV.get("VAHTI_DB_CONN_MAX_AGE", "0"))
        ),
        "ENGINE": "vahti.core.postgresql",
    }
    if ENV.get("DATABASE_URL")
    # Django's SQLite backend with the file made readable by its owner only (mode 0600).
    else {
        "ENGINE": "vahti.core.sqlite3",
        "NAME": ENV.get("VAHTI_SQLITE_PATH", str(BASE_DIR / "var" / "vahti.sqlite3")),
        # Concurrent saves wait for each other instead of failing with "database is locked":
        # write-ahead log, a busy timeout, and transactions that take the write lock at once.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}

# A second connection to the same database, for a background job's progress only: written
# outside the job's own transaction, so that the page sees it while an import is under way.
# On SQLite a long write holds the one write lock, so there it gives up at once instead (the
# bar then moves when the transaction ends); tests share the default connection.
DATABASES["progress"] = {
    **DATABASES["default"],
    "TEST": {"MIRROR": "default"},
}
if DATABASES["default"]["ENGINE"] == "vahti.core.sqlite3":
    DATABASES["progress"]["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], "timeout": 0.05}

# Vahti's apps first (their templates override Django's), in the order imports run: each app
# imports only those below it (docs/architecture.md).
INSTALLED_APPS = [
    "vahti.demo",
    "vahti.workqueue",
    "vahti.readiness",
    "vahti.staff",
    "vahti.groups",
    "vahti.reporting",
    "vahti.invoicing",
    "vahti.exchange",
    "vahti.outcomes",
    "vahti.reminders",
    "vahti.feedback",
    "vahti.notices",
    "vahti.cases",
    "vahti.audit",
    "vahti.jobs",
    "vahti.organisations",
    "vahti.core",
    "vahti.core.admin_site.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_otp",  # the device is organisations.Authenticator (its secret encrypted)
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vahti.core.middleware.MethodMiddleware",
    # Static files straight from the application server (make serve), compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vahti.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vahti.core.middleware.LanguageMiddleware",
    "vahti.core.middleware.NulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vahti.organisations.middleware.SecondFactorMiddleware",
    "vahti.core.middleware.NoStoreMiddleware",
    "vahti.core.middleware.KeysErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing (organisations/throttle.py): the pair (username, address) is locked after
# AXES_FAILURE_LIMIT wrong passwords for the cool-off time; one address after LOGIN_ADDRESS_LIMIT
# (any usernames); a username alone is never locked (anyone could lock anyone out), only slowed
# to one attempt every LOGIN_SLOW_SECONDS once it has failed the limit from anywhere.
AXES_FAILURE_LIMIT = int(ENV.get("VAHTI_LOGIN_FAILURE_LIMIT", "8"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(ENV.get("VAHTI_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ADDRESS_LIMIT = int(ENV.get("VAHTI_LOGIN_ADDRESS_LIMIT", "40"))
LOGIN_SLOW_SECONDS = int(ENV.get("VAHTI_LOGIN_SLOW_SECONDS", "10"))
AXES_CLIENT_IP_CALLABLE = "vahti.core.http.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ADMIN = False
# The second factor (TOTP): required for managers and operators, and for all staff of an
# organisation that asks for it. In development mode only, the demo accounts sign in without it
# (`make run` says so); nowhere else can it be waived.
OTP_TOTP_ISSUER = "Vahti"
SECOND_FACTOR_WAIVED_USERNAMES = (
    frozenset({"demo", "valmentaja", "omaohjaaja"})
    if DEVELOPMENT and ENV.get("VAHTI_DEMO_WITHOUT_SECOND_FACTOR", "1") == "1"
    else frozenset()
)

ROOT_URLCONF = "vahti.config.urls"
WSGI_APPLICATION = "vahti.config.wsgi.application"
AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "organisations:login"
LOGIN_REDIRECT_URL = "workqueue:work_queue"
LOGOUT_REDIRECT_URL = "organisations:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# Argon2id at OWASP's cost, at most this many hashes at once per process (core/hashers.py).
PASSWORD_HASHERS = [
    "vahti.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_HASHES_IN_FLIGHT = int(ENV.get("VAHTI_PASSWORD_HASHES_IN_FLIGHT", "2"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "vahti.organisations.passwords.UsernameNotInPassword"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "vahti" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production serves what collectstatic gathered here; development serves from the apps.
STATIC_ROOT = (
    None if DEVELOPMENT else Path(ENV.get("VAHTI_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
)
WHITENOISE_USE_FINDERS = DEVELOPMENT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Cookies only over HTTPS in production; VAHTI_COOKIE_SECURE=0 is for a loopback smoke or load
# test without a proxy, never for a server people use.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = (
    ENV.get("VAHTI_COOKIE_SECURE", "0" if DEBUG else "1") == "1"
)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# A session ends after this many idle minutes (each request renews it) and when the browser
# closes.
SESSION_COOKIE_AGE = 60 * int(ENV.get("VAHTI_SESSION_IDLE_MINUTES", "30"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Behind an HTTPS proxy (docs/deploy.md): the proxy's header says the request was HTTPS, the
# public origin is trusted for CSRF, and browsers are told to use HTTPS only.
# How long access-log rows are kept (`manage.py vahti_prune_access_log`, monthly): by default
# 12 years. Check your own obligations before shortening it.
ACCESS_LOG_RETENTION_DAYS = int(ENV.get("VAHTI_ACCESS_LOG_RETENTION_DAYS", "4383"))
# How many trusted proxies append to X-Forwarded-For (core.http.client_address); 0: none.
PROXY_COUNT = int(ENV.get("VAHTI_PROXY_COUNT", "0"))
if ENV.get("VAHTI_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (ENV["VAHTI_PROXY_SSL_HEADER"], "https")
CSRF_TRUSTED_ORIGINS = [o for o in ENV.get("VAHTI_TRUSTED_ORIGINS", "").split(",") if o]
SECURE_HSTS_SECONDS = int(ENV.get("VAHTI_HSTS_SECONDS", "0"))
SECURE_SSL_REDIRECT = ENV.get("VAHTI_SSL_REDIRECT", "0") == "1"
# Reminders go by SMTP in production (VAHTI_EMAIL_HOST…); development prints them.
EMAIL_BACKEND = ENV.get(
    "VAHTI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if ENV.get("VAHTI_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = ENV.get("VAHTI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(ENV.get("VAHTI_EMAIL_PORT", "587"))
EMAIL_HOST_USER = ENV.get("VAHTI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = ENV.get("VAHTI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = ENV.get("VAHTI_EMAIL_TLS", "1") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = ENV.get("VAHTI_FROM_EMAIL", "vahti@localhost")
# The address calendar feeds and e-mails link to, and the reminder horizon in days.
BASE_URL = ENV.get("VAHTI_BASE_URL", "http://127.0.0.1:8000")
REMIND_DAYS = int(ENV.get("VAHTI_REMIND_DAYS", "7"))
# Kela's e-invoice address (OVT) and its operator are not public: given by Kela to the provider,
# set here, never in the code. Without them no Finvoice message is made (the page says which is
# missing). Development mode shows the demo's messages with placeholders that say what they are.
KELA_EINVOICE_ADDRESS = ENV.get("VAHTI_KELA_EINVOICE_ADDRESS") or (
    "DEMO-KELA-OVT" if DEVELOPMENT else ""
)
KELA_EINVOICE_OPERATOR = ENV.get("VAHTI_KELA_EINVOICE_OPERATOR") or (
    "DEMO-OPERATOR" if DEVELOPMENT else ""
)
# Background work (docs/deploy.md): tasks wait in the database (SQLite or PostgreSQL alike) for
# `manage.py vahti_worker`, which `make run` starts beside the development server. A job whose
# worker has given no heartbeat for VAHTI_JOBS_STALE_SECONDS is run again, at most
# JOBS_MAX_ATTEMPTS times in all, then reported failed (jobs/services.py).
TASKS = {"default": {"BACKEND": ENV.get("VAHTI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
JOBS_HEARTBEAT_SECONDS = float(ENV.get("VAHTI_JOBS_HEARTBEAT_SECONDS", "10"))
JOBS_STALE_AFTER = dt.timedelta(seconds=int(ENV.get("VAHTI_JOBS_STALE_SECONDS", "300")))
JOBS_MAX_ATTEMPTS = int(ENV.get("VAHTI_JOBS_MAX_ATTEMPTS", "2"))
JOBS_PROGRESS_DATABASE = "progress"
# A file a job made (a delivery file, an impact list) is emptied this many days after the job
# (the daily run does it); the job's row stays as the record.
JOBS_RESULT_DAYS = int(ENV.get("VAHTI_JOBS_RESULT_DAYS", "30"))
# Called by every worker when it starts: each queues its recurring work if it is not queued.
JOBS_SCHEDULED = ["vahti.reminders.tasks.daily_schedule"]
# Counted again by the daily run (each called with on=the day): kept counts that the pages of
# the apps above the reminders read instead of counting on each visit.
DAILY_REFRESHES = ["vahti.invoicing.services.unbilled_summaries_refresh"]
# Imports (exchange/readers.py): the largest file, what an XLSX may expand to, the most rows.
IMPORT_MAX_BYTES = int(ENV.get("VAHTI_IMPORT_MAX_BYTES", str(10 * 1_000_000)))
IMPORT_MAX_EXPANDED_BYTES = int(ENV.get("VAHTI_IMPORT_MAX_EXPANDED_BYTES", str(100 * 1_000_000)))
IMPORT_MAX_ROWS = int(ENV.get("VAHTI_IMPORT_MAX_ROWS", "10000"))

# Audit readiness warns of staff qualifications ending within this many days.
VAHTI_AUDIT_HORIZON_DAYS = int(ENV.get("VAHTI_AUDIT_HORIZON_DAYS", "60"))

# Logs to standard output (the service manager keeps them); never client data in them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every line through one filter: no query string, calendar token or henkilötunnus.
    "filters": {"loggable": {"()": "vahti.core.logs.RedactingFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["loggable"]}
    },
    "root": {"handlers": ["console"], "level": ENV.get("VAHTI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Axes says hello at every start and logs each sign-in; failures are warnings.
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },  # fpdf2's font subsetting chatters
}

# The REST API (docs/api.md): personal tokens only (organisations/api_auth.py), JSON only,
# pages of PAGE_SIZE, and a rate per token's user (VAHTI_API_RATE, e.g. "2000/hour").
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["vahti.organisations.api_auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["vahti.organisations.api_auth.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": ENV.get("VAHTI_API_RATE", "2000/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "vahti.core.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Vahti API",
    "DESCRIPTION": "Clients, decisions, recorded days, deadlines and findings, certificates, "
    "notices and invoices of your organisation, as your own user sees them. Sign in with a "
    "personal API token (profile page): `Authorization: Bearer vahti_…`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "vahti.core.api.errors_documented",
    ],
}
