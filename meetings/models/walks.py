"""Safety walks, their participants and findings, and the follow-up meeting."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import tenancy
from byrum.dates import months_after
from byrum.history import track
from byrum.validators import refuse_cpr
from governance.models import municipality_field

from .meetings import Meeting, visible_by_group_or_taking_part
from .participants import PersonOrGuest
from .rights import is_secretary_of


class WalkState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")


class SafetyWalkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Walks a user may see: all for consultants and the steering group; otherwise the
        walks of their current groups and the walks they took part in."""
        scoped = tenancy.scoped(self, user)
        return visible_by_group_or_taking_part(
            scoped, user, lambda person: WalkParticipant.objects.filter(person=person), "walk_id"
        )

    def for_place(self, place):
        return self.filter(place=place)

    def for_list(self):
        return (
            self.select_related("group", "place", "follow_up_meeting")
            .annotate(finding_count=models.Count("findings", distinct=True))
            .order_by("-date", "pk")
        )


FOLLOW_UP_MONTHS = 6


@track()
class SafetyWalk(models.Model):
    State = WalkState

    municipality = municipality_field()
    group = models.ForeignKey(
        "governance.Group",
        verbose_name=_("organising group"),
        on_delete=models.PROTECT,
        related_name="safety_walks",
    )
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        related_name="safety_walks",
        null=True,
        blank=True,
    )
    area = models.CharField(
        _("area"),
        max_length=250,
        blank=True,
        help_text=_("The area walked, when it is more than one place."),
    )
    route = models.TextField(_("route"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    follow_up_meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("follow-up meeting"),
        on_delete=models.SET_NULL,
        related_name="followed_up_walk",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SafetyWalkQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=WalkState.values), name="meetings_safetywalk_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(area=""),
                name="meetings_safetywalk_place_or_area",
                violation_error_message=_("Choose the place or describe the area."),
            ),
            models.CheckConstraint(
                condition=~Q(state=WalkState.COMPLETED) | Q(completed_at__isnull=False),
                name="meetings_safetywalk_completed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("meetings:walk_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.place_id is None and not self.area.strip():
            raise ValidationError({"area": _("Choose the place or describe the area.")})

    @property
    def where(self):
        return self.area or (self.place.name if self.place_id else "")

    @property
    def follow_up_date(self):
        return months_after(self.date, FOLLOW_UP_MONTHS)

    @property
    def is_completed(self):
        return self.state == WalkState.COMPLETED

    def can_edit(self, user):
        return user.has_perm("meetings.change_safetywalk") or is_secretary_of(user, self.group_id)

    def can_record_findings(self, user):
        """Consultants, the group's secretary and social caretakers record findings."""
        return user.has_perm("meetings.add_finding") or is_secretary_of(user, self.group_id)


class WalkRole(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    HOUSING = "housing", _("Housing staff")
    MUNICIPALITY = "municipality", _("Municipality")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


@track()
class WalkParticipant(PersonOrGuest):
    Role = WalkRole

    walk = models.ForeignKey(
        SafetyWalk,
        verbose_name=_("safety walk"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        "governance.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="walk_participations",
        null=True,
        blank=True,
    )
    role = models.CharField(
        _("takes part as"), max_length=20, choices=Role.choices, default=Role.OTHER
    )

    class Meta:
        ordering = ["walk", "role", "person__name", "name", "pk"]
        verbose_name = _("walk participant")
        verbose_name_plural = _("walk participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=WalkRole.values), name="meetings_walkparticipant_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="meetings_walkparticipant_person_or_name",
                violation_error_message=_("Choose a member or give the guest's name."),
            ),
            models.UniqueConstraint(
                fields=["walk", "person"],
                name="meetings_walkparticipant_once_per_walk",
                violation_error_message=_("This person already takes part."),
            ),
        ]

    def get_absolute_url(self):
        return self.walk.get_absolute_url()


class FindingCondition(models.TextChoices):
    DARK_PATH = "dark_path", _("Dark path or area")
    BROKEN_LAMP = "broken_lamp", _("Broken lamp")
    HIDDEN_CORNER = "hidden_corner", _("Hidden corner")
    OVERGROWN = "overgrown", _("Overgrown planting")
    WASTE = "waste", _("Waste")
    VANDALISM = "vandalism", _("Vandalism or graffiti")
    TRAFFIC = "traffic", _("Traffic")
    GATHERING = "gathering", _("Gatherings that make people feel unsafe")
    OTHER = "other", _("Other")


class FindingQuerySet(models.QuerySet):
    def for_walk_page(self):
        return self.select_related(
            "action_item__responsible_person", "action_item__responsible_organisation"
        ).order_by("pk")


@track()
class Finding(models.Model):
    """What makes people feel unsafe at one spot. Its responsible party, due date and status
    live on its action item, so it shows in every action-item list."""

    Condition = FindingCondition

    municipality = municipality_field()
    walk = models.ForeignKey(
        SafetyWalk,
        verbose_name=_("safety walk"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    action_item = models.OneToOneField(
        "actionplan.ActionItem",
        verbose_name=_("action item"),
        on_delete=models.PROTECT,
        related_name="finding",
    )
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)
    # No CPR numbers in the free text (byrum.validators.refuse_cpr), also from the admin.
    description = models.TextField(_("description"), blank=True, validators=[refuse_cpr])
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    photo = models.ImageField(_("photo"), upload_to="findings/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["walk", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(
                condition=Q(condition__in=FindingCondition.values),
                name="meetings_finding_condition_valid",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="meetings_finding_coordinates_valid",
            ),
        ]

    def __str__(self):
        return self.action_item.title if self.action_item_id else self.get_condition_display()

    def get_absolute_url(self):
        return self.walk.get_absolute_url() + f"#finding-{self.pk}"


def follow_up_start(walk):
    """The follow-up meeting starts at 15:00 local time, six months after the walk."""
    day = walk.follow_up_date
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))
