from django import forms
from django.utils.translation import gettext_lazy as _


class DashboardForm(forms.Form):
    """The dashboard's and the report's choice of plan and period (a GET form)."""

    plan = forms.ChoiceField(label=_("Action plan"), required=False)
    weeks = forms.IntegerField(
        label=_("Number of weeks"),
        required=False,
        min_value=1,
        max_value=52,
        error_messages={
            "min_value": _("Choose between 1 and 52 weeks."),
            "max_value": _("Choose between 1 and 52 weeks."),
        },
    )
    until = forms.DateField(
        label=_("Period ends in the week of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        # The plans come from the page's own query: no second query for the choices.
        self.fields["plan"].choices = [("", _("The plan in force"))] + [
            (str(p.pk), str(p)) for p in plans
        ]
        for name, field in self.fields.items():
            css = "form-select" if name == "plan" else "form-control"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
                field.widget.attrs["aria-describedby"] = f"id_{name}-error"
            field.widget.attrs["class"] = css
