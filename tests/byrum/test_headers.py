"""Security headers on every response: every URL pattern (the permission matrix's rows) for a
consultant, a local-group member and an anonymous visitor, GET and POST; and the cookies."""

import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.byrum.test_health_and_settings import ROOT, _production_env
from tests.conftest import client_for
from tests.test_permission_matrix import MODULES, ROWS

pytestmark = pytest.mark.django_db

# An inline script the browser would run; json_script's data blocks (type application/json)
# are data, not code, and CSP lets them be.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def check_headers(response, *, logged_in, where):
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == ["'none'"], where
    assert csp["script-src"] == ["'self'"], where  # no 'unsafe-inline', no other origins
    assert csp["default-src"] == ["'self'"], where
    assert csp["form-action"] == ["'self'"], where
    assert "https://tile.openstreetmap.org" in csp["img-src"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Referrer-Policy"] == "same-origin", where
    if logged_in:
        assert "no-store" in response["Cache-Control"], where
    if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), f"inline <script> on {where}"
        assert not EVENT_HANDLER.search(body), f"inline event handler on {where}"


@pytest.fixture
def world(people):
    world = SimpleNamespace(people=people)
    for module in MODULES:
        module.build(world)
    return world


@pytest.mark.parametrize("persona", ["consultant", "local", "anonymous"])
def test_every_url_answers_with_the_security_headers(world, people, persona):
    client = client_for(people, persona)
    for row in ROWS:
        url = row.url(world)
        if row.method == "post":
            response = client.post(url, row.data(world) if row.data else {})
        else:
            response = client.get(url)
        where = f"{row.method.upper()} {url} as {persona}"
        check_headers(
            response, logged_in=persona != "anonymous" and row.name != "logout", where=where
        )
        if row.name == "logout":
            client = client_for(people, persona)  # log back in for the rows that follow


def test_admin_pages_have_the_headers_too(clients, people):
    for url in (
        reverse("admin:index"),
        reverse("admin:governance_person_changelist"),
        reverse("admin:governance_person_change", args=[people.persons["local"].pk]),
        reverse("admin:governance_group_add"),
    ):
        response = clients.admin.get(url)
        assert response.status_code == 200, url
        check_headers(response, logged_in=True, where=url)


def test_pages_for_logged_in_users_are_never_stored(clients):
    response = clients.local.get(reverse("home"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_cookies_are_httponly_and_samesite(client, people):
    response = client.get(reverse("login"))
    assert response.cookies["csrftoken"]["httponly"]
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
    response = client.post(reverse("login"), {"username": "lokal", "password": "pw"})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    language = response.cookies["django_language"]
    assert language["httponly"] and language["samesite"] == "Lax"


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    LANGUAGE_COOKIE_SECURE=True,
)
def test_over_https_hsts_is_sent_and_cookies_are_secure(client, people):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"]
    response = client.post(reverse("login"), {"username": "lokal", "password": "pw"}, secure=True)
    assert response.cookies["sessionid"]["secure"]


def test_production_sends_hsts_and_secure_cookies():
    env = _production_env(SECRET_KEY="x" * 50, ALLOWED_HOSTS="byrum.example.dk")
    code = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.OTP_REQUIRED)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split()[-6:] == ["31536000", "True", "True", "True", "True", "True"], (
        result.stdout + result.stderr
    )
