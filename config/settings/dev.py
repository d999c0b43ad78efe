"""Local development: DEBUG on, a throw-away secret key, the embedded PostgreSQL by default."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# Demo logins (konsulent, admin) work with the password alone in development; set
# OTP_REQUIRED=true to try the two-factor login locally. Production and tests require it.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)

# The benchmark harness (manage.py bench) is a development tool; production does not install it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
