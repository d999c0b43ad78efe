"""The calendar feeds (.ics) and their private addresses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from governance import tenants
from governance.models import Group

from ..ical import build_calendar, feed_window, ics_response
from ..models import (
    CalendarToken,
    Meeting,
)
from .helpers import _base_url


@permission_required("meetings.view_meeting", raise_exception=True)
def calendar(request):
    token = CalendarToken.for_user(request.user)
    feed = request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token.token]))
    groups = Group.objects.filter(
        pk__in=Meeting.objects.visible_to(request.user).values("group_id")
    ).order_by("kind", "name")
    group_feeds = [
        (
            group,
            request.build_absolute_uri(
                reverse("meetings:group_calendar_feed", args=[token.token, group.pk])
            ),
        )
        for group in groups
    ]
    return render(
        request,
        "meetings/calendar.html",
        {"feed": feed, "group_feeds": group_feeds, "token": token},
    )


@require_POST
@permission_required("meetings.view_meeting", raise_exception=True)
def calendar_regenerate(request):
    CalendarToken.for_user(request.user).regenerate()
    messages.success(
        request,
        _(
            "You have a new calendar address. The old one no longer works: "
            "subscribe again with the new one."
        ),
    )
    return redirect("meetings:calendar")


def _token_user(token):
    calendar_token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    user = calendar_token.user
    if not user.is_active or not user.has_perm("meetings.view_meeting"):
        raise Http404
    # No login, so no municipality from the session: the token's owner's.
    tenants.work_as(user)
    return user


@login_not_required
@never_cache
def calendar_feed(request, token):
    """The user's meetings as a subscribable feed. No login: the secret token is the key."""
    user = _token_user(token)
    meetings = feed_window(Meeting.objects.of_user(user).select_related("group", "place"))
    calendar_obj = build_calendar(
        meetings, name=_("My meetings in Byrum"), base_url=_base_url(request)
    )
    return ics_response(calendar_obj, filename="byrum.ics")


@login_not_required
@never_cache
def group_calendar_feed(request, token, group_pk):
    """One group's meetings, for a user who may see them."""
    user = _token_user(token)
    group = get_object_or_404(Group, pk=group_pk)
    meetings = Meeting.objects.visible_to(user).filter(group=group)
    if not meetings.exists():
        raise Http404
    calendar_obj = build_calendar(
        feed_window(meetings.select_related("group", "place")),
        name=_("Meetings: %(group)s") % {"group": group.name},
        base_url=_base_url(request),
    )
    return ics_response(calendar_obj, filename=f"byrum-group-{group.pk}.ics")
