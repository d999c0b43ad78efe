"""gunicorn reads this file from its working directory (the Dockerfile's /app, the bench's
repository root): its access and error logs pass through Byrum's redacting filter, so a
calendar token or an incident search never reaches them whole (byrum/logging.py)."""

logger_class = "byrum.logging.GunicornLogger"
