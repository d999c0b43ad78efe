import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.forms import DateInput
from places.models import Place

from .models import Incident, SmallJob

YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


def reporters(request):
    """Everybody who has reported an incident (for the reporter filter)."""
    return (
        get_user_model()
        .objects.filter(pk__in=Incident.objects.values("reported_by"))
        .order_by("first_name", "last_name", "username")
    )


class ReporterField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ReporterChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ReporterField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=reporters, **kwargs)


class IncidentFilter(django_filters.FilterSet):
    """The filters of the incident list, also applied to its CSV and Excel exports."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    place = django_filters.ModelChoiceFilter(
        label=_("Place"), queryset=Place.objects.order_by("city", "name")
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Incident.Category.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Incident.Severity.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="occurred_at", lookup_expr="date__gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="occurred_at", lookup_expr="date__lte", widget=DateInput()
    )
    reporter = ReporterChoiceFilter(label=_("Reported by"), field_name="reported_by")
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

    def search(self, queryset, name, value):
        """Danish full-text search in the free text, plus the place's name."""
        query = SearchQuery(value, config="danish", search_type="websearch")
        vector = SearchVector("description", "follow_up_note", config="danish")
        return queryset.annotate(search=vector).filter(
            Q(search=query)
            | Q(description__icontains=value)
            | Q(place__name__icontains=value)
        )


class SmallJobFilter(django_filters.FilterSet):
    place = django_filters.ModelChoiceFilter(
        label=_("Place"), queryset=Place.objects.order_by("city", "name")
    )
    task = django_filters.ChoiceFilter(label=_("Task"), choices=SmallJob.Task.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = SmallJob
        fields = ["place", "task", "date_from", "date_to"]
