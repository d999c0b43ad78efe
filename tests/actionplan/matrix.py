from django.urls import reverse

from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    ApprovalStepFactory,
    GoalFactory,
    InitiativeFactory,
    InvolvementActivityFactory,
    InvolvementInputFactory,
    MediationCaseFactory,
    MembershipFactory,
    OrganisationFactory,
    TimelineActivityFactory,
)
from tests.matrix import LOGIN, Row, everyone, only

# Governance is read by everyone with a role; the outsider (no role) sees none of it.
READERS = everyone(outsider=403)
READERS_DETAIL = everyone(outsider=404)  # 404: the same answer as for a missing id
EDITORS = only({"consultant": 200, "admin": 200}, denied=403)


def build(world):
    world.organisation = OrganisationFactory(name="Nordjyllands Politi", kind="police")
    world.membership = MembershipFactory(group=world.people.local_group, role="member")
    world.plan = ActionPlanFactory()
    world.approval = ApprovalStepFactory(plan=world.plan)
    world.activity = TimelineActivityFactory(plan=world.plan)
    world.goal = GoalFactory(plan=world.plan)
    world.initiative = InitiativeFactory(plan=world.plan)
    persons = world.people.persons
    # The local group's item, assigned to the local member: the caretaker (also in the local
    # group) sees it but may not mark it done.
    world.local_item = ActionItemFactory(
        group=world.people.local_group,
        responsible_person=persons["local"],
        initiative=world.initiative,
        source="initiative",
    )
    world.involvement = InvolvementActivityFactory(plan=world.plan, initiative=world.initiative)
    world.involvement_input = InvolvementInputFactory(activity=world.involvement)
    world.mediation_case = MediationCaseFactory(plan=world.plan)
    # The steering group's item: the local member and the caretaker do not see it.
    world.steering_item = ActionItemFactory(
        group=world.people.steering_group, responsible_person=persons["steering"]
    )


def _edit_detail(status_ok=200):
    return {**EDITORS, "outsider": 404, "consultant": status_ok, "admin": status_ok}


ROWS = [
    Row("governance:group_list", lambda w: reverse("governance:group_list"), READERS),
    Row(
        "governance:group_detail",
        lambda w: reverse("governance:group_detail", args=[w.people.steering_group.pk]),
        READERS_DETAIL,
    ),
    Row(
        "governance:group_edit",
        lambda w: reverse("governance:group_edit", args=[w.people.steering_group.pk]),
        _edit_detail(),
    ),
    Row(
        "governance:membership_add",
        lambda w: reverse("governance:membership_add", args=[w.people.local_group.pk]),
        _edit_detail(),
    ),
    Row(
        "governance:membership_end",
        lambda w: reverse("governance:membership_end", args=[w.membership.pk]),
        _edit_detail(status_ok=302),
        method="post",
    ),
    Row(
        "governance:person_detail",
        lambda w: reverse("governance:person_detail", args=[w.people.persons["local"].pk]),
        READERS_DETAIL,
    ),
    Row(
        "governance:organisation_list",
        lambda w: reverse("governance:organisation_list"),
        READERS,
    ),
    Row(
        "governance:organisation_create",
        lambda w: reverse("governance:organisation_create"),
        EDITORS,
    ),
    Row(
        "governance:organisation_detail",
        lambda w: reverse("governance:organisation_detail", args=[w.organisation.pk]),
        READERS_DETAIL,
    ),
]


# The plan's items: readers see them; the local member may mark their own item done.
ITEM_READERS = everyone(outsider=404)
HIDDEN_FROM_LOCAL = everyone(outsider=404, local=404, caretaker=404)
MARK_OWN = {
    "anonymous": LOGIN,
    "consultant": 302,
    "caretaker": 403,
    "steering": 403,
    "local": 302,
    "outsider": 404,
    "admin": 302,
}


def _url(name, attr=None):
    if attr is None:
        return lambda w: reverse(f"actionplan:{name}")
    return lambda w: reverse(f"actionplan:{name}", args=[getattr(w, attr).pk])


ROWS += [
    Row("actionplan:plan_list", _url("plan_list"), READERS),
    Row("actionplan:plan_create", _url("plan_create"), EDITORS),
    Row("actionplan:plan_detail", _url("plan_detail", "plan"), READERS_DETAIL),
    Row("actionplan:plan_print", _url("plan_print", "plan"), READERS_DETAIL),
    Row("actionplan:plan_edit", _url("plan_edit", "plan"), _edit_detail()),
    Row("actionplan:approval_add", _url("approval_add", "plan"), _edit_detail()),
    Row("actionplan:approval_edit", _url("approval_edit", "approval"), _edit_detail()),
    Row("actionplan:activity_add", _url("activity_add", "plan"), _edit_detail()),
    Row("actionplan:activity_edit", _url("activity_edit", "activity"), _edit_detail()),
    Row("actionplan:evaluation_add", _url("evaluation_add", "plan"), _edit_detail()),
    Row("actionplan:goal_list", _url("goal_list"), READERS),
    Row("actionplan:goal_create", _url("goal_create"), EDITORS),
    Row("actionplan:goal_detail", _url("goal_detail", "goal"), READERS_DETAIL),
    Row("actionplan:goal_edit", _url("goal_edit", "goal"), _edit_detail()),
    Row("actionplan:assessment_add", _url("assessment_add", "goal"), _edit_detail()),
    Row("actionplan:initiative_list", _url("initiative_list"), READERS),
    Row("actionplan:initiative_create", _url("initiative_create"), EDITORS),
    Row("actionplan:initiative_detail", _url("initiative_detail", "initiative"), READERS_DETAIL),
    Row("actionplan:initiative_edit", _url("initiative_edit", "initiative"), _edit_detail()),
    Row("actionplan:initiative_status", _url("initiative_status", "initiative"), _edit_detail()),
    Row(
        "actionplan:initiative_status",
        _url("initiative_status", "initiative"),
        _edit_detail(status_ok=302),
        method="post",
        data=lambda w: {"new_status": "in_progress", "date": "2018-06-01", "note": "I gang"},
    ),
    Row("actionplan:action_list", _url("action_list"), READERS),
    Row("actionplan:action_create", _url("action_create"), EDITORS),
    Row("actionplan:action_detail", _url("action_detail", "local_item"), ITEM_READERS),
    Row("actionplan:action_detail", _url("action_detail", "steering_item"), HIDDEN_FROM_LOCAL),
    Row("actionplan:action_edit", _url("action_edit", "local_item"), _edit_detail()),
    Row("actionplan:action_done", _url("action_done", "local_item"), MARK_OWN, method="post"),
    Row("actionplan:action_reopen", _url("action_reopen", "local_item"), MARK_OWN, method="post"),
    Row(
        "actionplan:action_done",
        _url("action_done", "steering_item"),
        {**HIDDEN_FROM_LOCAL, "consultant": 302, "steering": 302, "admin": 302},
        method="post",
    ),
]


# Citizen involvement: read by every role, recorded and answered by consultants. The mediation
# log only by consultants (and the housing social worker, tests/actionplan/test_mediation.py).
MEDIATION_LIST = only({"consultant": 200, "admin": 200})
MEDIATION_DETAIL = {**MEDIATION_LIST, "outsider": 404, "caretaker": 404, "steering": 404}
MEDIATION_DETAIL["local"] = 404
EXPORT = everyone(outsider=403)

ROWS += [
    Row("actionplan:involvement_list", _url("involvement_list"), READERS),
    Row("actionplan:involvement_create", _url("involvement_create"), EDITORS),
    Row("actionplan:involvement_detail", _url("involvement_detail", "involvement"), READERS_DETAIL),
    Row("actionplan:involvement_edit", _url("involvement_edit", "involvement"), _edit_detail()),
    Row("actionplan:input_add", _url("input_add", "involvement"), _edit_detail()),
    Row(
        "actionplan:input_add",
        _url("input_add", "involvement"),
        _edit_detail(status_ok=302),
        method="post",
        data=lambda w: {"kind": "concern", "text": "Larm ved indgangen om aftenen"},
    ),
    Row("actionplan:input_list", _url("input_list"), READERS),
    Row("actionplan:input_answer", _url("input_answer", "involvement_input"), _edit_detail()),
    Row(
        "actionplan:input_answer",
        _url("input_answer", "involvement_input"),
        _edit_detail(status_ok=302),
        method="post",
        data=lambda w: {
            "outcome": "answered",
            "answer": "Tak for forslaget.",
            "answered_on": "2018-12-10",
        },
    ),
    Row("actionplan:mediation_list", _url("mediation_list"), MEDIATION_LIST),
    Row("actionplan:mediation_create", _url("mediation_create"), MEDIATION_LIST),
    Row("actionplan:mediation_edit", _url("mediation_edit", "mediation_case"), MEDIATION_DETAIL),
    Row(
        "actionplan:action_export",
        lambda w: reverse("actionplan:action_export", args=["csv"]),
        EXPORT,
    ),
    Row(
        "actionplan:action_export",
        lambda w: reverse("actionplan:action_export", args=["xlsx"]),
        EXPORT,
    ),
    Row(
        "actionplan:initiative_export",
        lambda w: reverse("actionplan:initiative_export", args=["csv"]),
        EXPORT,
    ),
    Row(
        "actionplan:initiative_export",
        lambda w: reverse("actionplan:initiative_export", args=["xlsx"]),
        EXPORT,
    ),
    Row(
        "actionplan:mediation_export",
        lambda w: reverse("actionplan:mediation_export", args=["csv"]),
        MEDIATION_LIST,
    ),
    Row(
        "actionplan:mediation_export",
        lambda w: reverse("actionplan:mediation_export", args=["xlsx"]),
        MEDIATION_LIST,
    ),
]
