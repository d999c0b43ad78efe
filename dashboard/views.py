"""The top floor: the user's home, the steering group's dashboard and the report to the city
council. These pages gather what every app below knows."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actionplan.models import ActionItem
from byrum import roles
from byrum.pdf import pdf_response
from governance.models import Group, Membership
from meetings.selectors import my_next_meetings

from . import documents, workbook
from .figures import common, pages
from .figures import plan as plan_figures
from .forms import DashboardForm

MY_ITEMS_SHOWN = 8


def home(request):
    """The user's home: what matters for their role. Later sections (action items, meetings,
    incidents) are added by the apps that own them."""
    user = request.user
    person = getattr(user, "person", None)
    my_memberships = []
    if person is not None:
        my_memberships = list(
            Membership.objects.current()
            .filter(person=person)
            .select_related("group")
            .order_by("group__kind", "group__name")
        )
    # My open action items, most urgent first; a bounded slice plus the overdue count.
    my_items, my_overdue_count, my_items_more = [], 0, False
    show_my_items = person is not None and user.has_perm("actionplan.view_actionitem")
    if show_my_items:
        today = timezone.localdate()
        my_items = list(
            ActionItem.objects.open()
            .assigned_to(person)
            .for_list()
            .urgent_first()
            .with_overdue_total(today)[: MY_ITEMS_SHOWN + 1]
        )
        my_items_more = len(my_items) > MY_ITEMS_SHOWN
        my_overdue_count = my_items[0].overdue_total if my_items else 0
        my_items = my_items[:MY_ITEMS_SHOWN]
        for item in my_items:  # all the user's own: each may be marked done
            item.is_overdue_today = item.is_overdue(today)
            item.mark_url = reverse("actionplan:action_done", args=[item.pk])
    user_roles = [label for name, label in roles.ROLES.items() if name in roles.roles_of(user)]
    return render(
        request,
        "dashboard/home.html",
        {
            "person": person,
            "my_memberships": my_memberships,
            "show_my_items": show_my_items,
            "my_action_items": my_items,
            "my_overdue_count": my_overdue_count,
            "my_action_items_more": my_items_more,
            "mark_next": request.get_full_path(),
            "user_roles": user_roles,
            "group_count": Group.objects.count() if roles.sees_everything(user) else None,
            "my_next_meetings": my_next_meetings(user),
            "show_my_meetings": user.has_perm("meetings.view_meeting"),
            # The caretaker's first action on the square: report what just happened.
            "can_report": user.has_perm("incidents.add_incident"),
        },
    )


def _dashboard_context(request):
    """The chosen plan and period (defaults: the plan in force, the last 12 weeks) and the
    form that chooses them. Consultants, the steering group and the administrator only; the
    plans to choose from, and the plan in force, are those of the user's municipality."""
    if not roles.sees_everything(request.user):
        raise PermissionDenied
    plan_list = plan_figures.plans(request.user)
    today = timezone.localdate()
    form = DashboardForm(
        request.GET or None,
        plans=plan_list,
        initial={"weeks": common.DEFAULT_WEEKS, "until": today},
    )
    plan = plan_figures.current_plan(plan_list, today)
    period = common.Period(until=today)
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data
        if chosen.get("plan"):
            plan = next(p for p in plan_list if str(p.pk) == chosen["plan"])
        period = common.Period(
            until=chosen.get("until") or today,
            weeks=chosen.get("weeks") or common.DEFAULT_WEEKS,
        )
    return {"form": form, "plan": plan, "period": period, "today": today, "plans": plan_list}


def _query(request):
    query = request.GET.copy()
    return query.urlencode()


@require_GET
def dashboard_view(request):
    """The steering group's dashboard: is the plan working, and what needs a decision.
    Figures from dashboard.figures, one function each; not access-logged (counts only)."""
    context = _dashboard_context(request)
    if context["plan"] is not None:
        context.update(pages.overview(request.user, context["plan"], context["period"]))
    context["query"] = _query(request)
    return render(request, "dashboard/dashboard.html", context)


@require_GET
def dashboard_report(request):
    """The printable status report to the city council for a plan and period."""
    context = _dashboard_context(request)
    if context["plan"] is not None:
        context.update(pages.report(request.user, context["plan"], context["period"]))
    context["query"] = _query(request)
    return render(request, "dashboard/report.html", context)


@require_GET
def dashboard_report_pdf(request):
    """The report as PDF/A for the journal (dashboard/documents.py)."""
    context = _dashboard_context(request)
    if context["plan"] is None:
        raise Http404
    if context["form"].errors:
        return HttpResponseBadRequest(
            _("The choices are not valid: %(errors)s")
            % {"errors": context["form"].errors.as_text()},
            content_type="text/plain; charset=utf-8",
        )
    context.update(pages.report(request.user, context["plan"], context["period"]))
    return pdf_response(
        documents.report_pdf(request, context),
        documents.filename(context["plan"], context["period"]),
    )


@require_GET
def dashboard_report_xlsx(request):
    """The report's figures as an Excel workbook, one sheet per section."""
    context = _dashboard_context(request)
    if context["plan"] is None:
        raise Http404
    if context["form"].errors:
        return HttpResponseBadRequest(
            _("The choices are not valid: %(errors)s")
            % {"errors": context["form"].errors.as_text()},
            content_type="text/plain; charset=utf-8",
        )
    figures = pages.report(request.user, context["plan"], context["period"])
    return workbook.as_response(context["plan"], context["period"], figures)
