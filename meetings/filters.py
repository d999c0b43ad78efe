import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from byrum.forms import DateInput
from governance.models import Group
from places.models import Place

from .models import Decision, Meeting, SafetyWalk


def _groups(request):
    return Group.objects.all()


class MeetingFilter(django_filters.FilterSet):
    group = django_filters.ModelChoiceFilter(queryset=_groups, label=_("Group"))
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    state = django_filters.ChoiceFilter(choices=Meeting.State.choices, label=_("State"))
    start_from = django_filters.DateFilter(
        field_name="start", lookup_expr="date__gte", label=_("From"), widget=DateInput()
    )
    start_to = django_filters.DateFilter(
        field_name="start", lookup_expr="date__lte", label=_("To"), widget=DateInput()
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.order_by("city", "name"), label=_("Place")
    )

    class Meta:
        model = Meeting
        fields = ["group", "kind", "state", "start_from", "start_to", "place"]


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), widget=forms.TextInput(attrs={"type": "search"})
    )
    group = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting__group", queryset=_groups, label=_("Group")
    )
    date_from = django_filters.DateFilter(
        field_name="agenda_item__meeting__start",
        lookup_expr="date__gte",
        label=_("From"),
        widget=DateInput(),
    )
    date_to = django_filters.DateFilter(
        field_name="agenda_item__meeting__start",
        lookup_expr="date__lte",
        label=_("To"),
        widget=DateInput(),
    )

    class Meta:
        model = Decision
        fields = ["q", "group", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset


class SafetyWalkFilter(django_filters.FilterSet):
    group = django_filters.ModelChoiceFilter(queryset=_groups, label=_("Group"))
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.order_by("city", "name"), label=_("Place")
    )
    state = django_filters.ChoiceFilter(choices=SafetyWalk.State.choices, label=_("State"))

    class Meta:
        model = SafetyWalk
        fields = ["group", "place", "state"]
