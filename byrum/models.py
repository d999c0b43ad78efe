"""The access log: who looked at which records (GDPR art. 9 data), never what they saw."""

import pghistory
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .history import track


class AccessAction(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    LISTED = "listed", _("Listed")
    SEARCHED = "searched", _("Searched")
    EXPORTED = "exported", _("Exported")


class AccessLogQuerySet(models.QuerySet):
    def for_record(self, model, pk):
        """Rows that showed one record (access-log page, "for this record")."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_ids__contains=[str(pk)]
        )

    def older_than(self, moment):
        """Rows past the retention period (purge_access_log)."""
        return self.filter(at__lt=moment)


class AccessLog(models.Model):
    """One row per page, list, search or export that showed protected records.

    Rows are written by :func:`byrum.access.log_access`; a database trigger refuses to change
    them, and `manage.py purge_access_log` deletes them after ACCESS_LOG_RETENTION_MONTHS."""

    Action = AccessAction

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Rows are never changed, so deleting a user leaves the id in place (no constraint, no
    # SET NULL) and the username as text, which still names them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_ids = ArrayField(
        models.CharField(max_length=64), verbose_name=_("records"), default=list, blank=True
    )
    query = models.CharField(_("search or filter"), max_length=500, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        permissions = [("view_history", _("Can see the change history of records"))]
        indexes = [
            models.Index(fields=["user", "-at"], name="byrum_accesslog_user_at"),
            GinIndex(fields=["object_ids"], name="byrum_accesslog_object_ids"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AccessAction.values), name="byrum_accesslog_action_valid"
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def get_absolute_url(self):
        return reverse("access_log") + f"?user={self.username}"


# --- History of who may do what ------------------------------------------------------------
# Users, their roles (auth groups) and their authenticator devices decide access, so their
# changes are kept like the domain's (byrum.history). Django's and django-otp's apps cannot
# hold the event models or the triggers, so they are tracked through proxy models here (the
# triggers sit on the same tables). Secrets (the password hash, the device key) and what
# changes on every login (last_login, the device's counters) are not kept.


@track(exclude=["password", "last_login"], model_name="UserEvent")
class TrackedUser(User):
    class Meta:
        proxy = True
        verbose_name = _("user")
        verbose_name_plural = _("users")


@pghistory.track(
    pghistory.InsertEvent("role.add"),
    pghistory.DeleteEvent("role.remove"),
    obj_field=None,
    model_name="UserRoleEvent",
)
class TrackedUserRole(User.groups.through):
    class Meta:
        proxy = True


@track(fields=["user", "name", "confirmed"], model_name="TOTPDeviceEvent")
class TrackedTOTPDevice(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("authenticator device")
        verbose_name_plural = _("authenticator devices")
