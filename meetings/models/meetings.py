"""Meetings and their agenda."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import tenancy
from byrum.history import track
from byrum.roles import is_consultant, sees_everything
from governance.models import municipality_field

from .participants import Participant
from .rights import (
    chair_group_ids,
    current_group_ids,
    is_chair_of,
    is_secretary_of,
    person_of,
    secretary_group_ids,
)


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary meeting")
    THEME = "theme", _("Theme meeting")
    DIALOGUE = "dialogue", _("Dialogue meeting with residents")
    OPEN_HOUSE = "open_house", _("Open house")
    WALK_FOLLOW_UP = "walk_follow_up", _("Follow-up of a safety walk")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    MINUTES_DRAFT = "minutes_draft", _("Minutes in draft")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


def visible_by_group_or_taking_part(queryset, user, participations, column):
    """The rule meetings and safety walks share: everything for consultants and the steering
    group; for others, the rows of the groups they sit in now and the rows they take part in
    (``participations(person)`` names them through ``column``)."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    person = person_of(user)
    if person is None:
        return queryset.none()
    return queryset.filter(
        Q(group__in=current_group_ids(person)) | Q(pk__in=participations(person).values(column))
    )


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The meetings a user may see: consultants and the steering group see all; others the
        meetings of the groups they sit in now and the meetings they were invited to. Every
        meeting list, feed and detail starts here."""
        scoped = tenancy.scoped(self, user)
        return visible_by_group_or_taking_part(
            scoped, user, lambda person: Participant.objects.filter(person=person), "meeting_id"
        )

    def of_user(self, user):
        """ "My meetings" (home page, personal calendar feed): the meetings of the user's own
        groups and those they are invited to, whatever their role."""
        person = person_of(user)
        if person is None:
            return self.none()
        return self.filter(
            Q(group__in=current_group_ids(person))
            | Q(pk__in=Participant.objects.filter(person=person).values("meeting_id"))
        )

    def for_place(self, place):
        """The meetings held at a place (place page)."""
        return self.filter(place=place)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def for_list(self):
        """What a meeting list shows on each row."""
        return self.select_related("group", "place")

    def minutes_visible_to(self, user):
        """Meetings whose minutes the user may read: published minutes of the meetings they see,
        every draft for consultants and the group's secretary and chair, and the drafts sent
        to the user for comments."""
        if is_consultant(user):
            return self
        return self.visible_to(user).filter(
            Q(state=MeetingState.MINUTES_APPROVED)
            | Q(group__in=secretary_group_ids(user))
            | Q(group__in=chair_group_ids(user))
            | Q(pk__in=reviewing_meeting_ids(user))
        )


def reviewing_meeting_ids(user):
    """Meetings whose draft minutes were sent to the user for comments (an open round)."""
    from .review import MinutesRound

    person = person_of(user)
    if person is None:
        return MinutesRound.objects.none().values("meeting_id")
    return MinutesRound.objects.reviewed_by(person).values("meeting_id")


@track()
class Meeting(models.Model):
    Kind = MeetingKind
    State = MeetingState

    municipality = municipality_field()
    group = models.ForeignKey(
        "governance.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=250)
    # Deleting the record deletes its files' rows too (byrum.Attachment).
    attachments = GenericRelation(
        "byrum.Attachment", content_type_field="target_type", object_id_field="target_id"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(
        _("location"),
        max_length=250,
        blank=True,
        help_text=_("Address or room, e.g. 'Rådhuset, mødelokale 2'."),
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        related_name="meetings",
        null=True,
        blank=True,
        help_text=_("The place the meeting is about or held at, if any."),
    )
    description = models.TextField(_("purpose"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    # The invitation's SEQUENCE (RFC 5545): grows with each change the participants are told.
    # Database defaults too: the benchmark's generator writes meetings by SQL.
    sequence = models.PositiveIntegerField(_("revision"), default=0, db_default=0, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, db_default="")
    approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes published by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="meetings_meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=MeetingState.values), name="meetings_meeting_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(state=MeetingState.CANCELLED) | ~Q(cancel_reason=""),
                name="meetings_meeting_cancelled_has_reason",
                violation_error_message=_("Say why the meeting is cancelled."),
            ),
            models.CheckConstraint(
                condition=~Q(state=MeetingState.MINUTES_APPROVED) | Q(approved_at__isnull=False),
                name="meetings_meeting_approved_has_date",
                violation_error_message=_("Approved minutes need the date of approval."),
            ),
        ]
        indexes = [
            models.Index(fields=["group", "start"], name="meetings_meeting_group_start"),
            # The dashboard's "next": upcoming meetings (end in the future, a few of ten
            # thousand) and minutes waiting for approval, without reading every meeting.
            models.Index(fields=["end"], name="meetings_meeting_end"),
            models.Index(
                fields=["start", "id"],
                condition=Q(state__in=["held", "minutes_draft"]),
                name="meetings_meeting_waiting",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.title} ({local:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_cancelled(self):
        return self.state == MeetingState.CANCELLED

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A meeting must end after it starts.")})

    @property
    def minutes_published(self):
        return self.state == MeetingState.MINUTES_APPROVED

    @property
    def duration_minutes(self):
        return int((self.end - self.start).total_seconds() // 60)

    def can_edit(self, user):
        """Consultants and the group's current secretary prepare the meeting and write its
        minutes. Views call get_meeting_for_user(write=True), which asks this."""
        return user.has_perm("meetings.change_meeting") or is_secretary_of(user, self.group_id)

    @property
    def minutes_locked(self):
        """Approved minutes are final: no edits, even before they are published."""
        return self.minutes_published or self.approved_at is not None

    def can_approve(self, user):
        """The group's chair approves the minutes; the secretary (and the consultants who act
        as secretariat) only where the group's mandate says so."""
        if is_chair_of(user, self.group_id):
            return True
        return self.group.secretary_approves_minutes and self.can_edit(user)

    def minutes_visible_to(self, user):
        return (
            self.minutes_published
            or self.can_edit(user)
            or is_chair_of(user, self.group_id)
            or reviewing_meeting_ids(user).filter(meeting_id=self.pk).exists()
        )

    def mark_held(self):
        if self.state == MeetingState.PLANNED:
            self.state = MeetingState.HELD
            self.save(update_fields=["state"])


class AgendaItemOutcome(models.TextChoices):
    """What the follow-up meeting of a safety walk records for a finding; each sets the
    finding's action item status (services.minutes_save)."""

    RESOLVED = "resolved", _("Resolved")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    DROPPED = "dropped", _("Dropped")


@track(exclude=["search_vector"])  # derived from the text; no need to keep it twice
class AgendaItem(models.Model):
    Outcome = AgendaItemOutcome

    municipality = municipality_field()
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=250)
    # Deleting the record deletes its files' rows too (byrum.Attachment).
    attachments = GenericRelation(
        "byrum.Attachment", content_type_field="target_type", object_id_field="target_id"
    )
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    description = models.TextField(_("description"), blank=True)
    finding = models.ForeignKey(
        "Finding",
        verbose_name=_("finding"),
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        null=True,
        blank=True,
        help_text=_("The safety-walk finding this item reviews (follow-up meetings)."),
    )
    # The minutes of this item: notes, who last changed them and when.
    notes = models.TextField(_("minutes"), blank=True)
    notes_updated_at = models.DateTimeField(_("minutes last changed"), null=True, blank=True)
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes last changed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text=_("For a finding: what the follow-up meeting concluded."),
    )
    # The decision register's search over everything said: the title weighs more than the
    # minutes. Kept by PostgreSQL itself (a stored generated column), so never stale.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="danish")
        + SearchVector("notes", weight="B", config="danish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [GinIndex(fields=["search_vector"], name="meetings_agendaitem_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=AgendaItemOutcome.values),
                name="meetings_agendaitem_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(finding__isnull=False),
                name="meetings_agendaitem_outcome_needs_finding",
                violation_error_message=_("Only an item about a finding has an outcome."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + f"#item-{self.pk}"

    @property
    def notes_version(self):
        """The token an editor sends back to prove it started from the latest saved minutes."""
        return self.notes_updated_at.isoformat() if self.notes_updated_at else ""
