"""The governance pages: groups and their members, people, organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import sections
from .access import (
    get_group_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_person_for_user,
)
from .filters import GroupFilter, OrganisationFilter
from .forms import GroupForm, MembershipForm, OrganisationForm
from .models import Group, Membership, Organisation


def _by_role(memberships):
    """Memberships grouped as the group page shows them: chair, secretary, members, observers."""
    labels = dict(Membership.Role.choices)
    return [
        (labels[role], [m for m in memberships if m.role == role])
        for role in Membership.ROLE_ORDER
        if any(m.role == role for m in memberships)
    ]


@permission_required("governance.view_group", raise_exception=True)
def group_list(request):
    groups = Group.objects.select_related("parent").with_current_members().in_structure_order()
    filterset = GroupFilter(request.GET, queryset=groups)
    return render(request, "governance/group_list.html", {"filter": filterset})


def group_detail(request, pk):
    group = get_group_for_user(request.user, pk)
    show_past = request.GET.get("past") == "1"
    memberships = list(
        group.memberships.current().select_related("person__organisation", "represents")
    )
    past = (
        list(group.memberships.past().select_related("person__organisation", "represents"))
        if show_past
        else []
    )
    children = group.children.all()
    return render(
        request,
        "governance/group_detail.html",
        {
            "group": group,
            "members_by_role": _by_role(memberships),
            "show_past": show_past,
            "past_memberships": past,
            "children": children,
            "sections": sections.sections_for(request, group),
            "can_change": request.user.has_perm("governance.change_group"),
            "can_add_member": request.user.has_perm("governance.add_membership"),
        },
    )


def group_edit(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The group was saved."))
        return redirect(group)
    return render(request, "governance/group_form.html", {"group": group, "form": form})


def membership_add(request, pk):
    group = get_group_for_user(request.user, pk)
    if not request.user.has_perm("governance.add_membership"):
        raise PermissionDenied
    form = MembershipForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(
            request,
            _("%(person)s was added to %(group)s.") % {"person": membership.person, "group": group},
        )
        return redirect(group)
    return render(request, "governance/membership_form.html", {"group": group, "form": form})


@require_POST
def membership_end(request, pk):
    membership = get_membership_for_user(request.user, pk, write=True)
    membership.end_today()
    messages.success(
        request,
        _("%(person)s's membership of %(group)s ends today.")
        % {"person": membership.person, "group": membership.group},
    )
    return redirect(membership.group)


def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    memberships = person.memberships.select_related("group", "represents").order_by(
        "-end", "-start"
    )
    current = [m for m in memberships if m.is_current()]
    past = [m for m in memberships if not m.is_current()]
    return render(
        request,
        "governance/person_detail.html",
        {"person": person, "current_memberships": current, "past_memberships": past},
    )


@permission_required("governance.view_organisation", raise_exception=True)
def organisation_list(request):
    organisations = Organisation.objects.annotate(people_count=Count("people"))
    filterset = OrganisationFilter(request.GET, queryset=organisations)
    return render(
        request,
        "governance/organisation_list.html",
        {
            "filter": filterset,
            "can_add": request.user.has_perm("governance.add_organisation"),
        },
    )


def organisation_detail(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    people = organisation.people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("group"),
            to_attr="current_memberships",
        )
    )
    return render(
        request,
        "governance/organisation_detail.html",
        {"organisation": organisation, "people": people},
    )


@permission_required("governance.add_organisation", raise_exception=True)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("The organisation was created."))
        return redirect(organisation)
    return render(request, "governance/organisation_form.html", {"form": form})
