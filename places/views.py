from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from governance.models import Group

from . import sections
from .access import get_place_for_user, get_problem_for_user
from .filters import PlaceFilter
from .forms import FacilityFormSet, PlaceForm, ProblemForm, ProblemStatusForm, UsageForm
from .geojson import feature_collection
from .models import FacilityState, Place, Season, TimeOfDay
from .services import place_save, place_set_usage, problem_change_status

# Map tiles come from OpenStreetMap when the browser is online; a deployment may point at
# its own tile server (or turn tiles off with an empty string) with PLACES_TILE_URL.
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def tile_url():
    return getattr(settings, "PLACES_TILE_URL", DEFAULT_TILE_URL)


def _url_for(request):
    return lambda place: request.build_absolute_uri(place.get_absolute_url())


@permission_required("places.view_place", raise_exception=True)
def place_list(request):
    places = Place.objects.for_user(request.user).for_map()
    filterset = PlaceFilter(request.GET, queryset=places)
    results = list(filterset.qs)
    return render(
        request,
        "places/place_list.html",
        {
            "filter": filterset,
            "places": results,
            "features": feature_collection(results, lambda p: p.get_absolute_url()),
            "tile_url": tile_url(),
            "can_add": request.user.has_perm("places.add_place"),
        },
    )


@permission_required("places.view_place", raise_exception=True)
def places_geojson(request):
    """Every place the user may see (the list's filters apply) as a FeatureCollection."""
    places = Place.objects.for_user(request.user).for_map()
    filterset = PlaceFilter(request.GET, queryset=places)
    response = JsonResponse(
        feature_collection(filterset.qs, _url_for(request)),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = 'inline; filename="places.geojson"'
    return response


def _usage_grid(place):
    """Rows of the usage table: (time of day, [(season, level or None) ...])."""
    known = {(u.season, u.time_of_day): u for u in place.usage.all()}
    return [
        (time_label, [known.get((season, time_value)) for season in Season.values])
        for time_value, time_label in TimeOfDay.choices
    ]


def place_detail(request, pk):
    place = get_place_for_user(request.user, pk, queryset=Place.objects.for_detail())
    problems = list(place.problems.all())
    can_change_status = request.user.has_perm("places.change_problem_status")
    open_problems = [p for p in problems if not p.is_resolved]
    for problem in open_problems:
        problem.status_form = ProblemStatusForm(problem=problem) if can_change_status else None
    return render(
        request,
        "places/place_detail.html",
        {
            "place": place,
            "open_problems": open_problems,
            "resolved_problems": [p for p in problems if p.is_resolved],
            "facilities": list(place.facilities.all()),
            "facility_good": FacilityState.GOOD,
            "usage_grid": _usage_grid(place),
            "seasons": Season.choices,
            "contacts": list(place.contacts.all()),
            "coordinators": _coordinators(place),
            "sections": sections.sections_for(request, place),
            "tile_url": tile_url(),
            "can_change": request.user.has_perm("places.change_place"),
            "can_add_problem": request.user.has_perm("places.add_problem"),
            "can_change_problem": request.user.has_perm("places.change_problem"),
            "can_change_status": can_change_status,
        },
    )


def _coordinators(place):
    """The coordinators (tovholdere) of the local group that covers the place: one query, or
    none without a local group."""
    if place.local_group_id is None:
        return []
    return list(Group.objects.filter(pk=place.local_group_id).coordinators())


def _save_place(request, form, formset, *, created):
    place = form.save(commit=False)
    formset.instance = place
    place = place_save(
        place=place,
        contacts=form.cleaned_data["contacts"],
        facilities=formset.save(commit=False),
        removed_facilities=formset.deleted_objects,
    )
    messages.success(request, _("The place was created.") if created else _("The place was saved."))
    return redirect(place)


@permission_required("places.add_place", raise_exception=True)
def place_create(request):
    form = PlaceForm(request.POST or None)
    formset = FacilityFormSet(request.POST or None, instance=Place(), prefix="facilities")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        return _save_place(request, form, formset, created=True)
    return render(
        request,
        "places/place_form.html",
        {"form": form, "formset": formset, "tile_url": tile_url()},
    )


def place_edit(request, pk):
    place = get_place_for_user(request.user, pk, write=True)
    form = PlaceForm(request.POST or None, instance=place)
    formset = FacilityFormSet(request.POST or None, instance=place, prefix="facilities")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        return _save_place(request, form, formset, created=False)
    return render(
        request,
        "places/place_form.html",
        {"form": form, "formset": formset, "place": place, "tile_url": tile_url()},
    )


def place_usage(request, pk):
    place = get_place_for_user(request.user, pk, write=True)
    form = UsageForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        place_set_usage(place=place, levels=form.levels(), notes=form.cleaned_data["notes"])
        messages.success(request, _("The use over the day and the year was saved."))
        return redirect(place)
    return render(
        request,
        "places/place_usage_form.html",
        {"form": form, "place": place, "seasons": Season.choices},
    )


def problem_create(request, pk):
    place = get_place_for_user(request.user, pk)
    if not request.user.has_perm("places.add_problem"):
        raise PermissionDenied
    form = ProblemForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        problem = form.save()
        messages.success(request, _("The problem was recorded."))
        return redirect(problem)
    return render(request, "places/problem_form.html", {"form": form, "place": place})


def problem_edit(request, pk):
    problem = get_problem_for_user(request.user, pk, perm="places.change_problem")
    form = ProblemForm(request.POST or None, instance=problem, place=problem.place)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The problem was saved."))
        return redirect(problem)
    return render(
        request,
        "places/problem_form.html",
        {"form": form, "place": problem.place, "problem": problem},
    )


def problem_status(request, pk):
    """Change a problem's status with a dated note. The place page posts here; on a phone
    or after a mistake the form is shown on its own page."""
    problem = get_problem_for_user(request.user, pk, perm="places.change_problem_status")
    form = ProblemStatusForm(request.POST or None, problem=problem)
    if request.method == "POST" and form.is_valid():
        problem_change_status(
            problem=problem,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(
            request,
            _("%(problem)s: the status is now “%(status)s”.")
            % {"problem": problem.get_category_display(), "status": problem.get_status_display()},
        )
        return redirect(problem)
    notes = problem.notes.select_related("author")
    return render(
        request,
        "places/problem_status_form.html",
        {"form": form, "problem": problem, "place": problem.place, "notes": notes},
    )
