"""The round before approval: the secretary sends the draft minutes to the participants (or
only the chair) with a deadline; they comment per agenda item; the secretary resolves each
comment; the chair, or the secretary where the group's mandate says so, approves (seed 002:
the secretariat writes the minutes, the group approves them).

Each step is a dated row with its author, and the rows have history (byrum.history.track):
sent (MinutesRound.sent_at/by), commented (MinutesComment.created_at/author), resolved
(resolved_at/by), approved and published (Meeting.approved_at/by, published_at/by)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from governance.models import municipality_field

from .meetings import AgendaItem, Meeting


class RoundAudience(models.TextChoices):
    PARTICIPANTS = "participants", _("The participants")
    CHAIR = "chair", _("Only the chair")


class MinutesRoundQuerySet(models.QuerySet):
    def open(self):
        """Rounds still waiting for approval (one per meeting at most)."""
        return self.filter(closed_at__isnull=True)

    def reviewed_by(self, person):
        """Open rounds a person was sent: the draft minutes they may read and comment on."""
        return self.open().filter(recipients=person)


@track()
class MinutesRound(models.Model):
    Audience = RoundAudience

    municipality = municipality_field()
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="rounds"
    )
    audience = models.CharField(
        _("send to"), max_length=20, choices=Audience.choices, default=Audience.PARTICIPANTS
    )
    deadline = models.DateField(_("comments by"))
    message = models.TextField(_("message"), blank=True)
    recipients = models.ManyToManyField(
        "governance.Person", verbose_name=_("recipients"), related_name="minutes_rounds"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    # Set when the minutes are approved (or a new round replaces this one).
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = MinutesRoundQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-sent_at", "-pk"]
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=RoundAudience.values),
                name="meetings_minutesround_audience_valid",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(closed_at__isnull=True),
                name="meetings_minutesround_one_open_per_meeting",
                violation_error_message=_("The minutes are already out for comments."),
            ),
        ]

    def __str__(self):
        return _("Comments on %(meeting)s by %(deadline)s") % {
            "meeting": self.meeting,
            "deadline": self.deadline.strftime("%d.%m.%Y"),
        }

    def get_absolute_url(self):
        return reverse("meetings:review", args=[self.meeting_id])

    def clean(self):
        super().clean()
        if self.deadline and self.deadline < timezone.localdate():
            raise ValidationError({"deadline": _("The deadline cannot be in the past.")})

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def deadline_passed(self):
        return timezone.localdate() > self.deadline

    def accepts_comments(self):
        return self.is_open and not self.deadline_passed

    @property
    def closes_at(self):
        """The end of the deadline day, local time."""
        return timezone.make_aware(
            datetime.datetime.combine(self.deadline, datetime.time(23, 59, 59))
        )


class MinutesCommentQuerySet(models.QuerySet):
    def for_review_page(self):
        return self.select_related("author", "resolved_by").order_by("created_at", "pk")

    def unresolved(self):
        return self.filter(resolved_at__isnull=True)


@track()
class MinutesComment(models.Model):
    """A participant's comment on one agenda item's draft minutes, and how it was resolved."""

    municipality = municipality_field()
    round = models.ForeignKey(
        MinutesRound,
        verbose_name=_("comment round"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    reply = models.TextField(_("reply"), blank=True)

    objects = MinutesCommentQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "created_at", "pk"]
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_by__isnull=False),
                name="meetings_minutescomment_resolved_has_who",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("meetings:review", args=[self.round.meeting_id]) + f"#comment-{self.pk}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    def resolve(self, *, by, reply=""):
        """The secretary has dealt with the comment (changed the minutes, or answered why not)."""
        self.resolved_at = timezone.now()
        self.resolved_by = by
        self.reply = reply.strip()
        self.full_clean()
        self.save(update_fields=["resolved_at", "resolved_by", "reply"])
