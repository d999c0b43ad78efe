import django_filters
from django.utils.translation import gettext_lazy as _

from byrum.widgets import LeanSelect
from governance.models import Group, Organisation, Person
from places.filters import PlaceChoiceFilter

from .models import ActionItem, ActionPlan, Initiative, Track


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    municipality = django_filters.CharFilter(lookup_expr="iexact", label=_("Municipality"))
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status.choices, label=_("Status"))

    class Meta:
        model = ActionPlan
        fields = ["q", "municipality", "status"]


class InitiativeFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=ActionPlan.objects.only("pk", "title"), label=_("Plan"), widget=LeanSelect
    )
    kind = django_filters.ChoiceFilter(choices=Initiative.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Initiative.Status.choices, label=_("Status"))
    track = django_filters.ChoiceFilter(choices=Track.choices, label=_("Track"))
    place = PlaceChoiceFilter(field_name="places", label=_("Place"))
    organisation = django_filters.ModelChoiceFilter(
        field_name="responsible_organisation",
        queryset=Organisation.objects.only("pk", "name"),
        label=_("Responsible organisation"),
        widget=LeanSelect,
    )

    class Meta:
        model = Initiative
        fields = ["plan", "kind", "status", "track", "place", "organisation"]


class ActionItemFilter(django_filters.FilterSet):
    responsible = django_filters.ModelChoiceFilter(
        field_name="responsible_person",
        queryset=Person.objects.only("pk", "name"),
        label=_("Responsible person"),
        widget=LeanSelect,
    )
    organisation = django_filters.ModelChoiceFilter(
        field_name="responsible_organisation",
        queryset=Organisation.objects.only("pk", "name"),
        label=_("Organisation"),
        widget=LeanSelect,
    )
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, label=_("Status"))
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", _("Overdue only")), ("no", _("Not overdue"))],
        method="filter_overdue",
        label=_("Overdue"),
    )
    source = django_filters.ChoiceFilter(choices=ActionItem.Source.choices, label=_("Source"))
    group = django_filters.ModelChoiceFilter(
        queryset=Group.objects.only("pk", "name"), label=_("Group"), widget=LeanSelect
    )

    class Meta:
        model = ActionItem
        fields = ["responsible", "organisation", "status", "overdue", "source", "group"]

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.overdue()
        if value == "no":
            return queryset.not_overdue()
        return queryset
