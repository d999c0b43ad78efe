from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


def _sync_roles(sender, **kwargs):
    """The roles follow PERMISSIONS after every migrate, and also after a flush (which tests
    with real transactions do at their end), so the roles are never missing."""
    from .roles import sync_roles

    sync_roles()


def _grant_app_privileges(sender, using, **kwargs):
    """After every migrate (and flush), as the owner: the app role's privileges."""
    from .db_roles import grant_app_privileges

    grant_app_privileges(using)


class ByrumConfig(AppConfig):
    name = "byrum"
    verbose_name = _("Byrum")

    def ready(self):
        # Connect the login, logout and session-clock signal receivers.
        from . import middleware, security  # noqa: F401
        from .attachments import delete_file_on_commit
        from .models import Attachment

        # An attachment's file leaves the storage when its row is deleted, however that is.
        post_delete.connect(
            delete_file_on_commit, sender=Attachment, dispatch_uid="byrum_attachment_files"
        )

        # post_migrate is only sent for apps with models, which byrum has none of: listen to
        # auth's (sync_roles creates the permissions of every app itself).
        post_migrate.connect(
            _sync_roles, sender=apps.get_app_config("auth"), dispatch_uid="byrum_sync_roles"
        )
        post_migrate.connect(
            _grant_app_privileges,
            sender=apps.get_app_config("auth"),
            dispatch_uid="byrum_grant_app_privileges",
        )


class ByrumAdminConfig(admin_apps.AdminConfig):
    """Django admin, served by ByrumAdminSite: behind the same login and second factor."""

    default = False
    default_site = "byrum.admin_site.ByrumAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes under a Danish name in the admin (its label, tables and migrations are
    unchanged)."""

    default = False
    verbose_name = _("Login lockouts")


class TOTPConfig(TOTPAppConfig):
    """django-otp's authenticator devices under a Danish name in the admin."""

    default = False
    verbose_name = _("Two-factor login")
