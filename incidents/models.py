"""Incidents and small jobs, reported by the social caretakers from their phones.

An incident is about vulnerable people, so the model keeps the minimum: where, when, what
kind, how serious, how many, whether police or an ambulance came, and a short free text that
the retention rule (``manage.py apply_retention``) removes after a configured time. Every
report carries the UUID the phone made for it, so a report sent twice is stored once.
Changes are kept by django-pghistory (IncidentEvent, SmallJobEvent).
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import roles, tenancy
from byrum.expressions import AnyOf
from byrum.history import track
from byrum.validators import refuse_cpr
from governance.models import municipality_field

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=10)
# A caretaker may correct their own small job for this long after logging it.
SMALL_JOB_OWN_CHANGE = datetime.timedelta(hours=24)

# The fields of a report as the caretaker gives them, in the form's order. The phone's form
# (forms.ReportForm), the correction form (forms.IncidentForm), what is stored and
# fingerprinted (services.incident_report) and the history page (selectors) all read these.
REPORT_FIELDS = (
    "place",
    "occurred_at",
    "category",
    "severity",
    "people_involved",
    "police_called",
    "ambulance_called",
    "description",
    "follow_up_needed",
)
POSITION_FIELDS = ("latitude", "longitude")
FOLLOW_UP_FIELDS = ("status", "follow_up_note")
SMALL_JOB_FIELDS = ("date", "place", "task", "note", "participants", "hours", "initiative")


class IncidentCategory(models.TextChoices):
    INTERNAL_CONFLICT = "internal_conflict", _("Internal conflict")
    CONFLICT_WITH_OTHERS = "conflict_with_others", _("Conflict with others")
    VIOLENCE = "violence", _("Violence")
    THREATS = "threats", _("Threats")
    INTOXICATION = "intoxication", _("Intoxication")
    WASTE = "waste", _("Waste")
    URINATION = "urination", _("Urination / toilet")
    SLEEPING_ROUGH = "sleeping_rough", _("Sleeping rough")
    NOISE = "noise", _("Noise")
    DAMAGE = "damage", _("Damage")
    HEALTH_EMERGENCY = "health_emergency", _("Health emergency")
    GOOD_CONTACT = "good_contact", _("Good contact")
    DE_ESCALATION = "de_escalation", _("De-escalation")

    @classmethod
    def positive(cls):
        return [cls.GOOD_CONTACT, cls.DE_ESCALATION]

    @property
    def is_positive(self):
        return self in self.positive()

    @property
    def icon(self):
        return CATEGORY_ICONS[self]


CATEGORY_ICONS = {
    IncidentCategory.INTERNAL_CONFLICT: "people",
    IncidentCategory.CONFLICT_WITH_OTHERS: "person-x",
    IncidentCategory.VIOLENCE: "lightning-charge",
    IncidentCategory.THREATS: "exclamation-triangle",
    IncidentCategory.INTOXICATION: "cup-straw",
    IncidentCategory.WASTE: "trash3",
    IncidentCategory.URINATION: "droplet",
    IncidentCategory.SLEEPING_ROUGH: "moon-stars",
    IncidentCategory.NOISE: "volume-up",
    IncidentCategory.DAMAGE: "hammer",
    IncidentCategory.HEALTH_EMERGENCY: "heart-pulse",
    IncidentCategory.GOOD_CONTACT: "emoji-smile",
    IncidentCategory.DE_ESCALATION: "hand-thumbs-up",
}


class IncidentSeverity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "handled", _("Handled")


@track()
class CaretakerPlace(models.Model):
    """A place a social caretaker usually works at ("my places"): shown first on the report
    form, and the caretaker sees every incident reported there. Kept by the administrator."""

    municipality = municipality_field()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caretaker"),
        on_delete=models.CASCADE,
        related_name="caretaker_places",
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.CASCADE,
        related_name="caretaker_links",
    )

    class Meta:
        ordering = ["user__username", "place__city", "place__name"]
        verbose_name = _("caretaker's place")
        verbose_name_plural = _("caretakers' places")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "place"],
                name="incidents_caretakerplace_unique",
                violation_error_message=_("This place is already one of the caretaker's places."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.place}"

    def get_absolute_url(self):
        return self.place.get_absolute_url()


def place_ids_of(user):
    """The ids of the places a caretaker usually works at, as a subquery."""
    return CaretakerPlace.objects.filter(user=user).values("place_id")


def at_places_of(user):
    """At one of the caretaker's places, as ``place_id = ANY(ARRAY(<their place ids>))``:
    PostgreSQL runs the subquery once and can then use the place index (in a BitmapOr with
    reported_by), where ``place_id IN (<subquery>)`` inside an OR is a filter on every row,
    estimated at half the table, and counting a caretaker's list read the whole table."""
    return Q(AnyOf("place_id", ArraySubquery(place_ids_of(user).order_by())))


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a user may see (which incidents; which of their fields: sees_incident_detail):
        consultants, the steering group and the administrator see
        every incident; a caretaker sees their own reports and those at their places;
        everybody else sees none (local group members, people without a role)."""
        scoped = tenancy.scoped(self, user)
        if not user.is_authenticated or not user.has_perm("incidents.view_incident"):
            return self.none()
        if roles.sees_everything(user):
            return scoped
        return scoped.filter(Q(reported_by=user) | at_places_of(user))

    def for_place(self, place):
        return self.filter(place=place)

    def for_list(self):
        """What the list and "my reports" show for each row, in one query (the search
        column stays in the database: it is read through its index, never shown)."""
        return self.select_related("place", "reported_by").defer("search_vector")

    def last_weeks(self, weeks, *, today=None):
        """Incidents in the last ``weeks`` calendar weeks, this week included (Monday start,
        Copenhagen time)."""
        return self.filter(occurred_at__gte=week_start(weeks, today=today))

    def this_week(self, *, today=None):
        return self.last_weeks(1, today=today)

    def weekly_counts(self, weeks=12, *, today=None):
        """Incidents per week over the last ``weeks`` weeks, oldest first, weeks without
        incidents included: [{"week": date of Monday, "count": n, "positive": n}]. One
        query; serves the place page's incident section."""
        first = week_start(weeks, today=today)
        rows = (
            self.filter(occurred_at__gte=first)
            .annotate(week=TruncWeek("occurred_at"))
            .order_by()
            .values("week")
            .annotate(
                count=Count("pk"),
                positive=Count("pk", filter=Q(category__in=IncidentCategory.positive())),
            )
        )
        found = {timezone.localtime(row["week"]).date(): row for row in rows}
        result = []
        for n in range(weeks):
            monday = first.date() + datetime.timedelta(weeks=n)
            row = found.get(monday, {})
            result.append(
                {"week": monday, "count": row.get("count", 0), "positive": row.get("positive", 0)}
            )
        return result


def week_start(weeks, *, today=None):
    """Midnight (Copenhagen) of the Monday ``weeks - 1`` weeks before this week's Monday."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))


def incident_photo_path(instance, filename):
    # A random name: the file name says nothing about the incident or who took it.
    return f"incidents/photos/{uuid.uuid4().hex}.jpg"


# The search column is derived from the text: not kept twice in the history.
@track(exclude=["fingerprint", "search_vector"], model_name="IncidentEvent")
class Incident(models.Model):
    Category = IncidentCategory
    Severity = IncidentSeverity
    Status = IncidentStatus

    municipality = municipality_field()
    client_uuid = models.UUIDField(
        _("report ID"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Made by the phone, so a report sent twice is stored once."),
    )
    # A hash of what was first sent under client_uuid: a replay must send the same.
    fingerprint = models.CharField(max_length=64, editable=False, blank=True)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="incidents"
    )
    occurred_at = models.DateTimeField(_("time"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.LOW
    )
    people_involved = models.PositiveSmallIntegerField(_("people involved"), default=1)
    police_called = models.BooleanField(_("police called"), default=False)
    ambulance_called = models.BooleanField(_("ambulance called"), default=False)
    # No CPR numbers in the free text (byrum.validators.refuse_cpr), also from the admin.
    description = models.TextField(
        _("short description"), max_length=500, blank=True, validators=[refuse_cpr]
    )
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    status = models.CharField(
        _("follow-up status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    follow_up_note = models.TextField(
        _("follow-up note"), max_length=1000, blank=True, validators=[refuse_cpr]
    )
    photo = models.FileField(_("photo"), upload_to=incident_photo_path, blank=True)
    latitude = models.DecimalField(
        _("reporter's latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("reporter's longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        related_name="reported_incidents",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    redacted_at = models.DateTimeField(
        _("free text removed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the retention rule removed the free text and photo."),
    )
    # The free text as Danish search terms, kept by PostgreSQL itself (a stored generated
    # column) and GIN-indexed: the list's search reads the index, never every row, and
    # when the retention rule blanks the text the terms go with it (byrum/search.py).
    search_vector = models.GeneratedField(
        expression=SearchVector("description", "follow_up_note", config="danish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        # The story of a report (free text, follow-up note, photo, reporter, exact position)
        # is for the municipality's own staff who act on it; others see figures and the list.
        permissions = [
            (
                "view_incident_detail",
                _("Can see incidents' free text, follow-up notes, photos, reporter and position"),
            )
        ]
        indexes = [
            # The list's order, the id breaking ties: a keyset page (byrum.pagination) and
            # every "since"/"until" read start here. It replaces the index on occurred_at alone.
            models.Index(fields=["occurred_at", "id"], name="incidents_time_id"),
            models.Index(fields=["place", "occurred_at"], name="incidents_place_time"),
            # The list filtered by a category, in its order: a search's window of the newest
            # 1,000 incidents of one category (byrum.pagination) reads 1,000 entries here,
            # not the ~36,000 of every category that the time index passes on the way.
            models.Index(fields=["category", "occurred_at", "id"], name="incidents_category_time"),
            GinIndex(fields=["search_vector"], name="incidents_incident_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=IncidentCategory.values),
                name="incidents_incident_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=IncidentSeverity.values),
                name="incidents_incident_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=IncidentStatus.values),
                name="incidents_incident_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(people_involved__gte=1, people_involved__lte=500),
                name="incidents_incident_people_involved_range",
                violation_error_message=_("Between 1 and 500 people can be involved."),
            ),
            models.CheckConstraint(
                condition=Q(occurred_at__lte=F("created_at") + CLOCK_SKEW),
                name="incidents_incident_not_in_future",
                violation_error_message=_("The time of an incident cannot be in the future."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="incidents_incident_position_valid",
                violation_error_message=_("A position needs both a valid latitude and longitude."),
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.occurred_at).strftime("%d-%m-%Y %H:%M")
        return f"{self.get_category_display()}, {self.place.name} {when}"

    def get_absolute_url(self):
        return reverse("incidents:detail", args=[self.pk])

    @property
    def is_positive(self):
        return self.category in IncidentCategory.positive()

    @property
    def category_icon(self):
        return CATEGORY_ICONS.get(self.category, "circle")

    def clean(self):
        super().clean()
        reference = self.created_at or timezone.now()
        if self.occurred_at and self.occurred_at > reference + CLOCK_SKEW:
            raise ValidationError(
                {"occurred_at": _("The time of an incident cannot be in the future.")}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("A position needs both a valid latitude and longitude."))

    def can_change(self, user):
        """Consultants change any report; a caretaker only their own."""
        if user.has_perm("incidents.change_incident"):
            return True
        return self.reported_by_id == user.pk and user.has_perm("incidents.add_incident")

    def set_follow_up(self, *, status, note):
        self.status = status
        self.follow_up_note = note
        self.save(update_fields=["status", "follow_up_note"])


class IncidentSummaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The summaries count every incident, so only those who see every incident (the
        dashboard's users) may read them; anybody else reads none. Mirrors
        ``Incident.objects.visible_to`` for those who see everything."""
        scoped = tenancy.scoped(self, user)
        if (
            not user.is_authenticated
            or not user.has_perm("incidents.view_incident")
            or not roles.sees_everything(user)
        ):
            return self.none()
        return scoped


class IncidentWeek(models.Model):
    """How many incidents of a category happened at a place in an ISO week (Copenhagen time),
    and in how many of them the police or an ambulance was called: the dashboard's totals and
    categories, for the plan's places. Kept by PostgreSQL triggers on incidents_incident (see
    incidents.summary, also for what the place costs in rows), so it is exact after every
    insert, update and delete, also from queryset updates and raw SQL; never written from
    Python. A row exists only while it counts at least one incident."""

    municipality = municipality_field()
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    # As for IncidentPlaceWeek: rows exist only while the place has incidents, and incidents
    # protect their place.
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
    )
    category = models.CharField(_("category"), max_length=30, choices=IncidentCategory.choices)
    count = models.PositiveIntegerField(_("incidents"))
    police = models.PositiveIntegerField(_("police called"))
    ambulance = models.PositiveIntegerField(_("ambulance called"))

    objects = IncidentSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["week", "place", "category"]
        verbose_name = _("incidents of a place, week and category")
        verbose_name_plural = _("incidents per place, week and category")
        constraints = [
            # The trigger's key, and the plan's figures' path: for each of the plan's places
            # its weeks of the period, read from the index alone.
            models.UniqueConstraint(
                fields=["place", "week", "category"],
                include=["count", "police", "ambulance", "municipality"],
                name="incidents_incidentweek_unique",
            ),
            models.CheckConstraint(
                condition=Q(week__iso_week_day=1), name="incidents_incidentweek_week_monday"
            ),
            models.CheckConstraint(
                condition=Q(category__in=IncidentCategory.values),
                name="incidents_incidentweek_category_valid",
            ),
            # 0 only for a moment inside the trigger, which then deletes the row.
            models.CheckConstraint(
                condition=Q(police__lte=F("count"), ambulance__lte=F("count")),
                name="incidents_incidentweek_called_within_count",
            ),
        ]

    def __str__(self):
        return f"{self.week:%G-W%V} {self.place_id} {self.get_category_display()}: {self.count}"

    def get_absolute_url(self):
        sunday = self.week + datetime.timedelta(days=6)
        return reverse("incidents:list") + (
            f"?place={self.place_id}&category={self.category}&date_from={self.week}"
            f"&date_to={sunday}"
        )


class IncidentPlaceWeek(models.Model):
    """How many incidents happened at a place in an ISO week (Copenhagen time): the
    dashboard's place × week table. Kept by the same triggers as IncidentWeek."""

    municipality = municipality_field()
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    # Rows exist only while the place has incidents, and incidents protect their place, so
    # Django need not look here when a place is deleted.
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
    )
    count = models.PositiveIntegerField(_("incidents"))

    objects = IncidentSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["week", "place"]
        verbose_name = _("incidents of a place and week")
        verbose_name_plural = _("incidents per place and week")
        constraints = [
            # Covers the period scan: an index-only scan of the period's rows.
            models.UniqueConstraint(
                fields=["week", "place"],
                include=["count"],
                name="incidents_incidentplaceweek_unique",
            ),
            models.CheckConstraint(
                condition=Q(week__iso_week_day=1),
                name="incidents_incidentplaceweek_week_monday",
            ),
        ]
        # One place's weeks (the cells of the table's rows).
        indexes = [
            models.Index(
                fields=["place", "week"], include=["count"], name="incidents_placeweek_place"
            )
        ]

    def __str__(self):
        return f"{self.week:%G-W%V} {self.place_id}: {self.count}"

    def get_absolute_url(self):
        sunday = self.week + datetime.timedelta(days=6)
        return reverse("incidents:list") + (
            f"?place={self.place_id}&date_from={self.week}&date_to={sunday}"
        )


class PlanIncidentWeek(models.Model):
    """How many incidents of a category happened at a plan's places in an ISO week
    (Copenhagen time), and in how many the police or an ambulance was called: the
    dashboard's totals, categories and weeks, one plan's rows read at once however many
    places it covers. The sum of IncidentWeek over the plan's places (ActionPlan.places),
    kept by PostgreSQL triggers on incidents_incidentweek and on the plans' place link (see
    incidents.summary); never written from Python. A row exists only while it counts at
    least one incident."""

    municipality = municipality_field()
    # Deleting a plan deletes its rows; the unique constraint below leads with the plan.
    plan = models.ForeignKey(
        "actionplan.ActionPlan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    category = models.CharField(_("category"), max_length=30, choices=IncidentCategory.choices)
    count = models.PositiveIntegerField(_("incidents"))
    police = models.PositiveIntegerField(_("police called"))
    ambulance = models.PositiveIntegerField(_("ambulance called"))

    objects = IncidentSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "week", "category"]
        verbose_name = _("incidents of a plan, week and category")
        verbose_name_plural = _("incidents per plan, week and category")
        constraints = [
            # The triggers' key, and the figures' path: the plan's weeks of the period, read
            # from the index alone.
            models.UniqueConstraint(
                fields=["plan", "week", "category"],
                include=["count", "police", "ambulance", "municipality"],
                name="incidents_planincidentweek_unique",
            ),
            models.CheckConstraint(
                condition=Q(week__iso_week_day=1), name="incidents_planincidentweek_week_monday"
            ),
            models.CheckConstraint(
                condition=Q(category__in=IncidentCategory.values),
                name="incidents_planincidentweek_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(police__lte=F("count"), ambulance__lte=F("count")),
                name="incidents_planincidentweek_called_within_count",
            ),
        ]

    def __str__(self):
        return f"{self.week:%G-W%V} {self.plan_id} {self.get_category_display()}: {self.count}"

    def get_absolute_url(self):
        sunday = self.week + datetime.timedelta(days=6)
        return reverse("incidents:list") + (
            f"?plan={self.plan_id}&category={self.category}&date_from={self.week}&date_to={sunday}"
        )


class SmallJobTask(models.TextChoices):
    CLEANING = "cleaning", _("Cleaning the square")
    WASHING_FURNITURE = "washing_furniture", _("Washing chairs and benches")
    GREEN_CARE = "green_care", _("Caring for plants")
    WASTE_COLLECTION = "waste_collection", _("Collecting waste")
    OTHER = "other", _("Other")


class SmallJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The same rule as for incidents: consultants and the steering group see all, a
        caretaker their own and those at their places, nobody else any."""
        scoped = tenancy.scoped(self, user)
        if not user.is_authenticated or not user.has_perm("incidents.view_smalljob"):
            return self.none()
        if roles.sees_everything(user):
            return scoped
        return scoped.filter(Q(reported_by=user) | Q(place_id__in=place_ids_of(user)))

    def totals(self):
        """Jobs, participants and hours of the rows, in one query (the small-jobs list)."""
        return self.order_by().aggregate(
            jobs=Count("pk"),
            participants=models.Sum("participants"),
            hours=models.Sum("hours"),
        )


@track(exclude=["fingerprint"], model_name="SmallJobEvent")
class SmallJob(models.Model):
    """A small job done with the people on the square (småjob): cleaning, washing chairs,
    caring for plants. The initiative it belongs to is added with the action plan's
    initiatives."""

    Task = SmallJobTask

    municipality = municipality_field()
    client_uuid = models.UUIDField(_("report ID"), unique=True, default=uuid.uuid4, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="small_jobs"
    )
    task = models.CharField(_("task"), max_length=30, choices=Task.choices)
    note = models.CharField(_("what was done"), max_length=200, blank=True)
    participants = models.PositiveSmallIntegerField(_("participants"), default=1)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    initiative = models.ForeignKey(
        "actionplan.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        related_name="small_jobs",
        null=True,
        blank=True,
        help_text=_("The small-jobs initiative the job belongs to."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        related_name="reported_small_jobs",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)

    objects = SmallJobQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("small job")
        verbose_name_plural = _("small jobs")
        # The list's order (a keyset page, byrum.pagination).
        indexes = [models.Index(fields=["date", "id"], name="incidents_smalljob_date_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__in=SmallJobTask.values), name="incidents_smalljob_task_valid"
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1, participants__lte=100),
                name="incidents_smalljob_participants_range",
                violation_error_message=_("Between 1 and 100 people can take part."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24),
                name="incidents_smalljob_hours_range",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
        ]

    def __str__(self):
        return f"{self.get_task_display()}, {self.place.name} {self.date:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("incidents:smalljob_list") + f"?place={self.place_id}"

    def can_change(self, user, *, now=None):
        """Consultants correct any small job; a caretaker their own, for 24 hours after
        logging it (then it counts in the figures as it stands)."""
        if user.has_perm("incidents.change_smalljob"):
            return True
        now = now or timezone.now()
        return (
            self.reported_by_id == user.pk
            and user.has_perm("incidents.add_smalljob")
            and now - self.created_at <= SMALL_JOB_OWN_CHANGE
        )

    def can_delete(self, user):
        return user.has_perm("incidents.delete_smalljob")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class IncidentExportQuerySet(models.QuerySet):
    def of(self, user):
        """The exports a user asked for: only theirs, whatever their role."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)

    def unfinished(self):
        return self.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])

    def expired(self, *, now, keep):
        """Exports to delete, files and all (background_exports.expire): those past their
        expiry, and those that never finished (failed, or stuck) ``keep`` after they were
        asked for."""
        return self.filter(
            Q(expires_at__lte=now) | Q(expires_at__isnull=True, requested_at__lte=now - keep)
        )


class IncidentExport(models.Model):
    """An export of the incident list too large to be written while the browser waits
    (INCIDENT_EXPORT_BACKGROUND_ROWS): a job writes the file to the media storage, showing
    its progress here, and mails the requester a link. Only the requester may fetch the
    file, until it expires (INCIDENT_EXPORT_KEEP_HOURS)."""

    Format = ExportFormat
    Status = ExportStatus

    municipality = municipality_field()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # The list's filters as a query string (as the access log stores them).
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("incidents"), null=True, blank=True)
    rows_written = models.PositiveIntegerField(_("incidents written"), default=0)
    # A random name in the media storage (never served as a public media URL).
    file = models.CharField(_("file"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    objects = IncidentExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("incident export")
        verbose_name_plural = _("incident exports")
        indexes = [
            models.Index(fields=["expires_at"], name="incidents_export_expires"),
            models.Index(fields=["requested_by", "status"], name="incidents_export_requester"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=ExportFormat.values), name="incidents_export_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="incidents_export_status_valid"
            ),
            # A finished export has its file, its time and its expiry.
            models.CheckConstraint(
                condition=~Q(status=ExportStatus.DONE)
                | (~Q(file="") & Q(expires_at__isnull=False, finished_at__isnull=False)),
                name="incidents_export_done_has_file",
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.requested_at).strftime("%d-%m-%Y %H:%M")
        return f"{self.get_format_display()} {when} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("incidents:export_status", args=[self.pk])

    @property
    def finished(self):
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    def is_available(self, *, now=None):
        """Whether the file may be fetched: written, and not yet expired."""
        return (
            self.status == ExportStatus.DONE
            and self.expires_at is not None
            and self.expires_at > (now or timezone.now())
        )

    @property
    def percent(self):
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)
