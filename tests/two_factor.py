"""Two-factor login in tests.

Tests run with OTP_REQUIRED on, as production does. ``client.force_login(user)`` stands for a
login that is complete, password and second factor: while ``force_login_verifies()`` is
active (an autouse fixture in tests/conftest.py), it gives the user a confirmed TOTP device
and marks the session verified. Logins through the login form (``client.post(login)``, the
browser's ``log_in``) are not touched and must give a code, like a person would.
"""

import contextlib

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from byrum.security import HAS_DEVICE


def device_for(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)


def current_code(device):
    """The code the user's app shows now. The device's replay guard (last_t) is reset first,
    so a test may log the same user in twice within one 30-second step."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device):
    right = current_code(device)
    return f"{(int(right) + 1) % 1_000_000:06d}"


def _verify_forced_login(sender, request, user, **kwargs):
    # Client.force_login() logs in with a bare HttpRequest; real requests are WSGIRequests.
    if type(request) is HttpRequest:
        device = device_for(user)
        request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        request.session[HAS_DEVICE] = True


@contextlib.contextmanager
def force_login_verifies():
    user_logged_in.connect(_verify_forced_login, dispatch_uid="tests-force-login-verifies")
    try:
        yield
    finally:
        user_logged_in.disconnect(dispatch_uid="tests-force-login-verifies")
