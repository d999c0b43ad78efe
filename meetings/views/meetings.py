"""A group's meetings: list, plan, edit, the meeting page, print and .ics."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byrum.attachments import attach_lists
from byrum.models import Attachment
from byrum.shortcuts import form_page

from .. import approval, services
from ..access import get_meeting_for_user
from ..filters import MeetingFilter
from ..forms import (
    CancelMeetingForm,
    MeetingForm,
)
from ..ical import build_calendar, ics_response
from ..models import (
    Decision,
    Meeting,
    MinutesRevision,
    SafetyWalk,
)
from .helpers import _base_url, _can_plan, _refuse_published


@permission_required("meetings.view_meeting", raise_exception=True)
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).for_list()
    filterset = MeetingFilter(request.GET, queryset=meetings, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_add": _can_plan(request.user),
            "now": timezone.now(),
        },
    )


def meeting_create(request):
    if not request.user.has_perm("meetings.view_meeting") or not _can_plan(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("group", "").isdigit():
        initial["group"] = request.GET["group"]
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("The meeting was created. Now add the agenda."))
        return redirect("meetings:agenda", meeting.pk)
    return form_page(
        request, form, title=_("New meeting"), back=(reverse("meetings:list"), _("the meetings"))
    )


def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    # Approved minutes record a meeting as it was: its title and time are part of them.
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.meeting_update(form=form)
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting)
    return form_page(
        request, form, title=_("Edit meeting"), back=(meeting.get_absolute_url(), meeting.title)
    )


def _agenda_items(meeting, *, with_minutes, with_history=False):
    items = meeting.agenda_items.select_related(
        "finding__action_item__responsible_person",
        "finding__action_item__responsible_organisation",
        "notes_updated_by",
    ).order_by("position", "pk")
    if with_minutes:
        items = items.prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.prefetch_related(
                    "action_items__responsible_person", "action_items__responsible_organisation"
                ).order_by("pk"),
            )
        )
    if with_history:
        items = items.prefetch_related(
            Prefetch("revisions", queryset=MinutesRevision.objects.select_related("by"))
        )
    return list(items)


def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    user = request.user
    can_edit = meeting.can_edit(user)
    show_minutes = meeting.minutes_published or can_edit
    reviewing = not show_minutes and meeting.minutes_visible_to(user)
    participants = list(meeting.participants.select_related("person__organisation"))
    walk = SafetyWalk.objects.filter(follow_up_meeting=meeting).first()
    items = _agenda_items(meeting, with_minutes=show_minutes)
    attach_lists([meeting, *items], Attachment.objects.for_objects(meeting, *items))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "participants": participants,
            "show_minutes": show_minutes,
            "reviewing": reviewing,
            "can_edit": can_edit,
            "can_attach": can_edit and not meeting.minutes_locked,
            "open_round": approval.open_round(meeting) if show_minutes or reviewing else None,
            "followed_up_walk": walk,
            "total_minutes": sum(i.duration or 0 for i in items),
        },
    )


@require_POST
def meeting_mark_held(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    meeting.mark_held()
    messages.success(request, _("The meeting is marked as held."))
    return redirect(meeting)


def meeting_cancel(request, pk):
    """Cancel a planned meeting with a reason: GET asks for it, POST cancels and tells the
    participants (their calendars drop the meeting)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting is cancelled; the participants are told."))
        return redirect(meeting)
    return form_page(
        request,
        form,
        title=_("Cancel the meeting"),
        back=(meeting.get_absolute_url(), meeting.title),
        intro=str(meeting),
    )


def meeting_print(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.minutes_visible_to(request.user):
        raise Http404
    items = _agenda_items(meeting, with_minutes=True)
    attach_lists([meeting, *items], Attachment.objects.for_objects(meeting, *items))
    return render(
        request,
        "meetings/meeting_print.html",
        {
            "meeting": meeting,
            "items": items,
            "participants": list(meeting.participants.select_related("person__organisation")),
            "printed_at": timezone.now(),
        },
    )


def meeting_ics(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    calendar_obj = build_calendar([meeting], name=meeting.title, base_url=_base_url(request))
    return ics_response(calendar_obj, filename=f"meeting-{meeting.pk}.ics", download=True)
