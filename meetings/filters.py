import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from actionplan.models import ActionItemStatus
from byrum.forms import DateInput
from governance.models import Group
from places.models import Place

from .models import Decision, Finding, Meeting, SafetyWalk


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


class FindingFilter(django_filters.FilterSet):
    """The safety-walk findings export: the walk list's filters (group, place, state) applied
    to the findings of those walks, and a walk, a condition or a status of its own."""

    walk = django_filters.NumberFilter(field_name="walk", label=_("Safety walk"))
    group = django_filters.ModelChoiceFilter(
        field_name="walk__group", queryset=_groups, label=_("Group")
    )
    place = django_filters.ModelChoiceFilter(
        field_name="walk__place", queryset=Place.objects.all(), label=_("Place")
    )
    state = django_filters.ChoiceFilter(
        field_name="walk__state", choices=SafetyWalk.State.choices, label=_("State")
    )
    condition = django_filters.ChoiceFilter(choices=Finding.Condition.choices, label=_("Condition"))
    status = django_filters.ChoiceFilter(
        field_name="action_item__status", choices=ActionItemStatus.choices, label=_("Status")
    )

    class Meta:
        model = Finding
        fields = ["walk", "group", "place", "state", "condition", "status"]
