"""The admin site behind Byrum's own login (with django-axes) and its two-factor step."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


class ByrumAdminSite(admin.AdminSite):
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
