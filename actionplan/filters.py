import django_filters
from django.utils.translation import gettext_lazy as _

from byrum.forms import SEARCH_MAX_LENGTH, DateInput
from byrum.suggest import SuggestFilter
from byrum.widgets import LeanSelect
from places.filters import PlaceChoiceFilter

from .models import (
    ActionItem,
    ActionPlan,
    ActivityKind,
    AssessmentStatus,
    ConflictKind,
    Goal,
    Initiative,
    InputKind,
    InputOutcome,
    InvolvementActivity,
    InvolvementInput,
    MediationCase,
    MediationOutcome,
    Track,
)


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        max_length=SEARCH_MAX_LENGTH, field_name="title", lookup_expr="icontains", label=_("Title")
    )
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status.choices, label=_("Status"))

    class Meta:
        model = ActionPlan
        fields = ["q", "status"]


NOT_ASSESSED = "none"


class GoalFilter(django_filters.FilterSet):
    """The goal list: by plan, track and status on a day. The dashboard's goal figures
    ("2 on track") link here with the day their status was counted on, so the list shows
    exactly the goals the figure counted."""

    plan = django_filters.ModelChoiceFilter(
        queryset=ActionPlan.objects.only("pk", "title"), label=_("Plan"), widget=LeanSelect
    )
    track = django_filters.ChoiceFilter(choices=Track.choices, label=_("Track"))
    status = django_filters.ChoiceFilter(
        choices=[*AssessmentStatus.choices, (NOT_ASSESSED, _("Not assessed yet"))],
        method="filter_status",
        label=_("Status"),
    )
    # Read by filter_queryset: the day the status is taken on (today when empty).
    on = django_filters.DateFilter(label=_("Status on"), method="status_day", widget=DateInput())

    class Meta:
        model = Goal
        fields = ["plan", "track", "status", "on"]

    def filter_queryset(self, queryset):
        on = self.form.cleaned_data.get("on")
        return super().filter_queryset(queryset.with_status(on))

    def status_day(self, queryset, name, value):
        return queryset  # applied in filter_queryset, before the status is compared

    def filter_status(self, queryset, name, value):
        if value == NOT_ASSESSED:
            return queryset.filter(status_on__isnull=True)
        return queryset.filter(status_on=value)


class InitiativeFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=ActionPlan.objects.only("pk", "title"), label=_("Plan"), widget=LeanSelect
    )
    kind = django_filters.ChoiceFilter(choices=Initiative.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Initiative.Status.choices, label=_("Status"))
    track = django_filters.ChoiceFilter(choices=Track.choices, label=_("Track"))
    citizen_driven = django_filters.ChoiceFilter(
        choices=[("yes", _("Citizen-driven only"))],
        method="filter_citizen_driven",
        label=_("Citizen-driven"),
    )
    place = PlaceChoiceFilter(field_name="places", label=_("Place"))
    organisation = SuggestFilter(
        kind="organisation",
        field_name="responsible_organisation",
        label=_("Responsible organisation"),
    )

    class Meta:
        model = Initiative
        fields = ["plan", "kind", "status", "track", "citizen_driven", "place", "organisation"]

    def filter_citizen_driven(self, queryset, name, value):
        return queryset.citizen_driven() if value == "yes" else queryset


class ActionItemFilter(django_filters.FilterSet):
    responsible = SuggestFilter(
        kind="person", field_name="responsible_person", label=_("Responsible person")
    )
    organisation = SuggestFilter(
        kind="organisation", field_name="responsible_organisation", label=_("Organisation")
    )
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, label=_("Status"))
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", _("Overdue only")), ("no", _("Not overdue"))],
        method="filter_overdue",
        label=_("Overdue"),
    )
    source = django_filters.ChoiceFilter(choices=ActionItem.Source.choices, label=_("Source"))
    group = SuggestFilter(kind="group", label=_("Group"))
    plan = django_filters.ModelChoiceFilter(
        queryset=ActionPlan.objects.only("pk", "title"),
        method="filter_plan",
        label=_("Plan"),
        help_text=_("The items of the plan's groups and initiatives."),
        widget=LeanSelect,
    )

    class Meta:
        model = ActionItem
        fields = ["responsible", "organisation", "status", "overdue", "source", "group", "plan"]

    def filter_plan(self, queryset, name, value):
        return queryset.of_plan(value)

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.overdue()
        if value == "no":
            return queryset.not_overdue()
        return queryset


# --- Citizen involvement -----------------------------------------------------------------------


class InvolvementActivityFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=ActionPlan.objects.only("pk", "title"), label=_("Plan"), widget=LeanSelect
    )
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    place = PlaceChoiceFilter(label=_("Place"))
    group = SuggestFilter(kind="group", label=_("Group"))
    initiative = django_filters.ModelChoiceFilter(
        queryset=Initiative.objects.only("pk", "title"), label=_("Initiative"), widget=LeanSelect
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=DateInput()
    )

    class Meta:
        model = InvolvementActivity
        fields = ["plan", "kind", "place", "group", "initiative", "date_from", "date_to"]


class InvolvementInputFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        field_name="activity__plan",
        queryset=ActionPlan.objects.only("pk", "title"),
        label=_("Plan"),
        widget=LeanSelect,
    )
    activity = django_filters.ModelChoiceFilter(
        queryset=InvolvementActivity.objects.only("pk", "title", "date"),
        label=_("Activity"),
        widget=LeanSelect,
    )
    activity_kind = django_filters.ChoiceFilter(
        field_name="activity__kind", choices=ActivityKind.choices, label=_("Kind of activity")
    )
    kind = django_filters.ChoiceFilter(choices=InputKind.choices, label=_("Kind of input"))
    outcome = django_filters.ChoiceFilter(
        choices=InputOutcome.choices, label=_("What became of it")
    )
    answered = django_filters.ChoiceFilter(
        choices=[("yes", _("Answered")), ("no", _("Not answered yet"))],
        method="filter_answered",
        label=_("Answered"),
    )
    changed = django_filters.ChoiceFilter(
        choices=[("yes", _("Changed something"))],
        method="filter_changed",
        label=_("Changed something"),
    )

    class Meta:
        model = InvolvementInput
        fields = ["plan", "activity", "activity_kind", "kind", "outcome", "answered", "changed"]

    def filter_answered(self, queryset, name, value):
        if value == "yes":
            return queryset.answered()
        if value == "no":
            return queryset.unanswered()
        return queryset

    def filter_changed(self, queryset, name, value):
        return queryset.changed_something() if value == "yes" else queryset


class MediationCaseFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=ActionPlan.objects.only("pk", "title"), label=_("Plan"), widget=LeanSelect
    )
    place = PlaceChoiceFilter(label=_("Housing area"))
    conflict_kind = django_filters.ChoiceFilter(
        choices=ConflictKind.choices, label=_("Kind of conflict")
    )
    outcome = django_filters.ChoiceFilter(choices=MediationOutcome.choices, label=_("Outcome"))
    referred = django_filters.BooleanFilter(
        field_name="referred_to_outreach", label=_("Referred to outreach workers")
    )

    class Meta:
        model = MediationCase
        fields = ["plan", "place", "conflict_kind", "outcome", "referred"]
