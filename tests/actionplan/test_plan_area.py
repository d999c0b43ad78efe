"""A plan's area and secretariat on its edit page and its page, and the goal list behind the
dashboard's goal figures (issue 13, "Plans scope their figures")."""

import datetime

import pytest
from django.urls import reverse

from actionplan.models import Assessment
from byrum import tenancy
from tests.actionplan.factories import (
    ActionPlanFactory,
    AssessmentFactory,
    GoalFactory,
    GroupFactory,
    InitiativeFactory,
    PersonFactory,
    PlaceFactory,
)
from tests.budgets import REQUEST_OVERHEAD
from tests.byrum.test_flat_filters import grow_places_and_people, measure

pytestmark = pytest.mark.django_db


def _form_data(plan, **changes):
    data = {
        "title": plan.title,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "budget": str(plan.budget),
        "status": plan.status,
        "groups": [g.pk for g in plan.groups.all()],
        "places": [p.pk for p in plan.places.all()],
    }
    data.update(changes)
    return data


@pytest.fixture
def area():
    """A plan whose initiative works at Arkivpladsen and whose working group has a local group
    below it (Godsbanearealet); another local group (Bispetorv) is not the plan's."""
    working = GroupFactory(name="Arbejdsgruppen", kind="working")
    local = GroupFactory(name="Lokal gruppe Godsbanen", kind="local", parent=working)
    elsewhere = GroupFactory(name="Lokal gruppe Bispetorv", kind="local")
    arkiv = PlaceFactory(name="Arkivpladsen")
    godsbane = PlaceFactory(name="Godsbanearealet", local_group=local)
    bispe = PlaceFactory(name="Bispetorv", local_group=elsewhere)
    plan = ActionPlanFactory(title="Handleplan for byens rum")
    plan.groups.set([working])
    InitiativeFactory(plan=plan, places=[arkiv])
    InitiativeFactory(plan=ActionPlanFactory(), places=[bispe])
    return plan, arkiv, godsbane, bispe


def _chosen(response):
    form = response.context["form"]
    # (id, label) of each place chosen, (None, text) of a name typed that did not resolve
    value = form["places"].value()
    return sorted(pk for pk, _label in value if pk is not None)


def test_the_places_of_initiatives_and_local_groups_are_proposed(area):
    plan, arkiv, godsbane, _bispe = area
    assert set(plan.proposed_places()) == {arkiv, godsbane}


def test_a_plan_without_places_opens_with_the_proposal_chosen_but_not_saved(clients, area):
    plan, arkiv, godsbane, _bispe = area
    response = clients.consultant.get(reverse("actionplan:plan_edit", args=[plan.pk]))
    assert _chosen(response) == sorted([arkiv.pk, godsbane.pk])
    html = response.content.decode()
    assert "2 steder fra planens indsatser og lokale grupper er foreslået" in html
    assert 'name="propose"' in html and "Foreslå steder" in html
    assert not plan.places.exists()


def test_propose_adds_to_what_was_typed_and_saves_nothing(clients, area):
    plan, arkiv, godsbane, bispe = area
    plan.places.set([bispe])
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    assert _chosen(clients.consultant.get(url)) == [bispe.pk]  # has places: no proposal
    data = _form_data(plan, title="Nyt navn, ikke gemt endnu", propose="1")
    response = clients.consultant.post(url, data)
    assert response.status_code == 200
    assert _chosen(response) == sorted([arkiv.pk, godsbane.pk, bispe.pk])
    assert response.context["form"]["title"].value() == "Nyt navn, ikke gemt endnu"
    plan.refresh_from_db()
    assert plan.title == "Handleplan for byens rum"
    assert list(plan.places.all()) == [bispe]
    # Once everything is chosen, proposing again says so.
    data = _form_data(plan, places=[arkiv.pk, godsbane.pk, bispe.pk], propose="1")
    html = clients.consultant.post(url, data).content.decode()
    assert "Alle steder fra planens indsatser og lokale grupper er allerede valgt." in html


def test_the_consultant_saves_the_area_and_the_secretariat_shown_on_the_plan(clients, area):
    plan, arkiv, godsbane, _bispe = area
    leader = PersonFactory(name="Camilla Vestergaard")
    helper = PersonFactory(name="Jonas Krogh")
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    data = _form_data(
        plan, places=[arkiv.pk, godsbane.pk], project_leader=leader.pk, consultants=[helper.pk]
    )
    response = clients.consultant.post(url, data)
    assert response["Location"] == plan.get_absolute_url()
    plan.refresh_from_db()
    assert set(plan.places.all()) == {arkiv, godsbane}
    assert plan.project_leader == leader
    assert list(plan.consultants.all()) == [helper]
    html = clients.steering.get(plan.get_absolute_url()).content.decode()
    assert "Sekretariat:" in html and "Camilla Vestergaard" in html and "Jonas Krogh" in html
    assert "(projektleder)" in html
    assert "Planens steder:" in html and "Godsbanearealet" in html


def test_another_municipalitys_place_is_refused(clients, area, other_municipality):
    plan, arkiv, _godsbane, _bispe = area
    with tenancy.municipality(other_municipality.pk):
        theirs = PlaceFactory(name="Klostertorvet", city="Aarhus")
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    response = clients.consultant.post(url, _form_data(plan, places=[arkiv.pk, theirs.pk]))
    assert response.status_code == 200
    assert f"Marker en gyldig valgmulighed. {theirs.pk} er ikke en af de tilgængelige" in (
        response.content.decode()
    )
    assert not plan.places.exists()


def test_without_javascript_places_are_typed_by_name_one_a_line(clients, area):
    plan, arkiv, godsbane, bispe = area
    plan.places.set([bispe])
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    html = clients.consultant.get(url).content.decode()
    assert f'<option value="{bispe.pk}" selected>Bispetorv (Aalborg)</option>' in html
    assert "Arkivpladsen" not in html  # not chosen, not drawn
    assert "Tilføj flere: ét navn pr. linje" in html

    # The select sends the one chosen, the text box the names typed.
    typed = f"{bispe.pk}\nArkivpladsen\r\nGodsbane"
    response = clients.consultant.post(url, _form_data(plan, places=[str(bispe.pk), typed]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingen passer til »Godsbane«. Mente du: Godsbanearealet (Aalborg)?" in html
    assert ">Godsbane</textarea>" in html  # what did not resolve is shown again
    assert f'<option value="{arkiv.pk}" selected>Arkivpladsen (Aalborg)</option>' in html
    assert list(plan.places.all()) == [bispe]

    typed = "Arkivpladsen\nGodsbanearealet (Aalborg)"
    response = clients.consultant.post(url, _form_data(plan, places=[str(bispe.pk), typed]))
    assert response["Location"] == plan.get_absolute_url()
    assert set(plan.places.all()) == {arkiv, godsbane, bispe}


def test_the_edit_page_costs_the_same_for_many_places_and_people(
    clients, area, django_assert_num_queries
):
    plan, *_places = area
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    plan.places.add(PlaceFactory(name="Frederikstorv"))
    plan.consultants.add(PersonFactory(name="Jonas Krogh"))
    # the plan (with its budget and project leader), whether it has places, the groups, the
    # plan's groups, places and consultants (the form's initial values), the consultants'
    # labels (their organisations); places and consultants are typed (byrum/suggest.py): the
    # page draws the chosen ones only, no list of the city's
    expected = REQUEST_OVERHEAD + 7
    with django_assert_num_queries(expected):
        clients.consultant.get(url)
    for n in range(20):
        plan.places.add(PlaceFactory(name=f"Sted {n}", city="Nørresundby"))
        plan.consultants.add(PersonFactory())
    with django_assert_num_queries(expected):
        html = clients.consultant.get(url).content.decode()
    assert "Sted 19 (Nørresundby)</option>" in html
    assert 'data-suggest="/suggest/place/"' in html and 'data-suggest="/suggest/person/"' in html


def test_the_edit_page_does_not_grow_with_the_city(clients, area):
    plan, arkiv, _godsbane, _bispe = area
    plan.places.add(arkiv)
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    # places and people (the plan's groups are a short list of checkboxes: a municipality
    # has a few dozen groups)
    grow_places_and_people(5)
    measure(clients.consultant, url)  # warm: the first request pays for caches
    queries, size = measure(clients.consultant, url)

    grow_places_and_people(300)
    assert measure(clients.consultant, url) == (queries, size)
    assert "Vækststed" not in clients.consultant.get(url).content.decode()


# --- The goal list ---------------------------------------------------------------------------


@pytest.fixture
def goals():
    plan = ActionPlanFactory(title="Handleplan")
    improved = GoalFactory(plan=plan, text="Færre konflikter")
    AssessmentFactory(goal=improved, date=datetime.date(2026, 1, 5), status="at_risk")
    AssessmentFactory(goal=improved, date=datetime.date(2026, 3, 2), status="on_track")
    steady = GoalFactory(plan=plan, text="Renere torv")
    AssessmentFactory(goal=steady, date=datetime.date(2026, 1, 5), status="on_track")
    GoalFactory(plan=plan, text="Nyt toilet")
    other = GoalFactory(plan=ActionPlanFactory(), text="En anden plans mål")
    AssessmentFactory(goal=other, date=datetime.date(2026, 1, 5), status="on_track")
    return plan


def _listed(client, **params):
    response = client.get(reverse("actionplan:goal_list"), params)
    return sorted(g.text for g in response.context["page_obj"].object_list)


def test_goal_list_shows_the_goals_of_a_status_on_a_day(clients, goals):
    steering = clients.steering
    assert _listed(steering, plan=goals.pk, status="on_track", on="2026-03-15") == [
        "Færre konflikter",
        "Renere torv",
    ]
    assert _listed(steering, plan=goals.pk, status="at_risk", on="2026-02-01") == [
        "Færre konflikter"
    ]
    assert _listed(steering, plan=goals.pk, status="none", on="2026-03-15") == ["Nyt toilet"]
    # Before any assessment every goal is not assessed yet.
    assert len(_listed(steering, plan=goals.pk, status="none", on="2025-12-01")) == 3
    assert len(_listed(steering, status=Assessment.Status.ON_TRACK)) == 3  # every plan, today
    html = steering.get(
        reverse("actionplan:goal_list"), {"plan": goals.pk, "on": "2026-02-01"}
    ).content.decode()
    assert "status den 1. februar 2026" in html and "I risiko" in html


def test_goal_list_refuses_a_bad_day_in_danish(clients, goals):
    response = clients.steering.get(reverse("actionplan:goal_list"), {"on": "igår"})
    assert response.status_code == 200
    assert "Indtast en gyldig dato." in response.content.decode()


def test_goal_list_query_count_does_not_grow(clients, goals, django_assert_num_queries):
    url = reverse("actionplan:goal_list") + f"?plan={goals.pk}&on=2026-03-15"
    # the plan (the filter's choice), the plans (its options), the count, the page
    expected = REQUEST_OVERHEAD + 4
    with django_assert_num_queries(expected):
        clients.steering.get(url)
    for n in range(10):
        goal = GoalFactory(plan=goals, text=f"Mål {n}")
        AssessmentFactory(goal=goal, date=datetime.date(2026, 1, 5), status="achieved")
    with django_assert_num_queries(expected):
        response = clients.steering.get(url)
    assert response.context["page_obj"].paginator.count == 13


def test_propose_with_nonsense_posted_says_what_is_wrong(clients, area):
    plan, arkiv, godsbane, _bispe = area
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    response = clients.consultant.post(url, _form_data(plan, places=["", "igår"], propose="1"))
    assert response.status_code == 200
    # "igår" is a name typed (without JavaScript, one a line): no place has it
    assert "Ingen passer til »igår«." in response.content.decode()
    assert not plan.places.exists()
