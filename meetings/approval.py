"""The round before approval (services): send the draft minutes for comments, comment per
agenda item, resolve the comments, approve. Publishing is meetings.services.
meeting_publish_minutes, which needs the approval (or gives it, when the publisher may).

Each step is a dated row with its author and has history (meetings/models/review.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.models import Membership, MembershipRole, Person

from . import mail
from .models import Meeting, MeetingState, MinutesComment, MinutesRound, RoundAudience
from .models.rights import person_of


def round_recipients(*, meeting, audience):
    """Who a round goes to: the meeting's participants who are members (a guest has no login
    to comment with), or only the group's current chair."""
    if audience == RoundAudience.CHAIR:
        people = Person.objects.filter(
            pk__in=Membership.objects.current()
            .filter(group_id=meeting.group_id, role=MembershipRole.CHAIR)
            .values("person_id")
        )
    else:
        people = Person.objects.filter(meeting_participations__meeting=meeting)
    return list(people.order_by("name", "pk"))


def _locked_meeting(meeting):
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)
    )
    if meeting.minutes_locked:
        raise ValidationError(_("The minutes are approved and can no longer be changed."))
    return meeting


@transaction.atomic
def minutes_round_send(*, meeting, user, audience, deadline, message=""):
    """Send the draft minutes for comments until ``deadline``. The mail with the link and the
    draft PDF is a job queued in this transaction (meetings/mail.py)."""
    meeting = _locked_meeting(meeting)
    if MinutesRound.objects.open().filter(meeting=meeting).exists():
        raise ValidationError(_("The minutes are already out for comments."))
    people = round_recipients(meeting=meeting, audience=audience)
    if not people:
        raise ValidationError(
            _("The group has no chair to send the minutes to.")
            if audience == RoundAudience.CHAIR
            else _("No member is invited to the meeting: invite the participants first.")
        )
    minutes_round = MinutesRound(
        meeting=meeting, audience=audience, deadline=deadline, message=message.strip(), sent_by=user
    )
    minutes_round.full_clean()
    minutes_round.save()
    minutes_round.recipients.set(people)
    if meeting.state in (MeetingState.PLANNED, MeetingState.HELD):
        meeting.state = MeetingState.MINUTES_DRAFT
        meeting.save(update_fields=["state"])
    mail.send_round_mail(minutes_round=minutes_round)
    return minutes_round


def open_round(meeting):
    return MinutesRound.objects.open().filter(meeting=meeting).first()


def may_comment(user, minutes_round):
    person = person_of(user)
    return (
        minutes_round is not None
        and person is not None
        and minutes_round.recipients.filter(pk=person.pk).exists()
    )


@transaction.atomic
def minutes_comment_add(*, item, user, text):
    """A recipient's comment on one item's draft minutes, while the round is open."""
    minutes_round = open_round(item.meeting_id)
    if not may_comment(user, minutes_round):
        raise PermissionDenied
    if not minutes_round.accepts_comments():
        raise ValidationError(_("The deadline for comments has passed."))
    comment = MinutesComment(round=minutes_round, agenda_item=item, text=text.strip(), author=user)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def minutes_comment_resolve(*, comment, user, reply=""):
    if comment.is_resolved:
        raise ValidationError(_("The comment is already resolved."))
    comment.resolve(by=user, reply=reply)
    return comment


def unresolved_comments(meeting):
    return MinutesComment.objects.filter(round__meeting=meeting).unresolved()


def _approve(meeting, user, now):
    if not meeting.can_approve(user):
        raise PermissionDenied
    if meeting.start > now:
        raise ValidationError(_("A meeting's minutes cannot be approved before it is held."))
    count = unresolved_comments(meeting).count()
    if count:
        raise ValidationError(
            ngettext(
                "%(count)d comment is not resolved yet.",
                "%(count)d comments are not resolved yet.",
                count,
            )
            % {"count": count}
        )
    meeting.approved_at = now
    meeting.approved_by = user
    meeting.save(update_fields=["approved_at", "approved_by"])
    MinutesRound.objects.open().filter(meeting=meeting).update(closed_at=now)


@transaction.atomic
def minutes_approve(*, meeting, user):
    """The chair (or the secretary, where the group's mandate says so) approves the minutes:
    from now on they are final; the secretary publishes them."""
    meeting = _locked_meeting(meeting)
    _approve(meeting, user, timezone.now())
    return meeting
