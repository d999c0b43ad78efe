from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import suggest
from byrum.dates import check_due_date
from byrum.forms import CrispyFormMixin, DateInput
from places.models import Place

from .decision_links import decision_choices
from .models import (
    PARTICIPANT_FIELDS,
    PARTICIPANT_KINDS,
    ActionItem,
    ActionPlan,
    ApprovalStep,
    Assessment,
    Goal,
    Initiative,
    InitiativeStatus,
    InitiativeUpdate,
    InputOutcome,
    InvolvementActivity,
    InvolvementInput,
    MediationCase,
    TimelineActivity,
)

# --- The action plan --------------------------------------------------------------------------


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month, typed as 2018-03 (browsers without a month picker show a text box)."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a month as year-month, e.g. 2018-03.")}

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class SecondarySubmit(Submit):
    field_classes = "btn btn-outline-secondary"


class ActionPlanForm(CrispyFormMixin, forms.ModelForm):
    """The plan, its area (places and groups) and its secretariat. A second button proposes
    the places of the plan's initiatives and local groups (``ActionPlan.proposed_places``)
    without saving."""

    PROPOSE = "propose"

    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "period_start",
            "period_end",
            "budget",
            "status",
            "project_leader",
            "consultants",
            "groups",
            "places",
            "purpose",
            "themes",
            "short_term_track",
            "long_term_track",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "groups": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.Textarea(attrs={"rows": 4}),
            "short_term_track": forms.Textarea(attrs={"rows": 2}),
            "long_term_track": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "places": _(
                "The places the plan covers: the dashboard and the council report count the "
                "incidents and small jobs here. Type a name to add a place. "
                "«Propose places» adds the places of the plan's initiatives and local groups."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suggest.typed(self, "project_leader", "person")
        # Typed, not listed: a city has some 2,000 places and 1,200 people.
        suggest.typed(self, "consultants", "person")
        suggest.typed(self, "places", "place")
        if self.instance.pk:
            self.helper.add_input(SecondarySubmit(self.PROPOSE, _("Propose places")))

    def with_proposed_places(self):
        """The form again, unsaved, with the proposed places added to those chosen (posted,
        or the plan's own): what «Propose places» shows. Returns the form and how many places
        it added."""
        proposed = {str(pk) for pk in self.instance.proposed_places().values_list("pk", flat=True)}
        if self.is_bound:
            # As posted, whatever it is (the form says what is wrong), then the new ones.
            chosen = self.data.getlist("places")
            data = self.data.copy()
        else:
            chosen = [str(pk) for pk in self.instance.places.values_list("pk", flat=True)]
            data = None
        added = sorted(proposed - set(chosen), key=int)
        places = [*chosen, *added]
        if data is None:
            form = type(self)(instance=self.instance, initial={"places": places})
        else:
            data.setlist("places", places)
            form = type(self)(data, instance=self.instance)
        return form, len(added)


class ApprovalStepForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = ApprovalStep
        fields = ["body", "planned_date", "actual_date", "outcome", "note"]
        widgets = {
            "planned_date": DateInput(),
            "actual_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


class TimelineActivityForm(CrispyFormMixin, forms.ModelForm):
    month = MonthField(label=_("month"))

    class Meta:
        model = TimelineActivity
        fields = [
            "month",
            "activity",
            "responsible_group",
            "responsible_person",
            "status",
            "happened_on",
            "note",
        ]
        widgets = {"happened_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        suggest.typed(self, "responsible_person", "person")


class GoalForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "plan",
            "track",
            "text",
            "success_criteria",
            "indicator",
            "baseline",
            "target",
            "value_min",
            "value_max",
            "horizon",
        ]
        widgets = {"horizon": DateInput(), "success_criteria": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"plan": {"required": _("Choose the action plan the goal belongs to.")}}


class AssessmentForm(CrispyFormMixin, forms.ModelForm):
    """A dated assessment of one goal."""

    submit_label = _("Save assessment")

    class Meta:
        model = Assessment
        fields = ["date", "status", "measured_value", "note", "assessed_by"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal = goal
        suggest.typed(self, "assessed_by", "person")


class PlanEvaluationForm(CrispyFormMixin, forms.ModelForm):
    """A dated assessment of the whole plan on one evaluation point of the terms of reference."""

    submit_label = _("Save assessment")

    class Meta:
        model = Assessment
        fields = ["point", "date", "status", "note", "assessed_by"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["point"].required = True
        suggest.typed(self, "assessed_by", "person")


class InitiativeForm(CrispyFormMixin, forms.ModelForm):
    """Creates and edits an initiative. Its status changes only through a status update
    (InitiativeStatusForm), so the history is never skipped; on creation the first status is
    chosen here and recorded as the first update."""

    confirm_overspend = forms.BooleanField(
        label=_("Yes, more has been spent than allocated"),
        required=False,
        help_text=_("Tick this to save an amount spent that is above the amount allocated."),
    )

    class Meta:
        model = Initiative
        fields = [
            "plan",
            "title",
            "kind",
            "track",
            "status",
            "citizen_driven",
            "description",
            "goals",
            "places",
            "responsible_organisation",
            "responsible_person",
            "start",
            "end",
            "budget_allocated",
            "budget_spent",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "plan": {"required": _("Choose the action plan the initiative belongs to.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["status"]
        suggest.typed(self, "responsible_person", "person")
        suggest.typed(self, "responsible_organisation", "organisation")
        suggest.typed(self, "places", "place")
        self.fields["goals"].queryset = Goal.objects.select_related("plan").order_by(
            "plan__title", "track", "pk"
        )
        self.fields["goals"].label_from_instance = lambda g: f"{g.plan}: {g.text}"

    def clean(self):
        data = super().clean()
        plan, goals = data.get("plan"), data.get("goals")
        if plan and goals:
            foreign = [g for g in goals if g.plan_id != plan.pk]
            if foreign:
                self.add_error(
                    "goals",
                    _("Choose goals of the initiative's own plan (%(plan)s).") % {"plan": plan},
                )
        allocated, spent = data.get("budget_allocated"), data.get("budget_spent")
        if (
            allocated is not None
            and spent is not None
            and spent > allocated
            and {"budget_allocated", "budget_spent"} & set(self.changed_data)
            and not data.get("confirm_overspend")
        ):
            self.add_error(
                "budget_spent",
                _(
                    "More is spent than allocated. Check the amounts, or tick the box below "
                    "to confirm."
                ),
            )
        return data


class InitiativeStatusForm(CrispyFormMixin, forms.Form):
    """A dated status update: what happened, and the status it leaves the initiative in."""

    submit_label = _("Save update")

    new_status = forms.ChoiceField(label=_("New status"), choices=InitiativeStatus.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=InitiativeUpdate.NOTE_MAX_LENGTH,
        error_messages={"max_length": _("Keep the note to at most 4000 characters.")},
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.fields["new_status"].initial = initiative.status

    def clean(self):
        data = super().clean()
        if data.get("new_status") == self.initiative.status and not data.get("note"):
            self.add_error("note", _("Write what happened, or choose a new status."))
        return data

    def clean_date(self):
        day = self.cleaned_data["date"]
        problem = self.initiative.update_date_problem(day)
        if problem:
            raise ValidationError(problem)
        return day


class ActionItemForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "title",
            "description",
            "responsible_person",
            "responsible_organisation",
            "group",
            "due",
            "initiative",
            "status",
        ]
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suggest.typed(self, "responsible_person", "person")
        suggest.typed(self, "responsible_organisation", "organisation")
        suggest.typed(self, "group", "group")
        self.fields["initiative"].queryset = Initiative.objects.select_related("plan")
        # Done is set by "mark done", which records when and by whom; a done item is
        # reopened there too.
        status = self.fields["status"]
        if self.instance.status == ActionItem.Status.DONE:
            status.disabled = True
        else:
            status.choices = [c for c in status.choices if c[0] != ActionItem.Status.DONE]

    def clean_due(self):
        # The instance still holds the saved date here (the form fills it in after clean).
        return check_due_date(
            self.cleaned_data.get("due"), unchanged=self.instance.due if self.instance.pk else None
        )

    def clean(self):
        data = super().clean()
        if not data.get("responsible_person") and not data.get("responsible_organisation"):
            raise ValidationError(_("Give a responsible person or organisation (or both)."))
        # An item entered here comes from its initiative when it has one; items from a
        # meeting decision or a safety-walk finding keep their source.
        if data.get("initiative") and self.instance.source == ActionItem.Source.OTHER:
            self.instance.source = ActionItem.Source.INITIATIVE
        elif self.instance.source == ActionItem.Source.INITIATIVE:
            self.instance.source = ActionItem.Source.OTHER
        return data


# --- Citizen involvement -----------------------------------------------------------------------


class InvolvementActivityForm(CrispyFormMixin, forms.ModelForm):
    """An involvement activity: who took part is counted by kind, never named."""

    class Meta:
        model = InvolvementActivity
        fields = [
            "plan",
            "kind",
            "title",
            "date",
            "place",
            "area",
            "group",
            "initiative",
            *PARTICIPANT_FIELDS,
            "summary",
        ]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}
        labels = dict(PARTICIPANT_KINDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.order_by("city", "name")
        self.fields["initiative"].queryset = Initiative.objects.select_related("plan").order_by(
            "plan__title", "title"
        )
        for field in PARTICIPANT_FIELDS:
            self.fields[field].min_value = 0
            self.fields[field].error_messages["min_value"] = _("A number cannot be negative.")
            self.fields[field].widget.attrs.update(min=0, inputmode="numeric")

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day.year < 2000:
            raise ValidationError(_("Check the year: %(year)s.") % {"year": day.year})
        return day


class InvolvementInputForm(CrispyFormMixin, forms.ModelForm):
    """Something raised at an activity; for a hearing, a response and who sent it."""

    submit_label = _("Record input")

    class Meta:
        model = InvolvementInput
        fields = ["kind", "text", "sender_organisation"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"text": _("What was proposed, feared or praised. Never write names.")}

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        if not activity.is_hearing:
            del self.fields["sender_organisation"]
        else:
            suggest.typed(self, "sender_organisation", "organisation")

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write what was raised."))
        return text


class InputAnswerForm(CrispyFormMixin, forms.ModelForm):
    """The answer to an input and what became of it; "taken into a decision" names the
    decision (from the meetings app, through actionplan.decision_links)."""

    submit_label = _("Save answer")

    decision = forms.ModelChoiceField(
        label=_("decision it went into"), queryset=None, required=False
    )

    class Meta:
        model = InvolvementInput
        fields = ["outcome", "answer", "initiative", "reason", "answered_on"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "answered_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        plan_id = self.instance.activity.plan_id
        self.fields["initiative"].queryset = Initiative.objects.filter(plan_id=plan_id).order_by(
            "title"
        )
        decisions = decision_choices(user)
        if decisions is None:
            del self.fields["decision"]
        else:
            field = self.fields["decision"]
            field.queryset = decisions
            field.label_from_instance = lambda d: (
                f"{d.agenda_item.meeting.start:%d.%m.%Y} {d.agenda_item.meeting.group}: {d}"
            )
            if self.instance.pk:
                field.initial = next(iter(self.instance.decisions.all()), None)
        if not self.initial.get("answered_on") and not self.instance.answered_on:
            self.initial["answered_on"] = timezone.localdate()
        # Placed after the outcome, so the answer reads top to bottom.
        self.order_fields(["outcome", "answer", "initiative", "decision", "reason"])

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == InputOutcome.DECISION and "decision" in self.fields:
            if not cleaned.get("decision"):
                self.add_error("decision", _("Choose the decision the input went into."))
        if outcome == InputOutcome.OPEN:
            cleaned["answered_on"] = None
        elif not cleaned.get("answered_on"):
            self.add_error("answered_on", _("Give the date of the answer."))
        return cleaned


class MediationCaseForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = MediationCase
        fields = [
            "plan",
            "initiative",
            "date",
            "place",
            "area",
            "conflict_kind",
            "parties",
            "sessions",
            "outcome",
            "referred_to_outreach",
            "note",
        ]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(kind=Place.Kind.HOUSING_AREA).order_by(
            "city", "name"
        )
        self.fields["initiative"].queryset = Initiative.objects.order_by("title")
        self.fields["sessions"].min_value = 0
        self.fields["sessions"].error_messages["max_value"] = _(
            "At most 100 sessions per case; start a new case."
        )
