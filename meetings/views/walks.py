"""Safety walks and their findings, on a phone as well."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byrum.shortcuts import form_page
from places.views import tile_url

from .. import services
from ..access import get_walk_for_user
from ..filters import SafetyWalkFilter
from ..forms import (
    FindingForm,
    SafetyWalkForm,
    ThemeMeetingForm,
    WalkGuestForm,
    groups_for,
)
from ..models import (
    Finding,
    SafetyWalk,
    WalkParticipant,
)


@permission_required("meetings.view_safetywalk", raise_exception=True)
def walk_list(request):
    walks = SafetyWalk.objects.visible_to(request.user).for_list()
    filterset = SafetyWalkFilter(request.GET, queryset=walks, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/walk_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_add": request.user.has_perm("meetings.add_safetywalk")
            or groups_for(request.user).exists(),
        },
    )


def walk_create(request):
    user = request.user
    if not user.has_perm("meetings.view_safetywalk") or not (
        user.has_perm("meetings.add_safetywalk") or groups_for(user).exists()
    ):
        raise PermissionDenied
    form = SafetyWalkForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        walk = services.safety_walk_save(
            walk=form.save(commit=False), members=form.cleaned_data["members"]
        )
        messages.success(request, _("The safety walk was created."))
        return redirect(walk)
    return form_page(
        request,
        form,
        title=_("New safety walk"),
        back=(reverse("meetings:walk_list"), _("the safety walks")),
    )


def walk_edit(request, pk):
    walk = get_walk_for_user(request.user, pk, write=True)
    form = SafetyWalkForm(request.POST or None, instance=walk, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.safety_walk_save(
            walk=form.save(commit=False), members=form.cleaned_data["members"]
        )
        messages.success(request, _("The safety walk was saved."))
        return redirect(walk)
    return form_page(
        request, form, title=_("Edit safety walk"), back=(walk.get_absolute_url(), walk.title)
    )


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
    return render(
        request,
        "meetings/walk_detail.html",
        {
            "walk": walk,
            "findings": findings,
            "map_points": map_points,
            "map_box": _map_box(findings),
            "tile_url": tile_url(),
            "participants": list(walk.participants.select_related("person__organisation")),
            "can_edit": walk.can_edit(request.user),
            "can_record": walk.can_record_findings(request.user) and not walk.is_completed,
            "guest_form": WalkGuestForm(),
        },
    )


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
    return form_page(
        request, form, title=_("Add participant"), back=(walk.get_absolute_url(), walk.title)
    )


def finding_create(request, pk):
    """Recorded on a phone during the walk (phone-width form, camera, position)."""
    walk = get_walk_for_user(request.user, pk)
    if not walk.can_record_findings(request.user):
        raise PermissionDenied
    if walk.is_completed:
        messages.error(
            request,
            _("The walk is completed; its findings are followed up at the follow-up meeting."),
        )
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


def finding_photo(request, pk):
    """A finding's photo, only to those who may see its walk (never a public media URL)."""
    finding = get_object_or_404(Finding.objects.only("pk", "walk_id", "photo"), pk=pk)
    get_walk_for_user(request.user, finding.walk_id)
    if not finding.photo or not default_storage.exists(finding.photo.name):
        raise Http404
    response = FileResponse(default_storage.open(finding.photo.name), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def theme_meeting_create(request, pk):
    """Plan a theme meeting from the walk's findings (those who may edit the walk)."""
    walk = get_walk_for_user(request.user, pk, write=True)
    form = ThemeMeetingForm(request.POST or None, walk=walk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.theme_meeting_plan(
            walk=walk,
            title=data["title"],
            start=data["start"],
            end=data["start"] + datetime.timedelta(minutes=data["duration"]),
            location=data["location"],
            findings=data["findings"],
        )
        messages.success(
            request, _("The theme meeting was planned with the findings on its agenda.")
        )
        return redirect(meeting)
    return form_page(
        request,
        form,
        title=_("Plan a theme meeting"),
        intro=_("The findings you choose go on the agenda, each as its own item."),
        back=(walk.get_absolute_url(), walk.title),
    )
