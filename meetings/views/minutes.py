"""The minutes editor, decisions, publishing, and the decision register."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byrum import search
from byrum.shortcuts import form_page

from .. import approval, register, services
from ..access import get_agenda_item_for_user, get_decision_for_user, get_meeting_for_user
from ..filters import DecisionFilter, RegisterSearchFilter
from ..forms import (
    DecisionActionForm,
    DecisionForm,
    MinutesItemForm,
)
from ..models import (
    Decision,
)
from .helpers import _refuse_published
from .meetings import _agenda_items


def _saved_label(item):
    when = timezone.localtime(item.notes_updated_at)
    by = item.notes_updated_by
    name = (by.get_full_name() or by.get_username()) if by else ""
    return _("Last changed by %(name)s at %(time)s") % {
        "name": name,
        "time": formats.date_format(when, "SHORT_DATETIME_FORMAT"),
    }


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
            conflicts = services.minutes_save_all(
                changes=[
                    (
                        form.item,
                        form.cleaned_data["version"],
                        form.cleaned_data["notes"],
                        form.cleaned_data.get("outcome") if "outcome" in form.fields else None,
                    )
                    for form in forms
                ],
                user=request.user,
            )
            for form in forms:
                if form.item in conflicts:
                    form.add_error(
                        "notes",
                        _(
                            "%(who)s changed these minutes while you were writing. Your "
                            "text is kept below: copy what you need, then reload the page."
                        )
                        % {"who": form.item.notes_updated_by},
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
    if item.meeting.minutes_locked:
        return JsonResponse(
            {
                "saved": False,
                "message": _("The minutes are approved and can no longer be changed."),
            },
            status=409,
        )
    if not form.is_valid():
        reasons = " ".join(e for errors in form.errors.values() for e in errors)
        return JsonResponse(
            {"saved": False, "message": _("Not saved: %(reason)s") % {"reason": reasons}},
            status=400,
        )
    if services.minutes_conflict(item, form.cleaned_data["version"], request.user):
        return JsonResponse(
            {
                "saved": False,
                "message": _(
                    "Not saved: %(who)s changed this item meanwhile. Copy your text and "
                    "reload the page."
                )
                % {"who": item.notes_updated_by},
            },
            status=409,
        )
    services.minutes_save(
        item=item,
        notes=form.cleaned_data["notes"],
        user=request.user,
        outcome=form.cleaned_data.get("outcome") if "outcome" in request.POST else None,
    )
    item.refresh_from_db(fields=["notes_updated_at", "notes_updated_by"])
    saved_at = timezone.localtime(item.notes_updated_at) if item.notes_updated_at else None
    return JsonResponse(
        {
            "saved": True,
            "version": item.notes_version,
            "message": _("Saved at %(time)s") % {"time": f"{timezone.localtime():%H:%M}"},
            "changed": _saved_label(item) if saved_at else "",
        }
    )


def decision_add(request, pk):
    item = get_agenda_item_for_user(request.user, pk)
    meeting = item.meeting
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form_data = form.cleaned_data
        services.decision_create(
            agenda_item=item,
            text=form_data["text"],
            user=request.user,
            action_title=form_data["action_title"] if form.wants_action else "",
            responsible_person=form_data.get("responsible_person"),
            responsible_organisation=form_data.get("responsible_organisation"),
            due=form_data.get("due"),
        )
        messages.success(request, _("The decision was recorded."))
        return redirect(reverse("meetings:minutes", args=[meeting.pk]) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=_("Record a decision"),
        back=(
            reverse("meetings:minutes", args=[meeting.pk]) + f"#item-{item.pk}",
            _("the minutes"),
        ),
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
            decision=decision,
            title=form.cleaned_data["action_title"],
            responsible_person=form.cleaned_data["responsible_person"],
            responsible_organisation=form.cleaned_data["responsible_organisation"],
            due=form.cleaned_data["due"],
            user=request.user,
        )
        messages.success(request, _("The action item was created."))
        return redirect(
            reverse("meetings:minutes", args=[meeting.pk]) + f"#item-{decision.agenda_item_id}"
        )
    return form_page(
        request,
        form,
        title=_("New action item from a decision"),
        back=(reverse("meetings:minutes", args=[meeting.pk]), _("the minutes")),
        intro=_("Decision: %(text)s") % {"text": decision.text},
    )


def publish(request, pk):
    """Publish the minutes: GET shows who will get them, POST publishes and sends. Minutes the
    chair has not approved are approved in the same step when the user may approve them."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if meeting.minutes_published:
        messages.error(request, _("The minutes are approved and can no longer be changed."))
        return redirect(meeting)
    participants = list(meeting.participants.select_related("person__organisation"))
    if request.method == "POST":
        try:
            told = services.meeting_publish_minutes(meeting=meeting, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The minutes are approved and published. %(count)s participants are told.")
                % {"count": told},
            )
            return redirect(meeting)
    return render(
        request,
        "meetings/publish.html",
        {
            "meeting": meeting,
            "recipients": [p for p in participants if p.email_address],
            "without_email": [p for p in participants if not p.email_address],
            "not_held_yet": meeting.start > timezone.now(),
            "needs_approval": meeting.approved_at is None,
            "may_approve": meeting.can_approve(request.user),
            "unresolved": approval.unresolved_comments(meeting).count(),
        },
    )


@permission_required("meetings.view_decision", raise_exception=True)
def decision_list(request):
    """The decision register: every decision in the minutes the user may read; with a search,
    every agenda item whose title, minutes or decisions match (meetings/register.py)."""
    if search.prefix_query(request.GET.get("q", "")[:200]) is not None:
        filterset = RegisterSearchFilter(
            request.GET, queryset=register.register_items(request.user), request=request
        )
        page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "meetings/decision_list.html",
            {
                "filter": filterset,
                "page_obj": page,
                "searching": True,
                "more": filterset.more,
                "ranked": register.RANKED,
            },
        )
    decisions = (
        Decision.objects.visible_to(request.user)
        .for_register()
        .order_by("-agenda_item__meeting__start", "agenda_item__position", "pk")
    )
    filterset = DecisionFilter(request.GET, queryset=decisions, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "meetings/decision_list.html", {"filter": filterset, "page_obj": page})
