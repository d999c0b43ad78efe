"""Login and session rules that hold for every request (see config/settings/base.py)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .security import log, requires_two_factor

LOGIN_AT = "_byrum_login_at"
SEEN_AT = "_byrum_seen_at"
# The last-seen time is written at most this often, so most requests do not save the session.
SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Log out a session idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_AGE_HOURS.

    Django's login() already gives a new session id, and its session hash ends other sessions
    when the password changes; a deactivated user's session no longer authenticates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.get(LOGIN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_MINUTES * 60
            too_old = now - login_at > settings.SESSION_MAX_AGE_HOURS * 60 * 60
            if idle or too_old:
                log.info(
                    "session ended (%s): user=%s",
                    "idle" if idle else "max age",
                    request.user.get_username(),
                )
                logout(request)
                messages.info(request, _("You were logged out because your session expired."))
            else:
                if LOGIN_AT not in request.session:
                    request.session[LOGIN_AT] = now
                if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in request.session:
                    request.session[SEEN_AT] = now
        return self.get_response(request)


def two_factor_exempt(view_func):
    """Mark a view that a logged-in user who still owes the second factor may use."""
    view_func.two_factor_exempt = True
    return view_func


class TwoFactorMiddleware:
    """After the password, users who must use two-factor login (byrum.security) reach only the
    code page, the set-up page, log-out and the public pages until they give a valid code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view = getattr(view_func, "view_class", view_func)
        if (
            getattr(view_func, "two_factor_exempt", False)
            or getattr(view, "two_factor_exempt", False)
            or not getattr(view_func, "login_required", True)
        ):
            return None
        user = request.user
        if (
            not user.is_authenticated
            or user.is_verified()
            or not requires_two_factor(user, request.session)
        ):
            return None
        from django.urls import reverse
        from django.utils.http import urlencode

        return redirect(reverse("otp_verify") + "?" + urlencode({"next": request.get_full_path()}))


class NoStoreMiddleware:
    """Pages shown to a logged-in user are never stored by browsers or proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
