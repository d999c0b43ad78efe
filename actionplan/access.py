"""Fetch-and-check helpers for the action plan's records (views of every app may reuse them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from byrum.access import get_for_user

from .models import (
    ActionItem,
    ActionPlan,
    ApprovalStep,
    Goal,
    Initiative,
    InvolvementActivity,
    InvolvementInput,
    MediationCase,
    TimelineActivity,
)


def get_plan_for_user(user, pk, *, write=False):
    return get_for_user(
        user, ActionPlan.objects.with_budget().select_related("project_leader"), pk, write=write
    )


def get_goal_for_user(user, pk, *, write=False):
    return get_for_user(user, Goal.objects.select_related("plan"), pk, write=write)


def get_initiative_for_user(user, pk, *, write=False):
    return get_for_user(
        user,
        Initiative.objects.select_related(
            "plan", "responsible_organisation", "responsible_person__organisation"
        ),
        pk,
        write=write,
    )


def get_approval_step_for_user(user, pk, *, write=False):
    return get_for_user(user, ApprovalStep.objects.select_related("plan"), pk, write=write)


def get_activity_for_user(user, pk, *, write=False):
    return get_for_user(user, TimelineActivity.objects.select_related("plan"), pk, write=write)


def get_action_item_for_user(user, pk, *, write=False):
    """404 for items outside the user's view (ActionItem.objects.visible_to), 403 for items
    they see but may not edit. Marking done has its own rule: ActionItem.can_be_marked_by."""
    if not user.has_perm("actionplan.view_actionitem"):
        raise Http404
    item = get_object_or_404(
        ActionItem.objects.visible_to(user).select_related(
            "responsible_person",
            "responsible_organisation",
            "group",
            "initiative__plan",
            "done_by",
        ),
        pk=pk,
    )
    if write and not user.has_perm("actionplan.change_actionitem"):
        raise PermissionDenied
    return item


def get_involvement_activity_for_user(user, pk, *, write=False):
    return get_for_user(
        user,
        InvolvementActivity.objects.select_related("plan", "place", "group", "initiative"),
        pk,
        write=write,
    )


def get_involvement_input_for_user(user, pk, *, write=False):
    return get_for_user(
        user,
        InvolvementInput.objects.select_related("activity__plan", "initiative"),
        pk,
        write=write,
    )


def get_mediation_case_for_user(user, pk, *, write=False):
    """The mediation log is for consultants and the housing social worker only: everyone
    else gets the 404 of a missing id (their role lacks ``view_mediationcase``)."""
    return get_for_user(
        user, MediationCase.objects.select_related("plan", "place"), pk, write=write
    )
