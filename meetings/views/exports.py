"""The decision register and the safety-walk findings as spreadsheets."""

from django.contrib.auth.decorators import permission_required
from django.views.decorators.http import require_GET

from .. import exports
from ..filters import DecisionFilter, FindingFilter
from ..models import Decision, Finding, SafetyWalk


@require_GET
@permission_required("meetings.view_decision", raise_exception=True)
def decision_export(request, fmt):
    decisions = (
        Decision.objects.visible_to(request.user)
        .for_register()
        .order_by("-agenda_item__meeting__start", "agenda_item__position", "pk")
    )
    filterset = DecisionFilter(request.GET, queryset=decisions, request=request)
    return exports.decisions(filterset.qs, fmt)


@require_GET
@permission_required("meetings.view_finding", raise_exception=True)
def finding_export(request, fmt):
    findings = (
        Finding.objects.filter(walk__in=SafetyWalk.objects.visible_to(request.user))
        .select_related(
            "walk__place",
            "action_item__responsible_person",
            "action_item__responsible_organisation",
        )
        .order_by("-walk__date", "walk", "pk")
    )
    filterset = FindingFilter(request.GET, queryset=findings, request=request)
    return exports.findings(filterset.qs, fmt)
