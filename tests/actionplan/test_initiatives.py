"""Initiatives: the list and its filters, the detail page with its history, creating,
editing, status updates, the budget confirmation, and the place page's include."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from actionplan.models import Initiative, InitiativeUpdate
from actionplan.selectors import place_initiatives
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AssessmentFactory,
    GoalFactory,
    InitiativeFactory,
    InitiativeUpdateFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("actionplan:initiative_list")


def _titles(response):
    return {i.title for i in response.context["page_obj"]}


def test_list_filters(clients):
    aalborg, aarhus = ActionPlanFactory(title="Aalborg"), ActionPlanFactory(title="Aarhus")
    torvet = PlaceFactory(name="Klostertorvet", city="Aarhus")
    korshaer = OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    InitiativeFactory(
        plan=aarhus, title="Nyt toilet", kind="physical", status="done", places=[torvet]
    )
    InitiativeFactory(
        plan=aarhus,
        title="Småjobs",
        kind="small_jobs",
        status="in_progress",
        places=[torvet],
        responsible_organisation=korshaer,
    )
    InitiativeFactory(plan=aalborg, title="Byplan", kind="co_creation", track="long")

    def titles(**params):
        return _titles(clients.local.get(LIST, params))

    assert titles(plan=aarhus.pk) == {"Nyt toilet", "Småjobs"}
    assert titles(kind="physical") == {"Nyt toilet"}
    assert titles(status="in_progress") == {"Småjobs"}
    assert titles(track="long") == {"Byplan"}
    assert titles(place=torvet.pk) == {"Nyt toilet", "Småjobs"}
    assert titles(organisation=korshaer.pk) == {"Småjobs"}
    assert titles(kind="physical", place=torvet.pk, status="done") == {"Nyt toilet"}


def test_list_query_count_does_not_grow(clients, django_assert_max_num_queries):
    place = PlaceFactory()

    def make(n):
        for _ in range(n):
            InitiativeFactory(places=[place, PlaceFactory()], responsible_person=PersonFactory())

    make(1)
    with django_assert_max_num_queries(20) as one:
        clients.steering.get(LIST)
    make(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.steering.get(LIST)
    assert len(response.context["page_obj"]) == 10


def test_detail_shows_history_goals_places_and_items(clients, people):
    place = PlaceFactory(name="Klostertorvet", city="Aarhus")
    goal = GoalFactory(text="Færre konflikter på Klostertorvet")
    AssessmentFactory(goal=goal, status="at_risk")
    initiative = InitiativeFactory(
        plan=goal.plan,
        title="Sociale viceværter",
        places=[place],
        goals=[goal],
        status="in_progress",
    )
    InitiativeUpdateFactory(
        initiative=initiative, date=datetime.date(2017, 2, 1), old_status="", new_status="planned"
    )
    InitiativeUpdateFactory(
        initiative=initiative,
        date=datetime.date(2017, 3, 1),
        old_status="planned",
        new_status="in_progress",
        note="To sociale viceværter er ansat.",
    )
    ActionItemFactory(
        title="Synlig opgave", initiative=initiative, source="initiative", group=people.local_group
    )
    ActionItemFactory(title="Skjult opgave", initiative=initiative, source="initiative")

    response = clients.local.get(initiative.get_absolute_url())
    html = response.content.decode()

    assert "To sociale viceværter er ansat." in html and "Oprettet som" in html
    assert [u.new_status for u in response.context["updates"]] == ["in_progress", "planned"]
    assert "Færre konflikter på Klostertorvet" in html and "I risiko" in html
    assert "Klostertorvet (Aarhus)" in html
    assert "Synlig opgave" in html and "Skjult opgave" not in html  # scoped to the reader
    assert response.context["status_form"] is None  # readers do not update status


def test_detail_query_count_does_not_grow(clients, people, django_assert_max_num_queries):
    initiative = InitiativeFactory()

    def make(n):
        for i in range(n):
            goal = GoalFactory(plan=initiative.plan)
            AssessmentFactory(goal=goal)
            initiative.goals.add(goal)
            initiative.places.add(PlaceFactory())
            InitiativeUpdateFactory(initiative=initiative, date=datetime.date(2018, 1, 1 + i))
            ActionItemFactory(
                initiative=initiative,
                source="initiative",
                responsible_person=people.persons["consultant"],
            )

    make(1)
    with django_assert_max_num_queries(30) as one:
        clients.consultant.get(initiative.get_absolute_url())
    make(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.consultant.get(initiative.get_absolute_url())
    assert len(response.context["action_items"]) == 10


def _form_data(plan, **overrides):
    data = {
        "plan": plan.pk,
        "title": "Hellested ved Karolinelunden",
        "kind": "safe_place",
        "track": "short",
        "status": "planned",
        "budget_allocated": "600000",
        "budget_spent": "0",
    }
    data.update(overrides)
    return data


def test_creating_an_initiative_opens_its_history(clients, people):
    plan = ActionPlanFactory()
    place = PlaceFactory(name="Karolinelunden")
    goal = GoalFactory(plan=plan)
    response = clients.consultant.post(
        reverse("actionplan:initiative_create"),
        _form_data(plan, places=[place.pk], goals=[goal.pk]),
    )
    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    assert list(initiative.places.all()) == [place]
    update = initiative.updates.get()
    assert (update.old_status, update.new_status, update.by) == (
        "",
        "planned",
        people.users["consultant"],
    )


def test_status_update_from_the_detail_page_leaves_an_update(clients, people):
    initiative = InitiativeFactory(status="planned")
    response = clients.consultant.post(
        reverse("actionplan:initiative_status", args=[initiative.pk]),
        {"new_status": "in_progress", "date": "2018-09-03", "note": "Åbnet"},
    )
    assert response["Location"] == initiative.get_absolute_url()
    initiative.refresh_from_db()
    assert initiative.status == "in_progress"
    update = initiative.updates.get()
    assert (update.date, update.old_status, update.new_status, update.note) == (
        datetime.date(2018, 9, 3),
        "planned",
        "in_progress",
        "Åbnet",
    )


def test_a_progress_note_without_a_new_status_needs_a_note(clients):
    initiative = InitiativeFactory(status="planned")
    url = reverse("actionplan:initiative_status", args=[initiative.pk])
    response = clients.consultant.post(url, {"new_status": "planned", "date": "2018-09-03"})
    assert "Skriv hvad der er sket, eller vælg en ny status." in response.content.decode()
    assert not InitiativeUpdate.objects.exists()
    clients.consultant.post(
        url, {"new_status": "planned", "date": "2018-09-03", "note": "Tilbud indhentet"}
    )
    assert initiative.updates.get().note == "Tilbud indhentet"


def test_editing_cannot_change_the_status_without_an_update(clients):
    initiative = InitiativeFactory(status="planned")
    response = clients.consultant.post(
        reverse("actionplan:initiative_edit", args=[initiative.pk]),
        _form_data(initiative.plan, title="Nyt navn", status="done"),
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.status) == ("Nyt navn", "planned")
    assert not initiative.updates.exists()


def test_end_before_start_is_refused_in_danish(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:initiative_create"),
        _form_data(plan, start="2018-05-01", end="2018-04-01"),
    )
    html = response.content.decode()
    assert "En indsats kan ikke slutte, før den begynder." in html
    assert 'value="Hellested ved Karolinelunden"' in html
    assert not Initiative.objects.exists()


def test_negative_amounts_are_refused_in_danish(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:initiative_create"),
        _form_data(plan, budget_allocated="-1", budget_spent="-2"),
    )
    assert response.context["form"].errors.keys() >= {"budget_allocated", "budget_spent"}
    assert "Beløb kan ikke være negative." in response.content.decode()
    assert not Initiative.objects.exists()


def test_spent_above_allocated_needs_a_confirmation(clients):
    plan = ActionPlanFactory()
    url = reverse("actionplan:initiative_create")
    response = clients.consultant.post(
        url, _form_data(plan, budget_allocated="250000", budget_spent="262000")
    )
    html = response.content.decode()
    assert "Der er brugt mere end bevilget." in html
    assert 'value="262000"' in html
    assert not Initiative.objects.exists()

    response = clients.consultant.post(
        url,
        _form_data(plan, budget_allocated="250000", budget_spent="262000", confirm_overspend="on"),
    )
    assert response.status_code == 302
    assert Initiative.objects.get().overspent


def test_an_already_confirmed_overspend_need_not_be_confirmed_again(clients):
    initiative = InitiativeFactory(budget_allocated=10, budget_spent=20)
    response = clients.consultant.post(
        reverse("actionplan:initiative_edit", args=[initiative.pk]),
        _form_data(initiative.plan, title="Nyt navn", budget_allocated="10", budget_spent="20"),
    )
    assert response.status_code == 302


def test_goals_must_belong_to_the_initiatives_plan(clients):
    plan = ActionPlanFactory()
    foreign_goal = GoalFactory()
    response = clients.consultant.post(
        reverse("actionplan:initiative_create"), _form_data(plan, goals=[foreign_goal.pk])
    )
    assert "Vælg mål fra indsatsens egen handleplan" in response.content.decode()
    assert not Initiative.objects.exists()


def test_an_initiative_without_a_plan_is_refused(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:initiative_create"), {**_form_data(plan), "plan": ""}
    )
    assert "Vælg den handleplan, indsatsen hører til." in response.content.decode()


# --- The place page's include ----------------------------------------------------------------


def test_place_initiatives_splits_physical_measures_in_one_query(django_assert_num_queries):
    torvet = PlaceFactory(name="Klostertorvet", city="Aarhus")
    InitiativeFactory(title="Nyt toilet", kind="physical", places=[torvet])
    InitiativeFactory(title="Småjobs", kind="small_jobs", places=[torvet])
    InitiativeFactory(title="Andetsteds", kind="physical", places=[PlaceFactory()])

    with django_assert_num_queries(1):
        context = place_initiatives(torvet)
    assert [i.title for i in context["place_measures"]] == ["Nyt toilet"]
    assert [i.title for i in context["place_initiatives"]] == ["Småjobs"]

    with django_assert_num_queries(0):
        html = render_to_string("actionplan/includes/place_initiatives.html", {"section": context})
    assert "Nyt toilet" in html and "Småjobs" in html and "Andetsteds" not in html


def test_the_place_page_shows_its_initiatives_and_measures(clients, people):
    from django.urls import reverse

    torvet = PlaceFactory(name="Klostertorvet", city="Aarhus")
    InitiativeFactory(title="Nyt toilet", kind="physical", places=[torvet])
    InitiativeFactory(title="Sociale viceværter", kind="social_caretakers", places=[torvet])
    body = clients.local.get(reverse("places:detail", args=[torvet.pk])).content.decode()
    assert "Indsatser og fysiske tiltag" in body
    assert "Nyt toilet" in body and "Sociale viceværter" in body


def test_for_place_queryset():
    torvet = PlaceFactory(name="Klostertorvet", city="Aarhus")
    here = InitiativeFactory(places=[torvet])
    InitiativeFactory()
    assert list(Initiative.objects.for_place(torvet)) == [here]
