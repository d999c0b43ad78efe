"""The agenda and who is invited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byrum.attachments import attach_lists
from byrum.models import Attachment
from byrum.shortcuts import form_page

from .. import notices, services
from ..access import get_agenda_item_for_user, get_meeting_for_user, get_participant_for_user
from ..forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    AttendanceFormSet,
    GuestForm,
    PersonInviteForm,
)
from ..models import (
    Participant,
)
from .helpers import _refuse_published


def agenda(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST":
        if (refused := _refuse_published(request, meeting)) is not None:
            return refused
        if form.is_valid():
            services.agenda_item_add(meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The item was added to the agenda."))
            return redirect("meetings:agenda", meeting.pk)
    items = list(meeting.agenda_items.select_related("finding").order_by("position", "pk"))
    attach_lists([meeting, *items], Attachment.objects.for_objects(meeting, *items))
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "items": items,
            "form": form,
            "previous": services.previous_meeting(meeting),
            "total_minutes": sum(i.duration or 0 for i in items),
            "can_attach": not meeting.minutes_locked,
        },
    )


@require_POST
def agenda_copy(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    try:
        source, count = services.agenda_copy_previous(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s items were copied from %(meeting)s.")
            % {"count": count, "meeting": source},
        )
    return redirect("meetings:agenda", meeting.pk)


def agenda_item_edit(request, pk):
    item = get_agenda_item_for_user(request.user, pk)
    meeting = item.meeting
    form = AgendaItemEditForm(request.POST or None, instance=item)
    if request.method == "POST":
        if (refused := _refuse_published(request, meeting)) is not None:
            return refused
        if form.is_valid():
            form.save()
            notices.agenda_changed(meeting)
            messages.success(request, _("The agenda item was saved."))
            return redirect("meetings:agenda", meeting.pk)
    return form_page(
        request,
        form,
        title=_("Edit agenda item"),
        back=(reverse("meetings:agenda", args=[meeting.pk]), _("the agenda")),
    )


@require_POST
def agenda_item_move(request, pk):
    item = get_agenda_item_for_user(request.user, pk)
    if (refused := _refuse_published(request, item.meeting)) is not None:
        return refused
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.agenda_item_move(item=item, direction=direction)
    return redirect(reverse("meetings:agenda", args=[item.meeting_id]) + f"#item-{item.pk}")


@require_POST
def agenda_item_delete(request, pk):
    item = get_agenda_item_for_user(request.user, pk)
    if (refused := _refuse_published(request, item.meeting)) is not None:
        return refused
    if item.notes or item.decisions.exists():
        messages.error(request, _("The item has minutes or decisions and cannot be removed."))
    else:
        item.delete()
        notices.agenda_changed(item.meeting)
        messages.success(request, _("The item was removed from the agenda."))
    return redirect("meetings:agenda", item.meeting_id)


def participants(request, pk):
    """Invited members and guests; attendance is recorded here at the meeting."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    queryset = meeting.participants.select_related("person__organisation")
    formset = AttendanceFormSet(request.POST or None, queryset=queryset, prefix="attendance")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        meeting.mark_held()
        messages.success(request, _("The attendance was saved."))
        return redirect("meetings:participants", meeting.pk)
    return render(
        request,
        "meetings/participants.html",
        {
            "meeting": meeting,
            "formset": formset,
            "guest_form": GuestForm(),
            "person_form": PersonInviteForm(meeting=meeting),
        },
    )


@require_POST
def participants_invite(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    count = services.participants_invite_members(meeting=meeting)
    if count:
        messages.success(request, _("%(count)s members were invited.") % {"count": count})
    else:
        messages.info(request, _("All the group's current members are already invited."))
    return redirect("meetings:participants", meeting.pk)


def participant_invite_person(request, pk):
    """Invites one person, also someone who is not a member of the group."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = PersonInviteForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        Participant.objects.create(meeting=meeting, person=person)
        messages.success(request, _("%(name)s was invited.") % {"name": person.name})
        return redirect("meetings:participants", meeting.pk)
    return form_page(
        request,
        form,
        title=_("Invite a person"),
        back=(reverse("meetings:participants", args=[meeting.pk]), _("the participants")),
        intro=str(meeting),
    )


def participant_add_guest(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = GuestForm(request.POST or None, instance=Participant(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        guest = services.participant_add_guest(form=form)
        messages.success(request, _("%(name)s was added as a guest.") % {"name": guest.name})
        return redirect("meetings:participants", meeting.pk)
    return form_page(
        request,
        form,
        title=_("Add guest"),
        back=(reverse("meetings:participants", args=[meeting.pk]), _("the participants")),
        intro=str(meeting),
    )


@require_POST
def participant_remove(request, pk):
    participant = get_participant_for_user(request.user, pk)
    participant.delete()
    messages.success(request, _("%(name)s was removed.") % {"name": participant.display_name})
    return redirect("meetings:participants", participant.meeting_id)
