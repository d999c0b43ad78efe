"""Accepting an invitation to a login: choose a password and, for the roles that must use a
second factor, set up the authenticator app in the same visit. The link is the only way a
device is enrolled for those roles (byrum.views.otp_setup refuses it)."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from byrum import security
from byrum.forms import TokenForm
from byrum.middleware import two_factor_exempt

SESSION_KEY = "_byrum_invitation"
SET_PASSWORD = "set-password"


def _user(uidb64):
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


@login_not_required
@two_factor_exempt
@never_cache
@sensitive_post_parameters()
def invitation_accept(request, uidb64, token):
    user = _user(uidb64)
    if token != SET_PASSWORD:
        # As Django's password reset does: keep the token in the session, not in an address
        # that could leak through the browser's history or a Referer header.
        if user is not None and default_token_generator.check_token(user, token):
            request.session[SESSION_KEY] = {"user": user.pk, "token": token}
            return redirect(reverse("governance:invitation", args=[uidb64, SET_PASSWORD]))
        return render(request, "governance/invitation.html", {"invalid": True})
    stored = request.session.get(SESSION_KEY) or {}
    if (
        user is None
        or stored.get("user") != user.pk
        or not default_token_generator.check_token(user, stored.get("token", ""))
    ):
        return render(request, "governance/invitation.html", {"invalid": True})

    device = None
    if security.requires_two_factor(user) and not security.has_confirmed_device(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Byrum", confirmed=False)
    data = request.POST if request.method == "POST" else None
    password_form = SetPasswordForm(user, data)
    token_form = TokenForm(data, device=device, user=user) if device else None
    if token_form is not None:  # the password comes first on this page
        token_form.fields["otp_token"].widget.attrs.pop("autofocus", None)
    if (
        data is not None
        and password_form.is_valid()
        and (token_form is None or token_form.is_valid())
    ):
        with transaction.atomic():
            password_form.save()
            if device is not None:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
        del request.session[SESSION_KEY]
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if device is not None:
            otp_login(request, device)
            request.session[security.HAS_DEVICE] = True
        security.log.info("invitation accepted: user=%s", user.get_username())
        messages.success(request, _("Welcome to Byrum. Your login is ready."))
        return redirect("home")
    context = {
        "invited_user": user,
        "password_form": password_form,
        "token_form": token_form,
    }
    if device is not None:
        context.update(security.authenticator_setup(device))
    return render(request, "governance/invitation.html", context)
