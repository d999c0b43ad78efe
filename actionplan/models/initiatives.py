"""Initiatives (indsatser): safe places, caretakers, physical measures …, with dated updates."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from governance.models import Organisation, Person, municipality_field

from .goals import Goal
from .plans import NOT_NEGATIVE, ActionPlan, Track


class InitiativeKind(models.TextChoices):
    SAFE_PLACE = "safe_place", _("Safe place (hellested)")
    SOCIAL_CARETAKERS = "social_caretakers", _("Social caretakers")
    SMALL_JOBS = "small_jobs", _("Small jobs")
    PHYSICAL = "physical", _("Physical measure")
    CO_CREATION = "co_creation", _("Co-creation process")
    SAFETY_WALKS = "safety_walks", _("Safety-walk programme")
    MEDIATION = "mediation", _("Conflict mediation")
    NEIGHBOURLINESS = "neighbourliness", _("Neighbourliness activity")
    CITIZEN_DRIVEN = "citizen_driven", _("Citizen-driven initiative")
    OTHER = "other", _("Other")


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class InitiativeQuerySet(models.QuerySet):
    def for_list(self):
        """What a list of initiatives shows: plan, responsible organisation and person, and
        places (initiative list, plan page, place page)."""
        return self.select_related(
            "plan", "responsible_organisation", "responsible_person"
        ).prefetch_related("places")

    def for_place(self, place):
        """The initiatives at one place, for the place page."""
        return self.filter(places=place).for_list()

    def citizen_driven(self):
        """Initiatives led by residents (counted under "Borgerinddragelse")."""
        return self.filter(citizen_driven=True)

    def physical_measures(self):
        return self.filter(kind=InitiativeKind.PHYSICAL)


@track()
class Initiative(models.Model):
    Kind = InitiativeKind
    Status = InitiativeStatus
    Track = Track

    municipality = municipality_field()
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=250)
    # Deleting the record deletes its files' rows too (byrum.Attachment).
    attachments = GenericRelation(
        "byrum.Attachment", content_type_field="target_type", object_id_field="target_id"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.SHORT)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals it serves"), related_name="initiatives", blank=True
    )
    places = models.ManyToManyField(
        "places.Place", verbose_name=_("places"), related_name="initiatives", blank=True
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="initiatives",
        null=True,
        blank=True,
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        related_name="initiatives",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    citizen_driven = models.BooleanField(
        _("citizen-driven"),
        default=False,
        db_default=False,  # rows written by SQL (the benchmark's generator) are not marked
        help_text=_("Led by residents themselves, with the municipality supporting."),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget_allocated = models.BigIntegerField(
        _("budget allocated (DKK)"), default=0, validators=[NOT_NEGATIVE]
    )
    budget_spent = models.BigIntegerField(
        _("budget spent (DKK)"), default=0, validators=[NOT_NEGATIVE]
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InitiativeKind.values), name="actionplan_initiative_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values),
                name="actionplan_initiative_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(track__in=Track.values), name="actionplan_initiative_track_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="actionplan_initiative_end_after_start",
                violation_error_message=_("An initiative cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=InitiativeKind.CITIZEN_DRIVEN) | Q(citizen_driven=True),
                name="actionplan_initiative_citizen_driven_kind_is_marked",
                violation_error_message=_(
                    "A citizen-driven initiative is marked as led by residents."
                ),
            ),
            models.CheckConstraint(
                condition=Q(budget_allocated__gte=0) & Q(budget_spent__gte=0),
                name="actionplan_initiative_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actionplan:initiative_detail", args=[self.pk])

    @property
    def overspent(self):
        return self.budget_spent > self.budget_allocated

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An initiative cannot end before it starts.")})
        if self.kind == InitiativeKind.CITIZEN_DRIVEN and not self.citizen_driven:
            raise ValidationError(
                {"citizen_driven": _("A citizen-driven initiative is marked as led by residents.")}
            )

    def history_starts(self):
        """The first day an update may carry: the date of its first update, written when the
        initiative was created (None before that). One query."""
        return self.updates.order_by("date").values_list("date", flat=True).first()

    def update_date_problem(self, day, *, today=None):
        """The message for a status update dated ``day`` outside the initiative's life so far
        (before it was created, or after today), else None."""
        today = today or timezone.localdate()
        if day > today:
            return _("A status update cannot be dated in the future.")
        starts = self.history_starts()
        if starts is not None and day < starts:
            return _(
                "A status update cannot be dated before the initiative's history starts (%(date)s)."
            ) % {"date": date_format(starts, "SHORT_DATE_FORMAT")}
        return None


@track()
class InitiativeUpdate(models.Model):
    """A dated entry in an initiative's history: what happened and the status it left."""

    municipality = municipality_field()
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    old_status = models.CharField(
        _("status before"), max_length=20, choices=InitiativeStatus.choices, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=20, choices=InitiativeStatus.choices)
    NOTE_MAX_LENGTH = 4000

    note = models.TextField(_("what happened"), blank=True, max_length=NOTE_MAX_LENGTH)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        related_name="initiative_updates",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = _("initiative update")
        verbose_name_plural = _("initiative updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_status__in=InitiativeStatus.values)
                & (Q(old_status="") | Q(old_status__in=InitiativeStatus.values)),
                name="actionplan_initiativeupdate_status_valid",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), 4000),
                name="actionplan_initiativeupdate_note_length",
                violation_error_message=_("Keep the note to at most 4000 characters."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.get_new_status_display()} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.initiative.get_absolute_url() + "#history"

    @property
    def changed_status(self):
        return self.old_status != self.new_status

    def clean(self):
        super().clean()
        if len(self.note) > self.NOTE_MAX_LENGTH:
            raise ValidationError({"note": _("Keep the note to at most 4000 characters.")})
        # Only a new entry is held to the initiative's life so far: the first one is the
        # creation itself, and an old one must stay editable in the admin.
        if self.date and self.initiative_id and self._state.adding:
            problem = self.initiative.update_date_problem(self.date)
            if problem:
                raise ValidationError({"date": problem})
