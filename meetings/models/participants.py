"""Who is invited to a meeting and who came; the calendar feed's secret."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from governance.models import municipality_field


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class PersonOrGuest(models.Model):
    """Someone taking part: a member (person) or a guest given by name and organisation.
    Meeting participants and safety-walk participants are both."""

    municipality = municipality_field()
    name = models.CharField(_("guest's name"), max_length=200, blank=True)
    organisation = models.CharField(_("guest's organisation"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if self.person_id is None and not self.name.strip():
            raise ValidationError(_("Choose a member or give the guest's name."))

    @property
    def is_guest(self):
        return self.person_id is None

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name

    @property
    def display_organisation(self):
        if self.person_id:
            return self.person.organisation.name if self.person.organisation_id else ""
        return self.organisation


@track()
class Participant(PersonOrGuest):
    """An invited member (person) or a guest (name and organisation) of a meeting."""

    Attendance = Attendance

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        "governance.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_participations",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("guest's e-mail"), blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.INVITED
    )

    class Meta:
        ordering = ["meeting", "person__name", "name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values),
                name="meetings_participant_attendance_valid",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="meetings_participant_person_or_name",
                violation_error_message=_("Choose a member or give the guest's name."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meetings_participant_once_per_meeting",
                violation_error_message=_("This person is already invited."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("meetings:participants", args=[self.meeting_id])

    @property
    def email_address(self):
        return self.person.email if self.person_id else self.email


class CalendarToken(models.Model):
    """The secret in a user's calendar-feed URL. A calendar application cannot log in, so the
    token identifies the user; regenerating it cuts off every old subscription."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["user"]
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("meetings:calendar")

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @classmethod
    def for_user(cls, user):
        token, _created = cls.objects.get_or_create(user=user, defaults={"token": cls.new_token()})
        return token

    def regenerate(self):
        self.token = self.new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
