from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.models import municipality_field


class SheetImport(models.Model):
    """One uploaded sheet: its rows as read (so that confirming needs no file on any web
    server's disk), the preview of what each row will do, and, once confirmed, what it did."""

    class Kind(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations")
        PEOPLE = "people", _("People")
        MEMBERS = "members", _("Group members")
        PLACES = "places", _("Places")
        ACTIONS = "actions", _("Open action items")

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")

    municipality = municipality_field()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    headers = models.JSONField(_("columns"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    preview = models.JSONField(_("preview"), default=list)
    result = models.JSONField(_("result"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PREVIEWED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="sheet_imports",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("sheet import")
        verbose_name_plural = _("sheet imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["organisations", "people", "members", "places", "actions"]),
                name="imports_sheetimport_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["previewed", "imported"]),
                name="imports_sheetimport_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("imports:preview", args=[self.pk])

    def counts(self):
        """How many rows will be (or were) created, updated, left unchanged and refused."""
        counts = {"new": 0, "update": 0, "skip": 0, "invalid": 0}
        for row in self.preview:
            counts[row["type"]] = counts.get(row["type"], 0) + 1
        return counts
