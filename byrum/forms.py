from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .security import log

# Every text a person types has a limit, checked by the form with Django's Danish message
# ("Denne værdi må højst have ... tegn"), and told to the browser (maxlength).
TEXT_MAX_LENGTH = 20_000  # a free text: one agenda item's minutes, a decision, a description
LINE_MAX_LENGTH = 500  # a one-line field without a limit of its own
SEARCH_MAX_LENGTH = 200  # a search or filter term


def limit_text_fields(form):
    """Give every text field of ``form`` that has no maximum length one. Forms call it from
    __init__ (CrispyFormMixin does)."""
    for field in form.fields.values():
        # Only fields whose value is text (a UUIDField or JSONField is a CharField too).
        if isinstance(field, forms.UUIDField | forms.JSONField):
            continue
        if isinstance(field, forms.CharField) and field.max_length is None:
            textarea = isinstance(field.widget, forms.Textarea)
            field.max_length = TEXT_MAX_LENGTH if textarea else LINE_MAX_LENGTH
            field.validators.append(MaxLengthValidator(field.max_length))
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("maxlength", str(field.max_length))


class CrispyFormMixin:
    """Renders a form with crispy-forms (bootstrap5) and one submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
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
