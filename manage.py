#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    from config.embedded_db import start_if_configured

    # Without DATABASE_URL: start (or join) the embedded PostgreSQL before any command runs.
    start_if_configured()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
