"""What a person (or an organisation's contact address) is told, how they want to hear it,
and a record of every mail sent.

Other apps create notifications through ``notifications.services.notify``; this app knows
nothing about action items or meetings beyond the text and link they hand it. Recipients are
the governance models, referred to by name ("governance.Person") so that the app depends on
nothing but them and ``byrum``.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import tenancy
from governance.models import municipality_field


class Kind(models.TextChoices):
    ACTION_ASSIGNED = "action_assigned", _("Action item assigned")
    ACTION_DUE_MOVED = "action_due_moved", _("Due date moved")
    ACTION_DUE_SOON = "action_due_soon", _("Action item due soon")
    ACTION_OVERDUE = "action_overdue", _("Action item overdue")
    MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
    MEETING_UPDATED = "meeting_updated", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    MINUTES_ROUND = "minutes_round", _("Draft minutes for comments")
    FOLLOW_UP_DUE = "follow_up_due", _("Safety-walk follow-up due")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


# Defaults that do not flood: assignments, the calendar messages (invitation, change,
# cancellation: a calendar needs them when they happen) and the minutes' comment round at once,
# the rest in the weekly digest.
DEFAULT_DELIVERY = {
    Kind.ACTION_ASSIGNED: Delivery.IMMEDIATELY,
    Kind.MEETING_INVITATION: Delivery.IMMEDIATELY,
    Kind.MEETING_UPDATED: Delivery.IMMEDIATELY,
    Kind.MEETING_CANCELLED: Delivery.IMMEDIATELY,
    # The round has a deadline: a digest could come after it.
    Kind.MINUTES_ROUND: Delivery.IMMEDIATELY,
}


def default_delivery(kind):
    return DEFAULT_DELIVERY.get(kind, Delivery.WEEKLY)


def _one_recipient(prefix):
    """A person, an organisation (its contact address) or a guest's address: exactly one."""
    return models.CheckConstraint(
        condition=Q(person__isnull=False, organisation__isnull=True, email="")
        | Q(person__isnull=True, organisation__isnull=False, email="")
        | (Q(person__isnull=True, organisation__isnull=True) & ~Q(email="")),
        name=f"notifications_{prefix}_one_recipient",
        violation_error_message=_("Give a person, an organisation or an e-mail address."),
    )


class Recipient(models.Model):
    """Who is told: a person in the register, an organisation's contact address, or a guest
    (a meeting's guest who is not in the register) by address alone."""

    person = models.ForeignKey(
        "governance.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "governance.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("guest's e-mail"), blank=True)

    class Meta:
        abstract = True

    @property
    def recipient(self):
        return self.person or self.organisation or self.email

    @property
    def recipient_ref(self):
        """A short, stable name of the recipient ("p:12", "o:3", "e:name@example.dk")."""
        if self.person_id:
            return f"p:{self.person_id}"
        if self.organisation_id:
            return f"o:{self.organisation_id}"
        return f"e:{self.email.lower()}"

    @property
    def address(self):
        """Where mail goes now (read when sending, so a corrected address is used)."""
        if self.person_id:
            person = self.person
            return person.email or (person.user.email if person.user_id else "")
        if self.organisation_id:
            return self.organisation.email
        return self.email


class Preference(Recipient):
    """How one recipient wants one kind delivered. No row: the default (``default_delivery``)."""

    municipality = municipality_field()
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            _one_recipient("preference"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notifications_preference_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values),
                name="notifications_preference_delivery_valid",
            ),
            models.UniqueConstraint(
                fields=["person", "kind"], name="notifications_preference_person_kind_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                name="notifications_preference_organisation_kind_unique",
            ),
            models.UniqueConstraint(
                fields=["municipality", "email", "kind"],
                condition=~Q(email=""),
                name="notifications_preference_email_kind_unique",
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_kind_display()}"


class Digest(Recipient):
    """One digest mail: the notifications gathered since the recipient's last one."""

    municipality = municipality_field()
    frequency = models.CharField(
        _("frequency"),
        max_length=10,
        choices=[("daily", _("Daily digest")), ("weekly", _("Weekly digest"))],
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            _one_recipient("digest"),
            models.CheckConstraint(
                condition=Q(frequency__in=["daily", "weekly"]),
                name="notifications_digest_frequency_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} {self.created_at:%d.%m.%Y}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The notification centre's list and the bell: what the user's person was told."""
        scoped = tenancy.scoped(self, user)
        if not user.is_authenticated:
            return self.none()
        return scoped.filter(person__user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def waiting_for_digest(self, frequency):
        return self.filter(delivery=frequency, digest__isnull=True)


class Notification(Recipient):
    """One thing one recipient is told: by mail now, in a digest, or only in the app."""

    Kind = Kind
    Delivery = Delivery

    municipality = municipality_field()
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # The caller's own HTML for the mail's body (the minutes); else the text, paragraphed.
    html = models.TextField(_("HTML"), blank=True)
    url = models.CharField(_("link"), max_length=500, help_text=_("A path in Byrum."))
    # A calendar message (.ics) sent with the mail: METHOD:REQUEST or METHOD:CANCEL.
    calendar = models.TextField(_("calendar"), blank=True)
    # A file the mail carries, named here ("minutes:12") and made by the app that knows it
    # when the mail is sent (notifications/attachments.py).
    attachment = models.CharField(
        _("attachment"), max_length=100, blank=True, default="", db_default=""
    )
    # Says what the notification is about, so a rule that must tell something only once
    # ("overdue", "due in three days") cannot tell it twice, also when run twice.
    # NULL, not "": only notifications with a key are unique.
    key = models.CharField(_("key"), max_length=200, null=True, blank=True)  # noqa: DJ001
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    digest = models.ForeignKey(
        Digest, on_delete=models.SET_NULL, related_name="notifications", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            _one_recipient("notification"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notifications_notification_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values),
                name="notifications_notification_delivery_valid",
            ),
            models.UniqueConstraint(fields=["key"], name="notifications_notification_key_unique"),
        ]
        indexes = [
            # The bell on every page: a person's unread notifications.
            models.Index(
                fields=["person"],
                condition=Q(read_at__isnull=True),
                name="notifications_unread",
            ),
            # The digest run: what waits for a digest.
            models.Index(
                fields=["delivery", "id"],
                condition=Q(digest__isnull=True, delivery__in=["daily", "weekly"]),
                name="notifications_waiting",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return self.url

    def mark_read(self, at=None):
        if self.read_at is None:
            self.read_at = at or timezone.now()
            self.save(update_fields=["read_at"])


class SentMail(models.Model):
    """A mail that left Byrum, keyed by what it carried ("notification:<id>", "digest:<id>",
    "invitation:<uuid>", "password-reset:<uuid>"): a mail job that runs twice finds its row
    and sends nothing the second time."""

    municipality = municipality_field()
    key = models.CharField(_("key"), max_length=100, unique=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    message_id = models.CharField(_("message id"), max_length=200)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")

    def __str__(self):
        return f"{self.to}: {self.subject}"
