from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from byrum.middleware import two_factor_exempt
from byrum.views import LogoutView

urlpatterns = [
    path("", include("byrum.urls")),
    path("", include("actionplan.urls")),
    path("", include("places.urls")),
    path("", include("meetings.urls")),
    path("", include("incidents.urls")),
    path("", include("notifications.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    # Someone who gave the password but not yet the second factor may still log out; the
    # logout also tells the browser to clear the offline incident queue.
    path("accounts/logout/", two_factor_exempt(LogoutView.as_view()), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Anyone may choose the language, also on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
