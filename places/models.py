"""Places: the city's squares, parks, streets and housing areas where the work happens.

A place gathers what is there (facilities and their state), the problems seen there (from
context analyses, safety walks, incidents and meetings) and when it is busy over the day and
the year. Other apps hang their work on places with foreign keys to Place.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import suggest, tenancy
from byrum.history import track
from governance.models import Group, Person, UniqueInMunicipality, municipality_field

# Denmark's bounding box, Bornholm and Skagen included: a point outside is a typing error
# (swapped latitude and longitude, a missing minus) rather than a Danish place.
DENMARK_BOUNDS = {"lat_min": 54.4, "lat_max": 57.9, "lon_min": 7.9, "lon_max": 15.3}


def in_denmark(latitude, longitude) -> bool:
    b = DENMARK_BOUNDS
    return (
        b["lat_min"] <= float(latitude) <= b["lat_max"]
        and b["lon_min"] <= float(longitude) <= b["lon_max"]
    )


class PlaceKind(models.TextChoices):
    SQUARE = "square", _("Square")
    PARK = "park", _("Park")
    STREET = "street", _("Street")
    HOUSING_AREA = "housing_area", _("Housing area")
    DROP_IN_CENTRE = "drop_in_centre", _("Drop-in centre (værested)")
    SAFE_PLACE = "safe_place", _("Safe place (hellested)")
    OTHER = "other", _("Other")


class PlaceQuerySet(models.QuerySet):
    def for_user(self, user):
        """The places a user may see: every role reads every place; no role, no places."""
        scoped = tenancy.scoped(self, user)
        if user.has_perm("places.view_place"):
            return scoped
        return self.none()

    def with_open_problem_count(self):
        """Annotate ``open_problem_count``: problems not yet resolved (open or being
        addressed). Used by the map, the list and the GeoJSON export."""
        return self.annotate(
            open_problem_count=Count(
                "problems", filter=~Q(problems__status=ProblemStatus.RESOLVED), distinct=True
            )
        )

    def for_map(self):
        """The map and list page, and /places.geojson: one query for any number of places."""
        return self.select_related("local_group").with_open_problem_count()

    def for_detail(self):
        """The place page: everything about the place in a fixed number of queries."""
        return self.select_related("local_group").prefetch_related(
            "facilities",
            "usage",
            Prefetch(
                "contacts",
                queryset=Person.objects.select_related("organisation"),
            ),
            Prefetch(
                "problems",
                queryset=Problem.objects.prefetch_related(
                    Prefetch("notes", queryset=ProblemNote.objects.select_related("author"))
                ),
            ),
        )


@track()
class Place(UniqueInMunicipality, models.Model):
    Kind = PlaceKind

    municipality = municipality_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100)
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
    description = models.TextField(_("description"), blank=True)
    local_group = models.ForeignKey(
        Group,
        verbose_name=_("local group"),
        on_delete=models.SET_NULL,
        related_name="places",
        null=True,
        blank=True,
    )
    address = models.CharField(
        _("address or where it is"),
        max_length=255,
        blank=True,
        help_text=_("A street address, or a few words on how to find it."),
    )
    outline = models.JSONField(
        _("outline (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Optional: the area as a GeoJSON Polygon or MultiPolygon."),
    )
    usage_notes = models.TextField(
        _("use over the day and the year"),
        blank=True,
        help_text=_("Who uses the place, when and for what, e.g. from a context analysis."),
    )
    contacts = models.ManyToManyField(
        Person,
        verbose_name=_("contacts"),
        related_name="contact_for_places",
        blank=True,
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        # The place field's suggestions: the words of the name and the city (byrum/suggest.py).
        indexes = [suggest.words_index("name", "city", name="places_place_words")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PlaceKind.values), name="places_place_kind_valid"
            ),
            models.UniqueConstraint(
                "municipality",
                models.functions.Lower("name"),
                models.functions.Lower("city"),
                name="places_place_name_city_ci_unique",
                violation_error_message=_("A place with this name already exists in this city."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="places_place_coordinates_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    def get_absolute_url(self):
        return reverse("places:detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        # Only Danish places: no database constraint, so other apps' test data may sit
        # anywhere, but every form, the admin and import_places check it.
        if (
            self.latitude is not None
            and self.longitude is not None
            and -90 <= self.latitude <= 90
            and -180 <= self.longitude <= 180
            and not in_denmark(self.latitude, self.longitude)
        ):
            errors["latitude"] = _(
                "The point lies outside Denmark. Latitude must be between 54.4 and 57.9 and "
                "longitude between 7.9 and 15.3: are the two swapped?"
            )
        if self.outline not in (None, ""):
            from .geojson import GeoJSONError, validate_outline

            try:
                validate_outline(self.outline)
            except GeoJSONError as error:
                errors["outline"] = str(error)
        if errors:
            raise ValidationError(errors)


class FacilityKind(models.TextChoices):
    TOILETS = "toilets", _("Toilets")
    LIGHTING = "lighting", _("Lighting")
    BENCHES = "benches", _("Benches and tables")
    SHELTER = "shelter", _("Shelter")
    BIKE_PARKING = "bike_parking", _("Bike parking")
    WASTE_BINS = "waste_bins", _("Waste bins")
    OTHER = "other", _("Other")


class FacilityState(models.TextChoices):
    GOOD = "good", _("In good order")
    WORN = "worn", _("Worn, needs attention")
    OUT_OF_ORDER = "out_of_order", _("Out of order")
    MISSING = "missing", _("Missing")


@track()
class Facility(models.Model):
    """What is there on a place (toilets, lighting, benches ...) and the state it is in."""

    Kind = FacilityKind
    State = FacilityState

    municipality = municipality_field()
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="facilities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("condition"), max_length=20, choices=State.choices, default=State.GOOD
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["place", "kind", "pk"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FacilityKind.values), name="places_facility_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=FacilityState.values), name="places_facility_state_valid"
            ),
            models.UniqueConstraint(
                fields=["place", "kind"],
                condition=~Q(kind="other"),
                name="places_facility_one_per_kind",
                violation_error_message=_(
                    "This place already lists that facility: describe them in one line."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_state_display()}"

    def get_absolute_url(self):
        return self.place.get_absolute_url()

    @property
    def needs_attention(self):
        return self.state != FacilityState.GOOD


class ProblemCategory(models.TextChoices):
    VIOLENT_CONFLICTS = "violent_conflicts", _("Violent conflicts")
    CROWDING = "crowding", _("Crowding")
    WASTE = "waste", _("Waste")
    TOILET_CONDITIONS = "toilet_conditions", _("Toilet conditions")
    NOISE = "noise", _("Noise")
    SLEEPING_ROUGH = "sleeping_rough", _("Sleeping rough")
    STRESS = "stress", _("Stress and poor sleep")
    NO_ORDER = "no_order", _("No one keeping order")
    OTHER = "other", _("Other")


class ProblemSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ProblemSource(models.TextChoices):
    CONTEXT_ANALYSIS = "context_analysis", _("Context analysis")
    SAFETY_WALK = "safety_walk", _("Safety walk")
    INCIDENTS = "incidents", _("Incidents")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BEING_ADDRESSED = "being_addressed", _("Being addressed")
    RESOLVED = "resolved", _("Resolved")


class ProblemQuerySet(models.QuerySet):
    def unresolved(self):
        """Open or being addressed: what the map counts as a place's open problems."""
        return self.exclude(status=ProblemStatus.RESOLVED)


@track()
class Problem(models.Model):
    """A problem seen on a place, with where it was observed and how it has been followed."""

    Category = ProblemCategory
    Severity = ProblemSeverity
    Source = ProblemSource
    Status = ProblemStatus

    municipality = municipality_field()
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="problems"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"))
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    source = models.CharField(
        _("observed in"), max_length=20, choices=Source.choices, default=Source.OTHER
    )
    observed_on = models.DateField(_("observed on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["place", "-observed_on", "-pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        permissions = [("change_problem_status", _("Can change the status of a problem"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ProblemCategory.values),
                name="places_problem_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=ProblemSeverity.values),
                name="places_problem_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ProblemSource.values), name="places_problem_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProblemStatus.values), name="places_problem_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=ProblemStatus.RESOLVED) & Q(resolved_on__isnull=False))
                | (~Q(status=ProblemStatus.RESOLVED) & Q(resolved_on__isnull=True)),
                name="places_problem_resolved_on_iff_resolved",
                violation_error_message=_(
                    "A resolved problem needs the date it was resolved, and only a resolved "
                    "problem has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("observed_on")),
                name="places_problem_resolved_after_observed",
                violation_error_message=_("A problem cannot be resolved before it was observed."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} – {self.place.name}"

    def get_absolute_url(self):
        return f"{self.place.get_absolute_url()}#problem-{self.pk}"

    @property
    def is_resolved(self):
        return self.status == ProblemStatus.RESOLVED

    def clean(self):
        super().clean()
        if self.status == ProblemStatus.RESOLVED and self.resolved_on is None:
            raise ValidationError({"resolved_on": _("Give the date the problem was resolved.")})
        if self.status != ProblemStatus.RESOLVED and self.resolved_on is not None:
            raise ValidationError(
                {"resolved_on": _("Only a resolved problem has a date it was resolved.")}
            )
        if self.resolved_on and self.observed_on and self.resolved_on < self.observed_on:
            raise ValidationError(
                {"resolved_on": _("A problem cannot be resolved before it was observed.")}
            )


@track()
class ProblemNote(models.Model):
    """A dated note on a problem; a note that changed the status records the new status."""

    municipality = municipality_field()
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="notes"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("new status"), max_length=20, choices=ProblemStatus.choices, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["problem", "date", "created_at", "pk"]
        verbose_name = _("problem note")
        verbose_name_plural = _("problem notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=ProblemStatus.values),
                name="places_problemnote_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="") | ~Q(text=""),
                name="places_problemnote_not_empty",
                violation_error_message=_("A note needs a text or a new status."),
            ),
        ]

    def __str__(self):
        return f"{self.date}: {self.text[:60] or self.get_status_display()}"

    def get_absolute_url(self):
        return self.problem.get_absolute_url()

    def clean(self):
        super().clean()
        if not self.status and not self.text.strip():
            raise ValidationError(_("A note needs a text or a new status."))


class Season(models.TextChoices):
    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")
    AUTUMN = "autumn", _("Autumn")
    WINTER = "winter", _("Winter")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning (6–10)")
    DAYTIME = "daytime", _("Daytime (10–15)")
    AFTERNOON = "afternoon", _("Afternoon (15–18)")
    EVENING = "evening", _("Evening (18–23)")
    NIGHT = "night", _("Night (23–6)")


class UsageLevel(models.IntegerChoices):
    QUIET = 1, _("Quiet")
    SOME = 2, _("Some people")
    BUSY = 3, _("Busy")


@track()
class UsagePattern(models.Model):
    """How busy a place is at a time of day in a season: one cell of the grid a consultant
    fills in from a context analysis. Cells nobody knows are simply absent."""

    Season = Season
    TimeOfDay = TimeOfDay
    Level = UsageLevel

    municipality = municipality_field()
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="usage"
    )
    season = models.CharField(_("season"), max_length=10, choices=Season.choices)
    time_of_day = models.CharField(_("time of day"), max_length=10, choices=TimeOfDay.choices)
    level = models.PositiveSmallIntegerField(_("how busy"), choices=Level.choices)

    class Meta:
        ordering = ["place", "season", "time_of_day"]
        verbose_name = _("use over the day and the year")
        verbose_name_plural = _("use over the day and the year")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "season", "time_of_day"], name="places_usagepattern_one_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(season__in=Season.values), name="places_usagepattern_season_valid"
            ),
            models.CheckConstraint(
                condition=Q(time_of_day__in=TimeOfDay.values),
                name="places_usagepattern_time_of_day_valid",
            ),
            models.CheckConstraint(
                condition=Q(level__in=UsageLevel.values), name="places_usagepattern_level_valid"
            ),
        ]

    def __str__(self):
        return (
            f"{self.place.name}: {self.get_season_display()}, "
            f"{self.get_time_of_day_display()} – {self.get_level_display()}"
        )

    def get_absolute_url(self):
        return self.place.get_absolute_url()
