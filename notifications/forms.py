from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice per kind: immediately, daily digest, weekly digest or off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind] = forms.ChoiceField(label=kind.label, choices=Delivery.choices)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
