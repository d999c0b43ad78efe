from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from byrum import tenancy
from byrum.access import log_access
from byrum.models import AccessLog, Attachment
from byrum.shortcuts import filters_refused, form_page, safe_next

from . import exports, services
from .access import (
    get_action_item_for_user,
    get_activity_for_user,
    get_approval_step_for_user,
    get_goal_for_user,
    get_initiative_for_user,
    get_involvement_activity_for_user,
    get_involvement_input_for_user,
    get_mediation_case_for_user,
    get_plan_for_user,
)
from .filters import (
    ActionItemFilter,
    GoalFilter,
    InitiativeFilter,
    InvolvementActivityFilter,
    InvolvementInputFilter,
    MediationCaseFilter,
    PlanFilter,
)
from .forms import (
    ActionItemForm,
    ActionPlanForm,
    ApprovalStepForm,
    AssessmentForm,
    GoalForm,
    InitiativeForm,
    InitiativeStatusForm,
    InputAnswerForm,
    InvolvementActivityForm,
    InvolvementInputForm,
    MediationCaseForm,
    PlanEvaluationForm,
    TimelineActivityForm,
)
from .models import (
    PARTICIPANT_FIELDS,
    PARTICIPANT_KINDS,
    ActionItem,
    ActionPlan,
    ActivityKind,
    AssessmentStatus,
    Goal,
    Initiative,
    InvolvementActivity,
    InvolvementInput,
    MediationCase,
)
from .selectors import plan_status

# --- The action plan --------------------------------------------------------------------------


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


@permission_required("actionplan.view_actionplan", raise_exception=True)
def plan_list(request):
    plans = (
        tenancy.scoped(ActionPlan.objects.all(), request.user)
        .with_budget()
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
    return form_page(
        request,
        form,
        title=_("New action plan"),
        back=(reverse("actionplan:plan_list"), _("the action plans")),
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
        attachment_list=list(Attachment.objects.for_objects(plan)),
        can_add_involvement=user.has_perm("actionplan.add_involvementactivity"),
    )
    _annotate_can_mark(context["open_items"], user)
    return render(request, "actionplan/plan_detail.html", context)


def plan_print(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "actionplan/plan_print.html", plan_status(plan, request.user))


def plan_edit(request, pk):
    """The plan's edit page. «Propose places» (and a first visit to a plan without places)
    shows the form unsaved with the places of the plan's initiatives and local groups added."""
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ActionPlanForm(request.POST or None, instance=plan)
    first_visit = request.method == "GET" and not plan.places.exists()
    if ActionPlanForm.PROPOSE in request.POST or first_visit:
        form, added = form.with_proposed_places()
        if added:
            intro = ngettext(
                "%(count)s place of the plan's initiatives and local groups is proposed and "
                "chosen below. Check the list and save to keep it.",
                "%(count)s places of the plan's initiatives and local groups are proposed and "
                "chosen below. Check the list and save to keep them.",
                added,
            ) % {"count": added}
        elif first_visit:
            intro = ""
        else:
            intro = _("Every place of the plan's initiatives and local groups is chosen already.")
        return form_page(
            request,
            form,
            title=_("Edit action plan"),
            back=(plan.get_absolute_url(), plan.title),
            intro=intro,
        )
    return form_page(
        request,
        form,
        title=_("Edit action plan"),
        back=(plan.get_absolute_url(), plan.title),
        message=_("The action plan was saved."),
    )


def approval_add(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _require(request.user, "actionplan.add_approvalstep")
    form = ApprovalStepForm(request.POST or None, plan=plan)
    return form_page(
        request,
        form,
        title=_("Add approval step"),
        back=(plan.get_absolute_url(), plan.title),
        message=_("The approval step was saved."),
    )


def approval_edit(request, pk):
    step = get_approval_step_for_user(request.user, pk, write=True)
    form = ApprovalStepForm(request.POST or None, instance=step, plan=step.plan)
    return form_page(
        request,
        form,
        title=_("Edit approval step"),
        back=(step.plan.get_absolute_url(), step.plan.title),
        message=_("The approval step was saved."),
    )


def activity_add(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _require(request.user, "actionplan.add_timelineactivity")
    form = TimelineActivityForm(request.POST or None, plan=plan)
    return form_page(
        request,
        form,
        title=_("Add activity to the timeline"),
        back=(plan.get_absolute_url(), plan.title),
        message=_("The activity was saved."),
    )


def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    form = TimelineActivityForm(request.POST or None, instance=activity, plan=activity.plan)
    return form_page(
        request,
        form,
        title=_("Edit activity"),
        back=(activity.plan.get_absolute_url(), activity.plan.title),
        message=_("The activity was saved."),
    )


def evaluation_add(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _require(request.user, "actionplan.add_assessment")
    form = PlanEvaluationForm(
        request.POST or None, plan=plan, initial={"assessed_by": _person_of(request.user)}
    )
    return form_page(
        request,
        form,
        title=_("Assess the plan"),
        back=(plan.get_absolute_url(), plan.title),
        message=_("The assessment was saved."),
    )


def _person_of(user):
    return getattr(user, "person", None)


@permission_required("actionplan.view_goal", raise_exception=True)
def goal_list(request):
    """The goals with their status on a day (today unless the filter says): the list behind
    the dashboard's and the report's goal figures."""
    goals = (
        tenancy.scoped(Goal.objects.all(), request.user)
        .select_related("plan")
        .order_by("plan__title", "track", "pk")
    )
    filterset = GoalFilter(request.GET, queryset=goals)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    labels = dict(AssessmentStatus.choices)
    for goal in page.object_list:
        goal.status_label = labels.get(goal.status_on, "")
    return render(
        request,
        "actionplan/goal_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "on": filterset.form.cleaned_data.get("on") if filterset.is_valid() else None,
            "can_add": request.user.has_perm("actionplan.add_goal"),
        },
    )


@permission_required("actionplan.add_goal", raise_exception=True)
def goal_create(request):
    initial = {}
    if request.GET.get("plan", "").isdigit():
        initial["plan"] = request.GET["plan"]
    form = GoalForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("New goal"),
        back=(reverse("actionplan:plan_list"), _("the action plans")),
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
    return form_page(
        request,
        form,
        title=_("Edit goal"),
        back=(goal.get_absolute_url(), goal.text),
        message=_("The goal was saved."),
    )


def assessment_add(request, pk):
    goal = get_goal_for_user(request.user, pk)
    _require(request.user, "actionplan.add_assessment")
    form = AssessmentForm(
        request.POST or None, goal=goal, initial={"assessed_by": _person_of(request.user)}
    )
    return form_page(
        request,
        form,
        title=_("Assess the goal"),
        back=(goal.get_absolute_url(), goal.text),
        message=_("The assessment was saved."),
        redirect_to=goal,
    )


@permission_required("actionplan.view_initiative", raise_exception=True)
def initiative_list(request):
    initiatives = (
        tenancy.scoped(Initiative.objects.all(), request.user)
        .for_list()
        .order_by("plan__title", "status", "title")
    )
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
    return form_page(
        request,
        form,
        title=_("New initiative"),
        back=(reverse("actionplan:initiative_list"), _("the initiatives")),
        message=_("The initiative was created."),
        save=lambda f: services.initiative_create(
            initiative=f.save(commit=False),
            places=f.cleaned_data["places"],
            goals=f.cleaned_data["goals"],
            by=request.user,
        ),
    )


def initiative_detail(request, pk):
    initiative = get_initiative_for_user(request.user, pk)
    user = request.user
    can_update = user.has_perm("actionplan.change_initiative")
    items = list(
        ActionItem.objects.visible_to(user).filter(initiative=initiative).for_list().urgent_first()
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
            "attachment_list": list(Attachment.objects.for_objects(initiative)),
        },
    )


def initiative_edit(request, pk):
    initiative = get_initiative_for_user(request.user, pk, write=True)
    form = InitiativeForm(request.POST or None, instance=initiative)
    return form_page(
        request,
        form,
        title=_("Edit initiative"),
        back=(initiative.get_absolute_url(), initiative.title),
        message=_("The initiative was saved."),
    )


def initiative_status(request, pk):
    """A dated status update. GET shows the form on its own page (the detail page embeds it)."""
    initiative = get_initiative_for_user(request.user, pk, write=True)
    form = InitiativeStatusForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        services.initiative_change_status(
            initiative=initiative,
            status=form.cleaned_data["new_status"],
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
    return form_page(
        request,
        form,
        title=_("Status update: %(initiative)s") % {"initiative": initiative},
        back=(initiative.get_absolute_url(), initiative.title),
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
        else (reverse("actionplan:action_list"), _("the action items"))
    )
    return form_page(
        request,
        form,
        title=_("New action item"),
        back=back,
        message=_("The action item was created."),
        save=lambda form: services.action_item_save(form=form),
    )


def action_detail(request, pk):
    item = get_action_item_for_user(request.user, pk)
    item.can_mark = item.can_be_marked_by(request.user)
    # The source decision only from minutes the user may read: a draft's decision is not
    # yet decided for anyone but its secretary and the consultants.
    decisions = item.decisions.visible_to(request.user).select_related("agenda_item__meeting")
    return render(
        request,
        "actionplan/action_detail.html",
        {
            "item": item,
            "decisions": list(decisions),
            "can_change": request.user.has_perm("actionplan.change_actionitem"),
        },
    )


def action_edit(request, pk):
    item = get_action_item_for_user(request.user, pk, write=True)
    form = ActionItemForm(request.POST or None, instance=item)
    return form_page(
        request,
        form,
        title=_("Edit action item"),
        back=(item.get_absolute_url(), item.title),
        message=_("The action item was saved."),
        save=lambda form: services.action_item_save(form=form),
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
    return redirect(safe_next(request, item.get_absolute_url()))


@require_POST
def action_reopen(request, pk):
    item = _get_markable(request, pk)
    if item.status == ActionItem.Status.DONE:
        item.reopen()
    messages.success(request, _("Reopened: %(item)s") % {"item": item})
    return redirect(safe_next(request, item.get_absolute_url()))


# --- Citizen involvement -----------------------------------------------------------------------


@permission_required("actionplan.view_involvementactivity", raise_exception=True)
def involvement_list(request):
    activities = tenancy.scoped(InvolvementActivity.objects.all(), request.user).for_list()
    filterset = InvolvementActivityFilter(request.GET, queryset=activities)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    totals = filterset.qs.order_by().participant_totals()
    return render(
        request,
        "actionplan/involvement_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "people_by_kind": [(label, totals[field]) for field, label in PARTICIPANT_KINDS],
            "people_total": sum(totals[field] for field in PARTICIPANT_FIELDS),
            "can_add": request.user.has_perm("actionplan.add_involvementactivity"),
        },
    )


@permission_required("actionplan.add_involvementactivity", raise_exception=True)
def involvement_create(request):
    initial = {}
    for key in ("plan", "initiative", "group", "place"):
        if request.GET.get(key, "").isdigit():
            initial[key] = request.GET[key]
    if request.GET.get("kind") in ActivityKind.values:
        initial["kind"] = request.GET["kind"]
    form = InvolvementActivityForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("New involvement activity"),
        back=(reverse("actionplan:involvement_list"), _("the involvement activities")),
        intro=_("Count who took part by kind. Never write the names of citizens."),
        message=_("The involvement activity was saved."),
    )


def involvement_detail(request, pk):
    activity = get_involvement_activity_for_user(request.user, pk)
    user = request.user
    inputs = list(activity.inputs.for_list())
    can_add_input = user.has_perm("actionplan.add_involvementinput")
    return render(
        request,
        "actionplan/involvement_detail.html",
        {
            "activity": activity,
            "inputs": inputs,
            "input_form": InvolvementInputForm(activity=activity) if can_add_input else None,
            "can_change": user.has_perm("actionplan.change_involvementactivity"),
            "can_answer": user.has_perm("actionplan.change_involvementinput"),
        },
    )


def involvement_edit(request, pk):
    activity = get_involvement_activity_for_user(request.user, pk, write=True)
    form = InvolvementActivityForm(request.POST or None, instance=activity)
    return form_page(
        request,
        form,
        title=_("Edit involvement activity"),
        back=(activity.get_absolute_url(), activity.title),
        message=_("The involvement activity was saved."),
    )


def input_add(request, pk):
    activity = get_involvement_activity_for_user(request.user, pk)
    _require(request.user, "actionplan.add_involvementinput")
    form = InvolvementInputForm(request.POST or None, activity=activity)
    return form_page(
        request,
        form,
        title=_("Input raised at %(activity)s") % {"activity": activity},
        back=(activity.get_absolute_url(), activity.title),
        message=_("The input was recorded."),
        redirect_to=activity.get_absolute_url() + "#inputs",
    )


def input_answer(request, pk):
    item = get_involvement_input_for_user(request.user, pk, write=True)
    form = InputAnswerForm(request.POST or None, instance=item, user=request.user)
    return form_page(
        request,
        form,
        title=_("Answer the input"),
        intro=item.text,
        back=(item.activity.get_absolute_url(), item.activity.title),
        message=_("The answer was saved."),
        save=lambda f: services.input_answer(
            item=f.save(commit=False), by=request.user, decision=f.cleaned_data.get("decision")
        ),
    )


@permission_required("actionplan.view_involvementinput", raise_exception=True)
def input_list(request):
    inputs = (
        tenancy.scoped(InvolvementInput.objects.all(), request.user)
        .for_list()
        .order_by("-activity__date", "pk")
    )
    filterset = InvolvementInputFilter(request.GET, queryset=inputs)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "actionplan/input_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_answer": request.user.has_perm("actionplan.change_involvementinput"),
        },
    )


# --- The mediation log (housing areas) ------------------------------------------------------


@permission_required("actionplan.view_mediationcase", raise_exception=True)
def mediation_list(request):
    cases = tenancy.scoped(MediationCase.objects.all(), request.user).for_list()
    filterset = MediationCaseFilter(request.GET, queryset=cases)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    log_access(request, AccessLog.Action.LISTED, objects=page.object_list, model=MediationCase)
    return render(
        request,
        "actionplan/mediation_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_add": request.user.has_perm("actionplan.add_mediationcase"),
            "can_change": request.user.has_perm("actionplan.change_mediationcase"),
        },
    )


@permission_required("actionplan.add_mediationcase", raise_exception=True)
def mediation_create(request):
    initial = {"plan": request.GET["plan"]} if request.GET.get("plan", "").isdigit() else {}
    form = MediationCaseForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("New mediation case"),
        intro=_("Write the parties as roles, never names."),
        back=(reverse("actionplan:mediation_list"), _("the mediation log")),
        message=_("The mediation case was saved."),
        redirect_to=reverse("actionplan:mediation_list"),
    )


def mediation_edit(request, pk):
    case = get_mediation_case_for_user(request.user, pk, write=True)
    log_access(request, AccessLog.Action.VIEWED, case)
    form = MediationCaseForm(request.POST or None, instance=case)
    return form_page(
        request,
        form,
        title=_("Mediation case"),
        intro=_("Write the parties as roles, never names."),
        back=(reverse("actionplan:mediation_list"), _("the mediation log")),
        message=_("The mediation case was saved."),
        redirect_to=reverse("actionplan:mediation_list"),
    )


# --- Exports -------------------------------------------------------------------------------


@require_GET
@permission_required("actionplan.view_actionitem", raise_exception=True)
def action_export(request, fmt):
    items = ActionItem.objects.visible_to(request.user).for_list().urgent_first()
    filterset = ActionItemFilter(request.GET, queryset=items)
    return exports.action_items(filterset.qs, fmt)


@require_GET
@permission_required("actionplan.view_initiative", raise_exception=True)
def initiative_export(request, fmt):
    initiatives = (
        tenancy.scoped(Initiative.objects.all(), request.user)
        .for_list()
        .order_by("plan__title", "status", "title")
    )
    filterset = InitiativeFilter(request.GET, queryset=initiatives)
    return exports.initiatives(filterset.qs, fmt)


@require_GET
@permission_required("actionplan.view_mediationcase", raise_exception=True)
def mediation_export(request, fmt):
    """The mediation log with its filters, as CSV or XLSX; in the access log with the cases'
    ids, like the list (only consultants and the housing social worker read it)."""
    cases = MediationCase.objects.for_list().order_by("-date", "-pk")
    filterset = MediationCaseFilter(request.GET, queryset=cases)
    if not filterset.is_valid():
        return filters_refused(filterset)
    ids = list(filterset.qs.values_list("pk", flat=True))
    log_access(request, AccessLog.Action.EXPORTED, model=MediationCase, ids=ids, query=request.GET)
    return exports.mediation_cases(filterset.qs, fmt)
