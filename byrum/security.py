"""Who is logging in from where: the client's IP address, login logging, two-factor rules.

Log lines name the username and the IP address, never a password, a token or a code.
"""

import logging

from django.conf import settings
from django.contrib.auth import signals
from django.dispatch import receiver

from . import roles

log = logging.getLogger("byrum.security")


def client_ip(request) -> str:
    """The client's IP address. X-Forwarded-For is trusted only for the TRUSTED_PROXY_COUNT
    reverse proxies of our own in front of Byrum: each appends the address it got the request
    from, so the client is that many entries from the right. Whatever a client writes into the
    header itself lies further left and is ignored, so it cannot dodge a lockout."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return forwarded[0] if forwarded else remote


HAS_DEVICE = "_byrum_has_otp_device"


def requires_two_factor(user, session=None) -> bool:
    """Administrators, staff and consultants must use a second factor when OTP_REQUIRED is
    on; anyone who has set up an authenticator app is asked for its code too. With a session,
    whether the user has a device is read from what was noted at login (no query per request)."""
    if not user.is_authenticated:
        return False
    if settings.OTP_REQUIRED and (user.is_staff or roles.is_consultant(user)):
        return True
    if session is not None and HAS_DEVICE in session:
        return session[HAS_DEVICE]
    return has_confirmed_device(user)


def has_confirmed_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@receiver(signals.user_logged_in)
def log_login(sender, request, user, **kwargs):
    ip = client_ip(request) if request is not None else ""
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE] = has_confirmed_device(user)
    log.info("login succeeded: user=%s id=%s ip=%s", user.get_username(), user.pk, ip)


@receiver(signals.user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    # credentials is already cleansed by Django; only the username is read from it.
    ip = client_ip(request) if request is not None else ""
    log.warning("login failed: user=%s ip=%s", credentials.get("username", "?"), ip)


@receiver(signals.user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        ip = client_ip(request) if request is not None else ""
        log.info("logout: user=%s id=%s ip=%s", user.get_username(), user.pk, ip)


def authenticator_setup(device):
    """What the set-up page shows for an unconfirmed TOTP device: the QR code (an SVG drawn
    here, so no third party sees the secret) and the key as text in groups of four."""
    import base64

    import qrcode
    from django.utils.safestring import mark_safe
    from qrcode.image.svg import SvgPathImage

    qr = qrcode.make(device.config_url, image_factory=SvgPathImage, border=2)
    secret = base64.b32encode(device.bin_key).decode()
    return {
        "qr_svg": mark_safe(qr.to_string(encoding="unicode")),  # drawn by us from our URI
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
