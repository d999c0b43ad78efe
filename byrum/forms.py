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


class AttachmentForm(CrispyFormMixin, forms.Form):
    """One file for a record; clean_file checks it by its content (byrum/attachments.py)."""

    submit_label = _("Attach")

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office document (Word, Excel, PowerPoint, OpenDocument) or image."),
    )
    title = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Optional, e.g. 'Bilag 1: Budget 2018'."),
    )

    def clean_file(self):
        from .attachments import check_upload

        return check_upload(self.cleaned_data["file"])
