from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from actionplan.models import Group
from places.views import tile_url

from . import services
from .filters import DecisionFilter, MeetingFilter, SafetyWalkFilter
from .forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    AttendanceFormSet,
    DecisionActionForm,
    DecisionForm,
    FindingForm,
    GuestForm,
    MeetingForm,
    MinutesItemForm,
    PersonInviteForm,
    SafetyWalkForm,
    WalkGuestForm,
    groups_for,
    version_of,
)
from .ical import build_calendar, feed_window, ics_response
from .models import (
    AgendaItem,
    CalendarToken,
    Decision,
    Finding,
    Meeting,
    MinutesRevision,
    Participant,
    SafetyWalk,
    WalkParticipant,
)

# --- Fetch and check ---------------------------------------------------------------------------


def get_meeting_for_user(user, pk, *, write=False):
    """404 for meetings outside the user's view (Meeting.objects.visible_to), 403 for meetings
    they see but may not prepare or write minutes for (Meeting.can_edit)."""
    if not user.has_perm("meetings.view_meeting"):
        raise Http404
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("group", "place", "approved_by"), pk=pk
    )
    if write and not meeting.can_edit(user):
        raise PermissionDenied
    return meeting


def get_agenda_item_for_user(user, pk, *, write=True):
    item = get_object_or_404(AgendaItem.objects.only("pk", "meeting_id"), pk=pk)
    meeting = get_meeting_for_user(user, item.meeting_id, write=write)
    item = AgendaItem.objects.select_related("finding__action_item").get(pk=pk)
    item.meeting = meeting
    return item


def get_decision_for_user(user, pk, *, write=True):
    decision = get_object_or_404(Decision.objects.select_related("agenda_item"), pk=pk)
    decision.agenda_item.meeting = get_meeting_for_user(
        user, decision.agenda_item.meeting_id, write=write
    )
    return decision


def get_participant_for_user(user, pk, *, write=True):
    participant = get_object_or_404(Participant, pk=pk)
    participant.meeting = get_meeting_for_user(user, participant.meeting_id, write=write)
    return participant


def finding_photo(request, pk):
    """A finding's photo, only to those who may see its walk (never a public media URL)."""
    finding = get_object_or_404(Finding.objects.only("pk", "walk_id", "photo"), pk=pk)
    get_walk_for_user(request.user, finding.walk_id)
    if not finding.photo or not default_storage.exists(finding.photo.name):
        raise Http404
    response = FileResponse(default_storage.open(finding.photo.name), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def get_walk_for_user(user, pk, *, write=False):
    if not user.has_perm("meetings.view_safetywalk"):
        raise Http404
    walk = get_object_or_404(
        SafetyWalk.objects.visible_to(user).select_related("group", "place", "follow_up_meeting"),
        pk=pk,
    )
    if write and not walk.can_edit(user):
        raise PermissionDenied
    return walk


def _can_plan(user):
    return user.has_perm("meetings.add_meeting") or groups_for(user).exists()


def _base_url(request):
    return request.build_absolute_uri("/")


def _refuse_published(request, meeting):
    if meeting.minutes_published:
        messages.error(request, _("The minutes are approved and can no longer be changed."))
        return redirect(meeting)
    return None


def _form_page(request, form, *, title, back_url, back_label, intro=""):
    return render(request, "meetings/form_page.html", {
        "form": form, "page_title": title, "back_url": back_url, "back_label": back_label,
        "intro": intro,
    })


# --- Meetings ------------------------------------------------------------------------------------


@permission_required("meetings.view_meeting", raise_exception=True)
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).for_list()
    filterset = MeetingFilter(request.GET, queryset=meetings, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {"filter": filterset, "page_obj": page, "can_add": _can_plan(request.user),
         "now": timezone.now()},
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
    return _form_page(request, form, title=_("New meeting"), back_url=reverse("meetings:list"),
                      back_label=_("the meetings"))


def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting)
    return _form_page(request, form, title=_("Edit meeting"), back_url=meeting.get_absolute_url(),
                      back_label=meeting.title)


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
    participants = list(meeting.participants.select_related("person__organisation"))
    walk = SafetyWalk.objects.filter(follow_up_meeting=meeting).first()
    items = _agenda_items(meeting, with_minutes=show_minutes)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "participants": participants,
            "show_minutes": show_minutes,
            "can_edit": can_edit,
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


# --- Agenda ---------------------------------------------------------------------------------------


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
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "items": items,
            "form": form,
            "previous": services.previous_meeting(meeting),
            "total_minutes": sum(i.duration or 0 for i in items),
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
            messages.success(request, _("The agenda item was saved."))
            return redirect("meetings:agenda", meeting.pk)
    return _form_page(request, form, title=_("Edit agenda item"),
                      back_url=reverse("meetings:agenda", args=[meeting.pk]),
                      back_label=_("the agenda"))


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
        messages.success(request, _("The item was removed from the agenda."))
    return redirect("meetings:agenda", item.meeting_id)


# --- Participants --------------------------------------------------------------------------------


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
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = PersonInviteForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        Participant.objects.create(meeting=meeting, person=person)
        messages.success(request, _("%(name)s was invited.") % {"name": person.name})
        return redirect("meetings:participants", meeting.pk)
    return _form_page(request, form, title=_("Invite a person"),
                      back_url=reverse("meetings:participants", args=[meeting.pk]),
                      back_label=_("the participants"), intro=str(meeting))


def participant_add_guest(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = GuestForm(request.POST or None, instance=Participant(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        guest = form.save()
        messages.success(request, _("%(name)s was added as a guest.") % {"name": guest.name})
        return redirect("meetings:participants", meeting.pk)
    return _form_page(request, form, title=_("Add guest"),
                      back_url=reverse("meetings:participants", args=[meeting.pk]),
                      back_label=_("the participants"), intro=str(meeting))


@require_POST
def participant_remove(request, pk):
    participant = get_participant_for_user(request.user, pk)
    participant.delete()
    messages.success(request, _("%(name)s was removed.") % {"name": participant.display_name})
    return redirect("meetings:participants", participant.meeting_id)


# --- Minutes -------------------------------------------------------------------------------------


def _saved_label(item):
    when = timezone.localtime(item.notes_updated_at)
    by = item.notes_updated_by
    name = (by.get_full_name() or by.get_username()) if by else ""
    return _("Last changed by %(name)s at %(time)s") % {
        "name": name, "time": formats.date_format(when, "SHORT_DATETIME_FORMAT")
    }


def _conflict(item, form_version, user):
    """Someone else saved this item since the editor loaded it."""
    return (
        form_version != version_of(item)
        and item.notes_updated_by_id is not None
        and item.notes_updated_by_id != user.pk
    )


def minutes(request, pk):
    """The minutes editor: every agenda item's notes on one page. Without JavaScript the form
    saves everything; with it, static/js/minutes-editor.js autosaves each item."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    items = _agenda_items(meeting, with_minutes=True, with_history=True)
    data = request.POST if request.method == "POST" else None
    forms = [MinutesItemForm(data, item=item) for item in items]
    if request.method == "POST":
        if (refused := _refuse_published(request, meeting)) is not None:
            return refused
        if all(form.is_valid() for form in forms):
            conflicts = []
            with transaction.atomic():
                for form in forms:
                    if _conflict(form.item, form.cleaned_data["version"], request.user):
                        form.add_error(
                            "notes",
                            _("%(who)s changed these minutes while you were writing. Your "
                              "text is kept below: copy what you need, then reload the page.")
                            % {"who": form.item.notes_updated_by},
                        )
                        conflicts.append(form)
                        continue
                    services.minutes_save(
                        item=form.item, notes=form.cleaned_data["notes"], user=request.user,
                        outcome=form.cleaned_data.get("outcome") if "outcome" in form.fields
                        else None,
                    )
            if not conflicts:
                messages.success(request, _("The minutes were saved."))
                return redirect("meetings:minutes", meeting.pk)
            messages.error(request, _("Some items were not saved: see below."))
    return render(
        request,
        "meetings/minutes.html",
        {"meeting": meeting, "rows": list(zip(items, forms, strict=True))},
    )


@require_POST
def minutes_autosave(request, pk):
    """Autosave of one item's minutes from the editor. Answers JSON for the status line."""
    item = get_agenda_item_for_user(request.user, pk)
    form = MinutesItemForm(request.POST, item=item, prefix="")
    if item.meeting.minutes_published:
        return JsonResponse(
            {"saved": False,
             "message": _("The minutes are approved and can no longer be changed.")},
            status=409,
        )
    if not form.is_valid():
        return JsonResponse({"saved": False, "message": _("Not saved")}, status=400)
    if _conflict(item, form.cleaned_data["version"], request.user):
        return JsonResponse(
            {"saved": False,
             "message": _("Not saved: %(who)s changed this item meanwhile. Copy your text and "
                          "reload the page.") % {"who": item.notes_updated_by}},
            status=409,
        )
    services.minutes_save(
        item=item, notes=form.cleaned_data["notes"], user=request.user,
        outcome=form.cleaned_data.get("outcome") if "outcome" in request.POST else None,
    )
    item.refresh_from_db(fields=["notes_updated_at", "notes_updated_by"])
    saved_at = timezone.localtime(item.notes_updated_at) if item.notes_updated_at else None
    return JsonResponse({
        "saved": True,
        "version": version_of(item),
        "message": _("Saved at %(time)s") % {"time": f"{timezone.localtime():%H:%M}"},
        "changed": _saved_label(item) if saved_at else "",
    })


def decision_add(request, pk):
    item = get_agenda_item_for_user(request.user, pk)
    meeting = item.meeting
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            decision = services.decision_create(
                agenda_item=item, text=form.cleaned_data["text"], user=request.user
            )
            if form.wants_action:
                services.decision_create_action_item(
                    decision=decision, title=form.cleaned_data["action_title"],
                    responsible_person=form.cleaned_data["responsible_person"],
                    responsible_organisation=form.cleaned_data["responsible_organisation"],
                    due=form.cleaned_data["due"], user=request.user,
                )
        messages.success(request, _("The decision was recorded."))
        return redirect(reverse("meetings:minutes", args=[meeting.pk]) + f"#item-{item.pk}")
    return _form_page(
        request, form, title=_("Record a decision"),
        back_url=reverse("meetings:minutes", args=[meeting.pk]) + f"#item-{item.pk}",
        back_label=_("the minutes"),
        intro=_("%(meeting)s, item: %(item)s") % {"meeting": meeting, "item": item.title},
    )


def decision_action_add(request, pk):
    decision = get_decision_for_user(request.user, pk)
    meeting = decision.agenda_item.meeting
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    form = DecisionActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.decision_create_action_item(
            decision=decision, title=form.cleaned_data["action_title"],
            responsible_person=form.cleaned_data["responsible_person"],
            responsible_organisation=form.cleaned_data["responsible_organisation"],
            due=form.cleaned_data["due"], user=request.user,
        )
        messages.success(request, _("The action item was created."))
        return redirect(
            reverse("meetings:minutes", args=[meeting.pk]) + f"#item-{decision.agenda_item_id}"
        )
    return _form_page(
        request, form, title=_("New action item from a decision"),
        back_url=reverse("meetings:minutes", args=[meeting.pk]), back_label=_("the minutes"),
        intro=_("Decision: %(text)s") % {"text": decision.text},
    )


def publish(request, pk):
    """Approve the minutes: GET shows who will get them, POST publishes and sends."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    participants = list(meeting.participants.select_related("person__organisation"))
    if request.method == "POST":
        try:
            sent = services.meeting_publish_minutes(
                meeting=meeting, user=request.user, base_url=_base_url(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The minutes are approved and published. %(count)s e-mails were sent.")
                % {"count": sent},
            )
            return redirect(meeting)
    return render(request, "meetings/publish.html", {
        "meeting": meeting,
        "recipients": [p for p in participants if p.email_address],
        "without_email": [p for p in participants if not p.email_address],
        "not_held_yet": meeting.start > timezone.now(),
    })


def meeting_print(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.minutes_visible_to(request.user):
        raise Http404
    return render(request, "meetings/meeting_print.html", {
        "meeting": meeting,
        "items": _agenda_items(meeting, with_minutes=True),
        "participants": list(meeting.participants.select_related("person__organisation")),
        "printed_at": timezone.now(),
    })


# --- Decision register ---------------------------------------------------------------------


@permission_required("meetings.view_decision", raise_exception=True)
def decision_list(request):
    decisions = Decision.objects.visible_to(request.user).for_register().order_by(
        "-agenda_item__meeting__start", "agenda_item__position", "pk"
    )
    filterset = DecisionFilter(request.GET, queryset=decisions, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "meetings/decision_list.html", {"filter": filterset, "page_obj": page})


# --- Calendar -------------------------------------------------------------------------------------


@permission_required("meetings.view_meeting", raise_exception=True)
def calendar(request):
    token = CalendarToken.for_user(request.user)
    feed = request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token.token]))
    groups = Group.objects.filter(
        pk__in=Meeting.objects.visible_to(request.user).values("group_id")
    ).order_by("kind", "name")
    group_feeds = [
        (group, request.build_absolute_uri(
            reverse("meetings:group_calendar_feed", args=[token.token, group.pk])))
        for group in groups
    ]
    return render(request, "meetings/calendar.html",
                  {"feed": feed, "group_feeds": group_feeds, "token": token})


@require_POST
@permission_required("meetings.view_meeting", raise_exception=True)
def calendar_regenerate(request):
    CalendarToken.for_user(request.user).regenerate()
    messages.success(request, _("You have a new calendar address. The old one no longer works: "
                                "subscribe again with the new one."))
    return redirect("meetings:calendar")


def _token_user(token):
    calendar_token = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token
    )
    user = calendar_token.user
    if not user.is_active or not user.has_perm("meetings.view_meeting"):
        raise Http404
    return user


@login_not_required
@never_cache
def calendar_feed(request, token):
    """The user's meetings as a subscribable feed. No login: the secret token is the key."""
    user = _token_user(token)
    meetings = feed_window(Meeting.objects.of_user(user).select_related("group", "place"))
    calendar_obj = build_calendar(meetings, name=_("My meetings in Byrum"),
                                  base_url=_base_url(request))
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
        name=_("Meetings: %(group)s") % {"group": group.name}, base_url=_base_url(request),
    )
    return ics_response(calendar_obj, filename=f"byrum-group-{group.pk}.ics")


def meeting_ics(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    calendar_obj = build_calendar([meeting], name=meeting.title, base_url=_base_url(request))
    return ics_response(calendar_obj, filename=f"meeting-{meeting.pk}.ics", download=True)


# --- Safety walks --------------------------------------------------------------------------


@permission_required("meetings.view_safetywalk", raise_exception=True)
def walk_list(request):
    walks = SafetyWalk.objects.visible_to(request.user).for_list()
    filterset = SafetyWalkFilter(request.GET, queryset=walks, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "meetings/walk_list.html", {
        "filter": filterset, "page_obj": page,
        "can_add": request.user.has_perm("meetings.add_safetywalk")
        or groups_for(request.user).exists(),
    })


def _save_walk_members(walk, members):
    chosen = {person.pk for person in members}
    walk.participants.exclude(person=None).exclude(person_id__in=chosen).delete()
    existing = set(walk.participants.exclude(person=None).values_list("person_id", flat=True))
    WalkParticipant.objects.bulk_create(
        [WalkParticipant(walk=walk, person_id=pk) for pk in chosen - existing]
    )


def walk_create(request):
    user = request.user
    if not user.has_perm("meetings.view_safetywalk") or not (
        user.has_perm("meetings.add_safetywalk") or groups_for(user).exists()
    ):
        raise PermissionDenied
    form = SafetyWalkForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            walk = form.save()
            _save_walk_members(walk, form.cleaned_data["members"])
        messages.success(request, _("The safety walk was created."))
        return redirect(walk)
    return _form_page(request, form, title=_("New safety walk"),
                      back_url=reverse("meetings:walk_list"), back_label=_("the safety walks"))


def walk_edit(request, pk):
    walk = get_walk_for_user(request.user, pk, write=True)
    form = SafetyWalkForm(request.POST or None, instance=walk, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            _save_walk_members(walk, form.cleaned_data["members"])
        messages.success(request, _("The safety walk was saved."))
        return redirect(walk)
    return _form_page(request, form, title=_("Edit safety walk"), back_url=walk.get_absolute_url(),
                      back_label=walk.title)


def walk_detail(request, pk):
    walk = get_walk_for_user(request.user, pk)
    findings = list(walk.findings.for_walk_page())
    map_points = [
        {
            "id": f.pk,
            "lat": float(f.latitude),
            "lng": float(f.longitude),
            "title": f.action_item.title,
            "note": f.action_item.get_status_display(),
            "url": f"#finding-{f.pk}",
        }
        for f in findings
    ]
    return render(request, "meetings/walk_detail.html", {
        "walk": walk,
        "findings": findings,
        "map_points": map_points,
        "map_box": _map_box(findings),
        "tile_url": tile_url(),
        "participants": list(walk.participants.select_related("person__organisation")),
        "can_edit": walk.can_edit(request.user),
        "can_record": walk.can_record_findings(request.user) and not walk.is_completed,
        "guest_form": WalkGuestForm(),
    })


def _map_box(findings):
    """Positions of the findings in a 0..100 square for the plain SVG sketch shown when no
    map library is loaded."""
    if not findings:
        return []
    lats = [float(f.latitude) for f in findings]
    lngs = [float(f.longitude) for f in findings]
    lat_span = max(max(lats) - min(lats), 0.0005)
    lng_span = max(max(lngs) - min(lngs), 0.0005)
    return [
        {
            "number": number,
            "x": round(10 + 80 * (float(f.longitude) - min(lngs)) / lng_span, 1),
            "y": round(90 - 80 * (float(f.latitude) - min(lats)) / lat_span, 1),
            "finding": f,
        }
        for number, f in enumerate(findings, start=1)
    ]


def walk_add_guest(request, pk):
    walk = get_walk_for_user(request.user, pk, write=True)
    form = WalkGuestForm(request.POST or None, instance=WalkParticipant(walk=walk))
    if request.method == "POST" and form.is_valid():
        guest = form.save()
        messages.success(request, _("%(name)s was added.") % {"name": guest.name})
        return redirect(walk)
    return _form_page(request, form, title=_("Add participant"), back_url=walk.get_absolute_url(),
                      back_label=walk.title)


def finding_create(request, pk):
    """Recorded on a phone during the walk (phone-width form, camera, position)."""
    walk = get_walk_for_user(request.user, pk)
    if not walk.can_record_findings(request.user):
        raise PermissionDenied
    if walk.is_completed:
        messages.error(request, _("The walk is completed; its findings are followed up at the "
                                  "follow-up meeting."))
        return redirect(walk)
    form = FindingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.finding_create(walk=walk, user=request.user, **form.cleaned_data)
        messages.success(request, _("The finding was recorded. Record the next one."))
        return redirect("meetings:finding_create", walk.pk)
    return render(request, "meetings/finding_form.html", {"walk": walk, "form": form})


@require_POST
def walk_complete(request, pk):
    walk = get_walk_for_user(request.user, pk, write=True)
    try:
        meeting = services.safety_walk_complete(walk=walk, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(walk)
    messages.success(
        request,
        _("The walk is completed. The follow-up meeting is planned for %(date)s.")
        % {"date": formats.date_format(timezone.localtime(meeting.start), "DATE_FORMAT")},
    )
    return redirect(walk)

