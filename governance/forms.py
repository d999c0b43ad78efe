from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from byrum import suggest
from byrum.forms import CrispyFormMixin, DateInput

from .models import Group, Membership, Municipality, Organisation, Person


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
        suggest.typed(self, "person", "person")
        suggest.typed(self, "represents", "organisation")


class GroupForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "city",
            "secretariat",
            "parent",
            "mandate",
            "secretary_approves_minutes",
            "tasks",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suggest.typed(self, "secretariat", "organisation")
        suggest.typed(self, "parent", "group")


class OrganisationForm(CrispyFormMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "website", "email"]


class PersonForm(CrispyFormMixin, forms.ModelForm):
    """A person the secretariat keeps: a partner, a resident, a colleague, with or without a
    login. Checking a group makes them a member from today; unchecking ends it today."""

    groups = forms.ModelMultipleChoiceField(
        label=_("groups"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Members from today; to give a role or a date, use the group's page."),
    )

    class Meta:
        model = Person
        fields = ["name", "organisation", "title", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.in_structure_order()
        suggest.typed(self, "organisation", "organisation")
        if self.instance.pk:
            self.initial.setdefault(
                "groups", list(Group.objects.for_person(self.instance).values_list("pk", flat=True))
            )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email:
            others = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(_("Another person already has this e-mail address."))
        return email


class InvitationForm(CrispyFormMixin, forms.Form):
    """Which role the login gives. The invitation goes to the person's e-mail address."""

    submit_label = _("Send the invitation")

    role = forms.ChoiceField(label=_("role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class MunicipalityChoiceForm(CrispyFormMixin, forms.Form):
    submit_label = _("Switch")

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), empty_label=None
    )
