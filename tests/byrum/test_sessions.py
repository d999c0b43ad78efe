"""Sessions: 30 minutes idle and 12 hours at most, a new id at login, and password changes
and deactivation end a user's other sessions."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from byrum.middleware import LOGIN_AT, SEEN_AT
from tests.actionplan.factories import UserFactory

pytestmark = pytest.mark.django_db

MINUTE = 60


def set_clock(client, *, login_ago, seen_ago):
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - login_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


def is_logged_out(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_limits_are_settings_with_the_agreed_defaults():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_MAX_AGE_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_a_session_idle_for_more_than_30_minutes_ends(clients):
    client = clients.local
    set_clock(client, login_ago=40 * MINUTE, seen_ago=29 * MINUTE)
    assert client.get(reverse("home")).status_code == 200  # and the clock restarts
    set_clock(client, login_ago=80 * MINUTE, seen_ago=31 * MINUTE)
    response = client.get(reverse("home"))
    assert is_logged_out(response)
    response = client.get(response["Location"])
    assert "Du er blevet logget ud, fordi din session er udløbet." in response.content.decode()
    assert is_logged_out(client.get(reverse("home")))


def test_activity_keeps_a_session_alive_but_not_beyond_12_hours(clients):
    client = clients.local
    set_clock(client, login_ago=11 * 60 * MINUTE, seen_ago=2 * MINUTE)
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[SEEN_AT] < 5  # the last-seen time moved on
    set_clock(client, login_ago=12 * 60 * MINUTE + 1, seen_ago=1 * MINUTE)
    assert is_logged_out(client.get(reverse("home")))


def test_logging_in_gives_a_new_session_id(client):
    UserFactory(username="kasper")
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    client.post(reverse("login"), {"username": "kasper", "password": "pw"})
    assert client.session.session_key != before
    assert client.session.get("before") == "login"  # same data, new id


def test_changing_the_password_ends_the_users_other_sessions(people):
    user = people.users["local"]
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    response = here.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Torvet-2024-x", "new_password2": "Torvet-2024-x"},
    )
    assert response.status_code == 302
    assert here.get(reverse("home")).status_code == 200  # this session goes on
    assert is_logged_out(elsewhere.get(reverse("home")))


def test_deactivating_a_user_ends_their_sessions(clients, people):
    assert clients.local.get(reverse("home")).status_code == 200
    user = people.users["local"]
    user.is_active = False
    user.save()
    assert is_logged_out(clients.local.get(reverse("home")))
