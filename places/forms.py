import json

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from byrum import suggest
from byrum.forms import CrispyFormMixin, DateInput, limit_text_fields
from governance.models import Group

from .geojson import GeoJSONError, validate_outline
from .models import Facility, Place, Problem, ProblemStatus, Season, TimeOfDay, UsageLevel


class OutlineField(forms.JSONField):
    """GeoJSON text for a place's outline; a Feature is unwrapped to its geometry."""

    widget = forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, "", {}):
            return None
        if isinstance(value, dict) and value.get("type") == "Feature":
            value = value.get("geometry")
        try:
            return validate_outline(value)
        except GeoJSONError as error:
            raise forms.ValidationError(str(error), code="invalid_outline") from error

    def prepare_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False)


class PlaceForm(forms.ModelForm):
    """Create and edit a place. The map on the page sets latitude and longitude by a click;
    without JavaScript they are typed in."""

    outline = OutlineField(
        label=capfirst(_("outline (GeoJSON)")),
        required=False,
        help_text=Place._meta.get_field("outline").help_text,
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "city",
            "address",
            "latitude",
            "longitude",
            "description",
            "local_group",
            "contacts",
            "outline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        self.fields["local_group"].queryset = Group.objects.filter(
            kind__in=[Group.Kind.LOCAL, Group.Kind.NETWORK]
        )
        self.fields["local_group"].help_text = _("The local group or network that covers it.")
        suggest.typed(self, "contacts", "person").help_text = _(
            "People to ask about the place. Type a name to add a person."
        )
        self.fields["latitude"].help_text = _("Click the map to set the point.")


FacilityFormSet = inlineformset_factory(
    Place,
    Facility,
    fields=["kind", "state", "note"],
    extra=2,
    can_delete=True,
)


class ProblemForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["category", "description", "severity", "source", "observed_on"]
        widgets = {"observed_on": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.place = place

    def clean_observed_on(self):
        observed_on = self.cleaned_data["observed_on"]
        if observed_on and observed_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if observed_on and self.instance.resolved_on and observed_on > self.instance.resolved_on:
            raise forms.ValidationError(
                _("The problem was resolved on %(date)s: it must have been observed before.")
                % {"date": self.instance.resolved_on.strftime("%d.%m.%Y")}
            )
        return observed_on


class ProblemStatusForm(forms.Form):
    """Mark a problem open, being addressed or resolved, with an optional note."""

    status = forms.ChoiceField(label=_("Status"), choices=ProblemStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done or seen. No names or health details."),
    )

    def __init__(self, *args, problem, **kwargs):
        kwargs.setdefault("initial", {"status": problem.status})
        kwargs.setdefault("prefix", f"problem-{problem.pk}")
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        self.problem = problem
        self.fields["status"].widget.attrs["id"] = f"status-{problem.pk}"
        self.fields["note"].widget.attrs["id"] = f"note-{problem.pk}"

    def clean(self):
        data = super().clean()
        if data.get("status") == self.problem.status and not data.get("note", "").strip():
            raise forms.ValidationError(
                _("The problem is already “%(status)s”: choose another status or write a note.")
                % {"status": self.problem.get_status_display()}
            )
        return data


class UsageForm(forms.Form):
    """The usage grid: how busy the place is at each time of day in each season."""

    notes = forms.CharField(
        label=capfirst(_("use over the day and the year")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=Place._meta.get_field("usage_notes").help_text,
    )

    def __init__(self, *args, place, **kwargs):
        known = {(u.season, u.time_of_day): u.level for u in place.usage.all()}
        initial = {"notes": place.usage_notes}
        super().__init__(*args, initial=initial, **kwargs)
        limit_text_fields(self)
        self.place = place
        choices = [("", _("Not known"))] + [(str(v), label) for v, label in UsageLevel.choices]
        self.grid = []
        for time_value, time_label in TimeOfDay.choices:
            row = []
            for season_value, season_label in Season.choices:
                name = self.field_name(season_value, time_value)
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{season_label}, {time_label}",
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
                level = known.get((season_value, time_value))
                self.initial[name] = "" if level is None else str(level)
                row.append(name)
            self.grid.append((time_label, row))

    @staticmethod
    def field_name(season, time_of_day):
        return f"{season}_{time_of_day}"

    def rows(self):
        """The grid as the template shows it: [(time of day, [bound fields by season])]."""
        return [(label, [self[name] for name in names]) for label, names in self.grid]

    def levels(self):
        return {
            (season, time_of_day): self.cleaned_data[self.field_name(season, time_of_day)]
            for season in Season.values
            for time_of_day in TimeOfDay.values
        }
