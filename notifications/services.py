"""Telling people things: notifications, their mail (a job per mail, deferred in the
transaction that causes it), digests and unsubscribing.

The apps that know what happened (action items, meetings, safety walks) call ``notify`` or
``notify_many`` inside their own transaction: when it rolls back, nothing is told and nothing
is queued; when it commits, the mail job is there for a worker. The mail job sends each
notification at most once (``SentMail``), retrying while the mail server refuses. A
notification may name a file the mail carries (the minutes' PDF), made by the job
(``attachments``). The mails about a login, which are not notifications, go the same way
(``accounts``).
"""

import dataclasses
import smtplib
import threading
from email.mime.text import MIMEText

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from byrum import tenancy

from . import attachments
from .models import (
    Delivery,
    Digest,
    Kind,
    Notification,
    Preference,
    SentMail,
    default_delivery,
)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# Mails per job when many are told at once.
BATCH = 50
# What a mail job retries on: the server refused (4xx/5xx, dropped the line) or did not answer.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@dataclasses.dataclass
class Message:
    """One thing to tell one recipient (a person, an organisation or a guest's address)."""

    kind: str
    subject: str
    url: str
    body: str = ""
    html: str = ""
    person: object = None
    organisation: object = None
    email: str = ""
    key: str | None = None
    calendar: str = ""
    attachment: str = ""  # a file the mail carries, made when it is sent (attachments.py)


def absolute_url(path):
    return settings.SITE_URL + path if path.startswith("/") else path


# --- Preferences -------------------------------------------------------------------------------


def _ref(person=None, organisation=None, email=""):
    if person is not None:
        return f"p:{getattr(person, 'pk', person)}"
    if organisation is not None:
        return f"o:{getattr(organisation, 'pk', organisation)}"
    return f"e:{email.lower()}"


def _preferences_for(messages):
    """{(recipient ref, kind): delivery} for the recipients of these messages, in one query."""
    people = {m.person.pk for m in messages if m.person is not None}
    organisations = {m.organisation.pk for m in messages if m.organisation is not None}
    emails = {m.email.lower() for m in messages if m.email}
    if not (people or organisations or emails):
        return {}
    rows = Preference.objects.filter(
        Q(person__in=people) | Q(organisation__in=organisations) | Q(email__in=emails)
    )
    return {(row.recipient_ref, row.kind): row.delivery for row in rows}


def preferences_of(person):
    """The settings page: every kind with the person's choice or the default."""
    chosen = dict(Preference.objects.filter(person=person).values_list("kind", "delivery"))
    return [(kind, chosen.get(kind, default_delivery(kind))) for kind in Kind]


@transaction.atomic
def preference_set(*, kind, delivery, person=None, organisation=None, email=""):
    Preference.objects.update_or_create(
        person=person,
        organisation=organisation,
        email=email.lower(),
        kind=kind,
        defaults={"delivery": delivery},
    )


# --- Telling -----------------------------------------------------------------------------------


def notify(**fields):
    """Tell one recipient one thing (see ``Message``); returns the notification, or None when
    its key says it was told already."""
    created = notify_many([Message(**fields)])
    return created[0] if created else None


def notify_many(messages):
    """Create the notifications and, for those wanted at once and with an address, defer one
    mail job each, in the caller's transaction. A message whose key exists is skipped (told
    already). Costs a fixed number of queries however many messages: the periodic reminder
    run tells thousands at once."""
    from .tasks import send_notification, send_notifications

    messages = [m for m in messages if m.person or m.organisation or m.email]
    keys = [m.key for m in messages if m.key]
    if keys:
        told = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
        messages = [m for m in messages if not m.key or m.key not in told]
        # One key once, also within this batch.
        seen = set()
        messages = [m for m in messages if not m.key or (m.key not in seen and not seen.add(m.key))]
    if not messages:
        return []
    chosen = _preferences_for(messages)
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                person=m.person,
                organisation=m.organisation,
                email=m.email.lower(),
                kind=m.kind,
                subject=m.subject[:300],
                body=m.body,
                html=m.html,
                url=m.url,
                key=m.key,
                calendar=m.calendar,
                attachment=m.attachment,
                created_at=now,
                delivery=chosen.get(
                    (_ref(m.person, m.organisation, m.email), m.kind), default_delivery(m.kind)
                ),
            )
            for m in messages
        ]
    )
    at_once = [
        {"notification_id": n.pk, "municipality_id": n.municipality_id}
        for n, m in zip(notifications, messages, strict=True)
        if n.delivery == Delivery.IMMEDIATELY and _has_address(m)
    ]
    if len(at_once) == 1:
        send_notification.defer(**at_once[0])
    elif at_once:
        # Thousands at once (the daily reminders): a job per BATCH mails, so the workers
        # spend their time on mail, not on fetching jobs. Each mail is still sent once.
        ids = [one["notification_id"] for one in at_once]
        municipality_id = at_once[0]["municipality_id"]
        send_notifications.batch_defer(
            *[
                {"notification_ids": ids[i : i + BATCH], "municipality_id": municipality_id}
                for i in range(0, len(ids), BATCH)
            ]
        )
    return notifications


def _has_address(message):
    """Whether a mail job is worth queueing; a person's login address is looked at by the job
    (no query per person here)."""
    if message.person is not None:
        return True
    if message.organisation is not None:
        return bool(message.organisation.email)
    return bool(message.email)


# --- Mail --------------------------------------------------------------------------------------


def unsubscribe_token(recipient_ref, kind=""):
    """A signed token for the one-click unsubscribe link: who, which kind ("" = all), and
    in which municipality (the link is followed without a login)."""
    data = {"r": recipient_ref, "k": kind, "m": tenancy.current()}
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(recipient ref, kind) from a token; raises signing.BadSignature when tampered."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    ref, kind = data["r"], data["k"]
    if ref[:2] not in ("p:", "o:", "e:") or (kind and kind not in Kind.values):
        raise signing.BadSignature("not an unsubscribe token")
    return ref, kind


def unsubscribe_municipality(token):
    """The municipality a (valid) unsubscribe token was made in."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT).get("m")


def unsubscribe_url(recipient_ref, kind=""):
    token = unsubscribe_token(recipient_ref, kind)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


@transaction.atomic
def unsubscribe(*, recipient_ref, kind=""):
    """Turn one kind (or every kind) off for a recipient: no more mail of it."""
    prefix, _sep, value = recipient_ref.partition(":")
    who = {"p": {"person_id": value}, "o": {"organisation_id": value}, "e": {"email": value}}
    for one in [kind] if kind else Kind.values:
        Preference.objects.update_or_create(
            **who[prefix], kind=one, defaults={"delivery": Delivery.OFF}
        )


def email(*, key, to, subject, text, html, headers=None, files=()):
    """A mail in text and HTML, with a Message-ID made from ``key`` (what it carries) and the
    files attached."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "byrum"
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[to],
        headers={
            # Stable per mail: a receiving server that sees it twice may drop one.
            "Message-ID": f"<{key.replace(':', '-')}@{domain}>",
            "Auto-Submitted": "auto-generated",
            **(headers or {}),
        },
    )
    if html:
        message.attach_alternative(html, "text/html")
    for file in files:
        if file is not None:
            message.attach(file.name, file.content, file.mimetype)
    return message


def _message(*, key, to, subject, template, context, unsubscribe, calendar="", method="", files=()):
    context = {
        **context,
        "unsubscribe_url": unsubscribe,
        "site_url": settings.SITE_URL,
        "settings_url": absolute_url(reverse("notifications:settings")),
    }
    message = email(
        key=key,
        to=to,
        subject=subject,
        text=render_to_string(f"notifications/email/{template}.txt", context),
        html=render_to_string(f"notifications/email/{template}.html", context),
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        files=files,
    )
    if calendar:
        part = MIMEText(calendar, "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
        message.attach(part)
    return message


# Each worker thread keeps its SMTP connection open between mails (a new TCP connection,
# greeting and EHLO per mail cost more than the mail); a server that dropped it is redialled
# once at once, any other failure closes it and leaves the retry to the job.
_smtp = threading.local()


def _connection():
    wanted = (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)
    if getattr(_smtp, "key", None) != wanted or _smtp.connection is None:
        _close_connection()
        connection = get_connection(fail_silently=False)
        connection.open()
        _smtp.key, _smtp.connection = wanted, connection
    return _smtp.connection


def _close_connection():
    connection = getattr(_smtp, "connection", None)
    _smtp.connection = None
    if connection is not None:
        try:
            connection.close()
        except MAIL_ERRORS:
            pass


def _send(message):
    """Send one message; raises on refusal or time-out so the job retries."""
    for attempt in (1, 2):
        try:
            _connection().send_messages([message])
            return
        except smtplib.SMTPServerDisconnected:
            _close_connection()
            if attempt == 2:
                raise
        except BaseException:
            _close_connection()
            raise


def sent(key):
    """Whether the mail ``key`` left already. Ask after taking the lock on what the mail is
    about: inside the locking query it would read the snapshot from before the wait and miss
    the first run's record."""
    return SentMail.objects.filter(key=key).exists()


def send_once(key, message):
    """Send ``message`` and record it as ``key``, in the caller's transaction, which holds a
    lock on what the mail is about and found ``sent(key)`` false after taking it: a second
    run of the same job waits for the lock, then finds the record. A refused send raises,
    the transaction rolls back, and the job retries."""
    _send(message)
    SentMail.objects.create(
        key=key,
        to=message.to[0],
        subject=message.subject[:300],
        message_id=message.extra_headers["Message-ID"],
    )


def _calendar_method(calendar):
    return "CANCEL" if "METHOD:CANCEL" in calendar else "REQUEST"


def mail_notification(notification_id, files=None):
    """The mail job: send one notification once. The row lock makes a second run of the same
    job wait for the first and then find its SentMail; a refused send raises, rolls back and
    leaves the job to retry. ``files`` keeps the attachments made for a batch's earlier
    mails."""
    key = f"notification:{notification_id}"
    with transaction.atomic():
        # The row, locked (a second run of the same job waits here), and the recipient's
        # choice now.
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("person__user", "organisation")
            .annotate(
                chosen=Subquery(
                    Preference.objects.filter(kind=OuterRef("kind"))
                    .filter(
                        Q(person_id=OuterRef("person_id"))
                        | Q(organisation_id=OuterRef("organisation_id"))
                        | (Q(email=OuterRef("email")) & ~Q(email=""))
                    )
                    .values("delivery")[:1]
                ),
            )
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or sent(key):
            return False
        chosen = notification.chosen
        address = notification.address
        if not address or chosen == Delivery.OFF:
            return False  # unsubscribed (or no address) since it was queued
        with translation.override(settings.LANGUAGE_CODE):
            message = _message(
                key=key,
                to=address,
                subject=notification.subject,
                template="notification",
                context={"notification": notification, "url": absolute_url(notification.url)},
                unsubscribe=unsubscribe_url(notification.recipient_ref, notification.kind),
                calendar=notification.calendar,
                method=_calendar_method(notification.calendar),
                files=[attachments.make(notification.attachment, files)],
            )
        send_once(key, message)
    return True


def mail_notifications(notification_ids):
    """A batch's job: each notification once (``mail_notification``). One that fails does
    not hold up the others; the job then fails as a whole and its retry sends only what is
    still unsent."""
    failure = None
    files = {}  # the minutes' PDF, made once for all its recipients
    for notification_id in notification_ids:
        try:
            mail_notification(notification_id, files)
        except MAIL_ERRORS as error:
            failure = error
    if failure is not None:
        raise failure


# --- Digests -----------------------------------------------------------------------------------


def gather_digests(frequency):
    """The digest run (daily or weekly): for each recipient with notifications waiting for
    this digest, one Digest with all of them, and one mail job for it. A recipient with
    nothing waiting gets nothing. Returns the number of digests."""
    from .tasks import send_digest

    with transaction.atomic():
        waiting = list(
            Notification.objects.waiting_for_digest(frequency)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .only("pk", "person_id", "organisation_id", "email")
        )
        by_recipient = {}
        for n in waiting:
            by_recipient.setdefault((n.person_id, n.organisation_id, n.email), []).append(n.pk)
        digests = Digest.objects.bulk_create(
            [
                Digest(person_id=p, organisation_id=o, email=e, frequency=frequency)
                for (p, o, e) in by_recipient
            ]
        )
        for digest, pks in zip(digests, by_recipient.values(), strict=True):
            Notification.objects.filter(pk__in=pks).update(digest=digest)
        if digests:
            send_digest.batch_defer(
                *[{"digest_id": d.pk, "municipality_id": d.municipality_id} for d in digests]
            )
    return len(digests)


def mail_digest(digest_id):
    """The digest's mail job: once, like ``mail_notification``."""
    key = f"digest:{digest_id}"
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update(of=("self",))
            .select_related("person__user", "organisation")
            .filter(pk=digest_id)
            .first()
        )
        if digest is None or sent(key):
            return False
        address = digest.address
        items = list(digest.notifications.order_by("created_at", "pk"))
        if not address or not items:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject = (
                _("Byrum: your daily digest")
                if digest.frequency == "daily"
                else _("Byrum: your weekly digest")
            )
            for item in items:
                item.absolute_url = absolute_url(item.url)
            files = {}  # each file once, however many of the items name it
            for item in items:
                attachments.make(item.attachment, files)
            message = _message(
                key=key,
                to=address,
                subject=subject,
                template="digest",
                context={"digest": digest, "items": items},
                unsubscribe=unsubscribe_url(digest.recipient_ref),
                files=files.values(),
            )
        send_once(key, message)
    return True


# --- The notification centre -------------------------------------------------------------------


def mark_all_read(*, user):
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
