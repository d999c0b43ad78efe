"""The governance pages: groups and their members, people, organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from byrum import roles, tenancy
from byrum.shortcuts import form_page

from . import sections, services, tenants
from .access import (
    get_group_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_person_for_user,
)
from .filters import GroupFilter, OrganisationFilter, PersonFilter
from .forms import (
    GroupForm,
    InvitationForm,
    MembershipForm,
    MunicipalityChoiceForm,
    OrganisationForm,
    PersonForm,
)
from .models import Group, Membership, Organisation, Person


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
    groups = tenancy.scoped(Group.objects.all(), request.user)
    groups = groups.select_related("parent").with_current_members().in_structure_order()
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
            "today": timezone.localdate(),
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
    user = request.user
    return render(
        request,
        "governance/person_detail.html",
        {
            "person": person,
            "current_memberships": current,
            "past_memberships": past,
            "can_change": user.has_perm("governance.change_person"),
            "can_invite": user.has_perm("governance.change_person") and person.active,
        },
    )


@permission_required("governance.view_person", raise_exception=True)
def person_list(request):
    people = tenancy.scoped(Person.objects.all(), request.user)
    people = people.select_related("organisation").order_by("name")
    filterset = PersonFilter(request.GET, queryset=people)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/person_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_add": request.user.has_perm("governance.add_person"),
        },
    )


@permission_required("governance.add_person", raise_exception=True)
def person_create(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.person_save(
            person=form.save(commit=False), groups=form.cleaned_data["groups"]
        )
        messages.success(request, _("%(person)s was created.") % {"person": person})
        return redirect(person)
    return form_page(
        request, form, title=_("New person"), back=(reverse("governance:person_list"), _("people"))
    )


def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_save(person=form.save(commit=False), groups=form.cleaned_data["groups"])
        messages.success(request, _("%(person)s was saved.") % {"person": person})
        return redirect(person)
    return form_page(
        request,
        form,
        title=_("Edit %(person)s") % {"person": person.name},
        back=(person.get_absolute_url(), person.name),
    )


@require_POST
def person_deactivate(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    services.person_deactivate(person=person)
    messages.success(
        request,
        _("%(person)s is no longer active: their memberships end today, and their login is closed.")
        % {"person": person},
    )
    return redirect(person)


def person_invite(request, pk):
    """Invite a person to a login, or send a new invitation (a lost phone, an expired link):
    the second factor is set up only through an invitation, never with a password alone."""
    person = get_person_for_user(request.user, pk, write=True)
    form = InvitationForm(request.POST or None, roles=list(roles.ROLES.items()))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_invite(
                person=person,
                role=form.cleaned_data["role"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link is valid for 72 hours.")
                % {"email": person.email},
            )
            return redirect(person)
    return form_page(
        request,
        form,
        title=_("Invite %(person)s to a login") % {"person": person.name},
        back=(person.get_absolute_url(), person.name),
        intro=_("The invitation goes to %(email)s.") % {"email": person.email or "–"},
    )


@permission_required("governance.view_organisation", raise_exception=True)
def organisation_list(request):
    organisations = tenancy.scoped(Organisation.objects.all(), request.user)
    organisations = organisations.annotate(people_count=Count("people"))
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


def municipality_choose(request):
    """The platform administrator's switch: which municipality they work in (only they may
    switch; for anybody else the page does not exist)."""
    if not request.user.is_superuser:
        raise Http404
    current = tenancy.of_user(request.user)
    if request.method == "POST":
        form = MunicipalityChoiceForm(request.POST)
        if form.is_valid():
            municipality = form.cleaned_data["municipality"]
            tenants.choose(request, municipality)
            messages.success(request, _("You now work in %(name)s.") % {"name": municipality.name})
            return redirect("home")
    else:
        form = MunicipalityChoiceForm(initial={"municipality": current})
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "page_title": _("Choose municipality"),
            "intro": _(
                "As platform administrator you work in one municipality at a time: its "
                "records, and nothing of any other."
            ),
            "back_url": reverse("home"),
            "back_label": _("the front page"),
        },
    )
