"""The plan page, its printable status, the plan list and the plan's small forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ActionPlan, ApprovalStep, Assessment, Goal, TimelineActivity
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    ApprovalStepFactory,
    AssessmentFactory,
    GoalFactory,
    GroupFactory,
    InitiativeFactory,
    PlaceFactory,
    TimelineActivityFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _fill_plan(plan, n, people):
    """n of everything the plan page shows."""
    place = PlaceFactory(name="Arkivpladsen")
    for i in range(n):
        goal = GoalFactory(plan=plan, track="short" if i % 2 else "long")
        AssessmentFactory(goal=goal, date=datetime.date(2018, 6, 1), status="at_risk")
        AssessmentFactory(goal=goal, date=datetime.date(2018, 9, 1), status="on_track")
        initiative = InitiativeFactory(
            plan=plan,
            status=["idea", "planned", "in_progress", "done"][i % 4],
            places=[place],
            goals=[goal],
            budget_allocated=1000,
            budget_spent=10,
        )
        ApprovalStepFactory(plan=plan, body=f"Udvalg {i}")
        TimelineActivityFactory(plan=plan, month=datetime.date(2018, 1 + i % 12, 1))
        ActionItemFactory(
            initiative=initiative,
            source="initiative",
            responsible_person=people.persons["steering"],
            due=TODAY - datetime.timedelta(days=1),
        )
        Assessment.objects.create(
            plan=plan, point="process", status="on_track", date=datetime.date(2018, 1, 1 + i)
        )


def test_plan_page_shows_status_goals_initiatives_timeline_and_budget(clients, people):
    plan = ActionPlanFactory(
        title="Handleplan for socialt udsatte", budget=2_500_000, status="implementation"
    )
    plan.groups.add(GroupFactory(name="Styregruppen for handleplanen"))
    ApprovalStepFactory(plan=plan, body="Byrådet", outcome="approved")
    goal = GoalFactory(plan=plan, track="short", text="Færre konflikter på Arkivpladsen")
    AssessmentFactory(goal=goal, date=datetime.date(2018, 6, 1), status="at_risk")
    AssessmentFactory(
        goal=goal, date=datetime.date(2018, 10, 1), status="achieved", measured_value=24
    )
    GoalFactory(plan=plan, track="long", text="Hensyn i byplanlægningen")
    InitiativeFactory(
        plan=plan,
        title="Mobilt hellested",
        status="in_progress",
        budget_allocated=600_000,
        budget_spent=410_000,
    )
    TimelineActivityFactory(
        plan=plan,
        month=datetime.date(2018, 1, 1),
        activity="Kick off",
        status="done",
        happened_on=datetime.date(2018, 1, 16),
    )
    TimelineActivityFactory(
        plan=plan, month=datetime.date(2018, 9, 1), activity="Møde om status", status="planned"
    )

    response = clients.steering.get(plan.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "Under implementering" in html and "Byrådet" in html
    assert "Styregruppen for handleplanen" in html
    short, long = response.context["goals_by_track"]
    assert [g.text for g in short[1]] == ["Færre konflikter på Arkivpladsen"]
    assert short[1][0].latest_assessment.status == "achieved"
    assert [g.text for g in long[1]] == ["Hensyn i byplanlægningen"]
    in_progress = dict((s, items) for s, _label, items in response.context["initiatives_by_status"])
    assert [i.title for i in in_progress["in_progress"]] == ["Mobilt hellested"]
    assert "Kick off" in html and "Forsinket (ikke meldt)" in html  # September 2018 slipped
    assert "2.500.000\xa0kr." in html and "600.000\xa0kr." in html and "410.000\xa0kr." in html
    assert "2.090.000\xa0kr." in html  # remaining
    assert "Advarsel" not in html


def test_plan_page_warns_when_allocations_exceed_the_budget(clients):
    plan = ActionPlanFactory(budget=100_000)
    InitiativeFactory(plan=plan, budget_allocated=80_000)
    InitiativeFactory(plan=plan, budget_allocated=30_000)
    html = clients.consultant.get(plan.get_absolute_url()).content.decode()
    assert "Advarsel:" in html
    assert (
        "Indsatserne har fået bevilget 110.000\xa0kr., mere end handleplanens budget på "
        "100.000\xa0kr." in html
    )


def test_plan_page_query_count_does_not_grow(clients, people, django_assert_max_num_queries):
    plan = ActionPlanFactory()
    _fill_plan(plan, 1, people)
    with django_assert_max_num_queries(30) as one:
        clients.steering.get(plan.get_absolute_url())
    _fill_plan(plan, 10, people)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.steering.get(plan.get_absolute_url())
    assert response.context["initiative_count"] == 11


def test_print_page_uses_the_print_stylesheet_and_same_budget(
    clients, people, django_assert_max_num_queries
):
    plan = ActionPlanFactory(budget=100_000)
    _fill_plan(plan, 1, people)
    with django_assert_max_num_queries(30) as one:
        response = clients.steering.get(reverse("actionplan:plan_print", args=[plan.pk]))
    html = response.content.decode()
    assert "css/print-plan.css" in html and "js/print-page.js" in html
    assert "Status for handleplanen" in html
    assert "<script>" not in html and "style=" not in html
    _fill_plan(plan, 10, people)
    with django_assert_max_num_queries(len(one.captured_queries)):
        clients.steering.get(reverse("actionplan:plan_print", args=[plan.pk]))


def test_plan_list_shows_budget_use_and_warns(clients, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            plan = ActionPlanFactory(budget=100)
            plan.groups.add(GroupFactory())
            InitiativeFactory(plan=plan, budget_allocated=150, budget_spent=20)
            InitiativeFactory(plan=plan, budget_allocated=10, budget_spent=1)

    make(1)
    with django_assert_max_num_queries(20) as one:
        clients.local.get(reverse("actionplan:plan_list"))
    make(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.local.get(reverse("actionplan:plan_list"))
    plans = list(response.context["filter"].qs)
    assert len(plans) == 10
    assert {(p.allocated, p.spent, p.initiative_count) for p in plans} == {(160, 21, 2)}
    assert response.content.decode().count("Over budget") == 10


def test_plan_list_filters_by_status(clients):
    ActionPlanFactory(title="Kladden", status="draft")
    ActionPlanFactory(title="I gang", status="implementation")
    response = clients.consultant.get(reverse("actionplan:plan_list"), {"status": "draft"})
    assert [p.title for p in response.context["filter"].qs] == ["Kladden"]


def test_consultant_creates_a_plan(clients, people):
    response = clients.consultant.post(
        reverse("actionplan:plan_create"),
        {
            "title": "Handleplan 2019",
            "municipality": "Aalborg Kommune",
            "period_start": "2019-01-01",
            "period_end": "2019-12-31",
            "budget": "2500000",
            "status": "draft",
            "groups": [people.steering_group.pk],
            "themes": "Tryghed\nRenhold",
        },
    )
    plan = ActionPlan.objects.get(title="Handleplan 2019")
    assert response["Location"] == plan.get_absolute_url()
    assert plan.theme_list == ["Tryghed", "Renhold"]
    assert list(plan.groups.all()) == [people.steering_group]


def test_plan_with_end_before_start_or_negative_budget_is_refused_in_danish(clients):
    response = clients.consultant.post(
        reverse("actionplan:plan_create"),
        {
            "title": "Baglæns",
            "municipality": "Aalborg Kommune",
            "period_start": "2019-12-31",
            "period_end": "2019-01-01",
            "budget": "-5",
            "status": "draft",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Perioden kan ikke slutte, før den begynder." in html
    assert "Beløb kan ikke være negative." in html
    assert 'value="Baglæns"' in html
    assert not ActionPlan.objects.exists()


def test_approval_step_decided_without_a_date_is_refused(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:approval_add", args=[plan.pk]),
        {
            "body": "Byrådet",
            "planned_date": "2018-03-26",
            "outcome": "approved",
        },
    )
    assert "Angiv datoen, hvor instansen behandlede planen." in response.content.decode()
    response = clients.consultant.post(
        reverse("actionplan:approval_add", args=[plan.pk]),
        {
            "body": "Byrådet",
            "planned_date": "2018-03-26",
            "actual_date": "2018-04-09",
            "outcome": "approved",
        },
    )
    assert response.status_code == 302
    assert ApprovalStep.objects.get(plan=plan).actual_date == datetime.date(2018, 4, 9)


def test_timeline_activity_by_month(clients, people):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:activity_add", args=[plan.pk]),
        {
            "month": "2018-02",
            "activity": "Intern og ekstern høring",
            "responsible_group": people.steering_group.pk,
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert TimelineActivity.objects.get(plan=plan).month == datetime.date(2018, 2, 1)
    response = clients.consultant.post(
        reverse("actionplan:activity_add", args=[plan.pk]),
        {
            "month": "februar",
            "activity": "Høring",
            "status": "planned",
        },
    )
    assert "Skriv en måned som år-måned, fx 2018-03." in response.content.decode()


def test_plan_evaluation_on_a_point_of_the_terms_of_reference(clients, people):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:evaluation_add", args=[plan.pk]),
        {
            "point": "involvement",
            "date": "2018-12-03",
            "status": "on_track",
            "note": "To lokale grupper",
            "assessed_by": people.persons["consultant"].pk,
        },
    )
    assert response.status_code == 302
    response = clients.steering.get(plan.get_absolute_url())
    latest = dict(response.context["latest_evaluation"])
    assert latest["Borgerinddragelse"].note == "To lokale grupper"
    assert latest["Proces og implementering"] is None


def test_plan_evaluation_needs_a_point(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:evaluation_add", args=[plan.pk]),
        {
            "date": "2018-12-03",
            "status": "on_track",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["point"]
    assert not Assessment.objects.exists()


# --- Goals -----------------------------------------------------------------------------------


def test_a_goal_without_a_plan_is_refused_in_danish(clients):
    response = clients.consultant.post(
        reverse("actionplan:goal_create"),
        {
            "track": "short",
            "text": "Færre konflikter",
        },
    )
    html = response.content.decode()
    assert "Vælg den handleplan, målet hører til." in html
    assert 'value="Færre konflikter"' in html
    assert not Goal.objects.exists()


def test_consultant_adds_a_goal_and_assesses_it(clients, people):
    plan = ActionPlanFactory()
    response = clients.consultant.get(reverse("actionplan:goal_create"), {"plan": plan.pk})
    assert response.context["form"].initial["plan"] == str(plan.pk)
    clients.consultant.post(
        reverse("actionplan:goal_create"),
        {
            "plan": plan.pk,
            "track": "short",
            "text": "Færre konflikter",
            "indicator": "Konflikter pr. måned",
            "baseline": "40",
            "target": "25",
        },
    )
    goal = Goal.objects.get()
    response = clients.consultant.post(
        reverse("actionplan:assessment_add", args=[goal.pk]),
        {
            "date": "2018-10-01",
            "status": "on_track",
            "measured_value": "29",
            "assessed_by": people.persons["consultant"].pk,
        },
    )
    assert response["Location"] == goal.get_absolute_url()
    assessment = goal.assessments.get()
    assert (assessment.status, assessment.measured_value) == ("on_track", 29)


def test_goal_detail_query_count(clients, django_assert_max_num_queries):
    goal = GoalFactory()
    AssessmentFactory(goal=goal)
    with django_assert_max_num_queries(15) as one:
        clients.steering.get(goal.get_absolute_url())
    for day in range(1, 10):
        AssessmentFactory(goal=goal, date=datetime.date(2018, 7, day))
        InitiativeFactory(plan=goal.plan, goals=[goal])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.steering.get(goal.get_absolute_url())
    assert len(response.context["assessments"]) == 10
