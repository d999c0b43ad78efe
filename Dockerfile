FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
 && python manage.py compiletranslations \
 && SECRET_KEY=build ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --no-input
RUN useradd --system --home /app byrum && mkdir -p /app/media && chown byrum /app/media
USER byrum
EXPOSE 8000
# Migrations run separately, as the owner role (docker-compose's `migrate` service); the web
# process has only the application role's DATABASE_URL. Serve it behind a reverse proxy.
CMD ["sh", "-c", "gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
