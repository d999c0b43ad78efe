from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .security import log


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


class LeanSelect(forms.Select):
    """A ``<select>`` built in one pass of plain string work rather than one template per
    ``<option>``: Django's widget templates took about 110 ms for the 2,000 places of a
    city's place filter, this a few ms. Choices may be grouped as in Django
    (``(group, [(value, label), …])``, drawn as ``<optgroup>``). Nothing is cached: the
    options are always live."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name

        def option(option_value, label):
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            return f'<option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>'

        parts = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{escape(str(option_value))}">')
                parts.extend(option(v, lbl) for v, lbl in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        # Every value and label above went through html.escape (quotes included).
        return mark_safe(f"<select{flatatt(final_attrs)}>{''.join(parts)}</select>")  # noqa: S308
