"""The comment round's mail, in one place.

Byrum's rule is that mail is sent only by jobs (DESIGN.md); the job engine and the
`notifications` app are being built on another branch. Until they land, the round's mail is
sent with Django's send_mail after the transaction commits (never for a rolled-back round).
To move it to the job engine, replace send_round_mail's body with a deferred job that calls
round_invitations() and sends each one: nothing else needs to change."""

import dataclasses

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


@dataclasses.dataclass(frozen=True)
class RoundInvitation:
    name: str
    email: str
    url: str
    subject: str
    body: str


def round_invitations(minutes_round, *, base_url=""):
    """Who gets the round's mail and what it says: each recipient with an e-mail address, the
    link to the page where they comment, the subject and the text (Danish)."""
    meeting = minutes_round.meeting
    path = reverse("meetings:review", args=[meeting.pk])
    url = base_url.rstrip("/") + path if base_url else path
    invitations = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Draft minutes for comments: %(title)s") % {"title": meeting.title}
        for person in minutes_round.recipients.order_by("name", "pk"):
            if not person.email:
                continue
            body = render_to_string(
                "meetings/email/round.txt",
                {"round": minutes_round, "meeting": meeting, "person": person, "url": url},
            )
            invitations.append(RoundInvitation(person.name, person.email, url, subject, body))
    return invitations


def send_round_mail(*, minutes_round, base_url=""):
    """Send the invitations once the round is committed."""

    def send():
        for invitation in round_invitations(minutes_round, base_url=base_url):
            send_mail(invitation.subject, invitation.body, None, [invitation.email])

    transaction.on_commit(send)
