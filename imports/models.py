from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byrum import tenancy
from byrum.roles import is_consultant
from governance.models import municipality_field


class SheetImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The imports a user may open: the administrator every one; a consultant every one
        of the municipality (a colleague may follow a long import); anyone else granted the
        permission only their own uploads. Always within the user's municipality (row-level
        security on the table is the second lock, not the only one)."""
        scoped = tenancy.scoped(self, user)
        if user.is_superuser or is_consultant(user):
            return scoped
        return scoped.filter(uploaded_by=user)

    def for_list(self):
        """Without the rows and the preview, which may be a few megabytes per sheet."""
        return self.defer("headers", "rows", "preview", "result")


class SheetImport(models.Model):
    """One uploaded sheet: its rows as read (so that confirming needs no file on any web
    server's disk), the preview of what each row will do, and, once confirmed, what it did.

    A sheet of more than ``settings.IMPORTS_BACKGROUND_ROWS`` rows is checked and imported
    by jobs (imports/tasks.py): the upload is kept in the default storage until the check
    job has read it (a worker on another machine reads it there), and the jobs count the
    rows they have done in ``rows_done`` of ``rows_total`` for the page to show."""

    class Kind(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations")
        PEOPLE = "people", _("People")
        MEMBERS = "members", _("Group members")
        PLACES = "places", _("Places")
        ACTIONS = "actions", _("Open action items")

    class State(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        PREVIEWED = "previewed", _("Previewed")
        IMPORTING = "importing", _("Being imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Could not be read")

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
    file = models.FileField(
        _("uploaded file"), upload_to="imports/", blank=True, db_default="", default=""
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0, db_default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0, db_default=0)
    error = models.TextField(_("error"), blank=True, default="", db_default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="sheet_imports",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    objects = SheetImportQuerySet.as_manager()

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
                condition=Q(state__in=["checking", "previewed", "importing", "imported", "failed"]),
                name="imports_sheetimport_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")),
                name="imports_sheetimport_done_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("imports:preview", args=[self.pk])

    @property
    def running(self):
        """A job is working on the sheet: its page shows the progress."""
        return self.state in (self.State.CHECKING, self.State.IMPORTING)

    @property
    def in_background(self):
        """Checked and imported by jobs rather than in the request."""
        return self.rows_total > settings.IMPORTS_BACKGROUND_ROWS

    def counts(self):
        """How many rows will be (or were) created, updated, left unchanged and refused."""
        counts = {"new": 0, "update": 0, "skip": 0, "invalid": 0}
        for row in self.preview:
            counts[row["type"]] = counts.get(row["type"], 0) + 1
        return counts
