"""The comment round's mail: what each recipient is told when the draft minutes go out for
comments.

A notification per recipient (``Kind.MINUTES_ROUND``, wanted at once by default: the round
has a deadline), with the link to the page where they comment and the draft minutes as PDF,
marked as a draft on every page. The notification jobs send it after the round's transaction
commits (never for a rolled-back round), once, and again while the mail server refuses; the
PDF is made by the job."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import Message, notify_many

from .documents import minutes_attachment_name


def round_messages(minutes_round):
    """What each recipient of the round is told: the subject, the text (Danish) and the link
    to the page where they comment, with the draft PDF. Once per round and person."""
    meeting = minutes_round.meeting
    path = reverse("meetings:review", args=[meeting.pk])
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Draft minutes for comments: %(title)s") % {"title": meeting.title}
        for person in minutes_round.recipients.order_by("name", "pk"):
            body = render_to_string(
                "meetings/email/round.txt",
                {"round": minutes_round, "meeting": meeting, "person": person},
            )
            messages.append(
                Message(
                    kind=Kind.MINUTES_ROUND,
                    subject=subject,
                    body=body.strip(),
                    url=path,
                    person=person,
                    key=f"minutes_round:{minutes_round.pk}:p{person.pk}",
                    attachment=minutes_attachment_name(meeting),
                )
            )
    return messages


def send_round_mail(*, minutes_round):
    """Tell the round's recipients, in the round's transaction (the mails are its jobs)."""
    return notify_many(round_messages(minutes_round))
