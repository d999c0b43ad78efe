import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("byrum.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get(reverse("healthz"))
    assert response.status_code == 503


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        # Never connected to by `check`; given so production does not start pgserver.
        DATABASE_URL="postgres://byrum@127.0.0.1:1/byrum",
        **extra,
    )
    return env


def test_production_settings_pass_the_deploy_check():
    env = _production_env(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="byrum.example.dk")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env(ALLOWED_HOSTS="byrum.example.dk")
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
