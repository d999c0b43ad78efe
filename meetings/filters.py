import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import ActionItemStatus
from byrum import search
from byrum.forms import SEARCH_MAX_LENGTH, DateInput
from byrum.suggest import SuggestFilter
from places.filters import PlaceChoiceFilter

from . import register
from .models import AgendaItem, Decision, Finding, Meeting, SafetyWalk


class MeetingFilter(django_filters.FilterSet):
    group = SuggestFilter(kind="group", label=_("Group"))
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    state = django_filters.ChoiceFilter(choices=Meeting.State.choices, label=_("State"))
    start_from = django_filters.DateFilter(
        field_name="start", lookup_expr="date__gte", label=_("From"), widget=DateInput()
    )
    start_to = django_filters.DateFilter(
        field_name="start", lookup_expr="date__lte", label=_("To"), widget=DateInput()
    )
    place = PlaceChoiceFilter(label=_("Place"))

    class Meta:
        model = Meeting
        fields = ["group", "kind", "state", "start_from", "start_to", "place"]


def _years():
    """The register's years: from the action plan's start to next year, newest first."""
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


FIRST_YEAR = 2015


def _search_field():
    return django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Searches decisions, minutes and agenda items; a word's beginning is enough."),
    )


class DecisionFilter(django_filters.FilterSet):
    q = _search_field()
    group = SuggestFilter(kind="group", field_name="agenda_item__meeting__group", label=_("Group"))
    year = django_filters.TypedChoiceFilter(
        field_name="agenda_item__meeting__start__year",
        choices=_years,
        coerce=int,
        label=_("Year"),
    )
    place = PlaceChoiceFilter(field_name="agenda_item__meeting__place", label=_("Place"))
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
        fields = ["q", "group", "year", "place", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset


class RegisterSearchFilter(django_filters.FilterSet):
    """The register when something is searched: agenda items (title, notes, decisions) with
    the same filters as the decision list (meetings/register.py)."""

    q = _search_field()
    group = SuggestFilter(kind="group", field_name="meeting__group", label=_("Group"))
    year = django_filters.TypedChoiceFilter(
        field_name="meeting__start__year", choices=_years, coerce=int, label=_("Year")
    )
    place = PlaceChoiceFilter(field_name="meeting__place", label=_("Place"))
    date_from = django_filters.DateFilter(
        field_name="meeting__start", lookup_expr="date__gte", label=_("From"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="meeting__start", lookup_expr="date__lte", label=_("To"), widget=DateInput()
    )

    class Meta:
        model = AgendaItem
        fields = ["q", "group", "year", "place", "date_from", "date_to"]

    def filter_queryset(self, queryset):
        """Every filter first, then the search: the newest matches of the filtered items
        (register.RANKED of them; ``more`` says whether older ones were left out), ranked."""
        self.query, self.more = None, False
        items = super().filter_queryset(queryset)
        if self.query is None:
            return items.none()
        ids = register.newest_matches(items, self.query, register.RANKED + 1)
        self.more = len(ids) > register.RANKED
        return register.search(items, self.query, ids=ids[: register.RANKED])

    def search(self, queryset, name, value):
        self.query = search.prefix_query(value)
        return queryset


class SafetyWalkFilter(django_filters.FilterSet):
    group = SuggestFilter(kind="group", label=_("Group"))
    place = PlaceChoiceFilter(label=_("Place"))
    state = django_filters.ChoiceFilter(choices=SafetyWalk.State.choices, label=_("State"))

    class Meta:
        model = SafetyWalk
        fields = ["group", "place", "state"]


class FindingFilter(django_filters.FilterSet):
    """The safety-walk findings export: the walk list's filters (group, place, state) applied
    to the findings of those walks, and a walk, a condition or a status of its own."""

    walk = django_filters.NumberFilter(field_name="walk", label=_("Safety walk"))
    group = SuggestFilter(kind="group", field_name="walk__group", label=_("Group"))
    place = PlaceChoiceFilter(field_name="walk__place", label=_("Place"))
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
