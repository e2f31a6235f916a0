"""Settings for the State Data Hub, read from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HSTS); `make run` and the
tests turn on what development needs. The documented variables are listed in README.md.
"""

import importlib.util
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or "test" in sys.argv[1:2]
DEBUG = env_bool("DJANGO_DEBUG")
# A developer's checkout: no DATABASE_URL, no secret, and the dev extras (the embedded
# PostgreSQL) installed. The production image installs no dev extras, so it never matches.
DEVELOPER_CHECKOUT = (
    not os.environ.get("DATABASE_URL")
    and not os.environ.get("DJANGO_SECRET_KEY")
    and importlib.util.find_spec("pgserver") is not None
)
DEVELOPMENT = DEBUG or TESTING or DEVELOPER_CHECKOUT

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set outside development (for development: DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEVELOPMENT else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Django's widget templates, found by the project's engine (FORM_RENDERER below).
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "taggit",
    "simple_history",
    "axes",
    "csp",
    "django_guid",
    # The task queue in PostgreSQL: scheduled jobs (config/schedule.py) and their record.
    "procrastinate.contrib.django",
    # Two-step verification: authenticator apps (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Rules the database must enforce, declared with their models (the audit log's).
    "pgtrigger",
    "accounts",
    # User-started background work with progress (below hub, assessments and sharing).
    "jobs",
    "hub",
    "assessments",
    "sharing",
    "hiring",
    "ai_registry",
    "inventory",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "config.private_pages.private_pages",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Database down: 503 "not saved" with what was typed, never a 500 (config/outage.py).
    "config.outage.DatabaseOutageMiddleware",
    "config.outage.LoginRequiredMiddleware",  # login_not_required views skip the session
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff reach the admin only after a second factor (accounts/second_factor.py).
    "accounts.second_factor.AdminNeedsSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Widgets render through the project's template engine, so templates/django/forms/ can
# replace Django's per-option select template with one loop (the register's filter form).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "config.context_processors.site_urls",
            ],
        },
    },
]

# Database: DATABASE_URL selects the server; without it development and tests use the
# embedded PostgreSQL in .pgdata/ (config/devdb.py). Production must set DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("DATABASE_URL must be set outside development.")
    from config.devdb import embedded_database_url

    DATABASE_URL = embedded_database_url()
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("The State Data Hub runs on PostgreSQL only.")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A Unix-socket URL (`?host=/path`, as the embedded server gives) names the socket folder.
if not DATABASES["default"]["HOST"] and "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
if os.environ.get("TEST_DB_NAME"):  # lets several test runs share one server
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# JIT compiles plans for "expensive" aggregates (the hub's facet counts) and costs more than
# it saves on short web queries. Parallel workers for one query likewise: pages are short
# queries served side by side, and starting workers cost more than they saved (at 100,000
# resources on 2 cores the catalog's broad word took 35 ms with 2 workers, 21 ms without:
# README, "Performance"). DATABASE_PARALLEL_WORKERS turns them on (e.g. a reporting replica).
DATABASES["default"]["OPTIONS"].setdefault(
    "options",
    "-c jit=off -c max_parallel_workers_per_gather="
    + str(int(os.environ.get("DATABASE_PARALLEL_WORKERS", "0"))),
)
# The same database through a second connection: a background task writes its progress
# there, committed at once, while its own work is still one open transaction on "default"
# (jobs/progress.py). Tests point it at the test database (MIRROR).
DATABASES["progress"] = {
    **DATABASES["default"],
    "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),
    "TEST": {"MIRROR": "default"},
}

# Cache: REDIS_URL (production, docker-compose, the load test) gives every worker one shared
# cache, so a version renewed by one worker (config.cache_versions) is read by all, and
# sessions are read from it (cached_db: still written to the database, so a cache flush signs
# nobody out). Without it each process keeps its own memory cache (development and tests):
# another process sees a change when its fragments expire (README, "Performance").
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails soft: while Redis is down, pages are computed from the database.
            "BACKEND": "config.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hub"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "accounts.lockout.AccountCeilingBackend",
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserWithAgencyBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end a working day after sign-in (8 hours) and with the browser. They are not
# renewed on every request: that would write the session row on every page view.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Brute-force lockout (django-axes): 5 failures for one account from one client address
# lock that pair (hub/lockout.py). The email is counted as stored (trimmed, lower-case).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form field, which holds the email
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Past this many failures for one account from all addresses within the cool-off, every
# attempt for it waits this long (a distributed attack is slowed; the owner is not locked).
AXES_ACCOUNT_CEILING = int(os.environ.get("AXES_ACCOUNT_CEILING", "20"))
AXES_ACCOUNT_DELAY_SECONDS = float(os.environ.get("AXES_ACCOUNT_DELAY_SECONDS", "2"))
# Proxies in front of the app that append the client's address to X-Forwarded-For: one
# behind the documented TLS proxy (DJANGO_BEHIND_PROXY=1), none otherwise.
TRUSTED_PROXY_COUNT = int(
    os.environ.get(
        "TRUSTED_PROXY_COUNT",
        os.environ.get("AXES_PROXY_COUNT", "1" if env_bool("DJANGO_BEHIND_PROXY") else "0"),
    )
)

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Nothing serves MEDIA_URL: uploads leave through permission-checked views
# (hub/protected_files.py), which stream them, or with a prefix set (e.g. "/protected/" for
# an nginx `internal` location) hand them to the proxy in this header (X-Sendfile for Apache).
PROTECTED_FILES_ACCEL_PREFIX = os.environ.get("PROTECTED_FILES_ACCEL_PREFIX", "")
PROTECTED_FILES_HEADER = os.environ.get("PROTECTED_FILES_HEADER", "X-Accel-Redirect")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files in development and tests,
        # where the manifest would break live_server pages.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP from the environment in production.
# Outside development both must be set: startup refuses without them (accounts/checks.py).
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "State Data Hub <no-reply@ct.gov>" if DEVELOPMENT else ""
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEVELOPMENT and not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10

# Security headers. Production defaults are strict; development relaxes the HTTPS parts.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
if not DEVELOPMENT:
    # DJANGO_HTTPS=0 only for a production-like trial on http://localhost (docker compose).
    HTTPS = env_bool("DJANGO_HTTPS", True)
    SECURE_SSL_REDIRECT = HTTPS
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    if HTTPS:
        SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
        SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: one JSON object per line in production (plain text in development), each with the
# request id that django-guid takes from X-Request-ID or makes, and returns in the response.
# A client's X-Request-ID is kept only if it is a UUID: anything else (a forged log line, a
# megabyte of text) is replaced by a new one.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "RETURN_HEADER": True, "VALIDATE_GUID": True}
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEVELOPMENT else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "correlation_id": "request_id",
            },
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
    },
}

ADMINS = [("State Data Hub", email) for email in env_list("DJANGO_ADMINS")]
SITE_NAME = "State Data Hub"
# Where users reach the site, for links in email sent without a request (invitations).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000" if DEVELOPMENT else "").rstrip("/")

# Scheduled jobs (config/schedule.py) are procrastinate tasks; its worker imports them here.
# User-started tasks (jobs/tasks.py) are found in each app's `tasks` module.
PROCRASTINATE_IMPORT_PATHS = ["config.schedule", "jobs.tasks"]

# The link checker (check_links) reaches only public addresses; internal ones (loopback,
# private, link-local such as 169.254.169.254...) only if in these networks, e.g. "10.20.0.0/16".
LINK_CHECK_ALLOWED_NETWORKS = env_list("LINK_CHECK_ALLOWED_NETWORKS")

# Development serves static files straight from the source folders.
WHITENOISE_AUTOREFRESH = DEVELOPMENT
WHITENOISE_USE_FINDERS = DEVELOPMENT

# Optional single sign-on with the state's identity provider (OpenID Connect), off unless
# OIDC_RP_CLIENT_ID is set. Only users already onboarded (import_users) can sign in by it.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("accounts.oidc.StateOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"

# With single sign-on, OIDC_LOCAL_SIGN_IN_SUPERUSERS_ONLY=1 switches password sign-in off for
# everyone but superusers (kept for when the identity provider is down).
LOCAL_SIGN_IN_SUPERUSERS_ONLY = OIDC_ENABLED and env_bool("OIDC_LOCAL_SIGN_IN_SUPERUSERS_ONLY")

# Two-step verification (django-otp): the name authenticator apps show, and how long the
# code step waits after a right password before sign-in starts again.
OTP_TOTP_ISSUER = SITE_NAME
SECOND_FACTOR_PENDING_SECONDS = 300
