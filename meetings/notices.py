"""What the meetings app tells people (through notifications.services): invitations with a
calendar file, updates and cancellations, published minutes, and a safety walk's follow-up
meeting that is coming up. Called inside the services' transactions; texts are stored in
Danish, the interface's language."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.models import Membership, MembershipRole
from notifications.models import Kind
from notifications.services import Message, notify_many

from . import ical
from .documents import minutes_attachment_name
from .models import Meeting, MeetingKind, MeetingState

FOLLOW_UP_NOTICE = datetime.timedelta(days=14)


def _when(meeting):
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end)
    where = meeting.location or (meeting.place.name if meeting.place_id else "")
    text = f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"
    return f"{text}, {where}" if where else text


def _recipients(participants):
    """Each invited person, and each guest with an address."""
    for p in participants:
        if p.person_id:
            yield {"person": p.person}
        elif p.email:
            yield {"email": p.email}


def _calendar(meeting, *, cancel=False):
    return ical.invitation(
        meeting, base_url=settings.SITE_URL, organizer=settings.DEFAULT_FROM_EMAIL, cancel=cancel
    )


def _tell(meeting, participants, *, kind, subject, body, cancel=False):
    calendar = _calendar(meeting, cancel=cancel)
    return notify_many(
        [
            Message(
                kind=kind,
                subject=subject,
                body=body,
                url=meeting.get_absolute_url(),
                calendar=calendar,
                **recipient,
            )
            for recipient in _recipients(participants)
        ]
    )


def invite(meeting, participants):
    """Invitations (METHOD:REQUEST) to newly invited participants of a coming meeting."""
    if meeting.is_cancelled or meeting.end < timezone.now():
        return []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation: %(title)s, %(when)s") % {
            "title": meeting.title,
            "when": _when(meeting),
        }
        body = _("%(group)s invites you to %(title)s.\n%(when)s\n\n%(purpose)s") % {
            "group": meeting.group.name,
            "title": meeting.title,
            "when": _when(meeting),
            "purpose": meeting.description,
        }
        return _tell(
            meeting, participants, kind=Kind.MEETING_INVITATION, subject=subject, body=body.strip()
        )


def _participants(meeting):
    return list(meeting.participants.select_related("person__user"))


def _bump(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    meeting.refresh_from_db(fields=["sequence"])


def changed(meeting, *, what):
    """An update (same UID, next SEQUENCE) to every participant, when the time, the place or
    the agenda of a coming meeting changed."""
    if meeting.is_cancelled or meeting.end < timezone.now():
        return []
    participants = _participants(meeting)
    if not participants:
        return []
    _bump(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Changed: %(title)s, %(when)s") % {
            "title": meeting.title,
            "when": _when(meeting),
        }
        body = _("%(what)s has changed.\n%(when)s") % {"what": what, "when": _when(meeting)}
        return _tell(meeting, participants, kind=Kind.MEETING_UPDATED, subject=subject, body=body)


def cancelled(meeting):
    """The cancellation (METHOD:CANCEL, next SEQUENCE) to every participant, with the reason."""
    participants = _participants(meeting)
    if not participants:
        return []
    _bump(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Cancelled: %(title)s, %(when)s") % {
            "title": meeting.title,
            "when": _when(meeting),
        }
        body = _("The meeting is cancelled.\nReason: %(reason)s") % {
            "reason": meeting.cancel_reason
        }
        return _tell(
            meeting,
            participants,
            kind=Kind.MEETING_CANCELLED,
            subject=subject,
            body=body,
            cancel=True,
        )


def minutes_published(meeting, context):
    """The minutes, in full, to every participant (as they got them before, now by job),
    with the approved minutes' PDF attached."""
    participants = context["participants"]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Minutes: %(title)s, %(date)s") % {
            "title": meeting.title,
            "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
        }
        text = render_to_string("meetings/email/minutes.txt", context)
        html = render_to_string("meetings/email/minutes_body.html", context)
    seen = set()
    messages = []
    for recipient in _recipients(participants):
        who = recipient.get("person") or recipient["email"].lower()
        if who in seen:
            continue
        seen.add(who)
        messages.append(
            Message(
                kind=Kind.MINUTES_PUBLISHED,
                subject=subject,
                body=text,
                html=html,
                url=meeting.get_absolute_url(),
                key=f"minutes:{meeting.pk}:{_key(recipient)}",
                attachment=minutes_attachment_name(meeting),
                **recipient,
            )
        )
    return notify_many(messages)


def _key(recipient):
    if "person" in recipient:
        return f"p{recipient['person'].pk}"
    return f"e{recipient['email'].lower()}"


@transaction.atomic
def follow_ups_due(now=None):
    """The daily run: a safety walk's follow-up meeting within 14 days is told to the
    secretary of the organising group, once per meeting."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(
            kind=MeetingKind.WALK_FOLLOW_UP,
            state=MeetingState.PLANNED,
            start__gte=now,
            start__lte=now + FOLLOW_UP_NOTICE,
        ).select_related("group", "place")
    )
    secretaries = {}
    for membership in (
        Membership.objects.current()
        .filter(group__in=[m.group_id for m in meetings], role=MembershipRole.SECRETARY)
        .select_related("person")
    ):
        secretaries.setdefault(membership.group_id, []).append(membership.person)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            for person in secretaries.get(meeting.group_id, []):
                messages.append(
                    Message(
                        kind=Kind.FOLLOW_UP_DUE,
                        person=person,
                        url=meeting.get_absolute_url(),
                        key=f"follow_up_due:{meeting.pk}:p{person.pk}",
                        subject=_("Follow-up meeting soon: %(title)s, %(when)s")
                        % {"title": meeting.title, "when": _when(meeting)},
                        body=_(
                            "Prepare the follow-up of the safety walk: check each finding's "
                            "status and invite the participants."
                        ),
                    )
                )
    return notify_many(messages)


# Agenda edits come in bursts while a meeting is prepared: the participants get one update
# this long after the first edit, with everything changed until then.
AGENDA_QUIET = {"minutes": 10}


def agenda_changed(meeting):
    """Queue one update for the agenda of a coming meeting with participants (at most one
    waiting per meeting: a queueing lock)."""
    from procrastinate.exceptions import AlreadyEnqueued

    from .tasks import tell_agenda_changed

    if meeting.is_cancelled or meeting.end < timezone.now():
        return
    if not meeting.participants.exists():
        return
    try:
        with transaction.atomic():  # a refused lock must not spoil the caller's transaction
            tell_agenda_changed.configure(
                queueing_lock=f"agenda-changed-{meeting.pk}", schedule_in=AGENDA_QUIET
            ).defer(meeting_id=meeting.pk, municipality_id=meeting.municipality_id)
    except AlreadyEnqueued:
        pass


def tell_agenda_changed(meeting_id):
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("group", "place")
            .filter(pk=meeting_id)
            .first()
        )
        if meeting is not None:
            with translation.override(settings.LANGUAGE_CODE):
                changed(meeting, what=_("The agenda"))
