"""Brute force (django-axes on username + IP), the client's IP behind proxies, login logging
and no secrets in the logs."""

import io
import logging
import runpy

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from byrum.logging import RedactSecretsFilter, redact
from byrum.security import client_ip
from tests.actionplan.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5  # AXES_FAILURE_LIMIT
SECRET = "Hemmelig-Kode-2024"


def attempt(client, username, password, ip="10.0.0.1", **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


@pytest.fixture
def sofie(db):
    return UserFactory(username="sofie", password=SECRET)


def test_a_username_is_locked_out_from_an_ip_after_repeated_failures(client, sofie):
    for _ in range(LIMIT - 1):
        assert attempt(client, "sofie", "wrong").status_code == 200
    response = attempt(client, "sofie", "wrong")
    assert response.status_code == 429
    assert "Login er blokeret for nu" in response.content.decode()
    # Locked: even the right password does not get in now.
    response = attempt(client, "sofie", SECRET)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_colleagues_behind_the_same_ip_and_the_user_elsewhere_are_not_locked_out(client, sofie):
    UserFactory(username="kasper", password=SECRET)
    for _ in range(LIMIT):
        attempt(client, "sofie", "wrong", ip="10.0.0.1")
    assert attempt(client, "kasper", SECRET, ip="10.0.0.1").status_code == 302
    assert attempt(client, "sofie", SECRET, ip="10.9.9.9").status_code == 302


def test_a_spoofed_x_forwarded_for_does_not_reset_the_count(client, sofie):
    for i in range(LIMIT):
        attempt(client, "sofie", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    response = attempt(client, "sofie", SECRET, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_the_default_production_settings_ignore_a_spoofed_x_forwarded_for(
    client, sofie, settings, monkeypatch
):
    """Production trusts no proxy unless TRUSTED_PROXY_COUNT says so: a client that reaches
    gunicorn directly and writes a new X-Forwarded-For with every guess is locked out."""
    monkeypatch.setenv("SECRET_KEY", "production-settings-under-test")
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    # production.py sets CONN_MAX_AGE in the DATABASES it shares with these settings: keep it.
    default_db = settings.DATABASES["default"]
    monkeypatch.setitem(default_db, "CONN_MAX_AGE", default_db["CONN_MAX_AGE"])
    production = runpy.run_module("config.settings.production")
    settings.TRUSTED_PROXY_COUNT = production["TRUSTED_PROXY_COUNT"]
    statuses = [
        attempt(client, "sofie", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(12)
    ]
    assert statuses == [200] * (LIMIT - 1) + [429] * (12 - LIMIT + 1)
    response = attempt(client, "sofie", SECRET, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_our_proxy_the_client_is_the_address_the_proxy_added(client, sofie):
    # The proxy (REMOTE_ADDR 10.0.0.2) appends the client's address; what the client wrote
    # into the header itself stays further left and changes nothing.
    for i in range(LIMIT):
        attempt(
            client,
            "sofie",
            "wrong",
            ip="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.5",
        )
    assert (
        attempt(
            client, "sofie", SECRET, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
        ).status_code
        == 429
    )
    # Another client behind the same proxy is not locked out.
    assert (
        attempt(
            client, "sofie", SECRET, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6"
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    "proxies,forwarded,expected",
    [
        (0, "203.0.113.5", "10.0.0.2"),
        (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5, 10.0.0.3", "203.0.113.5"),
        (1, "", "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_successful_login_resets_the_count(client, sofie):
    for _ in range(LIMIT - 1):
        attempt(client, "sofie", "wrong")
    assert attempt(client, "sofie", SECRET).status_code == 302
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        attempt(client, "sofie", "wrong")
    assert attempt(client, "sofie", SECRET).status_code == 302


def test_failed_and_successful_logins_are_logged_with_user_and_ip(client, sofie, caplog):
    with caplog.at_level(logging.INFO, logger="byrum.security"):
        attempt(client, "sofie", "wrong", ip="10.1.2.3")
        attempt(client, "sofie", SECRET, ip="10.1.2.3")
    messages = [r.getMessage() for r in caplog.records if r.name == "byrum.security"]
    assert "login failed: user=sofie ip=10.1.2.3" in messages
    assert any(m.startswith("login succeeded: user=sofie") and "ip=10.1.2.3" in m for m in messages)


@pytest.fixture
def console_output():
    """What the configured console handler (with the redacting filter) writes."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    handlers = [h for h in handlers if any(isinstance(f, RedactSecretsFilter) for f in h.filters)]
    assert handlers, "the console handler should carry RedactSecretsFilter"
    stream = io.StringIO()
    old = [h.setStream(stream) for h in handlers]
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    yield stream
    root.setLevel(level)
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


def test_passwords_never_reach_the_logs(client, sofie, caplog, console_output):
    caplog.set_level(logging.DEBUG)
    attempt(client, "sofie", SECRET + "x")
    attempt(client, "sofie", SECRET)
    client.post(
        reverse("password_change"),
        {
            "old_password": SECRET,
            "new_password1": "Ny-Kode-2025-x",
            "new_password2": "Ny-Kode-2025-x",
        },
    )
    logging.getLogger("byrum.test").warning("posted password=%s otp_token=123456", SECRET)
    written = console_output.getvalue()
    assert "login failed: user=sofie" in written  # the logs were captured
    assert SECRET not in written and "Ny-Kode-2025-x" not in written and "123456" not in written
    assert "password=[redacted]" in written
    recorded = "\n".join(r.getMessage() for r in caplog.records if r.name != "byrum.test")
    assert SECRET not in recorded and "Ny-Kode-2025-x" not in recorded


@pytest.mark.parametrize(
    "text",
    [
        "password=hunter2",
        '{"password": "hunter2"}',
        "new_password1: hunter2",
        "sessionid=hunter2; csrftoken=abc",
        "Authorization: hunter2",
        "otp_token=hunter2&next=/",
    ],
)
def test_redact_hides_secret_values(text):
    assert "hunter2" not in redact(text)
    assert "[redacted]" in redact(text)


def test_redact_leaves_ordinary_messages_alone():
    text = "login failed: user=sofie ip=10.0.0.1"
    assert redact(text) == text
