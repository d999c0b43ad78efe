import datetime
import decimal
import functools
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import Initiative
from byrum.forms import CrispyFormMixin, DateInput
from byrum.photos import process_photo
from places.models import Place

from .models import (
    CATEGORY_ICONS,
    CLOCK_SKEW,
    REPORT_FIELDS,
    SMALL_JOB_FIELDS,
    CaretakerPlace,
    Incident,
    SmallJob,
)

MAX_DAYS_BACK = 31
REQUIRED = {"required": _("Fill in this field.")}


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


def check_not_future(value):
    if value and value > timezone.now() + CLOCK_SKEW:
        raise ValidationError(_("The time of an incident cannot be in the future."))


SMALL_JOB_DAYS_BACK = 90


def check_small_job_date(value):
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date cannot be in the future."))
    if value < today - datetime.timedelta(days=SMALL_JOB_DAYS_BACK):
        raise ValidationError(_("A small job can be logged at most 90 days back."))
    return value


def place_choices(user):
    """The caretaker's own places first, then every other place, as (mine, others)."""
    places = list(Place.objects.order_by("city", "name"))
    mine_ids = set(
        CaretakerPlace.objects.filter(user=user).order_by().values_list("place_id", flat=True)
    )
    return [p for p in places if p.pk in mine_ids], [p for p in places if p.pk not in mine_ids]


def position(latitude, longitude):
    """(latitude, longitude) rounded to about a metre, or (None, None) unless both are valid."""
    try:
        lat = decimal.Decimal(latitude).quantize(decimal.Decimal("0.00001"))
        lon = decimal.Decimal(longitude).quantize(decimal.Decimal("0.00001"))
    except (decimal.InvalidOperation, TypeError, ValueError):
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


class PlaceChoiceMixin:
    """A place chosen from the caretaker's places (large radio buttons) or, failing that,
    from a list of all other places.

    The lists are loaded only to draw the form: a posted report looks up just the place it
    names, so sending one costs the same with 20 places or 2,000. Both fields accept any
    place: a report kept on the phone stays valid when the caretaker's places change before
    it is sent."""

    def setup_places(self, user, *, last_place_id=None, places=None):
        self.user = user
        if places is not None:
            self.place_lists = places
        if not self.is_bound and self.my_places:
            ids = [p.pk for p in self.my_places]
            self.initial.setdefault("place", last_place_id if last_place_id in ids else ids[0])

    @functools.cached_property
    def place_lists(self):
        """(the caretaker's places, every other place), for drawing the form."""
        return place_choices(self.user)

    @property
    def my_places(self):
        return self.place_lists[0]

    @property
    def other_places(self):
        return self.place_lists[1]

    def options(self, name, icons=None, positive=()):
        """The choices of a radio field as the template draws them (large tap targets)."""
        bound = self[name]
        current = "" if bound.value() is None else str(bound.value())
        return [
            {
                "value": value,
                "label": label,
                "id": f"{bound.auto_id}_{index}",
                "checked": str(value) == current,
                "icon": (icons or {}).get(value, ""),
                "positive": value in positive,
            }
            for index, (value, label) in enumerate(self.fields[name].choices)
            if value != ""
        ]

    def place_options(self):
        """The caretaker's places as large radio buttons, with coordinates for "nearest"."""
        bound = self["place"]
        current = "" if bound.value() is None else str(bound.value())
        return [
            {"place": place, "id": f"{bound.auto_id}_{index}", "checked": str(place.pk) == current}
            for index, place in enumerate(self.my_places)
        ]

    def selected_other_place(self):
        value = self["other_place"].value()
        return "" if value in (None, "") else str(value)

    def clean_place_choice(self):
        chosen = self.cleaned_data.get("other_place") or self.cleaned_data.get("place")
        place = Place.objects.filter(pk=chosen).first() if chosen else None
        if place is None:
            self.add_error("place", _("Choose the place."))
        return place


class ReportForm(PlaceChoiceMixin, forms.Form):
    """What a caretaker reports from the phone. The same form serves the plain HTML post and
    the offline queue's retries (which answer JSON)."""

    client_uuid = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The report has no ID. Reload the page and try again."),
            "invalid": _("The report has no valid ID. Reload the page and try again."),
        },
    )
    # Place ids; the template draws the lists (see PlaceChoiceMixin).
    place = forms.IntegerField(
        label=_("Place"), required=False, error_messages={"invalid": _("Choose the place.")}
    )
    other_place = forms.IntegerField(
        label=_("Another place"), required=False, error_messages={"invalid": _("Choose the place.")}
    )
    category = forms.ChoiceField(
        label=_("What happened?"),
        choices=Incident.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    severity = forms.TypedChoiceField(
        label=_("How serious?"),
        choices=Incident.Severity.choices,
        coerce=int,
        initial=Incident.Severity.LOW,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how serious it was.")},
    )
    people_involved = forms.IntegerField(
        label=_("People involved"),
        min_value=1,
        max_value=500,
        initial=1,
        error_messages={**REQUIRED, "invalid": _("Write a whole number.")},
    )
    police_called = forms.BooleanField(label=_("Police called"), required=False)
    ambulance_called = forms.BooleanField(label=_("Ambulance called"), required=False)
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={**REQUIRED, "invalid": _("Write a date and time, e.g. 24-05-2025 14:30.")},
    )
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)
    photo = forms.FileField(label=_("Photo of the place"), required=False)
    # The phone's position, when it shared one. A position that makes no sense is dropped
    # rather than holding up the report.
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, last_place_id=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places(user, last_place_id=last_place_id, places=places)
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())
            self.initial.setdefault("occurred_at", now_minute())
        self.photo_file = None
        self.photo_digest = ""

    def category_options(self):
        return self.options("category", icons=CATEGORY_ICONS, positive=Incident.Category.positive())

    def severity_options(self):
        return self.options("severity")

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        check_not_future(value)
        if value < timezone.now() - datetime.timedelta(days=MAX_DAYS_BACK):
            raise ValidationError(
                _("A report can go at most %(days)d days back."), params={"days": MAX_DAYS_BACK}
            )
        return value

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self.photo_file, self.photo_digest = process_photo(upload)
        return upload

    def clean(self):
        data = super().clean()
        data["place"] = self.clean_place_choice()
        data["latitude"], data["longitude"] = position(data.get("latitude"), data.get("longitude"))
        return data


class SmallJobForm(PlaceChoiceMixin, forms.Form):
    client_uuid = ReportForm.base_fields["client_uuid"]
    place = ReportForm.base_fields["place"]
    other_place = ReportForm.base_fields["other_place"]
    task = forms.ChoiceField(
        label=_("Task"),
        choices=SmallJob.Task.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the task.")},
    )
    note = forms.CharField(label=_("What was done (optional)"), required=False, max_length=200)
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={**REQUIRED, "invalid": _("Write a date, e.g. 24-05-2025.")},
    )
    participants = forms.IntegerField(
        label=_("Participants"),
        min_value=1,
        max_value=100,
        initial=1,
        error_messages={**REQUIRED, "invalid": _("Write a whole number.")},
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=decimal.Decimal("0.5"),
        max_value=24,
        max_digits=4,
        decimal_places=1,
        initial=decimal.Decimal("1.0"),
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        error_messages={
            **REQUIRED,
            "invalid": _("Write a number of hours, e.g. 1.5."),
            "min_value": _("Write between 0.5 and 24 hours."),
            "max_value": _("Write between 0.5 and 24 hours."),
        },
    )

    initiative = forms.ModelChoiceField(
        label=_("Initiative (optional)"),
        queryset=None,
        required=False,
        empty_label=_("– none –"),
        error_messages={"invalid_choice": _("Choose one of the small-jobs initiatives.")},
    )

    def __init__(self, *args, user, last_place_id=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places(user, last_place_id=last_place_id, places=places)
        # The small-jobs initiatives that are running (one query, when the field renders).
        self.fields["initiative"].queryset = Initiative.objects.filter(
            kind=Initiative.Kind.SMALL_JOBS,
            status__in=[Initiative.Status.PLANNED, Initiative.Status.IN_PROGRESS],
        ).order_by("title")
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())
            self.initial.setdefault("date", timezone.localdate())

    def task_options(self):
        return self.options("task")

    @functools.cached_property
    def initiative_options(self):
        """(id, title) of the running small-jobs initiatives, read once for the page."""
        return list(self.fields["initiative"].queryset.values_list("pk", "title"))

    def clean_date(self):
        return check_small_job_date(self.cleaned_data["date"])

    def clean(self):
        data = super().clean()
        data["place"] = self.clean_place_choice()
        return data


class IncidentForm(CrispyFormMixin, forms.ModelForm):
    """A correction of a report, by its reporter or a consultant."""

    class Meta:
        model = Incident
        fields = REPORT_FIELDS
        widgets = {
            "occurred_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = DATETIME_FORMATS
        self.fields["occurred_at"].error_messages["invalid"] = ReportForm.base_fields[
            "occurred_at"
        ].error_messages["invalid"]
        self.fields["people_involved"].min_value = 1
        self.fields["people_involved"].max_value = 500
        self.fields["people_involved"].widget.attrs.update({"min": 1, "max": 500})
        self.fields["description"].help_text = _(
            "Do not write names, personal identity numbers (CPR) or health details."
        )

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        check_not_future(value)
        return value

    def clean_people_involved(self):
        value = self.cleaned_data["people_involved"]
        if not 1 <= value <= 500:
            raise ValidationError(_("Between 1 and 500 people can be involved."))
        return value


class FollowUpForm(CrispyFormMixin, forms.ModelForm):
    submit_label = _("Save follow-up")

    class Meta:
        model = Incident
        fields = ["status", "follow_up_note"]
        widgets = {"follow_up_note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}
        help_texts = {
            "follow_up_note": _("What was done. No names or health details."),
        }


class SmallJobChangeForm(CrispyFormMixin, forms.ModelForm):
    """A correction of a small job: by the caretaker who logged it (within 24 hours) or a
    consultant."""

    submit_label = _("Save small job")

    class Meta:
        model = SmallJob
        fields = SMALL_JOB_FIELDS
        widgets = {"date": DateInput(), "note": forms.TextInput(attrs={"maxlength": 200})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.order_by("city", "name")
        self.fields["initiative"].queryset = Initiative.objects.filter(
            kind=Initiative.Kind.SMALL_JOBS
        ).order_by("title")
        for name in ("participants", "hours"):
            self.fields[name].min_value = SmallJobForm.base_fields[name].min_value
            self.fields[name].max_value = SmallJobForm.base_fields[name].max_value

    def clean_date(self):
        return check_small_job_date(self.cleaned_data["date"])

    def clean_participants(self):
        value = self.cleaned_data["participants"]
        if not 1 <= value <= 100:
            raise ValidationError(_("Between 1 and 100 people can take part."))
        return value
