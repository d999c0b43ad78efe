from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from byrum.forms import CrispyFormMixin, DateInput

from .models import (
    Group,
    Membership,
    Organisation,
)


def _overlaps(a_start, a_end, b_start, b_end):
    return (a_end is None or b_start is None or b_start <= a_end) and (
        b_end is None or a_start is None or a_start <= b_end
    )


class MembershipInlineFormSet(BaseInlineFormSet):
    """Refuses two rows of one formset that put the same person in the same group at the
    same time: each row's own clean() only sees what is already saved."""

    def clean(self):
        super().clean()
        rows = []
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            person = data.get("person") or getattr(form.instance, "person", None)
            group = data.get("group") or getattr(form.instance, "group", None)
            if person is None or group is None:
                continue
            for other_person, other_group, start, end in rows:
                if (
                    other_person == person
                    and other_group == group
                    and _overlaps(start, end, data.get("start"), data.get("end"))
                ):
                    raise ValidationError(
                        _("%(person)s is already a member of %(group)s in that period.")
                        % {"person": person, "group": group}
                    )
            rows.append((person, group, data.get("start"), data.get("end")))


class MembershipForm(CrispyFormMixin, forms.ModelForm):
    """Adds a person to a group from the group's page."""

    submit_label = _("Add member")

    class Meta:
        model = Membership
        fields = ["person", "role", "represents", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["person"].queryset = self.fields["person"].queryset.select_related(
            "organisation"
        )


class GroupForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "kind", "city", "parent", "mandate", "tasks"]


class OrganisationForm(CrispyFormMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "website"]
