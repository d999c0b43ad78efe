"""The plan's rules, held by the models and the database: status changes leave an update,
overdue is derived, the budget warning, and the constraints that refuse bad data."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from actionplan.models import (
    ActionItem,
    ActionPlan,
    Assessment,
    Initiative,
    InitiativeUpdate,
    TimelineActivity,
)
from actionplan.services import initiative_change_status
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    ApprovalStepFactory,
    GoalFactory,
    InitiativeFactory,
    TimelineActivityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Status changes leave an update -------------------------------------------------------


def test_changing_status_writes_a_dated_update():
    user = UserFactory()
    initiative = InitiativeFactory(status="planned")

    update = initiative_change_status(
        initiative=initiative,
        status="in_progress",
        by=user,
        note="Hellestedet er åbnet",
        on=datetime.date(2018, 9, 3),
    )

    initiative.refresh_from_db()
    assert initiative.status == "in_progress"
    assert (update.old_status, update.new_status, update.date, update.by) == (
        "planned",
        "in_progress",
        datetime.date(2018, 9, 3),
        user,
    )
    assert update.note == "Hellestedet er åbnet"
    assert list(initiative.updates.all()) == [update]


def test_every_status_change_leaves_its_own_update():
    initiative = InitiativeFactory(status="idea")
    for status in ["planned", "in_progress", "done"]:
        initiative_change_status(initiative=initiative, status=status, by=None)
    assert [u.new_status for u in initiative.updates.order_by("pk")] == [
        "planned",
        "in_progress",
        "done",
    ]
    assert [u.old_status for u in initiative.updates.order_by("pk")] == [
        "idea",
        "planned",
        "in_progress",
    ]


def test_a_status_does_not_change_when_its_update_cannot_be_written():
    initiative = InitiativeFactory(status="planned")
    with (
        mock.patch.object(InitiativeUpdate, "save", side_effect=IntegrityError("no update")),
        pytest.raises(IntegrityError),
    ):
        initiative_change_status(initiative=initiative, status="in_progress", by=None)
    assert Initiative.objects.get(pk=initiative.pk).status == "planned"


def test_an_unknown_status_is_refused_without_an_update():
    initiative = InitiativeFactory(status="planned")
    with pytest.raises(ValidationError):
        initiative_change_status(initiative=initiative, status="finished", by=None)
    assert not initiative.updates.exists()


# --- Overdue is derived --------------------------------------------------------------------


def test_overdue_is_derived_from_due_date_and_status():
    late = ActionItemFactory(due=TODAY - datetime.timedelta(days=1))
    late_in_progress = ActionItemFactory(
        due=TODAY - datetime.timedelta(days=9), status="in_progress"
    )
    due_today = ActionItemFactory(due=TODAY)
    undated = ActionItemFactory(due=None)
    late_but_done = ActionItemFactory(
        due=TODAY - datetime.timedelta(days=3), status="done", done_on=TODAY
    )
    late_but_cancelled = ActionItemFactory(
        due=TODAY - datetime.timedelta(days=3), status="cancelled"
    )

    assert set(ActionItem.objects.overdue()) == {late, late_in_progress}
    assert set(ActionItem.objects.not_overdue()) == {
        due_today,
        undated,
        late_but_done,
        late_but_cancelled,
    }
    assert late.overdue and late_in_progress.overdue
    assert not any(i.overdue for i in [due_today, undated, late_but_done, late_but_cancelled])


def test_overdue_is_not_stored():
    assert not [f for f in ActionItem._meta.get_fields() if "overdue" in f.name]


def test_an_item_becomes_overdue_by_the_passing_of_time_alone():
    item = ActionItemFactory(due=TODAY)
    assert not item.is_overdue(on=TODAY)
    assert item.is_overdue(on=TODAY + datetime.timedelta(days=1))
    assert ActionItem.objects.overdue(on=TODAY + datetime.timedelta(days=1)).get() == item


def test_marking_done_and_reopening():
    user = UserFactory()
    item = ActionItemFactory(due=TODAY - datetime.timedelta(days=2))
    item.mark_done(by=user)
    item.refresh_from_db()
    assert (item.status, item.done_on, item.done_by) == ("done", TODAY, user)
    assert not item.overdue
    item.reopen()
    item.refresh_from_db()
    assert (item.status, item.done_on, item.done_by) == ("open", None, None)
    assert item.overdue


# --- Budget --------------------------------------------------------------------------------


def test_budget_summary_sums_the_initiatives_without_multiplying():
    plan = ActionPlanFactory(budget=1_000_000)
    goal = GoalFactory(plan=plan)
    InitiativeFactory(plan=plan, budget_allocated=600_000, budget_spent=100_000, goals=[goal])
    InitiativeFactory(plan=plan, budget_allocated=300_000, budget_spent=50_000, goals=[goal])
    InitiativeFactory(budget_allocated=999_999)  # another plan's

    budget = ActionPlan.objects.with_budget().get(pk=plan.pk).budget_summary()

    assert (budget.budget, budget.allocated, budget.spent) == (1_000_000, 900_000, 150_000)
    assert budget.remaining == 850_000
    assert budget.unallocated == 100_000
    assert not budget.over_allocated


def test_budget_warning_when_allocations_exceed_the_budget():
    plan = ActionPlanFactory(budget=500_000)
    InitiativeFactory(plan=plan, budget_allocated=400_000)
    InitiativeFactory(plan=plan, budget_allocated=200_000)
    budget = ActionPlan.objects.with_budget().get(pk=plan.pk).budget_summary()
    assert budget.over_allocated
    assert budget.unallocated == -100_000


def test_a_plan_without_initiatives_has_nothing_allocated():
    plan = ActionPlanFactory(budget=100)
    budget = ActionPlan.objects.with_budget().get(pk=plan.pk).budget_summary()
    assert (budget.allocated, budget.spent, budget.remaining) == (0, 0, 100)


# --- The database refuses bad data ---------------------------------------------------------


def test_database_refuses_negative_amounts():
    _refused(lambda: ActionPlanFactory(budget=-1))
    _refused(lambda: InitiativeFactory(budget_allocated=-5))
    _refused(lambda: InitiativeFactory(budget_spent=-5))


def test_spent_above_allocated_is_allowed_in_the_database():
    # Only the form asks for a confirmation; a real overspend must be recordable.
    assert InitiativeFactory(budget_allocated=10, budget_spent=20).overspent


def test_end_before_start_is_refused():
    _refused(
        lambda: ActionPlanFactory(
            period_start=datetime.date(2018, 1, 1), period_end=datetime.date(2017, 1, 1)
        )
    )
    _refused(
        lambda: InitiativeFactory(start=datetime.date(2018, 5, 1), end=datetime.date(2018, 4, 1))
    )
    initiative = InitiativeFactory.build(
        start=datetime.date(2018, 5, 1), end=datetime.date(2018, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        initiative.clean()
    assert "end" in error.value.message_dict


def test_a_goal_needs_a_plan():
    _refused(lambda: GoalFactory(plan=None))


def test_an_action_item_needs_someone_responsible():
    _refused(lambda: ActionItemFactory(responsible_person=None, responsible_organisation=None))
    item = ActionItem(title="Uden ansvarlig")
    with pytest.raises(ValidationError):
        item.clean()


def test_an_item_from_an_initiative_names_the_initiative():
    _refused(lambda: ActionItemFactory(source="initiative", initiative=None))


def test_done_and_done_date_go_together():
    _refused(lambda: ActionItemFactory(status="done", done_on=None))
    _refused(lambda: ActionItemFactory(status="open", done_on=TODAY))


def test_statuses_outside_the_choices_are_refused():
    _refused(lambda: ActionItemFactory(status="late"))
    _refused(lambda: InitiativeFactory(status="paused"))
    _refused(lambda: InitiativeFactory(kind="festival"))
    _refused(lambda: ActionPlanFactory(status="forgotten"))


def test_an_assessment_is_of_a_goal_or_of_the_plan_on_a_point():
    goal = GoalFactory()
    _refused(
        lambda: Assessment.objects.create(
            goal=goal, plan=goal.plan, point="process", status="on_track"
        )
    )
    _refused(lambda: Assessment.objects.create(plan=goal.plan, status="on_track"))
    _refused(lambda: Assessment.objects.create(status="on_track"))
    Assessment.objects.create(goal=goal, status="at_risk")
    Assessment.objects.create(plan=goal.plan, point="involvement", status="on_track")


def test_a_decided_approval_step_has_a_date():
    _refused(lambda: ApprovalStepFactory(outcome="approved", actual_date=None))
    ApprovalStepFactory(outcome="pending", actual_date=None)


def test_a_timeline_activity_is_kept_by_month():
    _refused(lambda: TimelineActivityFactory(month=datetime.date(2018, 3, 17)))
    activity = TimelineActivityFactory.build(month=datetime.date(2018, 3, 17))
    activity.clean()
    assert activity.month == datetime.date(2018, 3, 1)


def test_a_planned_activity_in_a_past_month_has_slipped():
    activity = TimelineActivityFactory(month=datetime.date(2018, 3, 1), status="planned")
    assert activity.is_late(today=datetime.date(2018, 4, 1))
    assert not activity.is_late(today=datetime.date(2018, 3, 31))
    activity.status = TimelineActivity.Status.DONE
    assert not activity.is_late(today=datetime.date(2019, 1, 1))
