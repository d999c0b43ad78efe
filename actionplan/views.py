from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .filters import (
    ActionItemFilter,
    GroupFilter,
    InitiativeFilter,
    OrganisationFilter,
    PlanFilter,
)
from .forms import (
    ActionItemForm,
    ActionPlanForm,
    ApprovalStepForm,
    AssessmentForm,
    GoalForm,
    GroupForm,
    InitiativeForm,
    InitiativeStatusForm,
    MembershipForm,
    OrganisationForm,
    PlanEvaluationForm,
    TimelineActivityForm,
)
from .models import (
    ActionItem,
    ActionPlan,
    ApprovalStep,
    Goal,
    Group,
    Initiative,
    Membership,
    Organisation,
    Person,
    TimelineActivity,
)
from .selectors import plan_status
from .services import initiative_create as initiative_create_service


def _get_for_user(user, queryset, pk, *, model_name, write=False):
    """Fetch one governance object and check the user's right to it: 404 for those who may
    not see it (the same answer as for a missing id), 403 for those who may see but not change."""
    if not user.has_perm(f"actionplan.view_{model_name}"):
        raise Http404
    obj = get_object_or_404(queryset, pk=pk)
    if write and not user.has_perm(f"actionplan.change_{model_name}"):
        raise PermissionDenied
    return obj


def get_group_for_user(user, pk, *, write=False):
    return _get_for_user(user, Group.objects.select_related("parent"), pk,
                         model_name="group", write=write)


def get_person_for_user(user, pk):
    return _get_for_user(user, Person.objects.select_related("organisation"), pk,
                         model_name="person")


def get_organisation_for_user(user, pk):
    return _get_for_user(user, Organisation.objects.all(), pk, model_name="organisation")


def get_membership_for_user(user, pk, *, write=False):
    return _get_for_user(user, Membership.objects.select_related("group", "person"), pk,
                         model_name="membership", write=write)


def _by_role(memberships):
    """Memberships grouped as the group page shows them: chair, secretary, members, observers."""
    labels = dict(Membership.Role.choices)
    return [
        (labels[role], [m for m in memberships if m.role == role])
        for role in Membership.ROLE_ORDER
        if any(m.role == role for m in memberships)
    ]


@permission_required("actionplan.view_group", raise_exception=True)
def group_list(request):
    groups = Group.objects.select_related("parent").with_current_members().in_structure_order()
    filterset = GroupFilter(request.GET, queryset=groups)
    return render(request, "actionplan/group_list.html", {"filter": filterset})


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
    places = group.places.all()  # the places a local group covers
    return render(
        request,
        "actionplan/group_detail.html",
        {
            "group": group,
            "members_by_role": _by_role(memberships),
            "show_past": show_past,
            "past_memberships": past,
            "today": timezone.localdate(),
            "children": children,
            "places": places,
            "can_change": request.user.has_perm("actionplan.change_group"),
            "can_add_member": request.user.has_perm("actionplan.add_membership"),
        },
    )


def group_edit(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The group was saved."))
        return redirect(group)
    return render(request, "actionplan/group_form.html", {"group": group, "form": form})


def membership_add(request, pk):
    group = get_group_for_user(request.user, pk)
    if not request.user.has_perm("actionplan.add_membership"):
        raise PermissionDenied
    form = MembershipForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(
            request,
            _("%(person)s was added to %(group)s.")
            % {"person": membership.person, "group": group},
        )
        return redirect(group)
    return render(request, "actionplan/membership_form.html", {"group": group, "form": form})


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
        "actionplan/person_detail.html",
        {"person": person, "current_memberships": current, "past_memberships": past},
    )


@permission_required("actionplan.view_organisation", raise_exception=True)
def organisation_list(request):
    organisations = Organisation.objects.annotate(people_count=Count("people"))
    filterset = OrganisationFilter(request.GET, queryset=organisations)
    return render(
        request,
        "actionplan/organisation_list.html",
        {
            "filter": filterset,
            "can_add": request.user.has_perm("actionplan.add_organisation"),
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
        "actionplan/organisation_detail.html",
        {"organisation": organisation, "people": people},
    )


@permission_required("actionplan.add_organisation", raise_exception=True)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("The organisation was created."))
        return redirect(organisation)
    return render(request, "actionplan/organisation_form.html", {"form": form})


# --- The action plan --------------------------------------------------------------------------


def get_plan_for_user(user, pk, *, write=False):
    return _get_for_user(user, ActionPlan.objects.with_budget(), pk,
                         model_name="actionplan", write=write)


def get_goal_for_user(user, pk, *, write=False):
    return _get_for_user(user, Goal.objects.select_related("plan"), pk,
                         model_name="goal", write=write)


def get_initiative_for_user(user, pk, *, write=False):
    return _get_for_user(
        user,
        Initiative.objects.select_related(
            "plan", "responsible_organisation", "responsible_person__organisation"
        ),
        pk, model_name="initiative", write=write,
    )


def get_approval_step_for_user(user, pk, *, write=False):
    return _get_for_user(user, ApprovalStep.objects.select_related("plan"), pk,
                         model_name="approvalstep", write=write)


def get_activity_for_user(user, pk, *, write=False):
    return _get_for_user(user, TimelineActivity.objects.select_related("plan"), pk,
                         model_name="timelineactivity", write=write)


def get_action_item_for_user(user, pk, *, write=False):
    """404 for items outside the user's view (ActionItem.objects.visible_to), 403 for items
    they see but may not edit. Marking done has its own rule: ActionItem.can_be_marked_by."""
    if not user.has_perm("actionplan.view_actionitem"):
        raise Http404
    item = get_object_or_404(
        ActionItem.objects.visible_to(user).select_related(
            "responsible_person", "responsible_organisation", "group", "initiative__plan",
            "done_by",
        ),
        pk=pk,
    )
    if write and not user.has_perm("actionplan.change_actionitem"):
        raise PermissionDenied
    return item


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _form_page(request, form, *, title, back, message, redirect_to=None, save=None):
    """The plan's small create/edit pages: validate, save, say so, go back."""
    if request.method == "POST" and form.is_valid():
        obj = save(form) if save else form.save()
        messages.success(request, message)
        return redirect(redirect_to or obj)
    return render(
        request,
        "actionplan/form_page.html",
        {"form": form, "page_title": title, "back_url": back[0], "back_label": back[1]},
    )


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@permission_required("actionplan.view_actionplan", raise_exception=True)
def plan_list(request):
    plans = (
        ActionPlan.objects.with_budget()
        .annotate(initiative_count=Count("initiatives", distinct=True))
        .prefetch_related("groups")
    )
    filterset = PlanFilter(request.GET, queryset=plans)
    return render(
        request,
        "actionplan/plan_list.html",
        {"filter": filterset, "can_add": request.user.has_perm("actionplan.add_actionplan")},
    )


@permission_required("actionplan.add_actionplan", raise_exception=True)
def plan_create(request):
    form = ActionPlanForm(request.POST or None)
    return _form_page(
        request, form, title=_("New action plan"),
        back=(reverse("actionplan:plan_list"), _("Back to the action plans")),
        message=_("The action plan was created."),
    )


def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    context = plan_status(plan, request.user)
    user = request.user
    context.update(
        can_change=user.has_perm("actionplan.change_actionplan"),
        can_add_initiative=user.has_perm("actionplan.add_initiative"),
        can_add_goal=user.has_perm("actionplan.add_goal"),
        can_assess=user.has_perm("actionplan.add_assessment"),
    )
    _annotate_can_mark(context["open_items"], user)
    return render(request, "actionplan/plan_detail.html", context)


def plan_print(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "actionplan/plan_print.html", plan_status(plan, request.user))


def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ActionPlanForm(request.POST or None, instance=plan)
    return _form_page(
        request, form, title=_("Edit action plan"), back=(plan.get_absolute_url(), plan.title),
        message=_("The action plan was saved."),
    )


def approval_add(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _require(request.user, "actionplan.add_approvalstep")
    form = ApprovalStepForm(request.POST or None, plan=plan)
    return _form_page(
        request, form, title=_("Add approval step"), back=(plan.get_absolute_url(), plan.title),
        message=_("The approval step was saved."),
    )


def approval_edit(request, pk):
    step = get_approval_step_for_user(request.user, pk, write=True)
    form = ApprovalStepForm(request.POST or None, instance=step, plan=step.plan)
    return _form_page(
        request, form, title=_("Edit approval step"),
        back=(step.plan.get_absolute_url(), step.plan.title),
        message=_("The approval step was saved."),
    )


def activity_add(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _require(request.user, "actionplan.add_timelineactivity")
    form = TimelineActivityForm(request.POST or None, plan=plan)
    return _form_page(
        request, form, title=_("Add activity to the timeline"),
        back=(plan.get_absolute_url(), plan.title), message=_("The activity was saved."),
    )


def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    form = TimelineActivityForm(request.POST or None, instance=activity, plan=activity.plan)
    return _form_page(
        request, form, title=_("Edit activity"),
        back=(activity.plan.get_absolute_url(), activity.plan.title),
        message=_("The activity was saved."),
    )


def evaluation_add(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _require(request.user, "actionplan.add_assessment")
    form = PlanEvaluationForm(
        request.POST or None, plan=plan, initial={"assessed_by": _person_of(request.user)}
    )
    return _form_page(
        request, form, title=_("Assess the plan"), back=(plan.get_absolute_url(), plan.title),
        message=_("The assessment was saved."),
    )


def _person_of(user):
    return getattr(user, "person", None)


@permission_required("actionplan.add_goal", raise_exception=True)
def goal_create(request):
    initial = {}
    if request.GET.get("plan", "").isdigit():
        initial["plan"] = request.GET["plan"]
    form = GoalForm(request.POST or None, initial=initial)
    return _form_page(
        request, form, title=_("New goal"),
        back=(reverse("actionplan:plan_list"), _("Back to the action plans")),
        message=_("The goal was saved."),
    )


def goal_detail(request, pk):
    goal = get_goal_for_user(request.user, pk)
    assessments = goal.assessments.as_of().select_related("assessed_by")
    initiatives = goal.initiatives.select_related("responsible_organisation")
    return render(
        request,
        "actionplan/goal_detail.html",
        {
            "goal": goal,
            "assessments": assessments,
            "initiatives": initiatives,
            "can_change": request.user.has_perm("actionplan.change_goal"),
            "can_assess": request.user.has_perm("actionplan.add_assessment"),
        },
    )


def goal_edit(request, pk):
    goal = get_goal_for_user(request.user, pk, write=True)
    form = GoalForm(request.POST or None, instance=goal)
    return _form_page(
        request, form, title=_("Edit goal"), back=(goal.get_absolute_url(), goal.text),
        message=_("The goal was saved."),
    )


def assessment_add(request, pk):
    goal = get_goal_for_user(request.user, pk)
    _require(request.user, "actionplan.add_assessment")
    form = AssessmentForm(
        request.POST or None, goal=goal, initial={"assessed_by": _person_of(request.user)}
    )
    return _form_page(
        request, form, title=_("Assess the goal"), back=(goal.get_absolute_url(), goal.text),
        message=_("The assessment was saved."), redirect_to=goal,
    )


@permission_required("actionplan.view_initiative", raise_exception=True)
def initiative_list(request):
    initiatives = Initiative.objects.for_list().order_by("plan__title", "status", "title")
    filterset = InitiativeFilter(request.GET, queryset=initiatives)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "actionplan/initiative_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_add": request.user.has_perm("actionplan.add_initiative"),
        },
    )


@permission_required("actionplan.add_initiative", raise_exception=True)
def initiative_create(request):
    initial = {}
    if request.GET.get("plan", "").isdigit():
        initial["plan"] = request.GET["plan"]
    form = InitiativeForm(request.POST or None, initial=initial)
    return _form_page(
        request, form, title=_("New initiative"),
        back=(reverse("actionplan:initiative_list"), _("Back to the initiatives")),
        message=_("The initiative was created."),
        save=lambda f: initiative_create_service(form=f, by=request.user),
    )


def initiative_detail(request, pk):
    initiative = get_initiative_for_user(request.user, pk)
    user = request.user
    can_update = user.has_perm("actionplan.change_initiative")
    items = list(
        ActionItem.objects.visible_to(user)
        .filter(initiative=initiative)
        .for_list()
        .urgent_first()
    )
    _annotate_can_mark(items, user)
    return render(
        request,
        "actionplan/initiative_detail.html",
        {
            "initiative": initiative,
            "updates": initiative.updates.select_related("by"),
            "goals": initiative.goals.with_assessments(),
            "places": initiative.places.all(),
            "action_items": items,
            "can_change": can_update,
            "status_form": InitiativeStatusForm(initiative=initiative) if can_update else None,
            "can_add_item": user.has_perm("actionplan.add_actionitem"),
        },
    )


def initiative_edit(request, pk):
    initiative = get_initiative_for_user(request.user, pk, write=True)
    form = InitiativeForm(request.POST or None, instance=initiative)
    return _form_page(
        request, form, title=_("Edit initiative"),
        back=(initiative.get_absolute_url(), initiative.title),
        message=_("The initiative was saved."),
    )


def initiative_status(request, pk):
    """A dated status update. GET shows the form on its own page (the detail page embeds it)."""
    initiative = get_initiative_for_user(request.user, pk, write=True)
    form = InitiativeStatusForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        initiative.change_status(
            form.cleaned_data["new_status"],
            by=request.user,
            note=form.cleaned_data["note"],
            on=form.cleaned_data["date"],
        )
        messages.success(
            request,
            _("%(initiative)s: status is now %(status)s.")
            % {"initiative": initiative, "status": initiative.get_status_display()},
        )
        return redirect(initiative)
    return render(
        request,
        "actionplan/form_page.html",
        {
            "form": form,
            "page_title": _("Status update: %(initiative)s") % {"initiative": initiative},
            "back_url": initiative.get_absolute_url(),
            "back_label": initiative.title,
        },
    )


def _annotate_can_mark(items, user):
    for item in items:
        item.can_mark = item.can_be_marked_by(user)


@permission_required("actionplan.view_actionitem", raise_exception=True)
def action_list(request):
    user = request.user
    items = ActionItem.objects.visible_to(user).for_list().urgent_first()
    filterset = ActionItemFilter(request.GET, queryset=items)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    _annotate_can_mark(page.object_list, user)
    return render(
        request,
        "actionplan/action_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "today": timezone.localdate(),
            "can_add": user.has_perm("actionplan.add_actionitem"),
        },
    )


@permission_required("actionplan.add_actionitem", raise_exception=True)
def action_create(request):
    initial = {}
    initiative = None
    if request.GET.get("initiative", "").isdigit():
        initiative = Initiative.objects.filter(pk=request.GET["initiative"]).first()
        if initiative:
            initial = {
                "initiative": initiative,
                "responsible_person": initiative.responsible_person_id,
                "responsible_organisation": initiative.responsible_organisation_id,
            }
    form = ActionItemForm(request.POST or None, initial=initial)
    back = (
        (initiative.get_absolute_url(), initiative.title)
        if initiative
        else (reverse("actionplan:action_list"), _("Back to the action items"))
    )
    return _form_page(
        request, form, title=_("New action item"), back=back,
        message=_("The action item was created."),
    )


def action_detail(request, pk):
    item = get_action_item_for_user(request.user, pk)
    item.can_mark = item.can_be_marked_by(request.user)
    return render(
        request,
        "actionplan/action_detail.html",
        {"item": item, "can_change": request.user.has_perm("actionplan.change_actionitem")},
    )


def action_edit(request, pk):
    item = get_action_item_for_user(request.user, pk, write=True)
    form = ActionItemForm(request.POST or None, instance=item)
    return _form_page(
        request, form, title=_("Edit action item"), back=(item.get_absolute_url(), item.title),
        message=_("The action item was saved."),
    )


def _get_markable(request, pk):
    item = get_action_item_for_user(request.user, pk)
    if not item.can_be_marked_by(request.user):
        raise PermissionDenied
    return item


@require_POST
def action_done(request, pk):
    item = _get_markable(request, pk)
    if item.status != ActionItem.Status.DONE:
        item.mark_done(by=request.user)
    messages.success(request, _("Marked done: %(item)s") % {"item": item})
    return redirect(_safe_next(request, item.get_absolute_url()))


@require_POST
def action_reopen(request, pk):
    item = _get_markable(request, pk)
    if item.status == ActionItem.Status.DONE:
        item.reopen()
    messages.success(request, _("Reopened: %(item)s") % {"item": item})
    return redirect(_safe_next(request, item.get_absolute_url()))
