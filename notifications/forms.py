from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from . import accounts
from .models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice per kind: immediately, daily digest, weekly digest or off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind] = forms.ChoiceField(label=kind.label, choices=Delivery.choices)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's password reset, with the mail as a job (notifications.accounts) instead of
    sent by the view: never lost while the mail server refuses, and the page answers as fast
    for a known address as for an unknown one."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        accounts.queue_password_reset(
            user=context["user"],
            email=to_email,
            domain=context["domain"],
            site_name=context["site_name"],
            protocol=context["protocol"],
            templates=[subject_template_name, email_template_name, html_email_template_name],
        )
