import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import suggest, tenancy
from byrum.dates import check_due_date
from byrum.forms import CrispyFormMixin, DateInput, limit_text_fields
from byrum.photos import process_photo
from byrum.suggest import SuggestField
from byrum.validators import refuse_cpr
from governance.models import Group, Organisation, Person

from .models import (
    AgendaItem,
    Decision,
    Finding,
    FindingCondition,
    Meeting,
    Participant,
    RoundAudience,
    SafetyWalk,
    WalkParticipant,
    secretary_group_ids,
)

RESPONSIBLE_MISSING = _("Give a responsible person or organisation (or both).")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def groups_for(user):
    """The groups a user may plan meetings and walks for: all for consultants, otherwise the
    groups they are secretary of."""
    if user.has_perm("meetings.add_meeting"):
        return Group.objects.all()
    return Group.objects.filter(pk__in=secretary_group_ids(user))


class MeetingForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["group", "title", "kind", "start", "end", "location", "place", "description"]
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_for(user)
        suggest.typed(self, "place", "place")
        for name in ("start", "end"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AgendaItemForm(CrispyFormMixin, forms.ModelForm):
    submit_label = _("Add to the agenda")

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class AgendaItemEditForm(AgendaItemForm):
    submit_label = _("Save")


class PersonOrGuestForm(CrispyFormMixin, forms.ModelForm):
    """Adds a guest (someone who is not a member) by name: to a meeting or a safety walk."""

    name_required = _("Give the guest's name.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].error_messages["required"] = self.name_required

    def _post_clean(self):
        # The form has no member to choose: a missing or too long name is the name field's
        # own error, not also the model's "choose a member or give the guest's name".
        if self.has_error("name"):
            return
        super()._post_clean()


class GuestForm(PersonOrGuestForm):
    submit_label = _("Add guest")

    class Meta:
        model = Participant
        fields = ["name", "organisation", "email"]


class PersonInviteForm(CrispyFormMixin, forms.Form):
    """Invites one person from the register, also someone who is not a member of the group
    (an expert for one agenda item, a colleague standing in)."""

    submit_label = _("Invite")

    person = SuggestField(
        Person.objects.none(),
        kind="person",
        label=_("Person"),
        help_text=_("Anyone in the register, also someone outside the group."),
        error_messages={
            "required": _("Choose the person to invite."),
            "invalid_choice": _("Choose a person who is not invited yet."),
        },
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = tenancy.scoped(
            Person.objects.exclude(meeting_participations__meeting=meeting), None
        )


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["attendance"]
        widgets = {"attendance": forms.RadioSelect}


AttendanceFormSet = forms.modelformset_factory(Participant, form=AttendanceForm, extra=0)


class MinutesItemForm(forms.Form):
    """One agenda item's minutes in the minutes editor (prefix item-<pk>)."""

    notes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control minutes-notes"}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Not decided yet")), *AgendaItem.Outcome.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("prefix", f"item-{item.pk}")
        kwargs.setdefault(
            "initial",
            {
                "notes": item.notes,
                "outcome": item.outcome,
                "version": item.notes_version,
            },
        )
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        self.item = item
        if item.finding_id is None:
            del self.fields["outcome"]


class ResponsibleMixin:
    def clean_responsible(self, cleaned):
        if not cleaned.get("responsible_person") and not cleaned.get("responsible_organisation"):
            self.add_error("responsible_person", RESPONSIBLE_MISSING)


class ActionFieldsMixin(forms.Form):
    action_title = forms.CharField(
        label=_("Action item: what is to be done"), max_length=300, required=False
    )
    responsible_person = SuggestField(
        tenancy.scoped(Person.objects.all(), None),
        kind="person",
        label=_("Responsible person"),
        required=False,
    )
    responsible_organisation = SuggestField(
        tenancy.scoped(Organisation.objects.all(), None),
        kind="organisation",
        label=_("Responsible organisation"),
        required=False,
    )
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def clean_due(self):
        return check_due_date(self.cleaned_data.get("due"))


class DecisionForm(CrispyFormMixin, ResponsibleMixin, ActionFieldsMixin, forms.ModelForm):
    """A decision, and optionally the action item it gives someone."""

    submit_label = _("Record decision")

    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    field_order = ["text", "action_title", "responsible_person", "responsible_organisation", "due"]

    def clean(self):
        cleaned = super().clean()
        wants_action = any(
            cleaned.get(f)
            for f in ("action_title", "responsible_person", "responsible_organisation", "due")
        )
        if wants_action:
            if not cleaned.get("action_title"):
                self.add_error("action_title", _("Say what is to be done."))
            self.clean_responsible(cleaned)
        return cleaned

    @property
    def wants_action(self):
        return bool(self.cleaned_data.get("action_title"))


class DecisionActionForm(CrispyFormMixin, ResponsibleMixin, ActionFieldsMixin):
    submit_label = _("Create action item")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_title"].required = True
        self.fields["action_title"].label = _("What is to be done")
        self.fields["action_title"].error_messages["required"] = _("Say what is to be done.")

    def clean(self):
        cleaned = super().clean()
        self.clean_responsible(cleaned)
        return cleaned


class SafetyWalkForm(CrispyFormMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members taking part"),
        queryset=Person.objects.all(),
        required=False,
        help_text=_("Guests (residents, housing staff, police) are added on the walk's page."),
    )

    class Meta:
        model = SafetyWalk
        fields = ["group", "title", "date", "start_time", "place", "area", "route"]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "route": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_for(user)
        suggest.typed(self, "place", "place")
        suggest.typed(self, "members", "person")
        if self.instance.pk:
            self.fields["members"].initial = [
                p.person_id for p in self.instance.participants.exclude(person=None)
            ]


class WalkGuestForm(PersonOrGuestForm):
    submit_label = _("Add participant")
    name_required = _("Give the participant's name.")

    class Meta:
        model = WalkParticipant
        fields = ["name", "organisation", "role"]


class FindingForm(ResponsibleMixin, forms.Form):
    """Recorded on a phone during the walk: what, where (the phone's position or typed in),
    a photo from the camera, and who fixes it by when."""

    condition = forms.ChoiceField(
        label=_("What makes people feel unsafe"),
        choices=[("", "---------"), *FindingCondition.choices],
    )
    title = forms.CharField(
        label=_("Short title"),
        max_length=300,
        required=False,
        validators=[refuse_cpr],
        help_text=_(
            "E.g. 'Lamp out on the path behind the library'. Left empty, the condition "
            "and the place are used."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_cpr],
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    responsible_person = SuggestField(
        tenancy.scoped(Person.objects.all(), None),
        kind="person",
        label=_("Responsible person"),
        required=False,
    )
    responsible_organisation = SuggestField(
        tenancy.scoped(Organisation.objects.all(), None),
        kind="organisation",
        label=_("Responsible organisation"),
        required=False,
    )
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def clean_photo(self):
        """Checked, shrunk and stripped of EXIF (the phone's GPS position among it)."""
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        photo, _digest = process_photo(upload)
        return photo

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        self.fields["condition"].error_messages["required"] = _(
            "Choose what makes people feel unsafe."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_due(self):
        return check_due_date(self.cleaned_data.get("due"))

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None or cleaned.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error(
                "latitude",
                _("Mark the exact spot: use your position, or enter latitude and longitude."),
            )
        self.clean_responsible(cleaned)
        return cleaned


class CancelMeetingForm(CrispyFormMixin, forms.Form):
    """Why the meeting is cancelled: the participants read it in the cancellation."""

    submit_label = _("Cancel the meeting")
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("The participants see it in the mail and in their calendar."),
    )


class MinutesRoundForm(CrispyFormMixin, forms.Form):
    """Send the draft minutes for comments (meetings.approval.minutes_round_send)."""

    submit_label = _("Send for comments")

    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=RoundAudience.choices,
        initial=RoundAudience.PARTICIPANTS,
        widget=forms.RadioSelect,
    )
    deadline = forms.DateField(label=_("Comments by"), widget=DateInput())
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: a few words that go with the mail."),
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        if deadline > timezone.localdate() + datetime.timedelta(days=90):
            raise ValidationError(_("Choose a deadline within the next 90 days."))
        return deadline


class MinutesCommentForm(CrispyFormMixin, forms.Form):
    submit_label = _("Send comment")

    text = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your comment before you send it.")},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write your comment before you send it."))
        return text


class ResolveCommentForm(CrispyFormMixin, forms.Form):
    submit_label = _("Mark as resolved")

    reply = forms.CharField(
        label=_("Reply"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what was changed, or why the minutes stay as they are."),
    )


class ThemeMeetingForm(CrispyFormMixin, forms.Form):
    """A theme meeting planned from a safety walk: the findings chosen here become its agenda
    (seed 003: "Tryghedsvandringer kan ydermere følges op af temamøder")."""

    submit_label = _("Plan the theme meeting")

    title = forms.CharField(label=_("title"), max_length=250)
    start = forms.DateTimeField(
        label=_("start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("Enter a date and time, e.g. 2026-03-12 15:00.")},
    )
    duration = forms.IntegerField(
        label=_("duration (minutes)"), min_value=15, max_value=600, initial=90
    )
    location = forms.CharField(label=_("location"), max_length=250, required=False)
    findings = forms.ModelMultipleChoiceField(
        label=_("findings on the agenda"),
        queryset=Finding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one finding for the agenda.")},
    )

    def __init__(self, *args, walk, **kwargs):
        super().__init__(*args, **kwargs)
        self.walk = walk
        self.fields["findings"].queryset = walk.findings.select_related("action_item").order_by(
            "pk"
        )
        self.fields["findings"].label_from_instance = lambda f: f.action_item.title
        self.initial.setdefault("title", _("Theme meeting: %(walk)s") % {"walk": walk.title})
        self.initial.setdefault("location", walk.where)

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start.date() < self.walk.date:
            raise ValidationError(_("A theme meeting after the walk cannot start before it."))
        return start
