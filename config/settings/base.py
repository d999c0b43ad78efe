"""Settings shared by every environment. Values come from the environment (django-environ).

dev.py, test.py and production.py build on this module; production secrets have no defaults.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "byrum.apps.ByrumAdminConfig",  # Django admin behind two-factor login (byrum/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "pgtrigger",
    "pghistory",
    "byrum.apps.AxesConfig",  # django-axes, named in Danish in the admin
    "django_otp",
    "byrum.apps.TOTPConfig",  # django_otp.plugins.otp_totp, named in Danish in the admin
    "csp",
    "procrastinate.contrib.django",
    # Byrum's own apps, each importing only those above it (docs/architecture.md).
    "byrum.apps.ByrumConfig",
    "governance",
    "places",
    "actionplan",
    "meetings",
    "incidents",
    "notifications",
    "imports",
    "dashboard",
    # The demo data (manage.py seed_demo); docker-compose loads it too. No models.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (a phone on 3G): CSRF tokens are masked per response, which keeps
    # BREACH from reading them out of the compressed size. Static files come compressed
    # from whitenoise.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Refuses a body declared larger than UPLOAD_MAX_REQUEST_BYTES before anything reads it.
    "byrum.uploads.UploadLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # One transaction from here on, with the user's municipality set for row-level security.
    "byrum.tenancy.TenantMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_AGE_HOURS.
    "byrum.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the password, administrators and consultants must give a TOTP code.
    "byrum.middleware.TwoFactorMiddleware",
    # Who and which URL, attached to every history event written during the request.
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "byrum.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# django-axes first: it refuses logins for a locked-out username + IP before checking them.
# RolesBackend reads the permissions and role names in one query and checks no password
# (byrum/auth_backends.py); ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "byrum.auth_backends.RolesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
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
                "django.template.context_processors.i18n",
                "byrum.context_processors.byrum_roles",
                "notifications.context_processors.unread_notifications",
            ],
            # {% icon "name" %} on every page without a {% load %} (byrum/icons.py).
            "builtins": ["byrum.templatetags.byrum_icons"],
        },
    },
]

# PostgreSQL only, as two roles (README, "Database roles"): DATABASE_URL is the application's
# role, neither owner nor superuser; DATABASE_OWNER_URL (same database) the role that owns the
# tables, which `manage.py migrate` and the benchmark's generator use. Without DATABASE_URL:
# the embedded server from pgserver with both roles, which the entry points (manage.py, wsgi,
# asgi, the tests' conftest) start; importing the settings starts nothing.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASE_OWNER = env.db("DATABASE_OWNER_URL") if env("DATABASE_OWNER_URL", default="") else None
    EMBEDDED_DATABASE = False
else:
    from config import embedded_db

    DATABASES = {"default": embedded_db.app_settings(BASE_DIR)}
    DATABASE_OWNER = embedded_db.owner_settings(BASE_DIR)
    EMBEDDED_DATABASE = True
# The role that the owner grants the application's privileges to (byrum/db_roles.py).
DATABASE_APP_ROLE = DATABASES["default"]["USER"]
# Each request is one transaction, opened by byrum.tenancy.TenantMiddleware (not by
# ATOMIC_REQUESTS, which opens it only around the view: after the middleware, too late to set
# the request's municipality for row-level security first). A view that raises rolls it back.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django writes a query's joins in the order that serves the page (the listed rows first,
# then the rows they refer to). Left to search every order of a list's six or seven joins,
# PostgreSQL spent 4-7 ms planning what then ran in 0.1 ms (docs/performance.md); with this it
# keeps the written order and still picks each join's method and inner side.
# JIT compilation is off: it pays off for analytical queries that run for seconds, and it
# was what made the decision register's search slow (2.9 s of compiling for 0.5 s of work,
# triggered by the estimated cost of ranking every match; docs/performance.md, issue 18).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} -c join_collapse_limit=1 -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# An invitation's link (governance.services.invitation_link) and a password-reset link are
# valid this long, and spent as soon as a password is chosen with them.
PASSWORD_RESET_TIMEOUT = 72 * 60 * 60
LOGOUT_REDIRECT_URL = "login"

# Danish first, English available; Copenhagen time.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")


def media_storage(env):
    """Where photos, attachments and exports are kept: MEDIA_ROOT on this server's disk, or,
    with S3_BUCKET set, an S3-compatible object store (django-storages), so that any number of
    web servers and job workers share them. Files are private: read through Byrum's checked
    views only (signed, short-lived URLs if a view ever redirects to the store)."""
    bucket = env("S3_BUCKET", default="")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Incidents: free text, photos and the reporter's position are removed from incidents older
# than this many months by `manage.py apply_retention`; the figures stay for statistics.
INCIDENT_RETENTION_MONTHS = env.int("INCIDENT_RETENTION_MONTHS", default=24)
# Incident exports: up to this many rows the CSV or Excel file is streamed while the browser
# waits; more rows are written by a background job, which mails the requester a link that
# only they can fetch, for INCIDENT_EXPORT_KEEP_HOURS hours (then the file is deleted).
INCIDENT_EXPORT_BACKGROUND_ROWS = env.int("INCIDENT_EXPORT_BACKGROUND_ROWS", default=50_000)
INCIDENT_EXPORT_KEEP_HOURS = env.int("INCIDENT_EXPORT_KEEP_HOURS", default=24)
# Photos of safety-walk findings may show residents' faces: removed after this many months
# (manage.py apply_walk_photo_retention); the findings stay.
WALK_PHOTO_RETENTION_MONTHS = env.int("WALK_PHOTO_RETENTION_MONTHS", default=12)

# Uploads are capped before they are read whole (byrum/uploads.py): a request body may be at
# most UPLOAD_MAX_REQUEST_BYTES (a 10 MB photo and the form around it; the reverse proxy has
# the same cap), a file's bytes past photos.MAX_UPLOAD_BYTES are not kept, and the fields
# besides files at most DATA_UPLOAD_MAX_MEMORY_SIZE. Files up to FILE_UPLOAD_MAX_MEMORY_SIZE
# stay in memory, larger ones go to a temporary file.
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=11 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_HANDLERS = [
    "byrum.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="byrum@localhost")
# Seconds before a silent mail server counts as down (the mail job then retries later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Mails are sent by jobs, without a request: links in them start with this address.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cookies: HttpOnly and SameSite everywhere; production adds Secure.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_AGE_HOURS after
# login at the latest (byrum.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_AGE_HOURS = env.int("SESSION_MAX_AGE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_AGE_HOURS * 60 * 60

# More than one machine (README, "Scaling"): a request may land on any web server, a job on
# any worker, so nothing a request or a job leaves for the next is kept in one process's
# memory or on one machine's disk. Sessions are rows in PostgreSQL (Django's default engine,
# named here so that it stays so); failed logins are counted there too (django-axes'
# database handler, its default); media go through the default storage (S3_BUCKET above).
# Django's cache is the per-process one because Byrum puts nothing in it: what a process
# keeps for itself (functools.cache in incidents/app.py, dashboard/figures/common.py) is
# the same on every server of a release. Something that must be shared would need a shared
# cache (DatabaseCache on the same PostgreSQL, or a cache server), and the test in
# tests/byrum/test_more_than_one_machine.py fails until it has one.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content-Security-Policy (django-csp 4): no inline scripts, no framing, OpenStreetMap tiles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [
            "'self'",
            "data:",
            "https://tile.openstreetmap.org",
            "https://*.tile.openstreetmap.org",
        ],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Brute force (django-axes): lock a username from one IP address after AXES_FAILURE_LIMIT
# failures, so a colleague behind the same city-hall IP is not locked out with them. The
# client's IP comes from byrum.security.client_ip, which trusts X-Forwarded-For only as far
# as TRUSTED_PROXY_COUNT reverse proxies of our own put it there.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "byrum.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "byrum/locked_out.html"
AXES_VERBOSE = False  # byrum.security logs logins; axes' own messages would repeat them

# Two-factor login (django-otp, TOTP). OTP_REQUIRED: administrators, staff and consultants
# must give a code after the password. Off by default in development (config/settings/dev.py).
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Byrum"

# Access log: rows older than this many months are deleted by `manage.py purge_access_log`.
ACCESS_LOG_RETENTION_MONTHS = env.int("ACCESS_LOG_RETENTION_MONTHS", default=6)

# Background jobs (procrastinate, on the same PostgreSQL): tasks live in each app's tasks.py.
# A mail job retries while the mail server refuses or times out, waiting 3, 9, 27 ... seconds
# (about a day in all over NOTIFICATIONS_MAIL_ATTEMPTS tries); a job that still fails stays in
# the admin under Procrastinate -> jobs, where it can be retried.
NOTIFICATIONS_MAIL_ATTEMPTS = env.int("NOTIFICATIONS_MAIL_ATTEMPTS", default=10)
NOTIFICATIONS_MAIL_BACKOFF_SECONDS = env.int("NOTIFICATIONS_MAIL_BACKOFF_SECONDS", default=3)
# Spreadsheet import: a sheet of more rows than this is checked and imported by jobs (queue
# "imports"), its page showing how far they have come; smaller ones within the request.
IMPORTS_BACKGROUND_ROWS = env.int("IMPORTS_BACKGROUND_ROWS", default=1000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "byrum.logging.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "byrum.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
    },
}
