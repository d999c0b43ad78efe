"""The admin site behind Byrum's own login (with django-axes) and its two-factor step."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ByrumAdminSite(admin.AdminSite):
    site_header = _("Byrum administration")
    site_title = _("Byrum administration")

    def has_permission(self, request):
        """Staff only, and only after the second factor when OTP_REQUIRED is on."""
        if not super().has_permission(request):
            return False
        return not settings.OTP_REQUIRED or request.user.is_verified()

    def login(self, request, extra_context=None):
        """One login page for everything: Byrum's, with its lockout and two-factor step."""
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index"), login_url=reverse("login")
        )

    def get_app_list(self, request, app_label=None):
        """Model names through the catalogue once more: a third-party model whose name is a
        plain string (django-otp's "TOTP devices") is translated in byrum's catalogue."""
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                model["name"] = capfirst(gettext(str(model["name"])))
        return app_list
