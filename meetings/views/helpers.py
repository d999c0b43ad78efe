"""What the meetings pages share."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..forms import (
    groups_for,
)


def _can_plan(user):
    return user.has_perm("meetings.add_meeting") or groups_for(user).exists()


def _base_url(request):
    return request.build_absolute_uri("/")


def _refuse_published(request, meeting):
    """Approved minutes (published or not yet) and their agenda are final."""
    if meeting.minutes_locked:
        messages.error(request, _("The minutes are approved and can no longer be changed."))
        return redirect(meeting)
    return None
