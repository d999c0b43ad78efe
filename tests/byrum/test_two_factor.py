"""Two-factor login (django-otp, TOTP): required for administrators and consultants after the
password, optional for others; the admin site is behind it."""

import base64
import re

import pytest
from django.contrib.admin import site as admin_site
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from byrum import roles
from tests.actionplan.factories import UserFactory
from tests.two_factor import current_code, device_for, wrong_code

pytestmark = pytest.mark.django_db


def password_login(client, username, password="pw"):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.fixture
def consultant(db):
    return UserFactory(username="sofie", roles=[roles.CONSULTANT])


def test_a_password_alone_never_enrols_a_device_for_a_consultant(client, consultant):
    """A consultant without a device is not shown a secret after the password: whoever knew
    the password first would own the second factor. The device comes with an invitation."""
    password_login(client, "sofie")
    response = client.get(reverse("governance:group_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("otp_setup"))
    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    # No QR code and no key (the page's icons are SVG too: <svg class="bi">).
    assert not re.search(r'<svg(?! class="bi")', body) and "<code" not in body
    assert "bede en konsulent eller administratoren om at sende dig en ny invitation" in body
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    # Posting a code to the set-up page enrols nothing either.
    response = client.post(reverse("otp_setup"), {"otp_token": "123456", "next": "/"})
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    assert client.get(reverse("governance:group_list")).status_code == 302


def test_an_invitation_sets_the_password_and_the_authenticator_in_one_visit(client, consultant):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(consultant.pk))
    token = default_token_generator.make_token(consultant)
    response = client.get(reverse("governance:invitation", args=[uid, token]))
    assert response.status_code == 302  # the token moves into the session
    response = client.get(response["Location"])
    body = response.content.decode()
    assert "Opsæt" not in body or "<svg" in body
    secret = re.search(r'<code class="fs-5 text-break">([A-Z2-7 ]+)</code>', body).group(1)
    key = base64.b32decode(secret.replace(" ", ""))
    device = TOTPDevice.objects.get(user=consultant)
    assert not device.confirmed and device.bin_key == key
    url = reverse("governance:invitation", args=[uid, "set-password"])
    new_password = "Byrum-er-for-alle-2026"
    # A wrong code: a Danish message, nothing saved.
    response = client.post(
        url,
        {
            "new_password1": new_password,
            "new_password2": new_password,
            "otp_token": wrong_code(device),
        },
    )
    assert "Koden er forkert eller udløbet" in response.content.decode()
    consultant.refresh_from_db()
    assert not consultant.check_password(new_password)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    device.refresh_from_db()
    code = f"{totp(key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post(
        url, {"new_password1": new_password, "new_password2": new_password, "otp_token": code}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    consultant.refresh_from_db()
    assert device.confirmed and consultant.check_password(new_password)
    assert client.get(reverse("governance:group_list")).status_code == 200  # verified
    # The link is spent.
    client.logout()
    response = client.get(reverse("governance:invitation", args=[uid, token]))
    assert "Linket virker ikke" in response.content.decode()


def test_a_consultant_with_a_device_gives_the_code_after_the_password(client, consultant):
    device = device_for(consultant)
    password_login(client, "sofie")
    session_after_password = client.session.session_key
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_verify"))
    assert client.get(reverse("otp_setup"))["Location"].startswith(reverse("otp_verify"))
    response = client.post(reverse("otp_verify"), {"otp_token": "12ab", "next": "/"})
    assert "Skriv de 6 cifre fra din godkendelsesapp." in response.content.decode()
    assert 'value="12ab"' in response.content.decode()
    response = client.post(reverse("otp_verify"), {"otp_token": current_code(device), "next": "/"})
    assert response.status_code == 302
    assert client.session.session_key != session_after_password  # a new id once verified
    assert client.get(reverse("home")).status_code == 200


def test_the_same_code_cannot_be_used_twice(client, consultant):
    device = device_for(consultant)
    code = current_code(device)
    password_login(client, "sofie")
    assert client.post(reverse("otp_verify"), {"otp_token": code}).status_code == 302
    client.post(reverse("logout"))
    password_login(client, "sofie")
    response = client.post(reverse("otp_verify"), {"otp_token": code})
    assert response.status_code == 200
    assert "Koden er forkert eller udløbet" in response.content.decode()


def test_wrong_codes_are_throttled(client, consultant):
    device = device_for(consultant)
    password_login(client, "sofie")
    client.post(reverse("otp_verify"), {"otp_token": wrong_code(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Straight after a wrong code even the right one is refused: guessing takes time.
    right = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post(reverse("otp_verify"), {"otp_token": right})
    assert "For mange forkerte koder" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_verify"))


def test_a_user_who_still_owes_the_code_may_log_out_but_not_change_the_password(client, consultant):
    device_for(consultant)
    password_login(client, "sofie")
    assert client.get(reverse("password_change"))["Location"].startswith(reverse("otp_verify"))
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_others_log_in_with_the_password_alone(client):
    UserFactory(username="kasper", roles=[roles.CARETAKER])
    password_login(client, "kasper")
    assert client.get(reverse("home")).status_code == 200


def test_others_may_choose_two_factor_and_are_then_asked_for_it(client):
    kasper = UserFactory(username="kasper", roles=[roles.CARETAKER])
    password_login(client, "kasper")
    response = client.get(reverse("otp_setup"))
    assert "Du kan beskytte din konto" in response.content.decode()
    device = TOTPDevice.objects.get(user=kasper)
    client.post(reverse("otp_setup"), {"otp_token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    client.post(reverse("logout"))
    password_login(client, "kasper")
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_verify"))


def test_the_admin_site_is_behind_the_second_factor(client):
    admin = UserFactory(username="chef", is_staff=True, is_superuser=True)
    device = device_for(admin)
    password_login(client, "chef")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    client.post(reverse("otp_verify"), {"otp_token": current_code(device)})
    assert client.get(reverse("admin:index")).status_code == 200
    # And the admin site checks it itself, whatever the middleware does.
    request = RequestFactory().get("/admin/")
    request.user = admin
    admin.is_verified = lambda: False
    assert not admin_site.has_permission(request)
    admin.is_verified = lambda: True
    assert admin_site.has_permission(request)


def test_the_admin_login_page_sends_everyone_to_byrums_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@override_settings(OTP_REQUIRED=False)
def test_with_otp_required_off_consultants_log_in_with_the_password(client, consultant):
    password_login(client, "sofie")
    assert client.get(reverse("home")).status_code == 200


def test_otp_is_required_in_tests_and_in_production_but_not_by_default_in_development():
    from pathlib import Path

    from django.conf import settings

    assert settings.OTP_REQUIRED is True
    root = Path(__file__).resolve().parents[2] / "config" / "settings"
    assert "OTP_REQUIRED = True" in (root / "production.py").read_text()
    assert 'OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)' in (root / "dev.py").read_text()
