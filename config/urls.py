from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from byrum.middleware import two_factor_exempt
from byrum.views import LogoutView
from incidents import app as caretaker_app
from notifications.forms import PasswordResetForm

urlpatterns = [
    path("", include("byrum.urls")),
    path("", include("dashboard.urls")),
    path("", include("governance.urls")),
    path("", include("actionplan.urls")),
    path("", include("places.urls")),
    path("", include("meetings.urls")),
    path("", include("incidents.urls")),
    path("", include("notifications.urls")),
    path("", include("imports.urls")),
    # The caretaker's installable app: at the root, so the worker's scope is the whole site.
    path("sw.js", caretaker_app.service_worker, name="service_worker"),
    path("manifest.webmanifest", caretaker_app.manifest, name="manifest"),
    path("favicon.ico", caretaker_app.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    # Someone who gave the password but not yet the second factor may still log out; the
    # logout also tells the browser to clear the offline incident queue.
    path("accounts/logout/", two_factor_exempt(LogoutView.as_view()), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    # Password reset by e-mail: the same answer whether or not the address is known.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,  # the mail is a job
            html_email_template_name="registration/password_reset_email_body.html",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
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
