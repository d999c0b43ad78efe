"""Tests: a fast password hasher, locmem e-mail, the same PostgreSQL as everything else."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
OTP_REQUIRED = True

# The benchmark harness (manage.py bench) is a development tool; production does not install it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
