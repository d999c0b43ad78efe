"""The access log: who looked at which records (GDPR art. 9 data), never what they saw; and
the files attached to records."""

import pghistory
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from byrum.tenancy import CurrentMunicipality

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

    # The municipality's id (governance.Municipality; this layer knows no app), filled by
    # PostgreSQL from the transaction's municipality: the row-level-security key.
    municipality_id = models.BigIntegerField(
        _("municipality"), db_default=CurrentMunicipality(), editable=False, db_index=True
    )
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
    # An export names its filters and how many records it held, not every id (a million).
    count = models.PositiveIntegerField(_("number of records"), null=True, blank=True)
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


class AttachmentQuerySet(models.QuerySet):
    def for_objects(self, *objects):
        """The attachments of several records, of any kinds, in one query (a meeting and its
        agenda items; a plan). Pass saved instances or querysets' lists."""
        condition = Q(pk__in=[])
        by_model: dict = {}
        for obj in objects:
            by_model.setdefault(type(obj)._meta.concrete_model, []).append(obj.pk)
        for model, ids in by_model.items():
            content_type = ContentType.objects.get_for_model(model)
            condition |= Q(target_type=content_type, target_id__in=ids)
        return self.filter(condition).select_related("uploaded_by").order_by("uploaded_at", "pk")


@track()
class Attachment(models.Model):
    """A file on a record (an agenda item's appendix, a plan's background paper).

    One generic model in the foundation rather than one per app: the upload checks, the
    storage, the download behind the record's own access check, the history and the access
    log are the same for every record, and each app only registers which of its models take
    files and how to fetch-and-check them (byrum/attachments.py), so the foundation never
    imports an app. The file goes through Django's storage API (local disk now, S3-compatible
    storage by settings) under a random name; ``name`` is what the user sees."""

    # The municipality's id (governance.Municipality; this layer knows no app), filled by
    # PostgreSQL from the transaction's municipality: the row-level-security key.
    municipality_id = models.BigIntegerField(
        _("municipality"), db_default=CurrentMunicipality(), editable=False, db_index=True
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("record"))
    target = GenericForeignKey("target_type", "target_id")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    title = models.CharField(_("description"), max_length=200, blank=True)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["target_type", "target_id", "uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="byrum_attachment_target"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=0), name="byrum_attachment_size_valid"),
        ]

    def __str__(self):
        return self.title or self.name

    def get_absolute_url(self):
        return reverse("attachment_download", args=[self.pk])

    @property
    def label(self):
        return self.title or self.name

    @property
    def size_label(self):
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(self.size)
