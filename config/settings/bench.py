"""The benchmark harness (``manage.py bench``): production settings on a separate database.

Production as it runs (DEBUG off, persistent connections, manifest static files, the same
middleware) with what a benchmark on 127.0.0.1 needs instead: no HTTPS redirect, a fixed
secret key (the harness signs the sessions it creates with it), localhost only, and
``BenchMetricsMiddleware`` outermost, which reports queries, SQL time and peak memory per
request in response headers.

The database is the server DATABASE_URL points to, or the embedded PostgreSQL, but always a
database of its own whose name starts with ``byrum_bench`` (``BENCH_DATABASE_NAME``): the
harness drops and recreates it, so it can never be the development database.
"""

import os

# production.py has no defaults for its secrets; the harness needs none.
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from .production import *  # noqa: E402, F403
from .production import (  # noqa: E402
    BASE_DIR,
    DATABASE_OWNER,
    DATABASES,
    INSTALLED_APPS,
    MIDDLEWARE,
    env,
)

SECRET_KEY = "bench-only-secret-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
CONN_MAX_AGE = None  # persistent: a worker keeps its connection for its whole life

BENCH_DATABASE_NAME = env("BENCH_DATABASE_NAME", default="byrum_bench")
if not BENCH_DATABASE_NAME.startswith("byrum_bench"):
    raise ImproperlyConfigured(
        "BENCH_DATABASE_NAME must start with 'byrum_bench': the harness drops that database."
    )
DATABASES["default"]["NAME"] = BENCH_DATABASE_NAME
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE
if env.bool("BENCH_AS_OWNER", default=False) and DATABASE_OWNER:
    # ``bench --rls-cost``: the owner bypasses row-level security, so the same pages run
    # without the policies and the difference is what they cost.
    DATABASES["default"]["USER"] = DATABASE_OWNER["USER"]
    DATABASES["default"]["PASSWORD"] = DATABASE_OWNER.get("PASSWORD", "")

MIDDLEWARE = ["bench.middleware.BenchMetricsMiddleware", *MIDDLEWARE]
BENCH_ENABLED = True

# S8 measures the streamed CSV export of 100,000 incidents: above this many rows the export
# would be offered as a background job instead.
INCIDENT_EXPORT_BACKGROUND_ROWS = 10_000_000

# Hashed static file names as in production, without compressing every file on each run.
STATIC_ROOT = BASE_DIR / ".benchmarks" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The benchmark harness (manage.py bench) is a development tool; production does not install it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
