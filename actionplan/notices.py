"""What the action plan tells people (through notifications.services): an action item
assigned to them or their organisation, its due date moved, due in three days, overdue.

Each goes to the responsible person, or to the organisation's contact address when only an
organisation is responsible. Texts are stored in Danish, the interface's language.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import Message, notify_many

from .models import ActionItem

DUE_SOON = datetime.timedelta(days=3)


def _recipient(item):
    if item.responsible_person_id:
        return {"person": item.responsible_person}
    return {"organisation": item.responsible_organisation}


def _due(item):
    return item.due.strftime("%d.%m.%Y") if item.due else _("no due date")


def _message(item, kind, subject, body="", key=None):
    return Message(
        kind=kind,
        subject=subject,
        body=body,
        url=item.get_absolute_url(),
        key=key,
        **_recipient(item),
    )


def saved(item, *, before=None):
    """After an action item is created or edited: tell a new responsible party it is theirs,
    or the same one that its due date moved. ``before`` is (person id, organisation id, due)
    as it was, None for a new item."""
    if not item.is_open:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        responsible = (item.responsible_person_id, item.responsible_organisation_id)
        if before is None or responsible != before[:2]:
            subject = _("New action item for you: %(title)s") % {"title": item.title}
            body = _("Due: %(due)s\n\n%(details)s") % {
                "due": _due(item),
                "details": item.description,
            }
            return notify_many([_message(item, Kind.ACTION_ASSIGNED, subject, body.strip())])
        if item.due != before[2]:
            subject = _("New due date %(due)s: %(title)s") % {
                "due": _due(item),
                "title": item.title,
            }
            return notify_many([_message(item, Kind.ACTION_DUE_MOVED, subject)])
    return []


def state_before(item):
    """What ``saved`` compares with, as stored (a validated form has changed the instance)."""
    if item.pk is None:
        return None
    return (
        ActionItem.objects.filter(pk=item.pk)
        .values_list("responsible_person_id", "responsible_organisation_id", "due")
        .first()
    )


@transaction.atomic
def reminders(today=None):
    """The daily run: every open item due in three days, and every open item that became
    overdue, is told once (per due date: moving the date starts again). Returns the
    notifications created."""
    today = today or timezone.localdate()
    items = (
        ActionItem.objects.open()
        .filter(Q(due=today + DUE_SOON) | Q(due__lt=today))
        .select_related("responsible_person", "responsible_organisation")
        .order_by("pk")
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for item in items.iterator(chunk_size=2000):
            if item.due == today + DUE_SOON:
                messages.append(
                    _message(
                        item,
                        Kind.ACTION_DUE_SOON,
                        _("Due in three days: %(title)s") % {"title": item.title},
                        key=f"action_due_soon:{item.pk}:{item.due.isoformat()}",
                    )
                )
            elif item.due < today:
                messages.append(
                    _message(
                        item,
                        Kind.ACTION_OVERDUE,
                        _("Overdue since %(due)s: %(title)s")
                        % {"due": _due(item), "title": item.title},
                        key=f"action_overdue:{item.pk}:{item.due.isoformat()}",
                    )
                )
    return notify_many(messages)
