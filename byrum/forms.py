from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .security import log


class CrispyFormMixin:
    """Renders a form with crispy-forms (bootstrap5) and one submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    """A native date picker that shows and takes ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)



class TokenForm(forms.Form):
    """The six-digit code from the user's authenticator app, checked against ``device``."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The 6 digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, user, **kwargs):
        self.device = device
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the 6 digits from your authenticator app."))
        allowed, _info = self.device.verify_is_allowed()
        if not allowed:
            log.warning("two-factor throttled: user=%s", self.user.get_username())
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a minute and try again with a new code.")
            )
        if not self.device.verify_token(token):
            log.warning("two-factor failed: user=%s", self.user.get_username())
            raise forms.ValidationError(
                _("The code is wrong or has expired. Try the new code from the app.")
            )
        return token


class DashboardForm(forms.Form):
    """The dashboard's and the report's choice of plan and period (a GET form)."""

    plan = forms.ChoiceField(label=_("Action plan"), required=False)
    weeks = forms.IntegerField(
        label=_("Number of weeks"), required=False, min_value=1, max_value=52,
        error_messages={
            "min_value": _("Choose between 1 and 52 weeks."),
            "max_value": _("Choose between 1 and 52 weeks."),
        },
    )
    until = forms.DateField(
        label=_("Period ends in the week of"), required=False,
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
