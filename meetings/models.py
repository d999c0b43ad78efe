"""Meetings, their agenda, participants, minutes and decisions; safety walks and findings.

The secretariat (consultants) prepares a group's meetings, writes the minutes per agenda item
and records decisions; a decision can create action items in the action plan's list. A safety
walk produces findings, each of which is an action item too; completing a walk schedules the
follow-up meeting six months later (kommissorium and the housing-area plan, seeds 002/003).
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import Membership, MembershipRole
from byrum.history import track
from byrum.roles import is_consultant, sees_everything

# --- Rights ------------------------------------------------------------------------------------


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


def _current_group_ids(person, role=None):
    memberships = Membership.objects.current().filter(person=person)
    if role:
        memberships = memberships.filter(role=role)
    return memberships.values("group_id")


def secretary_group_ids(user):
    """The groups the user is currently secretary of (a subquery; empty without a person)."""
    person = _person(user)
    if person is None:
        return Membership.objects.none().values("group_id")
    return _current_group_ids(person, MembershipRole.SECRETARY)


def is_secretary_of(user, group_id):
    return secretary_group_ids(user).filter(group_id=group_id).exists()


# --- Meetings ----------------------------------------------------------------------------------


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


def _visible_by_group_or_taking_part(queryset, user, participations, column):
    """The rule meetings and safety walks share: everything for consultants and the steering
    group; for others, the rows of the groups they sit in now and the rows they take part in
    (``participations(person)`` names them through ``column``)."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    person = _person(user)
    if person is None:
        return queryset.none()
    return queryset.filter(
        Q(group__in=_current_group_ids(person))
        | Q(pk__in=participations(person).values(column))
    )


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The meetings a user may see: consultants and the steering group see all; others the
        meetings of the groups they sit in now and the meetings they were invited to. Every
        meeting list, feed and detail starts here."""
        return _visible_by_group_or_taking_part(
            self, user, lambda person: Participant.objects.filter(person=person), "meeting_id"
        )

    def of_user(self, user):
        """"My meetings" (home page, personal calendar feed): the meetings of the user's own
        groups and those they are invited to, whatever their role."""
        person = _person(user)
        if person is None:
            return self.none()
        return self.filter(
            Q(group__in=_current_group_ids(person))
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
        and every draft for consultants and the group's secretary."""
        if is_consultant(user):
            return self
        return self.visible_to(user).filter(
            Q(state=MeetingState.MINUTES_APPROVED) | Q(group__in=secretary_group_ids(user))
        )


@track()
class Meeting(models.Model):
    Kind = MeetingKind
    State = MeetingState

    group = models.ForeignKey(
        "actionplan.Group", verbose_name=_("group"), on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(
        _("location"), max_length=250, blank=True,
        help_text=_("Address or room, e.g. 'Rådhuset, mødelokale 2'."),
    )
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.SET_NULL,
        related_name="meetings", null=True, blank=True,
        help_text=_("The place the meeting is about or held at, if any."),
    )
    description = models.TextField(_("purpose"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    # The invitation's SEQUENCE (RFC 5545): grows with each change the participants are told.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("minutes approved by"),
        on_delete=models.SET_NULL, related_name="+", null=True, blank=True,
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
                fields=["start", "id"], condition=Q(state__in=["held", "minutes_draft"]),
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

    def minutes_visible_to(self, user):
        return self.minutes_published or self.can_edit(user)

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


@track()
class AgendaItem(models.Model):
    Outcome = AgendaItemOutcome

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=250)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    description = models.TextField(_("description"), blank=True)
    finding = models.ForeignKey(
        "Finding", verbose_name=_("finding"), on_delete=models.SET_NULL,
        related_name="agenda_items", null=True, blank=True,
        help_text=_("The safety-walk finding this item reviews (follow-up meetings)."),
    )
    # The minutes of this item: notes, who last changed them and when.
    notes = models.TextField(_("minutes"), blank=True)
    notes_updated_at = models.DateTimeField(_("minutes last changed"), null=True, blank=True)
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("minutes last changed by"),
        on_delete=models.SET_NULL, related_name="+", null=True, blank=True,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True,
        help_text=_("For a finding: what the follow-up meeting concluded."),
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
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


class MinutesRevision(models.Model):
    """The edit history of an item's minutes. Autosave writes often, so one person's run of
    edits within a few minutes is kept as one revision (services.minutes_save)."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
        related_name="revisions",
    )
    notes = models.TextField(_("minutes"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
        related_name="+", null=True, blank=True,
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["agenda_item", "-saved_at", "-pk"]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")

    def __str__(self):
        return f"{self.agenda_item} ({timezone.localtime(self.saved_at):%d.%m.%Y %H:%M})"

    def get_absolute_url(self):
        return self.agenda_item.get_absolute_url()


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The decision register: decisions in minutes the user may read."""
        return self.filter(agenda_item__meeting__in=Meeting.objects.minutes_visible_to(user))

    def for_register(self):
        return self.select_related(
            "agenda_item__meeting__group"
        ).prefetch_related("action_items__responsible_person",
                           "action_items__responsible_organisation")

    def search(self, text):
        """Danish full-text search (stemming and stop words: 'belysningen' finds
        'belysning'), through the generated, GIN-indexed search column."""
        from django.contrib.postgres.search import SearchQuery

        return self.filter(
            search_vector=SearchQuery(text, config="danish", search_type="websearch")
        )


@track(exclude=["search_vector"])  # derived from the text; no need to keep it twice
class Decision(models.Model):
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    action_items = models.ManyToManyField(
        "actionplan.ActionItem", verbose_name=_("action items"), related_name="decisions",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
        related_name="+", null=True, blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Kept by PostgreSQL itself (a stored generated column), so it is never stale.
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="danish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item__meeting__start", "agenda_item__position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [GinIndex(fields=["search_vector"], name="meetings_decision_search")]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.agenda_item.meeting.get_absolute_url() + f"#decision-{self.pk}"

    @property
    def meeting(self):
        return self.agenda_item.meeting


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class Participant(models.Model):
    """An invited member (person) or a guest (name and organisation) of a meeting."""

    Attendance = Attendance

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "actionplan.Person", verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="meeting_participations", null=True, blank=True,
    )
    name = models.CharField(_("guest's name"), max_length=200, blank=True)
    organisation = models.CharField(_("guest's organisation"), max_length=200, blank=True)
    email = models.EmailField(_("guest's e-mail"), blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.INVITED
    )

    class Meta:
        ordering = ["meeting", "person__name", "name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values),
                name="meetings_participant_attendance_valid",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="meetings_participant_person_or_name",
                violation_error_message=_("Choose a member or give the guest's name."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"], name="meetings_participant_once_per_meeting",
                violation_error_message=_("This person is already invited."),
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("meetings:participants", args=[self.meeting_id])

    def clean(self):
        super().clean()
        if self.person_id is None and not self.name.strip():
            raise ValidationError(_("Choose a member or give the guest's name."))

    @property
    def is_guest(self):
        return self.person_id is None

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name

    @property
    def display_organisation(self):
        if self.person_id:
            return self.person.organisation.name if self.person.organisation_id else ""
        return self.organisation

    @property
    def email_address(self):
        return self.person.email if self.person_id else self.email


class CalendarToken(models.Model):
    """The secret in a user's calendar-feed URL. A calendar application cannot log in, so the
    token identifies the user; regenerating it cuts off every old subscription."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["user"]
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("meetings:calendar")

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @classmethod
    def for_user(cls, user):
        token, _created = cls.objects.get_or_create(user=user, defaults={"token": cls.new_token()})
        return token

    def regenerate(self):
        self.token = self.new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])


# --- Safety walks ------------------------------------------------------------------------------


class WalkState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")


class SafetyWalkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Walks a user may see: all for consultants and the steering group; otherwise the
        walks of their current groups and the walks they took part in."""
        return _visible_by_group_or_taking_part(
            self, user, lambda person: WalkParticipant.objects.filter(person=person), "walk_id"
        )

    def for_place(self, place):
        return self.filter(place=place)

    def for_list(self):
        return self.select_related("group", "place", "follow_up_meeting").annotate(
            finding_count=models.Count("findings", distinct=True)
        ).order_by("-date", "pk")


FOLLOW_UP_MONTHS = 6


def add_months(day, months):
    """The same day ``months`` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@track()
class SafetyWalk(models.Model):
    State = WalkState

    group = models.ForeignKey(
        "actionplan.Group", verbose_name=_("organising group"), on_delete=models.PROTECT,
        related_name="safety_walks",
    )
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.SET_NULL,
        related_name="safety_walks", null=True, blank=True,
    )
    area = models.CharField(
        _("area"), max_length=250, blank=True,
        help_text=_("The area walked, when it is more than one place."),
    )
    route = models.TextField(_("route"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    follow_up_meeting = models.OneToOneField(
        Meeting, verbose_name=_("follow-up meeting"), on_delete=models.SET_NULL,
        related_name="followed_up_walk", null=True, blank=True,
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
        return add_months(self.date, FOLLOW_UP_MONTHS)

    @property
    def is_completed(self):
        return self.state == WalkState.COMPLETED

    def can_edit(self, user):
        return user.has_perm("meetings.change_safetywalk") or is_secretary_of(
            user, self.group_id
        )

    def can_record_findings(self, user):
        """Consultants, the group's secretary and social caretakers record findings."""
        return user.has_perm("meetings.add_finding") or is_secretary_of(user, self.group_id)


class WalkRole(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    HOUSING = "housing", _("Housing staff")
    MUNICIPALITY = "municipality", _("Municipality")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class WalkParticipant(models.Model):
    Role = WalkRole

    walk = models.ForeignKey(
        SafetyWalk, verbose_name=_("safety walk"), on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        "actionplan.Person", verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="walk_participations", null=True, blank=True,
    )
    name = models.CharField(_("guest's name"), max_length=200, blank=True)
    organisation = models.CharField(_("guest's organisation"), max_length=200, blank=True)
    role = models.CharField(_("takes part as"), max_length=20, choices=Role.choices,
                            default=Role.OTHER)

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
                fields=["walk", "person"], name="meetings_walkparticipant_once_per_walk",
                violation_error_message=_("This person already takes part."),
            ),
        ]

    def __str__(self):
        return self.person.name if self.person_id else self.name

    def get_absolute_url(self):
        return self.walk.get_absolute_url()

    def clean(self):
        super().clean()
        if self.person_id is None and not self.name.strip():
            raise ValidationError(_("Choose a member or give the guest's name."))


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

    walk = models.ForeignKey(
        SafetyWalk, verbose_name=_("safety walk"), on_delete=models.CASCADE,
        related_name="findings",
    )
    action_item = models.OneToOneField(
        "actionplan.ActionItem", verbose_name=_("action item"), on_delete=models.PROTECT,
        related_name="finding",
    )
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    photo = models.ImageField(_("photo"), upload_to="findings/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
        related_name="+", null=True, blank=True,
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

