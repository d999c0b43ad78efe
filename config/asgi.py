import os

from django.core.asgi import get_asgi_application

from config.embedded_db import start_if_configured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# Only where no DATABASE_URL is set (development, the benchmark): start the embedded server.
start_if_configured()
application = get_asgi_application()
