import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import ActionPlan
from byrum import search, suggest
from byrum.forms import SEARCH_MAX_LENGTH, DateInput
from byrum.widgets import LeanSelect
from places.filters import PlaceChoiceFilter
from places.models import Place

from .models import Incident, SmallJob


def local_midnight(day):
    """The start of ``day`` in the current time zone (Copenhagen)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class PlanAreaFilter(django_filters.ModelChoiceFilter):
    """At the places of an action plan (ActionPlan.places): the list behind the plan's
    incident and small-job figures, counting what they count."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Action plan"))
        kwargs.setdefault("help_text", _("At the plan's places."))
        super().__init__(
            *args, queryset=ActionPlan.objects.only("pk", "title"), widget=LeanSelect, **kwargs
        )

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(place_id__in=value.place_ids())


def reporters(queryset, user):
    """Everybody who has reported an incident ``user`` may see (the reporter filter's
    choices): one probe of the reported_by index per user, not a scan of every incident. Kept
    as "has reported" rather than "has the caretaker role" so that former caretakers' reports
    can still be found; a caretaker is offered only the colleagues whose reports they see."""
    visible = Incident.objects.visible_to(user)
    return queryset.filter(Exists(visible.filter(reported_by=OuterRef("pk"))))


def reporter_name(first_name, last_name, username):
    return f"{first_name} {last_name}".strip() or username


def reporter_called(text):
    """The users called ``text``: their username, or their whole name split anywhere into
    first and last name ("Anne Marie Holm")."""
    called = Q(username__iexact=text) | Q(first_name__iexact=text, last_name="")
    words = text.split()
    for cut in range(1, len(words)):
        called |= Q(
            first_name__iexact=" ".join(words[:cut]), last_name__iexact=" ".join(words[cut:])
        )
    return called


# The reporter field of the incident list: typed, as the place field (byrum/suggest.py); the
# users are the city's caretakers, and the list would otherwise read who reported what for
# every one of them on each page.
REPORTER = suggest.Kind(
    key="reporter",
    model=get_user_model(),
    name="first_name",
    search=("first_name", "last_name", "username"),
    order_by=("first_name", "last_name", "username", "pk"),
    queryset=reporters,
    permission="incidents.view_incident_detail",
    label_fields=("first_name", "last_name", "username"),
    labeller=reporter_name,
    exact=reporter_called,
)


class IncidentFilter(django_filters.FilterSet):
    """The filters of the incident list, also applied to its CSV and Excel exports."""

    q = django_filters.CharFilter(max_length=SEARCH_MAX_LENGTH, label=_("Search"), method="search")
    plan = PlanAreaFilter()
    place = PlaceChoiceFilter(label=_("Place"))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Incident.Category.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Incident.Severity.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="occurred_at", method="since", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="occurred_at", method="until", widget=DateInput()
    )
    reporter = suggest.SuggestFilter(
        label=_("Reported by"), field_name="reported_by", kind=REPORTER.key
    )
    police_called = django_filters.TypedChoiceFilter(
        label=_("Police called"), choices=YES_NO, coerce=lambda v: v == "true"
    )
    ambulance_called = django_filters.TypedChoiceFilter(
        label=_("Ambulance called"), choices=YES_NO, coerce=lambda v: v == "true"
    )
    follow_up_needed = django_filters.TypedChoiceFilter(
        label=_("Follow-up needed"), choices=YES_NO, coerce=lambda v: v == "true"
    )
    status = django_filters.ChoiceFilter(
        label=_("Follow-up status"), choices=Incident.Status.choices
    )

    class Meta:
        model = Incident
        fields = [
            "q",
            "plan",
            "place",
            "category",
            "severity",
            "date_from",
            "date_to",
            "reporter",
            "police_called",
            "ambulance_called",
            "follow_up_needed",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Without the detail permission the reporter is not shown, so it is no filter either,
        # and the search reads the place's name only, never the free text.
        user = getattr(self.request, "user", None)
        self.detail = user is not None and user.has_perm("incidents.view_incident_detail")
        if not self.detail:
            del self.filters["reporter"]
            self.filters["q"].extra["help_text"] = _("Searches the names of the places.")

    # The days are Copenhagen days, compared as times so that the index on occurred_at
    # serves them (``occurred_at__date`` would convert every row's time first).
    def since(self, queryset, name, value):
        if value <= datetime.date.min + datetime.timedelta(days=1):
            return queryset  # "since the year 1": no bound (and no overflow in UTC)
        return queryset.filter(occurred_at__gte=local_midnight(value))

    def until(self, queryset, name, value):
        if value >= datetime.date.max - datetime.timedelta(days=1):
            return queryset
        return queryset.filter(occurred_at__lt=local_midnight(value + datetime.timedelta(days=1)))

    def filter_queryset(self, queryset):
        """Every filter; the text search (``text_match``) last, and kept apart as well, so
        that the list can read a page of it in steps (byrum.pagination.keyset_page's
        ``match``) while the exports and counts read ``qs``, which has it."""
        self.text_match = None
        self.unsearched = super().filter_queryset(queryset)
        if self.text_match is None:
            return self.unsearched
        return self.unsearched.filter(self.text_match)

    def search(self, queryset, name, value):
        """Danish full-text search in the free text, a word's beginning being enough
        (byrum/search.py: the stored search column and its GIN index), or the incident's
        place by name. The places are looked up first (a small table), so PostgreSQL gets
        their ids, not a join to estimate; without the detail permission only the place's
        name is searched, never the free text."""
        places = list(places_named(value))
        query = search.prefix_query(value) if self.detail else None
        if query is None:
            return queryset.filter(place_id__in=places)
        self.text_match = Q(search_vector=query)
        if places:
            self.text_match |= Q(place_id__in=places)
        return queryset


def places_named(text):
    """The ids of the places whose name holds ``text`` (a small table: read whole)."""
    return Place.objects.filter(name__icontains=text).order_by().values_list("pk", flat=True)


class SmallJobFilter(django_filters.FilterSet):
    plan = PlanAreaFilter()
    place = PlaceChoiceFilter(label=_("Place"))
    task = django_filters.ChoiceFilter(label=_("Task"), choices=SmallJob.Task.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = SmallJob
        fields = ["plan", "place", "task", "date_from", "date_to"]
